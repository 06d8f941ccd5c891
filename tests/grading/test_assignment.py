"""Assignment files: reading, problems at file:line:col, stable per-student seeds, the schema, preview."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tutor.cli.main import app
from tutor.grading.assignment import (
    SCHEMA_PATH,
    generate_schema,
    load_assignment,
    load_assignment_text,
    schema_text,
    variant_seed,
)
from tutor.packs import PackError

DATA = Path(__file__).parent / "data"
TINY = DATA / "tiny.assignment.yaml"
WEEK5 = DATA / "week5.assignment.yaml"


def test_an_assignment_reads_its_rules_and_resolves_its_exercises() -> None:
    a = load_assignment(TINY)
    assert a.id == "tiny-hw" and a.title == "Tiny homework"
    assert [e.ref for e in a.exercises] == ["tiny/power", "tiny/chain", "tiny/dual-product", "tiny/graph", "tiny/mode"]
    assert [e.attempts for e in a.exercises] == [2, 2, 2, 2, 1]  # the entry's own limit wins
    assert a.total_points == 6 and a.steps == "never" and a.hints == "allowed"
    assert a.due is not None and a.due.isoformat() == "2026-12-10"
    assert a.credit_for(False, "chain.missing-inner") == 0.5
    assert a.credit_for(False, None) == 0 and a.credit_for(True, None) == 1
    assert a.find("chain") is a.exercises[1] and a.find("tiny/mode") is a.exercises[4] and a.find("nope") is None


def test_the_seed_is_a_stable_hash_of_assignment_student_and_exercise() -> None:
    # A fixed value: the seed must not change between runs, machines or Python versions.
    assert variant_seed("week-5", "s001", "chain-rule/sine-of-linear") == 1619082030
    assert variant_seed("week-5", " S001 ", "chain-rule/sine-of-linear") == 1619082030  # as students type ids
    others = {variant_seed("week-5", "s002", "chain-rule/sine-of-linear"),
              variant_seed("week-6", "s001", "chain-rule/sine-of-linear"),
              variant_seed("week-5", "s001", "chain-rule/power-of-quadratic")}
    assert 1619082030 not in others


@pytest.mark.slow
@settings(max_examples=50, deadline=None)
@given(st.text(max_size=20), st.text(min_size=1, max_size=20))
def test_seeds_are_in_range_and_deterministic(student: str, exercise: str) -> None:
    seed = variant_seed("a", student, exercise)
    assert 0 <= seed < 2**31 and seed == variant_seed("a", student, exercise)


BAD = """\
format: 1
id: Week5
title: x
packs: [chain-rule, nope-pack]
exercises:
  - chain-rule/sine-of-lin
  - power-of-quadratc
  - {exercise: chain-rule/sine-of-linear, atempts: 2}
attempts: 0
steps: sometimes
credit: {chain.missing-iner: 0.5, chain.missing-inner: 2}
due: 2026-13-01
"""


def test_every_problem_is_reported_at_its_line_and_column_in_reading_order() -> None:
    with pytest.raises(PackError) as caught:
        load_assignment_text(BAD, "hw.yaml")
    shown = [str(p) for p in caught.value.problems]
    expected = [
        "hw.yaml:2:5: id:", "hw.yaml:4:21: packs: no installed pack with the id 'nope-pack'",
        "hw.yaml:6:5: exercises[0]: no exercise `chain-rule/sine-of-lin` (hint: did you mean `chain-rule/sine-of-linear`?)",
        "hw.yaml:7:5: exercises[1]: no exercise `power-of-quadratc`",
        "hw.yaml:8:43: exercises[2].atempts: unknown key `atempts` (hint: did you mean `attempts`?)",
        "hw.yaml:9:11: attempts: 0 is out of range", "hw.yaml:10:8: steps: `sometimes` is not one of: allowed, never",
        "hw.yaml:11:10: credit.chain.missing-iner: unknown mistake id", "hw.yaml:11:56: credit.chain.missing-inner: "
        "credit must be a number from 0 to 1", "hw.yaml:12:6: due: '2026-13-01' is not a date",
    ]
    assert len(shown) == len(expected)
    for line, start in zip(shown, expected):
        assert line.startswith(start), (line, start)


def test_a_bare_id_in_two_packs_must_be_qualified(tmp_path: Path) -> None:
    text = "format: 1\nid: a\ntitle: A\npacks: [derivative-rules, chain-rule, ./dup.yaml]\nexercises: [sine-of-linear]\n"
    (tmp_path / "dup.yaml").write_text((DATA.parent.parent / "fixtures" / "tiny-pack.yaml").read_text()
                                       .replace("id: tiny\n", "id: dup\n").replace("id: chain\n", "id: sine-of-linear\n"))
    with pytest.raises(PackError) as caught:
        load_assignment_text(text, "a.yaml", base=tmp_path)
    assert "is in several packs: chain-rule/sine-of-linear, dup/sine-of-linear" in str(caught.value.problems[0])


def test_yaml_tricks_are_refused_as_in_packs() -> None:
    with pytest.raises(PackError, match="anchor"):
        load_assignment_text("format: 1\nid: &a x\ntitle: *a\npacks: [chain-rule]\nexercises: [x]\n")


def test_the_shipped_schema_is_the_generated_one() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), "run: python -m tutor.grading.assignment"
    schema = generate_schema()
    assert set(schema["properties"]) >= {"format", "id", "title", "packs", "exercises", "attempts", "steps",
                                         "hints", "due", "credit"}
    assert schema["additionalProperties"] is False


def test_the_schema_accepts_the_examples() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    schema = generate_schema()
    for path in (TINY, WEEK5):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["due"] = str(data["due"])  # YAML reads the date as a date; JSON sees the text
        jsonschema.validate(data, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"format": 1, "id": "x", "title": "t", "packs": ["a"], "exercises": ["b"],
                             "steps": "sometimes"}, schema)


def test_preview_json_gives_each_students_own_variant() -> None:
    runner = CliRunner()
    one = runner.invoke(app, ["preview", str(WEEK5), "--student", "s001", "--json"])
    assert one.exit_code == 0, one.output
    data = json.loads(one.output)
    assert data["assignment"] == "week-5" and len(data["exercises"]) == 12
    first = data["exercises"][1]
    assert first["id"] == "chain-rule/sine-of-linear" and first["seed"] == 1619082030
    assert first["params"] == {"a": 3} and first["of"] == "sin(3 x)" and first["answer"] == "3 cos(3x)"
    assert first["prompt"] == "Find d/dx of sin(3x)." and first["hints"] and first["kind"] == "chain-rule"
    assert {"answer": "cos(3x)", "mistake": "chain.missing-inner"}.items() <= first["feedback"][0].items()
    graph = data["exercises"][8]
    assert graph["kind"] == "graph-backward" and set(graph["at"]) == {"x", "y", "z"} and "nodes" in graph
    other = json.loads(runner.invoke(app, ["preview", str(WEEK5), "--student", "s002", "--json"]).output)
    assert [e["params"] for e in other["exercises"]] != [e["params"] for e in data["exercises"]]


def test_preview_prints_the_variant_as_a_student_reads_it_in_a_real_process() -> None:
    done = subprocess.run([sys.executable, "-m", "tutor", "preview", str(TINY), "--student", "s001", "--no-color"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Tiny homework" in done.stdout and "student s001" in done.stdout
    assert "2 attempts per exercise · hints allowed · steps never · due 2026-12-10" in done.stdout
    assert "3. tiny/dual-product · dual-arithmetic · seed" in done.stdout and "2 points" in done.stdout


def test_validate_checks_an_assignment_file(tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(app, ["validate", str(TINY), "--no-color"])
    assert ok.exit_code == 0, ok.output
    assert "tiny.assignment.yaml: 5 exercises, no problems" in ok.output
    bad = tmp_path / "hw.yaml"
    bad.write_text(BAD, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(bad), "--no-color"])
    assert result.exit_code == 1
    assert f"{bad}:10:8: steps: `sometimes` is not one of: allowed, never" in result.output
    assert "10 problems" in result.output
