"""Regenerate the readings table (tests/parsing/readings_table.py) and the tables of
docs/input-language.md by running the parser.

    python tests/parsing/doc_tables.py      # rewrites both in place

The table module is the one list of readings: tests/parsing/test_docs.py checks that
every row is what the parser does and that the document shows exactly these rows.
To add a row, add ``(you type, declared, "", "")`` to READINGS and run this script;
then read the new reading and note before committing them.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tutor.parsing import ParseError, read  # noqa: E402

TABLE = Path(__file__).with_name("readings_table.py")
DOC = ROOT / "docs" / "input-language.md"


def table():
    """The readings_table module (loaded by path: tests/ is not a package)."""
    spec = importlib.util.spec_from_file_location("readings_table", TABLE)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def declared_options(declared: str) -> dict:
    """The cell "any letter", "x, y", "x (and ε)" or "x; wrt x" -> keyword arguments of read()."""
    names, _, asked = declared.partition("; wrt ")
    epsilon = names.endswith(" (and ε)")
    names = names.removesuffix(" (and ε)")
    options: dict = {"variables": None if names == "any letter" else [n for n in names.split(", ") if n],
                     "epsilon": epsilon}
    if asked:
        options["wrt"] = tuple(asked.split(", "))
    return options


def current(text: str, declared: str) -> tuple[str, str]:
    """(reading, notes) as the parser reads ``text`` today."""
    r = read(text, **declared_options(declared))
    return r.text, "; ".join(r.notes)


def refusal(text: str, declared: str | None) -> str:
    try:
        read(text, ["x"] if declared else None)
    except ParseError as e:
        return e.message + (f" — hint: {e.hint}" if e.hint else "")
    return "accepted?!"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def doc_tables(module) -> tuple[str, str]:
    readings = ["| you type | declared | read as | note |", "|---|---|---|---|"]
    for text, declared, reading, note in module.READINGS:
        readings.append(f"| `{_cell(text)}` | {declared} | `{_cell(reading)}` | {_cell(note)} |")
    refusals = ["| you type | what happens |", "|---|---|"]
    for text, declared in module.REFUSALS:
        decl = " (variables: x)" if declared else ""
        refusals.append(f"| `{_cell(text)}`{decl} | {_cell(refusal(text, declared))} |")
    return "\n".join(readings), "\n".join(refusals)


def _rewrite_table(module) -> None:
    source = TABLE.read_text(encoding="utf-8")
    start = source.index("READINGS: tuple[Row, ...] = (\n")
    end = source.index("\n)\n", start)
    lines = ["READINGS: tuple[Row, ...] = ("]
    for text, declared, _, _ in module.READINGS:
        try:
            reading, note = current(text, declared)
        except ParseError as error:
            reading, note = "REFUSED", error.message
        lines.append(f"    ({text!r}, {declared!r}, {reading!r}, {note!r}),")
    TABLE.write_text(source[:start] + "\n".join(lines) + source[end:], encoding="utf-8")


def main() -> None:
    _rewrite_table(table())
    readings, refusals = doc_tables(table())
    doc = DOC.read_text(encoding="utf-8")
    for header, block in (("| you type | declared |", readings), ("| you type | what happens |", refusals)):
        start = doc.index(header)
        end = doc.index("\n\n", start)
        doc = doc[:start] + block + doc[end:]
    DOC.write_text(doc, encoding="utf-8")


if __name__ == "__main__":
    with contextlib.redirect_stderr(io.StringIO()):
        main()
