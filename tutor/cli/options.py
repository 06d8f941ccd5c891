"""Options shared by every command that serves exercises (``--pack``), defined once.

Use as ``pack: PackOption = None`` in a command's signature, then pass
``tuple(pack or ())`` to ``tutor.packs.discover_packs(extra_paths=...)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

__all__ = ["PackOption", "PACK_HELP"]

PACK_HELP = (
    "Also load exercises from this pack file or folder (repeatable). "
    "Packs are also read from the user packs folder and $CALCTUTOR_PACKS."
)

PackOption = Annotated[
    Optional[list[Path]],
    typer.Option("--pack", help=PACK_HELP, show_default=False, metavar="PATH"),
]
