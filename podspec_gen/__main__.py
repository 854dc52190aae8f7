import sys

from podspec_gen.commands.cli import main

sys.exit(main())
