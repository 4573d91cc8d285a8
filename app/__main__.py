"""`python -m app` runs the desktop app, exactly like the `zi2zi-studio` command."""

import sys

from app.main import main

sys.exit(main())
