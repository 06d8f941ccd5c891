"""`calctutor report`: per-exercise statistics, per-student totals, tables, JSON and offline HTML."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tutor.cli.main import app
from tutor.grading.report import build_report, point_biserial
from tutor.render.report_html import report_html


def row(student: str, exercise: str, verdict: str, answer: str = "", *, mistake: str = "", score: float = 0,
        counted: str = "yes", params: str = "", value: str = "") -> dict[str, str]:
    return {"student": student, "answer": answer, "record": "0", "exercise": exercise, "verdict": verdict,
            "mistake": mistake, "score": str(score), "points": "1", "counted": counted, "params": params,
            "value": value}


ROWS = [
    row("a", "p/chain", "incorrect", "cos(3x)", mistake="chain.missing-inner", params='{"k": 3}'),
    row("a", "p/chain", "correct", "3cos(3x)", score=1, params='{"k": 3}'),
    row("b", "p/chain", "correct", "2cos(2x)", score=1, params='{"k": 2}'),
    row("c", "p/chain", "incorrect", "cos(2x)", mistake="chain.missing-inner", params='{"k": 2}'),
    row("c", "p/chain", "incorrect", "cos(x + x)  +  1", value="≈1,2", params='{"k": 2}'),
    row("d", "p/chain", "incorrect", "cos(2x) + 1", value="≈1,2", params='{"k": 2}'),
    row("d", "p/chain", "correct", "2cos(2x)", counted="no", params='{"k": 2}'),  # beyond the limit
    row("a", "p/mode", "correct", "reverse", score=1),
    row("b", "p/mode", "correct", "reverse", score=1),
    row("c", "p/mode", "unreadable", "revrse"),
    row("e", "p/nope", "invalid", "1"),
]


def test_rates_mistakes_groups_and_parameters_per_exercise() -> None:
    report = build_report(ROWS)
    assert report.records == 11 and report.invalid == 1
    chain = report.exercises[0]
    assert chain.exercise == "p/chain" and chain.answers == 7 and chain.students == 4
    assert chain.first_try_rate == 0.25  # only b right at once
    assert chain.final_rate == 0.5  # a and b; d's right answer came after the limit
    assert [(m.key, m.count, m.examples) for m in chain.mistakes] == [
        ("chain.missing-inner", 2, ("cos(3x)", "cos(2x)"))]
    assert [(g.key, g.count, g.examples) for g in chain.unnamed] == [("≈1,2", 2, ("cos(x + x) + 1", "cos(2x) + 1"))]
    assert [(r.value, r.students, r.correct_rate) for r in chain.parameters] == [("2", 3, 1 / 3), ("3", 1, 1.0)]
    mode = report.exercises[1]
    assert mode.unreadable == 1 and mode.first_try_rate == 1.0 and mode.students == 3
    totals = {s.student: s.score for s in report.students}
    assert totals == {"a": 2, "b": 2, "c": 0, "d": 0}


def test_discrimination_is_the_point_biserial_against_the_total() -> None:
    report = build_report(ROWS)
    # chain right: a, b (totals 2, 2); wrong: c, d (0, 0): perfectly discriminating
    assert report.exercises[0].discrimination == pytest.approx(1.0)
    assert point_biserial([True, True], [1.0, 2.0]) is None  # everyone right: undefined, not 0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.integers(0, 20)), min_size=2, max_size=30))
def test_point_biserial_equals_pearson_correlation(pairs: list[tuple[bool, int]]) -> None:
    flags = [f for f, _ in pairs]
    totals = [float(t) for _, t in pairs]
    r = point_biserial(flags, totals)
    xs = [1.0 if f else 0.0 for f in flags]
    n = len(xs)
    mx, my = sum(xs) / n, sum(totals) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, totals))
    sx = math.sqrt(sum((x - mx) ** 2 for x in xs))
    sy = math.sqrt(sum((y - my) ** 2 for y in totals))
    if sx == 0 or sy == 0:
        assert r is None
    else:
        assert r == pytest.approx(sxy / (sx * sy), abs=1e-9)


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_the_html_report_is_self_contained_escaped_and_has_charts() -> None:
    rows = [*ROWS, row("<b>x</b>", "p/chain", "incorrect", "<script>alert(1)</script>", value="v")]
    html = report_html(build_report(rows), title="Week 5 <draft>")
    parser = _Collect()
    parser.feed(html)
    tags = [t for t, _ in parser.tags]
    assert "script" not in tags and "<script>alert" not in html  # escaped, never run
    assert "Week 5 &lt;draft&gt;" in html
    for tag, attrs in parser.tags:  # nothing fetched from anywhere: no src, no external href
        assert "src" not in attrs, tag
        href = attrs.get("href")
        assert href is None or href.startswith("#"), href
    assert tags.count("svg") >= 3 and tags.count("rect") >= 6  # per-exercise bars, mistakes, students
    assert any("chain.missing-inner" in t for t in parser.text)
    assert "correct rate by k" in html.lower()


@pytest.mark.skipif(not any(shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome")),
                    reason="no headless browser installed")
def test_a_headless_browser_renders_the_html_offline(tmp_path: Path) -> None:
    browser = next(shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b))
    page = tmp_path / "report.html"
    page.write_text(report_html(build_report(ROWS), title="Offline check"), encoding="utf-8")
    done = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()],
                          capture_output=True, text=True, timeout=60)
    assert "Offline check" in done.stdout and "<svg" in done.stdout


def _graded(tmp_path: Path) -> Path:
    path = tmp_path / "graded.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    return path


def test_the_cli_prints_tables_json_and_writes_html(tmp_path: Path) -> None:
    graded = _graded(tmp_path)
    runner = CliRunner()
    shown = runner.invoke(app, ["report", str(graded), "--no-color"])
    assert shown.exit_code == 0, shown.output
    assert "11 records · 4 students · 2 exercises" in shown.output
    assert "2 × chain.missing-inner   e.g. cos(3x) | cos(2x)" in shown.output
    assert "2 × no named mistake   e.g. cos(x + x) + 1 | cos(2x) + 1" in shown.output
    assert "correct by k (hardest first): 2: 33% (3) · 3: 100% (1)" in shown.output
    assert " chain " in shown.output and "25%" in shown.output
    data = json.loads(runner.invoke(app, ["report", str(graded), "--json"]).output)
    assert data["exercises"][0]["final_rate"] == 0.5 and len(data["students"]) == 4
    page = tmp_path / "r.html"
    done = subprocess.run([sys.executable, "-m", "tutor", "report", str(graded), "--html", str(page), "--no-color"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>") and f"wrote {page}" in done.stdout


def test_a_file_that_is_not_graded_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("student,answer\ns,1\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["report", str(path)])
    assert result.exit_code == 2 and "not a file written by calctutor grade" in " ".join(result.output.split())
