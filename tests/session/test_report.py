"""`calctutor progress` data: streaks, per-topic and per-skill counts, due reviews, JSON and text."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta, timezone

from rich.console import Console

from tutor.render.progress import render_report
from tutor.session.progress import Attempt, open_store
from tutor.session.report import build_report, report_to_json, streak_days
from tutor.session.scheduling import Outcome, SkillScheduler

T0 = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)
SCHED = SkillScheduler()


def test_streak_counts_consecutive_days_ending_today_or_yesterday() -> None:
    today = date(2026, 3, 10)
    days = {date(2026, 3, d) for d in (6, 8, 9, 10)}
    assert streak_days(days, today) == 3
    assert streak_days(days - {today}, today) == 2  # today may still come
    assert streak_days({date(2026, 3, 7)}, today) == 0
    assert streak_days(set(), today) == 0


def _record(store, at: datetime, topic: str, verdict: str, skills: tuple[str, ...], review: bool) -> None:
    attempt = Attempt(at, "s", topic, "p", "e", 0, "x", verdict, None, 0, 2.0, skills)
    outcome = Outcome(verdict == "correct", gave_up=verdict == "gave-up")
    store.record(attempt, (lambda k, r: SCHED.review(k, r, outcome, at)) if review else None)


def test_report_counts_attempts_per_topic_and_skill(tmp_path) -> None:
    store, _ = open_store(tmp_path)
    _record(store, T0 - timedelta(days=1), "chain-rule", "incorrect", ("chain-rule",), False)
    _record(store, T0 - timedelta(days=1), "chain-rule", "correct", ("chain-rule", "power-rule"), True)
    _record(store, T0, "partials", "gave-up", ("partial-derivative",), True)
    report = build_report(store, SCHED, T0 + timedelta(seconds=30), local_tz=timezone.utc)
    assert report.attempts == 2 and report.streak == 2 and report.practised_today
    topics = {t.topic: t for t in report.topics}
    chain = {s.skill: s for s in topics["chain-rule"].skills}
    assert (chain["chain-rule"].attempts, chain["chain-rule"].correct, chain["chain-rule"].tally.seen) == (2, 1, 1)
    assert chain["power-rule"].level == "learning"
    assert topics["partials"].attempts == 0  # a give-up is not an answer
    # Yesterday's learning step (10 min) is overdue; today's lapse comes back in a minute.
    assert [r.skill for r in report.due] == ["chain-rule", "power-rule"]
    assert [r.skill for r in report.upcoming] == ["partial-derivative"]
    data = report_to_json(report)
    assert data["streak_days"] == 2 and data["attempts"] == 2
    assert data["topics"][0]["skills"][0]["attempts"] == 2
    assert data["upcoming"][0]["skill"] == "partial-derivative"
    console = Console(record=True, width=90, color_system=None, file=io.StringIO())
    console.print(render_report(report))
    text = console.export_text()
    assert "Streak: 2 days" in text and "chain-rule" in text and "Due now: chain-rule, power-rule" in text
    # exercises solved / attempted (the session summary's count), then the answers
    assert "chain-rule  (1/1 solved alone · 2 answers)" in text
    assert "partials  (0/1 solved alone · 0 answers)" in text  # given up: attempted, unsolved
    store.close()


def test_report_of_an_empty_store(tmp_path) -> None:
    store, _ = open_store(tmp_path)
    report = build_report(store, SCHED, T0)
    assert report.topics == () and report.streak == 0 and report.due == ()
    console = Console(record=True, width=90, color_system=None, file=io.StringIO())
    console.print(render_report(report))
    assert "No practice recorded yet" in console.export_text()
    store.close()
