"""`python -m samlscope` runs the CLI."""

from samlscope.command import run

run()
