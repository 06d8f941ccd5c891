"""``calctutor practice [TOPIC]``: interactive drills with a live preview and lasting progress."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from tutor.cli.app import Panel, app
from tutor.cli.options import DataDirOption, NoColorOption, PackOption, PlainOption, seed_option

__all__ = ["practice"]


@app.command(rich_help_panel=Panel.PRACTICE)
def practice(
    topic: Annotated[Optional[str], typer.Argument(metavar="[TOPIC]", help="Topic id, e.g. chain-rule (none: a menu).", show_default=False)] = None,
    pack: PackOption = None,
    count: Annotated[int, typer.Option("--count", min=1, max=500, help="Exercises in this session.")] = 10,
    seed: Annotated[Optional[int], seed_option("the choice of exercises and their numbers")] = None,
    data_dir: DataDirOption = None,
    steps_after: Annotated[
        int, typer.Option("--steps-after", min=1, help="Show the worked steps after this many wrong tries.")
    ] = 2,
    no_color: NoColorOption = False,
    plain: PlainOption = False,
) -> None:
    """Practise a topic: type answers, get the mistake named, review what is due.

    Commands while practising: :hint (or F1 / Ctrl-T), :steps (gives up), :skip,
    :plot, :help, :quit. Ctrl-C or Ctrl-D stop with the summary; every attempt
    is saved as it happens. When standard input is not a terminal, answers are
    read line by line and the output is plain text. --plain: ASCII, no box
    drawing, every formula as you would type it (x^2, sqrt(x)).
    """
    from tutor.cli.practice_run import run_practice

    code = run_practice(
        topic, packs=tuple(pack or ()), count=count, seed=seed, data_dir=data_dir,
        no_color=no_color, steps_after=steps_after, plain=plain,
    )
    raise typer.Exit(int(code))
