"""`python -m samlscope` runs the CLI."""

from samlscope.cli import run

run()
