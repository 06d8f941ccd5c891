"""The data behind ``calctutor progress``: mastery per topic and skill, the streak, due reviews."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from tutor.session.outcomes import Tally, exercise_outcomes
from tutor.session.progress import ProgressStore
from tutor.session.scheduling import Review, SkillScheduler

__all__ = ["ProgressReport", "SkillProgress", "TopicProgress", "build_report", "report_to_json", "streak_days"]


@dataclass(frozen=True)
class SkillProgress:
    skill: str
    level: str
    attempts: int  # answers checked
    correct: int  # of them right
    tally: Tally  # exercises by outcome, as the session summary counts them (tutor.session.outcomes)
    due: datetime | None
    recall: float | None


@dataclass(frozen=True)
class TopicProgress:
    topic: str
    attempts: int  # answers checked
    correct: int  # of them right
    last: datetime | None
    skills: tuple[SkillProgress, ...]
    tally: Tally = Tally()  # exercises by outcome (tutor.session.outcomes: the session summary's rule)


@dataclass(frozen=True)
class ProgressReport:
    topics: tuple[TopicProgress, ...]
    streak: int  # consecutive days with practice, ending today or yesterday
    practised_today: bool
    due: tuple[Review, ...]  # reviews due now, soonest first
    upcoming: tuple[Review, ...]  # the rest, soonest first
    attempts: int
    now: datetime


def streak_days(days: set[date], today: date) -> int:
    """Consecutive practice days ending today (or yesterday: today may still come)."""
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def build_report(store: ProgressStore, scheduler: SkillScheduler, now: datetime, *, local_tz: Any = None) -> ProgressReport:
    """Read the store once and summarise it. ``local_tz`` decides what a 'day' is (default: local)."""
    attempts = store.attempts()
    records = store.skills()
    counts: dict[tuple[str, str], list[int]] = {}  # (topic, skill) -> [answers, right]
    topic_counts: dict[str, list[Any]] = {}
    days: set[date] = set()
    for a in attempts:
        days.add(a.at.astimezone(local_tz).date())
        t = topic_counts.setdefault(a.topic, [0, 0, None])
        t[0] += a.is_attempt
        t[1] += a.verdict == "correct"
        t[2] = a.at if t[2] is None or a.at > t[2] else t[2]
        for skill in a.skills or (a.topic,):
            row = counts.setdefault((a.topic, skill), [0, 0])
            row[0] += a.is_attempt
            row[1] += a.verdict == "correct"
    # Exercises are counted by the one rule the session summary uses (tutor.session.outcomes).
    per_topic: dict[str, Tally] = {}
    per_skill: dict[tuple[str, str], Tally] = {}
    for outcome in exercise_outcomes(attempts):
        per_topic[outcome.topic] = per_topic.get(outcome.topic, Tally()).plus(outcome)
        for skill in outcome.skills:
            key = (outcome.topic, skill)
            per_skill[key] = per_skill.get(key, Tally()).plus(outcome)
    topics = []
    for topic, (n, right, last) in sorted(topic_counts.items()):
        skills = []
        for (of_topic, skill), (sa, sc) in sorted(counts.items()):
            if of_topic != topic:
                continue
            record = records.get(skill)
            skills.append(
                SkillProgress(
                    skill, scheduler.level(record, now), sa, sc, per_skill.get((of_topic, skill), Tally()),
                    scheduler.due(record) if record else None, scheduler.recall(record, now),
                )
            )
        topics.append(TopicProgress(topic, n, right, last, tuple(skills), per_topic.get(topic, Tally())))
    plan = scheduler.reviews(records, now)
    today = now.astimezone(local_tz).date()
    return ProgressReport(
        topics=tuple(topics),
        streak=streak_days(days, today),
        practised_today=today in days,
        due=tuple(r for r in plan if r.due <= now),
        upcoming=tuple(r for r in plan if r.due > now),
        attempts=sum(a.is_attempt for a in attempts),
        now=now,
    )


def _time(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(timezone.utc).isoformat()


def _tally_json(t: Tally) -> dict[str, int]:
    """Exercises seen, solved (alone + with help), and each outcome."""
    return {"exercises": t.seen, "solved": t.solved, "solved_alone": t.alone, "solved_with_help": t.with_help,
            "unsolved": t.unsolved, "skipped": t.skipped}


def report_to_json(report: ProgressReport) -> dict[str, Any]:
    """The ``--json`` document of ``calctutor progress``."""

    def review(r: Review) -> dict[str, Any]:
        return {"skill": r.skill, "due": _time(r.due), "level": r.level, "recall": r.recall}

    return {
        "now": _time(report.now),
        "streak_days": report.streak,
        "practised_today": report.practised_today,
        "attempts": report.attempts,
        "topics": [
            {
                "topic": t.topic,
                "attempts": t.attempts,
                "correct": t.correct,
                **_tally_json(t.tally),
                "last_practised": _time(t.last),
                "skills": [
                    {
                        "skill": s.skill,
                        "level": s.level,
                        "attempts": s.attempts,
                        "correct": s.correct,
                        **_tally_json(s.tally),
                        "due": _time(s.due),
                        "recall": None if s.recall is None else round(s.recall, 3),
                    }
                    for s in t.skills
                ],
            }
            for t in report.topics
        ],
        "due": [review(r) for r in report.due],
        "upcoming": [review(r) for r in report.upcoming],
    }
