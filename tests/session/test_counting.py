"""The session summary and `calctutor progress` count exercises by one rule (tutor.session.outcomes):
solved = answered right; given up with :steps, or skipped after a wrong answer = attempted, unsolved;
skipped before any answer = passed over, counted nowhere."""

from __future__ import annotations

from datetime import timezone

import pytest

from tutor.session.events import Finished
from tutor.session.report import build_report, report_to_json
from tutor.session.scheduling import SkillScheduler

# (lines typed at each exercise, (exercises, solved, answers) the summary and progress must both show)
SCRIPTS = [
    pytest.param([["wrong"], [":steps"]], (1, 0, 1), id="steps after a wrong answer"),  # the walkthrough's case
    pytest.param([[":steps"]], (1, 0, 0), id="steps at once: gave up"),
    pytest.param([["wrong", ":skip"]], (1, 0, 1), id="skip after a wrong answer"),
    pytest.param([[":skip"]], (0, 0, 0), id="skip at first sight: passed over"),
    pytest.param([["RIGHT"], ["wrong", "RIGHT"], [":skip"]], (2, 2, 3), id="solved twice, one skipped"),
    pytest.param([["wrong", "wrong", ":steps"], ["RIGHT"], ["wrong", ":quit"]], (3, 1, 4), id="quit mid-exercise"),
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
def test_summary_and_progress_count_the_same(make_session, store, clock, script, counts) -> None:
    session = make_session(count=len(script))
    summary = _run(session, script).summary
    assert (summary.exercises, summary.correct, summary.attempts) == counts
    report = build_report(store, SkillScheduler(), clock(), local_tz=timezone.utc)
    exercises, solved, answers = counts
    if exercises == 0:
        assert report.topics == () or report.topics[0].exercises == 0
        return
    (topic,) = report.topics
    assert (topic.exercises, topic.solved, topic.attempts) == counts
    data = report_to_json(report)["topics"][0]
    assert (data["exercises"], data["solved"]) == (exercises, solved)
    # per skill too: every skill of the summary shows the same solved/attempted in progress
    progress_skills = {s.skill: (s.solved, s.exercises) for s in topic.skills}
    for s in summary.skills:
        assert progress_skills[s.skill] == (s.correct, s.total)


def test_a_skill_only_passed_over_is_not_listed_as_0_of_0(make_session, store, clock) -> None:
    session = make_session(count=2)
    _run(session, [["RIGHT"], [":skip"]])
    report = build_report(store, SkillScheduler(), clock(), local_tz=timezone.utc)
    (topic,) = report.topics
    assert all(s.exercises > 0 or s.attempts > 0 for s in topic.skills)
    assert (topic.exercises, topic.solved) == (1, 1)
