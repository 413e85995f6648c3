import sys

from meetwatch.cli import main

sys.exit(main())
