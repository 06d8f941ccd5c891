"""Every built-in exercise of the AD kinds at 20 draws: worked steps that are there and proved by the
AD engine, in explain's JSON shape; the answer the tool shows (after :skip and :steps), typed back,
is accepted."""

from __future__ import annotations

from collections import Counter

import pytest

PACKS = ("dual-numbers", "computational-graphs", "automatic-differentiation", "numerical-differentiation")
DRAWS = 20


def _shown_answers(instance) -> list[str]:
    """What :skip prints, and the ≈ digits of it when there are any."""
    text = instance.expected_text
    return [text.split(" ≈ ")[0], text.split(" ≈ ", 1)[1]] if " ≈ " in text else [text]


@pytest.mark.slow
def test_every_draw_has_verified_steps_and_accepts_its_shown_answer() -> None:
    from tutor.explain import WorkedStep, worked_to_json
    from tutor.explain.worked import verify, walk_worked
    from tutor.packs import discover_packs
    from tutor.packs.instance import instantiate
    from tutor.packs.kinds import kind_named

    catalog = discover_packs()
    lines, checked, refused = Counter(), Counter(), []
    for pack_id in PACKS:
        for exercise in catalog.find_pack(pack_id).exercises:
            seen = set()
            for seed in range(DRAWS):
                instance = instantiate(exercise, seed)
                if instance.prompt in seen:
                    continue  # a template with few numbers repeats: the same instance proves nothing new
                seen.add(instance.prompt)
                steps = kind_named(instance.kind).steps(instance.task)
                assert isinstance(steps, WorkedStep) and steps.substeps, (exercise.id, seed)
                checked[instance.kind] += verify(steps)
                lines[instance.kind] += sum(1 for _ in walk_worked(steps)) - 1
                assert set(worked_to_json(steps)) >= {"rule", "shown", "result", "substeps"}
                for text in _shown_answers(instance):
                    feedback = instance.check(text)
                    if not feedback.correct:
                        refused.append(f"{pack_id}/{exercise.id} seed {seed}: {text!r}: {feedback.message}")
    print("worked lines per kind:", dict(lines), "proved by the AD engine:", dict(checked))
    assert not refused, "\n".join(refused)
    assert set(lines) == {"dual-arithmetic", "dual-evaluate", "graph-forward", "graph-backward", "jacobian",
                          "mode-choice", "numeric-difference"}


def test_preview_json_gives_the_steps_in_explains_structure() -> None:
    import json
    import subprocess
    import sys

    from typer.testing import CliRunner

    from tutor.cli.main import app

    result = CliRunner().invoke(app, ["preview", "numerical-differentiation", "--json", "--steps", "--seed", "7"])
    assert result.exit_code == 0, result.output
    exercises = json.loads(result.output)["exercises"]
    steps = next(e["steps"] for e in exercises if e["id"] == "backward-square")
    assert set(steps) >= {"rule", "shown", "result", "substeps"}
    assert steps["substeps"][-1]["shown"] == "(f(6) − f(5.9))/0.1 = (36 − 34.81)/0.1 = 11.90"
    assert all(s["verified"] for s in steps["substeps"])
    out = subprocess.run([sys.executable, "-m", "tutor", "preview", "dual-numbers", "--json", "--steps"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert all(e["steps"]["substeps"] for e in json.loads(out.stdout)["exercises"])
