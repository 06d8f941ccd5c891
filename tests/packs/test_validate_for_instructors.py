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


DEGENERATE = Path(__file__).parent / "data" / "degenerate.yaml"


def test_a_degenerate_variant_of_every_kind_is_reported_with_its_values() -> None:
    import json

    result = CliRunner().invoke(app, ["validate", str(DEGENERATE), "--json"])
    assert result.exit_code == 1, result.output
    problems = json.loads(result.stdout)["packs"][0]["problems"]
    by: dict[str, list[str]] = {}
    for p in problems:
        by.setdefault(p["field"].split(".")[0], []).append(p["message"] + " | " + (p["hint"] or ""))

    def said(exercise: str, *words: str) -> bool:
        return any(all(w in m for w in words) for m in by.get(exercise, []))

    assert said("hidden-zero", "identically zero")  # ln(a x) - ln(x): constant, though not written so
    assert said("const-power", "n = 0")
    assert said("partial-not-there", "a = 0", "not a variable")
    assert said("feedback-coincides", "with a = 1:", "actually right")  # right only at a = 1
    assert said("graph-zero", "the answer is 0")
    assert said("backward-zero", "b = 0", "the answer is 0", "exclude 0 from b")
    assert said("jacobian-entry-zero", "with a = 0:", "every part of the answer is 0")
    assert said("mode-tie", "either mode is right")
    assert said("dual-eps-zero", "the ε part of the answer is 0")
    assert said("dual-undefined", "b = 0", "undefined")
    assert said("derivative-undefined", "no point of the real domain")
    # the standard prompts say what is asked: the Jacobian's column and the point
    assert not any("prompt" in p["field"] for p in problems)


def test_a_zero_eps_part_in_every_draw_of_dual_arithmetic_is_the_lesson_not_a_problem(tmp_path: Path) -> None:
    pack = tmp_path / "conj.yaml"
    pack.write_text('format: 1\nid: conj\ntitle: C\nexercises:\n  - id: conjugate\n    kind: dual-arithmetic\n'
                    '    of: "({a} + {b}ε)({a} - {b}ε)"\n    params:\n      a: {integer: [1, 9]}\n'
                    '      b: {integer: [1, 9]}\n    hints: ["multiply out"]\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(pack), "--no-color"])
    assert result.exit_code == 0, result.output
