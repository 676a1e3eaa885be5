import sys

from family_app.cli import main

sys.exit(main())
