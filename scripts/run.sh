#!/usr/bin/env bash
# Set up and run the main job: the desktop app on the bundled demo project, or the headless demo
# (train briefly, generate a sample sheet) when the app is not available yet or there is no screen.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [[ -x .venv/bin/zi2zi-studio && -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
  exec .venv/bin/zi2zi-studio --demo "$@"
fi
[[ -x .venv/bin/zi2zi-studio ]] && echo "No display found: running the headless demo instead of the app."
exec .venv/bin/zi2zi demo "$@"
