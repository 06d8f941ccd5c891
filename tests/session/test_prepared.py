"""The first exercise of a session comes from a variant an earlier session prepared (issue: start-up).

It must be the very exercise the seed makes (same prompt, same answer), made only when needed,
and never one made by other code or from an edited exercise.
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from tutor.packs import discover_packs, instantiate
from tutor.render.expressions import shown as as_on_screen
from tutor.session.entries import Entry
from tutor.session.events import Checked, Presented
from tutor.session.practice import PracticeSession
from tutor.session.prepared import Prepared, load_prepared, prepare, prepared_path, save_prepared


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    pack = next(p for p in discover_packs().packs if p.id == "chain-rule")
    return [Entry(pack.id, exercise) for exercise in pack.exercises]


def _session(entries, store, prepared, code="code-1", seed=3) -> PracticeSession:
    return PracticeSession(entries, topic="chain-rule", store=store, rng=random.Random(seed),
                           prepared=prepared, code=lambda: code)


def test_a_prepared_variant_is_shown_first_then_made_from_its_seed(entries, store, monkeypatch) -> None:
    prepared = prepare(entries, "code-1", random.Random(7))
    assert set(prepared) == {e.id for e in entries}  # every exercise of the topic is prepared
    made: list[int] = []
    real = Entry.instantiate
    monkeypatch.setattr(Entry, "instantiate", lambda self, seed: made.append(seed) or real(self, seed))

    session = _session(entries, store, prepared)
    [shown] = session.start()
    assert isinstance(shown, Presented) and isinstance(shown.instance, Prepared)
    assert made == []  # on screen before anything is made (no SymPy yet)

    instance = session.current  # the warm-up thread (or the first use) makes it
    assert made == [shown.instance.seed]
    assert instance.prompt == shown.instance.prompt and tuple(instance.skills) == shown.instance.skills
    assert session.current is instance  # made once

    events = session.handle(instance.expected_text)
    assert isinstance(events[0], Checked) and events[0].status == "correct"


def test_only_the_first_exercise_comes_from_a_prepared_variant(entries, store) -> None:
    session = _session(entries, store, prepare(entries, "code-1", random.Random(7)))
    session.start()
    events = session.handle(":skip")
    second = next(e for e in events if isinstance(e, Presented))
    assert not isinstance(second.instance, Prepared)


def test_variants_from_other_code_or_an_edited_exercise_are_not_used(entries, store) -> None:
    stale = prepare(entries, "code-0", random.Random(7))
    [shown] = _session(entries, store, stale, code="code-1").start()
    assert not isinstance(shown.instance, Prepared)

    prepared = prepare(entries, "code-1", random.Random(7))
    edited = [Entry(e.pack, dataclasses.replace(e.exercise, difficulty=5)) for e in entries]
    [shown] = _session(edited, store, prepared).start()
    assert not isinstance(shown.instance, Prepared)


def test_the_prompt_prepared_is_the_one_the_seed_makes(entries) -> None:
    for entry_id, variant in prepare(entries, "c", random.Random(11)).items():
        entry = next(e for e in entries if e.id == entry_id)
        assert instantiate(entry.exercise, variant.seed).prompt == variant.prompt


def test_the_plain_prompt_prepared_is_the_one_the_seed_makes_for_plain(entries) -> None:
    """practice --plain shows a prepared variant too: its prompt in the plain target (ASCII)."""
    from tutor.session.prepared import with_plain_prompts

    variants = prepare(entries, "c", random.Random(11))
    assert with_plain_prompts(variants) == variants
    for entry_id, variant in variants.items():
        entry = next(e for e in entries if e.id == entry_id)
        assert instantiate(entry.exercise, variant.seed).plain()[0] == variant.plain_prompt
        assert variant.plain_prompt.isascii() and variant.plain() == (variant.plain_prompt, ())
    unknown = {k: dataclasses.replace(v, plain_prompt="") for k, v in variants.items()}
    assert with_plain_prompts(unknown) == {}  # saved by an older calctutor: made first under --plain


def test_saved_variants_load_back_and_unusable_files_mean_none(entries, tmp_path: Path) -> None:
    path = prepared_path(tmp_path / "cache", "chain-rule")
    variants = prepare(entries[:3], "c", random.Random(1))
    save_prepared(path, variants)
    assert load_prepared(path) == variants
    for text in ("", "not json", "[]", json.dumps({"format": 99, "variants": {}}),
                 json.dumps({"format": 1, "variants": {"a": {"seed": "x"}}})):
        path.write_text(text, encoding="utf-8")
        assert load_prepared(path) == {}
    assert load_prepared(tmp_path / "missing.json") == {}
    save_prepared(Path("/dev/null/nowhere/prepared.json"), variants)  # an unwritable place: only slower


SYMPY_WATCH = """
import builtins, runpy, sys
real = builtins.__import__
def watch(name, *args, **kwargs):
    if name.split(".")[0] == "sympy" and "sympy" not in sys.modules:
        print("<<sympy imported>>", flush=True)
    return real(name, *args, **kwargs)
builtins.__import__ = watch
sys.argv = ["calctutor", *sys.argv[1:]]
runpy.run_module("tutor", run_name="__main__")
"""


def _practice(home: Path, *args: str) -> str:
    env = {**os.environ, "CALCTUTOR_HOME": str(home), "NO_COLOR": "1", "CALCTUTOR_PACKS": ""}
    done = subprocess.run([sys.executable, "-c", SYMPY_WATCH, "practice", "chain-rule", *args],
                          input=":quit\n", capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.slow
def test_a_students_second_session_shows_its_exercise_before_importing_sympy(tmp_path: Path) -> None:
    replay = _practice(tmp_path, "--seed", "4")  # --seed replays exactly: nothing prepared or used
    assert not list((tmp_path / "cache").glob("prepared-*.json"))
    assert replay.index("Find") > replay.index("<<sympy imported>>")

    first = _practice(tmp_path)  # a first session makes SymPy wait for nothing prepared...
    assert first.index("Find") > first.index("<<sympy imported>>")
    [saved] = (tmp_path / "cache").glob("prepared-*.json")
    variants = json.loads(saved.read_text(encoding="utf-8"))["variants"].values()
    prompts = {as_on_screen(v["prompt"]) for v in variants}  # as the screen writes them (log( as ln()

    second = _practice(tmp_path)  # ...and prepares the next session's, shown at once
    assert second.index("Find") < second.index("<<sympy imported>>")
    shown = next(line.strip() for line in second.splitlines() if line.strip().startswith("Find"))
    assert shown in prompts

    third = _practice(tmp_path, "--plain")  # --plain too, from the variant's plain prompt
    assert third.index("Find") < third.index("<<sympy imported>>") and third.isascii()
