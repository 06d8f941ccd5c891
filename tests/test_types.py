"""The package type-checks: mypy over tutor/ with the settings in pyproject.toml ([tool.mypy]).

Every function is annotated (disallow_untyped_defs) and the checker finds no error; a change
that breaks a signature or passes None where a value is required fails here, in CI.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_tutor_type_checks(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache"), "--no-error-summary"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    errors = [line for line in run.stdout.splitlines() if ": error:" in line]
    assert run.returncode == 0 and not errors, "mypy finds:\n" + (run.stdout + run.stderr)[-6000:]


def test_the_checker_reads_the_whole_package() -> None:
    """The configuration checks all of tutor/ and requires annotations everywhere but the named exceptions."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    section = text[text.index("[tool.mypy]"):]
    assert 'files = ["tutor"]' in section
    assert "disallow_untyped_defs = true" in section
    exempt = [line for line in section.splitlines() if line.startswith("module = ") and "tutor" in line]
    assert not exempt, f"part of tutor/ is exempt from the settings: {exempt}"
