"""`python -m generator.compiled_sdk [SDK_FOLDER]`: build the compiled SDK, print where."""

from generator.compiled_sdk import main

raise SystemExit(main())
