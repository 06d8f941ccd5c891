"""``python -m tutor`` runs the calctutor CLI."""

from tutor.cli.main import run

run()
