"""`python -m samlscope` runs the CLI."""

from samlscope.cli import main

raise SystemExit(main())
