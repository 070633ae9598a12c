import sys

from ctxh_desktop.cli import main

sys.exit(main())
