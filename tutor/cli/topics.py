"""``calctutor topics``: the topics and packs you can practise, with counts and difficulty."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

from tutor.cli.app import Panel, app
from tutor.cli.options import PlainOption, DataDirOption, NoColorOption, PackOption, json_option

__all__ = ["topics"]


def topic_progress(data_dir: Optional[Path]) -> Optional[dict[str, str]]:
    """Progress per topic id from the practice store, or None when there is none yet.

    The hook between packs and ``tutor.session.progress``: a column of the
    topics table. It never creates a store just to list topics.
    """
    from tutor.session.progress import open_store, resolve_data_dir

    folder = resolve_data_dir(data_dir)
    if not folder.is_dir():
        return None
    try:
        store, _notice = open_store(data_dir)
    except Exception:  # an unusable store must not stop a listing
        return None
    from tutor.session.outcomes import Tally, exercise_outcomes, tally_text

    with store:
        # Counted by the one rule of the session summary and `calctutor progress`.
        per_topic: dict[str, Tally] = {}
        for outcome in exercise_outcomes(store.attempts()):
            per_topic[outcome.topic] = per_topic.get(outcome.topic, Tally()).plus(outcome)
    return {topic: tally_text(t) for topic, t in per_topic.items()}


@app.command(rich_help_panel=Panel.PRACTICE)
def topics(
    as_json: Annotated[bool, json_option()] = False,
    pack: PackOption = None,
    data_dir: DataDirOption = None,
    no_color: NoColorOption = False,
    plain: PlainOption = False,
) -> None:
    """List the topics and their packs: exercise counts, difficulty range, your progress.

    Example: calctutor topics --pack my-pack.yaml
    """
    from tutor.cli.common import print_json, print_rendered, stderr_console
    from tutor.packs import discover_packs

    catalog = discover_packs(extra_paths=tuple(pack or ()))
    progress = topic_progress(data_dir)
    if as_json:
        print_json({"topics": [_topic_json(t, progress) for t in catalog.topics()],
                    "warnings": [p.to_json() for p in catalog.warnings]})
        return
    from tutor.render.packs import render_topics, render_warnings

    if catalog.warnings:
        stderr_console(no_color).print(render_warnings(catalog.warnings), soft_wrap=True)
    print_rendered(render_topics(catalog.topics(), progress), plain=plain, no_color=no_color)


def _topic_json(topic: Any, progress: Optional[dict[str, str]]) -> dict[str, Any]:
    low, high = topic.difficulty
    return {
        "id": topic.id,
        "title": topic.title,
        "exercises": len(topic.exercises),
        "difficulty": {"min": low, "max": high},
        "progress": (progress or {}).get(topic.id),
        "packs": [
            {"id": p.id, "title": p.title, "version": p.version, "file": p.source, "exercises": len(p.exercises),
             "kinds": sorted({e.kind for e in p.exercises})}
            for p in topic.packs
        ],
    }
