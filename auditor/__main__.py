"""`python -m auditor FILE ...` runs the same command line as `audit`."""

import sys

from auditor.cli import main

sys.exit(main())
