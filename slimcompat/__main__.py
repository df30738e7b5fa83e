"""``python -m slimcompat``: the `slimcompat` command."""

import sys

from slimcompat.cli import main

if __name__ == '__main__':
  sys.exit(main())
