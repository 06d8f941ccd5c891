"""Math reaches people through one printer (``tutor.parsing.printer.show``): a scan of tutor/ for the others.

Every call of another way to turn an expression into text — the input-language serialiser
``to_text``, SymPy's ``pretty``/``pprint``/``sstr``/``latex``/``srepr``, ``pretty_expression`` — is
listed below with the reason it never prints math for people, or the test fails naming the place.
A new place that prints math outside the printer therefore fails here; a listed place that no longer
calls one fails too (so the list stays true). The figure for the closing note:

    pytest -q -s tests/test_one_printer.py   # prints "places printing math outside the printer: N"

The second scan finds math written by hand in string literals (``(f·g)' = f'·g + f·g'``), which
cannot follow ``--plain`` and which nothing checks; it prints "literals with math written by hand: N".
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]

# Functions that turn an expression into text other than by the one printer.
OTHER_PRINTERS = {"to_text", "pretty", "pprint", "sstr", "srepr", "latex", "pretty_expression"}

# (module, enclosing function) -> why its text is not math shown to people.
ALLOWED = {
    ("tutor/parsing/reading.py", "read"): "Reading.text: the canonical input-language text, re-read until "
                                            "stable; people see readings through the printer",
    ("tutor/parsing/parser.py", "_spelled"): "only without a spell= from the caller (notation.read_tree re-reads "
                                             "printed math; the parser is below the printer); read() passes "
                                             "the printer's plain target",
    ("tutor/explain/textbook.py", "task"): "serialises a rewrite across the process boundary of its time limit; "
                                           "parsed back at once, never shown",
    ("tutor/packs/kinds/_question.py", "_texts"): "the question's `of` as input for backtick math (parsed, then "
                                                  "printed by the printer); the standard prompts never quote it",
    ("tutor/render/expressions.py", "pretty_expression"): "the definition of parse's 2D drawing",
    ("tutor/render/expressions.py", "render_reading"): "`calctutor parse` draws the reading in 2D as well as in "
                                                       "the printer's line (the printer has no 2D target)",
}


def _nodes(tree: ast.AST) -> Iterator[tuple[ast.AST, str]]:
    """Every node of ``tree`` with the name of the function it is in (``<module>`` outside any)."""
    stack: list[tuple[ast.AST, str]] = [(tree, "<module>")]
    while stack:
        node, function = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            function = node.name
        yield node, function
        stack.extend((child, function) for child in ast.iter_child_nodes(node))


def _calls(base: Path = ROOT) -> list[tuple[str, str, int]]:
    """(module, enclosing function, line) of every call of another printer in ``base``/tutor/."""
    found = []
    for path in sorted((base / "tutor").rglob("*.py")):
        module = path.relative_to(base).as_posix()
        for node, function in _nodes(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                f = node.func
                name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
                if name in OTHER_PRINTERS:
                    found.append((module, function, node.lineno))
    return found


def test_math_is_printed_only_by_the_printer() -> None:
    calls = _calls()
    outside = sorted((m, f, line) for m, f, line in calls if (m, f) not in ALLOWED)
    print(f"places printing math outside the printer: {len(outside)} "
          f"(allowed, not shown to people: {len({(m, f) for m, f, _ in calls} & set(ALLOWED))})")
    assert not outside, "print math with tutor.parsing.printer.show, or add the place to ALLOWED with why: " + \
        "; ".join(f"{m}:{line} in {f}()" for m, f, line in outside)


def test_every_allowed_place_still_calls_another_printer() -> None:
    places = {(m, f) for m, f, _ in _calls()}
    assert set(ALLOWED) <= places, sorted(set(ALLOWED) - places)


def test_the_scan_finds_a_new_place(tmp_path: Path) -> None:
    (tmp_path / "tutor" / "render").mkdir(parents=True)
    (tmp_path / "tutor" / "render" / "hints.py").write_text(
        "import sympy\n\ndef hint(expr):\n    from tutor.parsing import to_text\n"
        "    return f'try {to_text(expr)} or ' + sympy.pretty(expr)\n")
    assert _calls(tmp_path) == [("tutor/render/hints.py", "hint", 5)] * 2


# -- math written by hand in string literals -----------------------------------------------------------
#
# A literal with a sign of written math (−, ², ∂, √, ≠, ≈ …) is a formula typed by hand: it cannot follow
# --plain and nothing checks it. Sentences write their math in backticks and print it with
# ``tutor.parsing.prose.say``; signs between formulas come from ``printer.glyph``; conditions in words
# (u ≠ 0) go through ``printer.relations``. Text inside backticks and literals that read as input-language
# math (data such as a mistake's example "(2 + 3ε)(4 + 5ε)") are not hand-written math.

SIGNS = re.compile(r"[−²³⁴ⁿ∂√∇≠≥≤≈↦]")
SPAN = re.compile(r"`[^`]*`")
PRINTER_LAYER = "tutor/parsing/"  # the printer, the lexer and the parser define the signs

# (module, enclosing function or <module>) -> why its literal is not math written for people by hand.
SIGNS_ALLOWED = {
    ("tutor/functions.py", "<module>"): "domain conditions in words (cos(u) ≠ 0), printed through "
                                        "printer.relations (plain: !=)",
    ("tutor/autodiff/numbers.py", "_generic_sign"): "a domain condition, printed through printer.relations",
    ("tutor/autodiff/numbers.py", "_powc_text"): "a domain condition, printed through printer.relations",
    ("tutor/autodiff/numbers.py", "_generic_div"): "a domain condition, printed through printer.relations",
    ("tutor/autodiff/taylor.py", "_divide"): "a domain condition, printed through printer.relations",
    ("tutor/autodiff/graph.py", "_general_power"): "a domain condition, printed through printer.relations",
    ("tutor/autodiff/dual_steps.py", "<module>"): "the rules' conditions (v ≠ 0), printed through "
                                                  "printer.relations by DualStep.rule_in",
    ("tutor/packs/answers.py", "<module>"): "a pattern that reads a typed decimal with either minus sign",
    ("tutor/packs/templates.py", "<module>"): "patterns that read pack templates (relations, superscripts)",
    ("tutor/packs/templates.py", "_prose_number"): "characters a drawn number is read next to (=, ≤, ², …)",
    ("tutor/packs/templates.py", "_starts_factor"): "characters that start a factor in a template (√, |)",
}


# Places not yet converted (issue 10 is open; the pack kinds' standard wordings are being rewritten):
# counted apart in the figure, and each must leave this list once it is converted.
NOT_YET_CONVERTED: set[tuple[str, str]] = set()


def _hand_written(base: Path = ROOT) -> list[tuple[str, str, int, str]]:
    """(module, enclosing function, line, literal) of each literal with a sign of written math."""
    from tutor.parsing import notation as M

    found = []
    for path in sorted((base / "tutor").rglob("*.py")):
        module = path.relative_to(base).as_posix()
        if module.startswith(PRINTER_LAYER):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                      if isinstance(n, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                      and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        for node, function in _nodes(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings \
                    and len(node.value) > 1 and SIGNS.search(SPAN.sub("", node.value)):  # a sign alone is no formula
                try:
                    M.read_tree(node.value, epsilon=True)  # input-language data, printed after it is read
                except Exception:  # noqa: BLE001 - not one expression: text with a sign in it
                    found.append((module, function, node.lineno, node.value))
    return found


def test_no_math_is_written_by_hand() -> None:
    found = _hand_written()
    outside = sorted((m, f, line, text) for m, f, line, text in found
                     if (m, f) not in SIGNS_ALLOWED and (m, f) not in NOT_YET_CONVERTED)
    waiting = [x for x in found if (x[0], x[1]) in NOT_YET_CONVERTED]
    print(f"literals with math written by hand: {len(outside)} new, {len(waiting)} not yet converted in "
          f"{len(NOT_YET_CONVERTED)} places (allowed, not formulas for people: "
          f"{len({(m, f) for m, f, _, _ in found} & set(SIGNS_ALLOWED))})")
    assert not outside, "write the math in backticks and print it with tutor.parsing.prose.say (or a tree " \
        "with the printer), or add the place to SIGNS_ALLOWED with why: " + \
        "; ".join(f"{m}:{line} in {f}(): {text[:60]!r}" for m, f, line, text in outside)


def test_every_place_allowed_signs_still_has_them() -> None:
    places = {(m, f) for m, f, _, _ in _hand_written()}
    assert set(SIGNS_ALLOWED) <= places, sorted(set(SIGNS_ALLOWED) - places)
    assert NOT_YET_CONVERTED <= places, f"converted: remove from NOT_YET_CONVERTED {sorted(NOT_YET_CONVERTED - places)}"


def test_the_sign_scan_finds_a_hand_written_formula(tmp_path: Path) -> None:
    (tmp_path / "tutor" / "explain").mkdir(parents=True)
    (tmp_path / "tutor" / "explain" / "hints.py").write_text(
        "def hint(f):\n    ok = '`(f g)\\' = f\\' g + f g\\'`'\n    data = 'x² + 1'\n"
        "    return f'the rule is (f·g)′ = f′·g + f·g′ − see {f}'\n")
    assert [(m, f, line) for m, f, line, _ in _hand_written(tmp_path)] == [("tutor/explain/hints.py", "hint", 4)]


def test_every_sentence_of_backtick_math_reads_and_prints_in_both_targets() -> None:
    """The texts said with backtick math (titles, rules, messages) read as math; plain is ASCII."""
    from tutor.explain.dual import ALGEBRAS
    from tutor.explain.mistakes import BUILT_IN
    from tutor.explain.wording import STATEMENTS
    from tutor.explain.worked_numdiff import SCHEME_QUOTIENTS
    from tutor.parsing.prose import say

    texts = [m.written_title for m in BUILT_IN] + [m.example_of for m in BUILT_IN if m.practice] + \
        list(STATEMENTS.values()) + list(SCHEME_QUOTIENTS.values()) + [a.message for a in ALGEBRAS if a.message]
    texts += _said_literals()
    assert len(texts) > 100
    for text in texts:
        unicode, plain = say(text, "unicode"), say(text, "plain")
        assert "`" not in unicode + plain, text
        assert plain.isascii(), (text, plain)


def _said_literals() -> list[str]:
    """Every constant argument of a ``say(...)`` call in tutor/."""
    out = []
    for path in sorted((ROOT / "tutor").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "say" \
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                out.append(node.args[0].value)
    return out
