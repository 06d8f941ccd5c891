"""The session summary, `calctutor progress` and `calctutor topics` count exercises by one rule
(tutor.session.outcomes): solved alone (first or later try, no hint, no steps); solved with help (after a
hint or the worked steps, the automatic ones included); unsolved (given up with :steps, skipped after a
wrong answer, left by :quit); skipped (before any answer). The score is solved alone out of all seen."""

from __future__ import annotations

from datetime import timezone

import pytest

from tutor.session.events import Finished
from tutor.session.report import build_report, report_to_json
from tutor.session.scheduling import SkillScheduler

# (lines typed at each exercise, (alone, with help, unsolved, skipped, answers) every screen must show)
SCRIPTS = [
    pytest.param([["wrong", ":steps"]], (0, 0, 1, 0, 1), id="steps after a wrong answer"),
    pytest.param([[":steps"]], (0, 0, 1, 0, 0), id="steps at once: gave up"),
    pytest.param([["wrong", ":skip"]], (0, 0, 1, 0, 1), id="skip after a wrong answer"),
    pytest.param([[":skip"]], (0, 0, 0, 1, 0), id="skip at first sight: skipped, not 0/0"),
    pytest.param([["RIGHT"], ["wrong", "RIGHT"], [":skip"]], (2, 0, 0, 1, 3), id="right at a later try is alone"),
    pytest.param([["wrong", "wrong", "RIGHT"]], (0, 1, 0, 0, 3), id="right after the automatic steps: help"),
    pytest.param([[":hint", "RIGHT"]], (0, 1, 0, 0, 1), id="right after a hint: help"),
    pytest.param([["wrong", "wrong", ":steps"], ["RIGHT"], ["wrong", ":quit"]], (1, 0, 2, 0, 4), id="quit mid-exercise"),
    pytest.param([[":skip"], [":skip"], [":skip"]], (0, 0, 0, 3, 0), id="skipping everything scores 0/3"),
]


def _run(session, script: list[list[str]]) -> Finished:
    session.start()
    for lines in script:
        for line in lines:
            text = session.current.expected_text if line == "RIGHT" else line
            events = session.handle(text)
    finished = events[-1] if isinstance(events[-1], Finished) else session.quit()[0]
    assert isinstance(finished, Finished)
    return finished


@pytest.mark.parametrize(("script", "counts"), SCRIPTS)
def test_summary_progress_and_topics_count_the_same(make_session, store, clock, script, counts) -> None:
    from tutor.cli.topics import topic_progress
    from tutor.session.outcomes import tally_text

    session = make_session(count=len(script))
    summary = _run(session, script).summary
    alone, helped, unsolved, skipped, answers = counts
    t = summary.tally
    assert (t.alone, t.with_help, t.unsolved, t.skipped, summary.attempts) == counts
    assert summary.exercises == len(script) and summary.score == alone / len(script)
    report = build_report(store, SkillScheduler(), clock(), local_tz=timezone.utc)
    (topic,) = report.topics
    assert topic.tally == t and topic.attempts == answers
    data = report_to_json(report)["topics"][0]
    assert (data["exercises"], data["solved_alone"], data["solved_with_help"], data["skipped"]) == (
        len(script), alone, helped, skipped)
    # per skill too: every skill of the summary shows the same tally in progress
    progress_skills = {s.skill: s.tally for s in topic.skills}
    for s in summary.skills:
        assert progress_skills[s.skill] == s.tally
    # and `calctutor topics` prints the same words for the topic
    assert topic_progress(store.path.parent) == {"chain-rule": tally_text(t)}


def test_the_printed_summary_separates_help_and_skips(make_session) -> None:
    from rich.console import Console

    from tutor.render.session import render_summary

    session = make_session(count=3)
    summary = _run(session, [["RIGHT"], ["wrong", "wrong", "RIGHT"], [":skip"]]).summary
    console = Console(record=True, width=100, color_system=None)
    console.print(render_summary(summary))
    text = console.export_text()
    assert "Score 1/3 (33%) solved alone · 1 with help (hints or steps) · 1 skipped" in text
