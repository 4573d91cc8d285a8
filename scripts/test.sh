#!/usr/bin/env bash
# Set up (with test tools) and run the whole test suite: tests/core with Qt made unimportable,
# then tests/app on the offscreen Qt platform.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
py=.venv/bin/python
.venv/bin/ruff check core app tests bench scripts   # the lint rules in pyproject.toml
.venv/bin/lint-imports   # the import contracts in pyproject.toml (no Qt in core, no cycles in core)
ZI2ZI_BLOCK_QT=1 $py -m pytest -p no:pytest-qt tests/core "$@"
if [[ -d tests/app ]] && ls tests/app/test_*.py >/dev/null 2>&1; then
  QT_QPA_PLATFORM=offscreen $py -m pytest tests/app "$@"
fi
