"""``python -m ctxh_desktop`` starts the desktop application."""

import sys

from ctxh_desktop.app import main

if __name__ == "__main__":
    sys.exit(main())
