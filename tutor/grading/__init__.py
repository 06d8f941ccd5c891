"""Grading many answers: records in, verdicts out, each distinct thing graded once.

The batch engine (``engine.py``) reads records as a stream, groups identical
(question, normalised answer) pairs, grades each distinct one once on a local
pool or a Dask cluster, and fans the results back out in input order. It serves
``calctutor check --batch`` (derivatives given inline) and ``calctutor grade``
(answers to a pack's exercises, each student's own variant) alike.

Modules: ``records`` (streaming CSV / JSON Lines in and out, resume),
``engine`` (``grade_records``: dedupe, lanes, chunks), ``backends`` (inline, a
local pool or Dask), ``watchdog`` (a time limit per key), ``derivatives`` (the key and grade of ``check --batch``).

Depends on ``tutor.packs`` (exercise variants), ``tutor.checking`` and
``tutor.explain``; nothing here prints.
"""

__all__: list[str] = []
