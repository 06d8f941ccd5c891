"""validate speaks to instructors: problems by parameter value, once per exercise; tabs named as tabs."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from tutor.cli.main import app

CONSTANT = """\
format: 1
id: bad
title: Bad
exercises:
  - id: const
    kind: derivative
    of: "x^{n}"
    params:
      n: {integer: [0, 3]}
    hints: ["power rule"]
"""


def test_a_bad_parameter_value_is_named_once_with_what_to_exclude(tmp_path: Path) -> None:
    pack = tmp_path / "bad.yaml"
    pack.write_text(CONSTANT, encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(pack), "--no-color"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "const." in line]
    assert len(lines) == 1, result.output  # once per exercise, not once per failing draw
    assert "with n = 0:" in lines[0] and "seed" not in lines[0]
    assert "hint: exclude 0 from n" in result.output


def test_a_tab_is_named_as_a_tab_at_its_line_and_column(tmp_path: Path) -> None:
    pack = tmp_path / "tab.yaml"
    pack.write_text("format: 1\nid: t\ntitle: T\nexercises:\n  - id: a\n  \tkind: derivative\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(pack), "--no-color"])
    assert result.exit_code == 1
    assert f"{pack}:6:3: a tab character: YAML indents with spaces only" in result.output
    assert "replace the tab with spaces" in result.output


def test_a_prompt_that_leaves_out_the_point_is_caught(tmp_path: Path) -> None:
    pack = tmp_path / "jac.yaml"
    pack.write_text("""\
format: 1
id: jac
title: J
exercises:
  - id: at-point
    kind: jacobian
    prompt: "Find the Jacobian of F = {of}."
    of: ["x y", "x + y"]
    at: {x: "{a}", y: "2"}
    params:
      a: {integer: [1, 4]}
    hints: ["h"]
""", encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(pack), "--no-color"])
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert "at-point.prompt: the prompt does not say x = " in out and "y = 2, and the answer depends on it" in out


MESSY = Path(__file__).parent / "data" / "messy-syntax.yaml"


def test_a_yaml_error_in_one_exercise_does_not_hide_the_others(tmp_path: Path) -> None:
    import json

    result = CliRunner().invoke(app, ["validate", str(MESSY), "--json"])
    assert result.exit_code == 1, result.output
    problems = json.loads(result.stdout)["packs"][0]["problems"]
    where = {(p["field"].split(".")[0], p["line"], p["column"]) for p in problems}
    assert where == {("broken-quote", 14, 14), ("wrong-key", 18, 13), ("colon-in-value", 22, 10),
                     ("tabbed", 26, 1), ("unclosed-list", 32, 3), ("anchored", 34, 9)}
    by = {p["field"].split(".")[0]: p for p in problems}
    assert "the quote opened at line 13, column 9" in by["broken-quote"]["hint"]
    assert "a tab character" in by["tabbed"]["message"]
    assert "begins at line 31" in by["unclosed-list"]["message"]
    assert "the answer key is incorrect" in by["wrong-key"]["message"]  # a well-formed exercise is still proved
    assert [p["line"] for p in problems] == sorted(p["line"] for p in problems)
    shown = CliRunner().invoke(app, ["validate", str(MESSY), "--no-color"]).output
    assert f"{MESSY}:22:10: colon-in-value: YAML syntax" in shown


def test_a_yaml_error_outside_the_exercises_is_reported_alone(tmp_path: Path) -> None:
    pack = tmp_path / "head.yaml"
    pack.write_text(MESSY.read_text(encoding="utf-8").replace("title: Messy", 'title: "Messy'), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(pack), "--no-color"])
    assert result.exit_code == 1
    assert result.output.count("YAML syntax") == 1 and "head.yaml:" in result.output
