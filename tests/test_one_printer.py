"""Math reaches people through one printer (``tutor.parsing.printer.show``): a scan of tutor/ for the others.

Every call of another way to turn an expression into text — the input-language serialiser
``to_text``, SymPy's ``pretty``/``pprint``/``sstr``/``latex``/``srepr``, ``pretty_expression`` — is
listed below with the reason it never prints math for people, or the test fails naming the place.
A new place that prints math outside the printer therefore fails here; a listed place that no longer
calls one fails too (so the list stays true). The figure for the closing note:

    pytest -q -s tests/test_one_printer.py   # prints "places printing math outside the printer: N"
"""

from __future__ import annotations

import ast
from pathlib import Path

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


def _calls(base: Path = ROOT) -> list[tuple[str, str, int]]:
    """(module, enclosing function, line) of every call of another printer in ``base``/tutor/."""
    found = []
    for path in sorted((base / "tutor").rglob("*.py")):
        module = path.relative_to(base).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        stack: list[tuple[ast.AST, str]] = [(tree, "<module>")]
        while stack:
            node, function = stack.pop()
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                function = node.name
            if isinstance(node, ast.Call):
                f = node.func
                name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
                if name in OTHER_PRINTERS:
                    found.append((module, function, node.lineno))
            stack.extend((child, function) for child in ast.iter_child_nodes(node))
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
