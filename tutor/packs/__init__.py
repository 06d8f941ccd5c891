"""Exercise packs: the YAML format, templates, the kinds of exercise, and finding packs.

Depends on ``tutor.parsing`` (every math field and answer is parsed, never
evaluated), ``tutor.checking`` (answers are compared by the checker),
``tutor.autodiff`` (``validate`` proves every answer key with the AD engine)
and, when present, ``tutor.explain`` (steps and mistake diagnosis).
PyYAML is imported only when a pack is read.

- ``model.py``: the frozen dataclasses of a pack; ``schema.py`` turns them into the JSON Schema.
- ``loader.py``: safe YAML with ``file:line:col`` problems; ``problems.py``: ``Problem``, ``PackError``.
- ``templates.py``: parameters drawn from a seed, ``{name}`` placeholders.
- ``kinds.py``: one row per kind of exercise (derivative and dual builders), ``ad_kinds.py``
  (graphs, Jacobians, modes, difference quotients), ``tasks.py`` (``Task`` and shared helpers);
  ``answers.py``: reading answers by form (expression, number, dual, matrix, vector, word).
- ``instance.py``: ``Instance`` (``read_answer``, ``check``) and ``Feedback``.
- ``validate.py``: every check ``calctutor validate`` makes; ``batch.py``: files and folders of packs;
  ``catalog.py``: ``discover_packs``, ``Catalog``, ``Topic``.
"""

from tutor.packs.catalog import Catalog, Topic, discover_packs, user_packs_dir
from tutor.packs.instance import Feedback, Instance, instantiate
from tutor.packs.kinds import KIND_TABLE
from tutor.packs.loader import load_pack, load_pack_text
from tutor.packs.model import KINDS, Exercise, Pack, Param
from tutor.packs.problems import PackError, Problem

__all__ = [
    "Catalog",
    "Topic",
    "discover_packs",
    "user_packs_dir",
    "Feedback",
    "Instance",
    "instantiate",
    "KIND_TABLE",
    "KINDS",
    "load_pack",
    "load_pack_text",
    "Exercise",
    "Pack",
    "Param",
    "PackError",
    "Problem",
]
