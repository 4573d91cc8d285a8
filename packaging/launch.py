"""PyInstaller entry script: the frozen app starts exactly like the `zi2zi-studio` command."""

import sys

from app.main import main

sys.exit(main())
