"""Options several commands share, each declared once (name, type, help).

Use as ``pack: PackOption = None``, ``no_color: NoColorOption = False`` or
``as_json: json_option("what the document holds") = False`` in a command's
signature. ``--pack``: pass ``tuple(pack or ())`` to
``tutor.packs.discover_packs(extra_paths=...)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

__all__ = ["PackOption", "PACK_HELP", "json_option", "seed_option", "NoColorOption", "DataDirOption", "WhereOption",
           "QuestionPointOption", "PointOption"]

PACK_HELP = (
    "Also load exercises from this pack file or folder (repeatable). "
    "Packs are also read from the user packs folder and $CALCTUTOR_PACKS."
)

PackOption = Annotated[
    Optional[list[Path]],
    typer.Option("--pack", help=PACK_HELP, show_default=False, metavar="PATH"),
]


# -- options many commands share, each declared once -----------------------------------------------


def json_option(holds: str | None = None) -> Any:
    """``--json``: one JSON document on stdout instead of text; ``holds`` says what is in it."""
    shown = f"Print one JSON document: {holds}." if holds else "Print one JSON document instead of text."
    return Annotated[bool, typer.Option("--json", help=shown)]


def seed_option(what: str) -> Any:
    """``--seed N``: makes ``what`` reproducible (the commands draw different things)."""
    return typer.Option("--seed", help=f"Seed of {what} (the same seed, the same draw).")


NoColorOption = Annotated[bool, typer.Option("--no-color", help="Plain output (NO_COLOR is honoured too).")]

DataDirOption = Annotated[
    Optional[Path],
    typer.Option("--data-dir", help="Where progress is kept (default: $CALCTUTOR_HOME or the user data folder)."),
]

WhereOption = Annotated[
    Optional[list[str]],  # a list: a second --where adds to the first instead of silently replacing it
    typer.Option("--where", help='Inner functions for the chain rule, e.g. "x=cos(t), y=sin(t)" (use --wrt t).'),
]

QuestionPointOption = Annotated[
    Optional[str], typer.Option("--at", help="The point of --direction, --gradient or --hessian, e.g. x=1,y=2.")
]

PointOption = Annotated[
    Optional[list[str]],
    typer.Option("--at", help="The point, e.g. x=2 or x1=2,x2=5 (names the variables; exact values: 1/3, pi/2)."),
]
