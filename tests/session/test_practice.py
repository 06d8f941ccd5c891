"""The practice state machine, driven with a fake exercise source, a fake clock and a seeded generator."""

from __future__ import annotations

import random

import pytest

from tutor.errors import UserError
from tutor.session.events import Checked, Finished, Help, Plot, Presented, CommandFailed, Skipped, StepsShown, Unreadable
from tutor.session.practice import COMMANDS, PracticeSession, split_command


def first(session: PracticeSession) -> Presented:
    (event,) = session.start()
    assert isinstance(event, Presented)
    return event


def test_a_right_answer_is_recorded_and_the_next_exercise_follows(make_session, store) -> None:
    s = make_session()
    shown = first(s)
    assert shown.number == 1 and shown.total == 3
    events = s.handle(s.current.expected_text)
    assert isinstance(events[0], Checked) and events[0].correct and events[0].resolved
    assert isinstance(events[1], Presented) and events[1].number == 2
    (attempt,) = store.attempts()
    assert attempt.verdict == "correct" and attempt.topic == "chain-rule" and attempt.hints_used == 0
    assert attempt.duration_s > 0
    assert store.skills()["chain-rule"].reviews == 1


def test_an_unreadable_answer_is_not_an_attempt_and_says_why(make_session, store) -> None:
    s = make_session()
    first(s)
    (event,) = s.handle("cos(x^2")
    assert isinstance(event, Unreadable)
    assert "never closed" in event.error.message and event.error.span.column == 4
    assert store.attempts() == []
    assert s.current is not None  # still the same exercise


def test_a_wrong_answer_names_the_mistake_at_once_and_steps_come_after_the_second(make_session, store) -> None:
    s = make_session()
    first(s)
    wrong = f"cos(x^{s.current.n})"
    (one,) = s.handle(wrong)
    assert isinstance(one, Checked) and one.status == "incorrect" and not one.resolved
    assert one.feedback.mistake.id == "chain.missing-inner"
    assert one.steps is None
    (two,) = s.handle(wrong)
    assert two.wrong_tries == 2 and two.steps == ("STEPS", s.current.n)
    assert [a.verdict for a in store.attempts()] == ["incorrect", "incorrect"]
    assert store.attempts()[0].mistake == "chain.missing-inner"
    assert store.skills() == {}  # not reviewed until the exercise ends


def test_steps_after_is_configurable(make_session) -> None:
    s = make_session(steps_after=1)
    first(s)
    (one,) = s.handle("x^2")
    assert one.steps is not None


def test_right_after_seeing_steps_is_rated_again(make_session, store) -> None:
    s = make_session(steps_after=1)
    first(s)
    s.handle("x^2")
    s.handle(s.current.expected_text)
    record = store.skills()["chain-rule"]
    assert record.lapses == 1  # rating Again


def test_undecided_is_an_attempt_but_not_a_wrong_try(make_session, store) -> None:
    s = make_session()
    first(s)
    (event,) = s.handle("undecided")
    assert event.status == "undecided" and event.wrong_tries == 0 and not event.resolved
    assert store.attempts()[0].verdict == "undecided"


def test_hints_climb_the_ladder_and_are_counted(make_session, store) -> None:
    s = make_session()
    first(s)
    texts = [s.handle(":hint")[0] for _ in range(4)]
    assert [h.number for h in texts] == [1, 2, 3, 3]
    assert texts[0].text == "Let u = x^n." and texts[3].text is None
    s.handle(s.current.expected_text)
    assert store.attempts()[0].hints_used == 3
    assert store.skills()["chain-rule"].lapses == 0


def test_steps_command_gives_up_and_moves_on(make_session, store) -> None:
    s = make_session()
    first(s)
    expected = s.current.expected_text
    events = s.handle(":steps")
    assert isinstance(events[0], StepsShown) and events[0].expected_text == expected
    assert isinstance(events[1], Presented)
    (attempt,) = store.attempts()
    assert attempt.verdict == "gave-up" and not attempt.is_attempt
    assert store.skills()["chain-rule"].lapses == 1


def test_skip_untried_does_not_touch_the_schedule_but_after_wrong_tries_it_lapses(make_session, store) -> None:
    s = make_session()
    first(s)
    events = s.handle(":skip")
    assert isinstance(events[0], Skipped) and isinstance(events[1], Presented)
    assert store.skills() == {}
    s.handle("x")
    s.handle(":skip")
    assert sum(r.lapses for r in store.skills().values()) >= 1
    assert [a.verdict for a in store.attempts()] == ["skipped", "incorrect", "skipped"]


def test_the_session_ends_after_count_with_a_summary(make_session, clock) -> None:
    s = make_session(count=2)
    first(s)
    s.handle(s.current.expected_text)
    s.handle("x")
    events = s.handle(s.current.expected_text)
    finished = events[-1]
    assert isinstance(finished, Finished) and not finished.quit_early
    summary = finished.summary
    assert (summary.exercises, summary.tally.alone, summary.attempts) == (2, 2, 3)
    assert summary.score == 1.0 and summary.elapsed_s > 0
    skills = {r.skill: r for r in summary.skills}
    assert skills["chain-rule"].tally.alone == skills["chain-rule"].tally.seen == 2
    assert summary.reviews and all(r.due > summary.now for r in summary.reviews)
    assert s.finished and s.handle("anything") == [finished]


def test_quit_at_once_keeps_what_was_recorded(make_session, store) -> None:
    s = make_session()
    first(s)
    s.handle("x")
    (finished,) = s.handle(":quit")
    assert isinstance(finished, Finished) and finished.quit_early
    # answered once, wrongly, then left: attempted and unsolved, as `calctutor progress` counts it
    assert finished.summary.exercises == 1 and finished.summary.tally.unsolved == 1 and finished.summary.attempts == 1
    assert len(store.attempts()) == 1
    assert s.quit() == [finished]  # idempotent: Ctrl-D after :quit


def test_help_lists_every_command(make_session) -> None:
    s = make_session()
    first(s)
    (event,) = s.handle(":help")
    assert isinstance(event, Help)
    assert {c.name for c in event.commands} == set(COMMANDS)


@pytest.mark.parametrize(
    "line, expected",
    [(":hint", ":hint"), (":HINT", ":hint"), (":sk", ":skip"), (":st", ":steps"), (":h", ":h"), (":q", ":quit"),
     ("x^2", None), (" :help ", ":help"), (":plot now", ":plot")],
)
def test_commands_are_recognised_by_unambiguous_prefix(line: str, expected: str | None) -> None:
    result = split_command(line)
    assert (result[0] if result else None) == expected


def test_unknown_command_is_a_problem_not_an_attempt(make_session, store) -> None:
    s = make_session()
    first(s)
    (event,) = s.handle(":frobnicate")
    assert isinstance(event, CommandFailed) and ":help" in (event.hint or "")
    assert store.attempts() == []


def test_plot_needs_an_answer_then_carries_both_functions(make_session) -> None:
    s = make_session()
    first(s)
    (before,) = s.handle(":plot")
    assert isinstance(before, CommandFailed)
    wrong = f"cos(x^{s.current.n})"
    s.handle(wrong)
    (plot,) = s.handle(":plot")
    assert isinstance(plot, Plot) and plot.variable == "x" and plot.answer_text == wrong
    assert plot.answer != plot.expected


def test_empty_line_does_nothing(make_session, store) -> None:
    s = make_session()
    first(s)
    assert s.handle("   ") == []
    assert store.attempts() == []


def _trace(make_session, seed: int) -> list[tuple[str, int]]:
    s = make_session(rng=random.Random(seed), count=5)
    trace = []
    event = first(s)
    while isinstance(event, Presented):
        trace.append((event.instance.exercise_id, event.instance.seed))
        event = s.handle(":skip")[-1]
    return trace


def test_the_same_seed_replays_the_same_session(make_session, tmp_path) -> None:
    assert _trace(make_session, 7) == _trace(make_session, 7)
    assert _trace(make_session, 7) != _trace(make_session, 8)


def test_never_the_same_exercise_twice_in_a_row(make_session) -> None:
    trace = _trace(make_session, 3)
    assert all(a[0] != b[0] for a, b in zip(trace, trace[1:]))


def test_a_topic_without_exercises_is_a_user_error(store) -> None:
    with pytest.raises(UserError, match="no exercises"):
        PracticeSession([], topic="empty", store=store)


def test_count_must_be_positive(exercises, store) -> None:
    with pytest.raises(UserError, match="--count"):
        PracticeSession(exercises, topic="t", store=store, count=0)


def test_a_crash_in_the_checker_is_reported_not_raised_and_not_counted(make_session, store, monkeypatch) -> None:
    s = make_session()
    first(s)

    def boom(text: str) -> None:
        raise TypeError("missing argument")

    monkeypatch.setattr(s.current, "check", boom)
    (event,) = s.handle("x")
    assert isinstance(event, CommandFailed) and "could not check" in event.message and "TypeError" in event.message
    assert store.attempts() == [] and not s.finished


def test_plot_refuses_what_is_not_a_function(make_session) -> None:
    from types import SimpleNamespace

    s = make_session()
    first(s)
    s.handle("x")
    # A dual-number answer is read as a pair, not an expression of x.
    s._current.last_feedback.reading = SimpleNamespace(expr=(2, 3), text="2 + 3ε")
    (event,) = s.handle(":plot")
    assert isinstance(event, CommandFailed) and "not a function" in event.message


def test_plot_refuses_two_variables(make_session) -> None:
    import sympy

    s = make_session()
    first(s)
    s.handle("x")
    y = sympy.Symbol("y", real=True)
    s._current.last_feedback.reading = SimpleNamespace_with(expr=y * 2)
    (event,) = s.handle(":plot")
    assert isinstance(event, CommandFailed) and "one variable" in event.message and "x, y" in event.message


def SimpleNamespace_with(**kw):  # noqa: N802 - reads like the constructor it wraps
    from types import SimpleNamespace

    return SimpleNamespace(text="", **kw)


def test_review_next_lists_this_sessions_skills_first(make_session, store, clock) -> None:
    from datetime import timedelta

    from tutor.session.progress import Attempt
    from tutor.session.scheduling import Outcome, SkillScheduler

    scheduler = SkillScheduler()
    long_ago = clock() - timedelta(days=30)
    old = Attempt(long_ago, "old", "derivatives", "p", "e", 0, "x", "incorrect", None, 0, 1.0, ("product-rule",))
    store.record(old, lambda skill, record: scheduler.review(skill, record, Outcome(False, gave_up=True), long_ago))
    s = make_session(count=1)
    s.start()
    (_, finished) = s.handle(s.current.expected_text)
    reviews = [r.skill for r in finished.summary.reviews]
    assert "product-rule" in reviews  # overdue for a month: still listed …
    practised = {r.skill for r in finished.summary.skills}
    assert reviews[: len(practised)] == sorted(practised, key=reviews.index)  # … after this session's skills
    assert reviews[-1] == "product-rule"
