"""`python -m zonedocs` runs the command line."""

from .cli import main

main()
