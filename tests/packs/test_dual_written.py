"""A dual-arithmetic exercise shows the expression as written, in the prompt and in its worked steps.

SymPy evaluates 7(1 + 2ε) to 14ε + 7 and (4 + 9ε) + (3 + 6ε) to 15ε + 7 — the second is the answer,
and it was the heading of the worked steps. The prompt and the steps now print the author's tree
(brackets around a sum kept, a coefficient 1 written away) with the one printer.
"""

from __future__ import annotations

from typing import Any

import pytest

from tutor.packs.instance import instantiate
from tutor.parsing import notation as M


@pytest.mark.parametrize(("of", "shown"), [
    ("7(1 + 2eps)", "7(1 + 2ε)"),
    ("(4 + 9eps) + (3 + 6eps)", "(4 + 9ε) + (3 + 6ε)"),
    ("(4 + 9eps) - (3 + 6eps)", "(4 + 9ε) − (3 + 6ε)"),
    ("(3 + 1eps)(2 - eps)", "(3 + ε)(2 − ε)"),
    ("(1 + 2eps)/(3 + eps)", "(1 + 2ε)/(3 + ε)"),
    ("(0 + eps)^2", "(0 + ε)²"),  # the author's own 0 + ε is the exercise: kept
])
def test_prompt_and_worked_heading_show_the_written_expression(make_exercise: Any, of: str, shown: str) -> None:
    inst = instantiate(make_exercise(f"id: e\nkind: dual-arithmetic\nof: '{of}'\nhints: [h]"), 0)
    assert f"Compute {shown} with ε² = 0" in inst.prompt
    steps = inst.steps()
    assert steps.shown == f"Compute {shown} with ε² = 0"
    result_line = steps.substeps[-1].shown
    assert result_line.startswith(f"{shown} = ")
    # what is shown is the exercise's value: read back, it is the expression that was asked
    read = M.read_tree(shown, epsilon=True)
    assert M.to_sympy(read).equals(inst.task.of)


def test_the_plain_prompt_is_ascii_and_keeps_the_written_brackets(make_exercise: Any) -> None:
    inst = instantiate(make_exercise("id: e\nkind: dual-arithmetic\nof: '(4 + 9eps) + (3 + 1eps)'\nhints: [h]"), 0)
    prompt, _ = inst.plain()
    assert prompt.isascii(), prompt
    assert prompt.startswith("Compute (4 + 9 epsilon) + (3 + epsilon) with epsilon^2 = 0.")


@pytest.mark.parametrize(("of", "at", "key"), [
    ("x^2 sin(x)", "2", "4 sin(2) + (4 cos(2) + 4 sin(2)) ε"),  # simplify() wrote 4√2 sin(π/4 + 2) for the ε part
    ("sin(x) cos(x)", "1", "sin(1) cos(1) − (sin²(1) − cos²(1)) ε"),
    ("x^(1/3)", "-8", "−2 + (1/12) ε"),  # the one evaluator's real root
])
def test_dual_evaluate_key_is_the_value_as_substituted(make_exercise: Any, of: str, at: str, key: str) -> None:
    """f(a + ε)'s key is f(a) + f'(a) ε as substituting a writes it, not a rewriting by simplify()."""
    from tutor.packs.answer_key import answer_key

    inst = instantiate(make_exercise(f"id: e\nkind: dual-evaluate\nof: '{of}'\nat: {{x: '{at}'}}\nhints: [h]"), 0)
    assert answer_key(inst) == key, answer_key(inst)


def test_a_kind_text_in_backticks_reads_the_same_math_in_plain(make_exercise: Any) -> None:
    """`{f_at}` inside backticks is read as math from the kind's unicode text, then printed plain."""
    ex = make_exercise("id: e\nkind: dual-evaluate\nof: 'x^2 sin(x)'\nat: {x: '4'}\n"
                       "hints: ['Here `f({at} + ε) = {f_at}`.']")
    inst = instantiate(ex, 0)
    _, hints = inst.plain()
    assert inst.hints[0] == "Here f(4 + ε) = sin(ε + 4) (ε + 4)²."
    assert hints[0] == "Here f(4 + epsilon) = sin(epsilon + 4) (epsilon + 4)^2."
