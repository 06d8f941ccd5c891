"""``calctutor mistakes [--json]``: the mistake catalogue, one id per line with an example."""

from __future__ import annotations

from typing import Annotated

from tutor.cli.app import Panel, app
from tutor.cli.options import PlainOption, json_option

__all__ = ["mistakes_command"]


@app.command("mistakes", rich_help_panel=Panel.CHECK)
def mistakes_command(
    as_json: Annotated[bool, json_option("a list of {id, title, example_of, example_answer, wrt, where, applies_to}")] = False,
    plain: PlainOption = False,
) -> None:
    """List the mistakes calctutor can name (the ids of mistake.id in check and explain), each with an example."""
    from tutor.cli.common import print_json, print_rendered
    from tutor.explain.catalogue import all_mistakes

    mistakes = all_mistakes()

    if as_json:
        print_json([
            {"id": m.id, "title": m.title, "example_of": m.example_of, "example_answer": m.example_answer,
             "wrt": None if m.dual or m.practice else m.wrt, "where": m.where or None, "dual": m.dual,
             "practice": m.practice or None, "applies_to": m.where_it_applies}
            for m in mistakes
        ])
        return
    from tutor.render.mistakes import render_catalogue

    print_rendered(render_catalogue(mistakes), plain=plain)
