"""validate, topics and preview: in-process with CliRunner, and as real subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from tutor.cli.main import app

BUILT_IN_PACKS = len(list((Path(__file__).resolve().parents[2] / "exercises").glob("*.yaml")))

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "tiny-pack.yaml"
BROKEN = "format: 1\nid: broken\ntitle: Broken\nexercises:\n  - id: a\n    kind: derivative\n    of: 010\n    hnits: [h]\n"
runner = CliRunner()


def _env(tmp_path: Path) -> dict[str, str]:
    return {"CALCTUTOR_HOME": str(tmp_path / "home"), "CALCTUTOR_PACKS": "", "NO_COLOR": "1", "COLUMNS": "200"}


def test_validate_clean_pack_exits_0(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(FIXTURE)], env=_env(tmp_path))
    assert result.exit_code == 0, result.output
    assert "tiny-pack.yaml: 5 exercises, no problems" in result.output


def test_validate_problems_exit_1_with_file_line_col(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(broken), str(FIXTURE)], env=_env(tmp_path))
    assert result.exit_code == 1
    assert f"{broken}:7:9: a.of: math must be a quoted string" in result.output
    assert f"{broken}:8:5: a.hnits: unknown key `hnits`" in result.output and "did you mean `hints`?" in result.output
    as_json = runner.invoke(app, ["validate", str(broken), "--json"], env=_env(tmp_path))
    assert as_json.exit_code == 1
    data = json.loads(as_json.stdout)
    assert data["ok"] is False and data["problems"] == 2
    assert data["packs"][0]["problems"][0] | {} == {
        "file": str(broken), "line": 7, "column": 9, "field": "a.of",
        "message": data["packs"][0]["problems"][0]["message"], "hint": 'write it in quotes: "010"'}


def test_validate_unreadable_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "missing.yaml")], env=_env(tmp_path))
    assert result.exit_code == 2
    assert "cannot read the file" in result.output


def test_topics_json_and_table_with_extra_pack(tmp_path: Path) -> None:
    result = runner.invoke(app, ["topics", "--json", "--pack", str(FIXTURE)], env=_env(tmp_path))
    assert result.exit_code == 0, result.output
    topics = {t["id"]: t for t in json.loads(result.stdout)["topics"]}
    assert topics["tiny"]["exercises"] == 5 and topics["tiny"]["difficulty"] == {"min": 1, "max": 3}
    assert all(topics[t]["exercises"] >= 15 for t in topics if t != "tiny")
    table = runner.invoke(app, ["topics"], env=_env(tmp_path))
    assert "chain-rule" in table.output and "calctutor practice TOPIC" in table.output


def test_topics_warns_about_a_broken_pack_but_lists_the_rest(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    result = runner.invoke(app, ["topics", "--pack", str(broken)], env=_env(tmp_path))
    assert result.exit_code == 0
    assert "skipped the pack" in result.output and "chain-rule" in result.output


def test_preview_shows_answers_and_hints(tmp_path: Path) -> None:
    result = runner.invoke(app, ["preview", str(FIXTURE), "--seed", "1"], env=_env(tmp_path))
    assert result.exit_code == 0, result.output
    assert "answer:" in result.output and "hint 1:" in result.output and "chain.missing-inner" in result.output
    by_id = runner.invoke(app, ["preview", "chain-rule", "--json"], env=_env(tmp_path))
    data = json.loads(by_id.stdout)
    assert data["pack"] == "chain-rule" and all(e["answer"] and e["hints"] for e in data["exercises"])
    unknown = runner.invoke(app, ["preview", "chain-rul"], env=_env(tmp_path))
    assert unknown.exit_code == 2 and "did you mean `chain-rule`?" in unknown.output


def test_subprocess_from_another_directory_finds_the_builtin_packs(tmp_path: Path) -> None:
    """Packs ship as package data: found from any working directory (here an empty one)."""
    env = {**os.environ, **_env(tmp_path)}
    out = subprocess.run([sys.executable, "-m", "tutor", "topics", "--json"], capture_output=True, text=True,
                         cwd=tmp_path, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    ids = [t["id"] for t in json.loads(out.stdout)["topics"]]
    assert "chain-rule" in ids and len(ids) == BUILT_IN_PACKS
    validate = subprocess.run([sys.executable, "-m", "tutor", "validate", str(FIXTURE), "--draws", "3"],
                              capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert validate.returncode == 0, validate.stdout + validate.stderr


def test_preview_of_a_broken_pack_lists_every_problem_and_exits_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    result = runner.invoke(app, ["preview", str(broken)], env=_env(tmp_path))
    assert result.exit_code == 2
    assert f"{broken}:7:9: a.of:" in result.output and f"{broken}:8:5: a.hnits:" in result.output
