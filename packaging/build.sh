#!/usr/bin/env bash
# Freeze the desktop app with PyInstaller into dist/zi2zi-studio/ (one folder; torch makes one-file too slow to start).
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python
$py -c "import PyInstaller" 2>/dev/null || $py -m pip install -q pyinstaller
# The Chinese translation is compiled from the .ts source so the bundle never ships a stale .qm.
[[ -x .venv/bin/pyside6-lrelease ]] && .venv/bin/pyside6-lrelease -silent app/i18n/zi2zi_studio_zh_CN.ts \
    -qm app/i18n/zi2zi_studio_zh_CN.qm
$py -m PyInstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller packaging/zi2zi-studio.spec
echo "built: dist/zi2zi-studio/zi2zi-studio"
