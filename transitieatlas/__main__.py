import sys

from transitieatlas.cli import main

sys.exit(main())
