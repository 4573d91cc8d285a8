#!/usr/bin/env bash
# Set up zi2zi Studio on a fresh Debian machine: system packages, a virtual environment in .venv,
# the CPU torch pin, then the project itself. Safe to run again: finished steps are skipped.
#   bash scripts/setup.sh          # what the app needs
#   bash scripts/setup.sh --dev    # plus the test tools
#   bash scripts/setup.sh --base-model   # plus the fonts the bundled base model was trained on (to train it again)
set -euo pipefail
cd "$(dirname "$0")/.."

extras="app,fast"
[[ "${1:-}" == "--dev" ]] && extras="app,fast,dev"

apt_packages=(
  python3-venv python3-dev gcc pkg-config
  libpotrace-dev                      # potracecffi builds against it (fast tracing)
  xvfb xauth                          # a virtual screen for screenshots and headless runs
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3   # Qt's system libraries
  libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
  libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xkb1
  libx11-xcb1
)
# Benches and the second grid pair need a font covering all of GB2312 (bench/bench_gb2312.py, docs/quality-report.md).
[[ "${1:-}" == "--dev" ]] && apt_packages+=(fonts-arphic-gbsn00lp)
# resources/base-model/faces.txt: the source and the 20 faces of the base model (its README says how it was trained).
[[ "${1:-}" == "--base-model" ]] && apt_packages+=(
  fonts-wqy-microhei fonts-wqy-zenhei fonts-arphic-ukai fonts-arphic-gkai00mp fonts-arphic-bkai00mp
  fonts-arphic-gbsn00lp fonts-arphic-bsmi00lp fonts-lxgw-wenkai fonts-cwtex-kai fonts-cwtex-ming
  fonts-cwtex-heib fonts-cwtex-fs fonts-cwtex-yen fonts-noto-cjk fonts-noto-cjk-extra fonts-smiley-sans fonts-klee
)
missing=()
if command -v dpkg-query >/dev/null; then
  for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
if ((${#missing[@]})); then
  sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
  echo "setup: installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

[[ -x .venv/bin/python ]] || python3 -m venv .venv
py=.venv/bin/python
# The pin first: on these machines it resolves to a local CPU build; an open range would pull
# several GB of CUDA wheels.
# This machine's pip configuration lists optional local indexes; their "is ignored" warnings are noise.
quiet_pip() { $py -m pip install -q "$@" 2>&1 | { grep -v "is ignored: it is neither a file nor a directory" || true; }; }
$py -c "import torch" 2>/dev/null || quiet_pip "torch==2.13.0"
stamp=".venv/.zi2zi-installed-$extras-$(sha1sum pyproject.toml | cut -c1-12)"
if [[ ! -f "$stamp" ]]; then
  if ! quiet_pip -e ".[$extras]"; then
    echo "setup: the compiled tracer (potracecffi) did not build; using the pure-Python tracer"
    quiet_pip -e ".[${extras/fast,/}]"
  fi
  rm -f .venv/.zi2zi-installed-*; touch "$stamp"
fi
