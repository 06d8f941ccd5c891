"""Variants made ahead, so a session's first exercise is on screen before SymPy is imported.

Making an exercise parses its function and differentiates it, which needs SymPy, and importing
SymPy is most of what ``calctutor practice`` costs before the student sees anything. So while the
student reads a session's first exercise, the session makes one fresh variant of every exercise
of the topic for the *next* session and keeps what its first screen shows (prompt, skills,
difficulty) with the seed that made it. The next session shows that screen at once and makes the
same variant (the seed decides every drawn number) in the background before reading an answer.

A variant is keyed by calctutor's code and the exercise itself (its pack and every field), so one
made by other code or from an edited exercise is never shown. Every failure here (no cache folder,
a corrupt or foreign file) means "nothing prepared": the session then makes its first exercise as
it always did. Nothing here is used with ``--seed``, whose sessions replay exactly.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tutor.errors import UserError

__all__ = ["Prepared", "exercise_key", "load_prepared", "prepare", "save_prepared", "prepared_path", "with_plain_prompts"]

FORMAT = 1
# A topic's variants are made in the background before the first answer is read (the session
# waits for them then): a few ms each; topics beyond this many exercises prepare only these.
MAX_PREPARED = 60


@dataclass(frozen=True)
class Prepared:
    """One variant made ahead: its seed and what the screen presenting it shows."""

    key: str  # exercise_key() of the exercise it was made from
    seed: int
    prompt: str
    skills: tuple[str, ...]
    difficulty: Any
    plain_prompt: str = ""  # the prompt in the printer's plain target (practice --plain); "": not known

    def plain(self) -> tuple[str, tuple[str, ...]]:
        """The screen under --plain, as ``Instance.plain`` gives it (hints come with the variant made)."""
        return self.plain_prompt, ()


def prepared_path(folder: Path, topic: str) -> Path:
    """The file of a topic's variants (the topic's id hashed: any text is a safe file name)."""
    name = hashlib.sha256(topic.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return folder / f"prepared-{name}.json"


def exercise_key(entry: Any, code: str) -> str:
    """The code's fingerprint, the entry's pack and the exercise's every field."""
    digest = hashlib.sha256(code.encode())
    digest.update(f"\0{entry.pack}\0{entry.exercise!r}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]


def load_prepared(path: Path) -> dict[str, Prepared]:
    """The variants saved for a topic, by entry id; empty when there are none or the file is unusable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return {}
        return {
            str(entry_id): Prepared(str(v["key"]), int(v["seed"]), str(v["prompt"]),
                                    tuple(str(s) for s in v["skills"]), v["difficulty"], str(v.get("plain", "")))
            for entry_id, v in data["variants"].items()
        }
    except (OSError, ValueError, TypeError, KeyError, AttributeError):  # missing, corrupt or foreign
        return {}


def prepare(entries: Iterable[Any], code: str, rng: random.Random | None = None) -> dict[str, Prepared]:
    """One fresh variant of each entry (up to MAX_PREPARED); exercises that cannot be made are left out."""
    rng = rng or random.Random()
    made: dict[str, Prepared] = {}
    for entry in list(entries)[:MAX_PREPARED]:
        seed = rng.randrange(2**31)
        try:
            instance = entry.instantiate(seed)
        except UserError:  # a broken template: the session reports it when it draws the exercise
            continue
        made[entry.id] = Prepared(exercise_key(entry, code), seed, str(instance.prompt),
                                  tuple(instance.skills), instance.difficulty, _plain_prompt(instance))
    return made


def _plain_prompt(instance: Any) -> str:
    """The instance's prompt in the plain target; "" when it has none (the --plain session then makes it)."""
    try:
        return str(instance.plain()[0])
    except Exception:  # noqa: BLE001 - only costs the --plain session its head start
        return ""


def with_plain_prompts(variants: Mapping[str, Prepared]) -> dict[str, Prepared]:
    """The variants a --plain session can show before they are made: those with a plain prompt."""
    return {entry_id: p for entry_id, p in variants.items() if p.plain_prompt}


def save_prepared(path: Path, variants: Mapping[str, Prepared]) -> None:
    """Write atomically (a reader sees the old file or the new one); failures only cost speed."""
    data = {
        "format": FORMAT,
        "variants": {
            entry_id: {"key": p.key, "seed": p.seed, "prompt": p.prompt, "skills": list(p.skills),
                       "difficulty": p.difficulty, "plain": p.plain_prompt}
            for entry_id, p in variants.items()
        },
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".prepared-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, TypeError, ValueError):  # read-only home, full disk, an unserialisable difficulty
        pass


def matching(prepared: Mapping[str, Prepared], entry: Any, code: Callable[[], str]) -> Prepared | None:
    """The variant prepared for ``entry``, if it was made by this code from this very exercise."""
    found = prepared.get(entry.id)
    if found is None or found.key != exercise_key(entry, code()):
        return None
    return found
