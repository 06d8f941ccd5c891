"""``calctutor progress``: mastery per topic and skill, the streak, and the reviews that are due."""

from __future__ import annotations

from typing import Annotated

from tutor.cli.app import Panel, app
from tutor.cli.options import PlainOption, DataDirOption, NoColorOption, json_option

__all__ = ["progress"]


@app.command(rich_help_panel=Panel.PRACTICE)
def progress(
    as_json: Annotated[bool, json_option("the mastery table with the attempt counts")] = False,
    data_dir: DataDirOption = None,
    no_color: NoColorOption = False,
    plain: PlainOption = False,
) -> None:
    """Show mastery per topic and skill, the practice streak and the reviews due."""
    from datetime import datetime, timezone

    from rich.text import Text

    from tutor.cli.common import fail, print_json, print_rendered, stderr_console
    from tutor.errors import UserError
    from tutor.session.progress import open_store
    from tutor.session.report import build_report, report_to_json
    from tutor.session.scheduling import SkillScheduler

    try:
        store, notice = open_store(data_dir)
    except UserError as error:
        fail(error, as_json=as_json)
    if notice is not None:
        stderr_console(no_color).print(Text("note: " + notice.message, style="yellow"))
    with store:
        report = build_report(store, SkillScheduler(), datetime.now(timezone.utc))
    if as_json:
        print_json(report_to_json(report))
        return
    from tutor.render.progress import render_report

    print_rendered(render_report(report), plain=plain, no_color=no_color)
