"""Exercise packs: the YAML format, templates, the kinds of exercise, and finding packs.

Depends on ``tutor.parsing`` (every math field and answer is parsed, never
evaluated), ``tutor.checking`` (answers are compared by the checker),
``tutor.autodiff`` (``validate`` proves every answer key with the AD engine)
and ``tutor.explain`` (steps and mistake diagnosis).
PyYAML is imported only when a pack is read.

- ``model.py``: the frozen dataclasses of a pack; ``schema.py`` turns them into the JSON Schema.
- ``loader.py``: safe YAML with ``file:line:col`` problems; ``problems.py``: ``PackProblem``, ``PackError``.
- ``templates.py``: parameters drawn from a seed, ``{name}`` placeholders.
- ``kind.py``: ``Kind``, everything about one kind of exercise (fields, instantiation, judging,
  proof, explanation, mistakes, steps); ``kinds/``: one module per kind (or family), found by name;
  ``tasks.py`` (``Task``, ``Fields`` and the builders' helpers); ``proofs.py`` (validate's AD proofs);
  ``answers.py``: reading answers by form (expression, number, dual, matrix, vector, word);
  ``compare.py``: comparing values by form.
- ``instance.py``: ``Instance`` (``read_answer``, ``check``) and ``Feedback``.
- ``validate.py``: every check ``calctutor validate`` makes; ``batch.py``: files and folders of packs;
  ``catalog.py``: ``discover_packs``, ``Catalog``, ``Topic``.
"""

from tutor.packs.catalog import Catalog, Topic, discover_packs, user_packs_dir
from tutor.packs.instance import Feedback, Instance, instantiate
from tutor.packs.kind import Kind
from tutor.packs.kinds import KIND_TABLE, KINDS
from tutor.packs.loader import load_pack, load_pack_text
from tutor.packs.model import Exercise, Pack, Param
from tutor.packs.problems import PackError, PackProblem

__all__ = [
    "Catalog",
    "Topic",
    "discover_packs",
    "user_packs_dir",
    "Feedback",
    "Instance",
    "instantiate",
    "Kind",
    "KIND_TABLE",
    "KINDS",
    "load_pack",
    "load_pack_text",
    "Exercise",
    "Pack",
    "Param",
    "PackError",
    "PackProblem",
]
