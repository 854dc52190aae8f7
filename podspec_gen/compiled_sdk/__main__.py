"""`python -m podspec_gen.compiled_sdk [SDK_FOLDER]`: build the compiled SDK, print where."""

from podspec_gen.compiled_sdk import main

raise SystemExit(main())
