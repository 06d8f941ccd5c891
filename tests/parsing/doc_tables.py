"""Regenerate the two tables of docs/input-language.md by running the parser.

    /tmp/venv/bin/python tests/parsing/doc_tables.py      # rewrites the tables in place

tests/parsing/test_docs.py checks every row against the parser, so the
document cannot drift; this script is how the rows are (re)written.
"""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tutor.parsing import ParseError, read  # noqa: E402


def _print_tables() -> None:
    rows = [
     ("2x", None), ("2 x", None), ("0.5x", None), ("1e-3", None), ("x^2", None), ("x**2", None), ("x^y^2", None),
     ("-x^2", None), ("2^-x", None), ("-a/b", None), ("2(x+1)", None), ("(x+1)(x-1)", None), ("x sin x", None), ("e^x sin x", None),
     ("2√x", None), ("xy", ["x","y"]), ("x1 + x", ["x","x1"]), ("sin x", None), ("sin 2x", None), ("sin x^2", None),
     ("sin x cos x", None), ("sin^2 x", None), ("sin^-1 x", None), ("arcsin x", None), ("cosec x", None), ("sinh x", None),
     ("sqrt(x)", None), ("√(x+1)", None), ("|x - 1|", None), ("abs(x)", None), ("exp(x)", None), ("e^(2x)", None), ("ln x", None), ("log x", None),
     ("pi x", None), ("π x", None), ("theta^2", None), ("1 + 2ε", "eps"), ("3!", None), ("x²", None), ("x⁻¹", None), ("x³y²", None),
     ("2·x", None), ("2×x", None), ("x÷2", None), ("−x", None), ("２ｘ", None), ("½x", None), ("[x+1]^2", None),
     ("1/(2x)", None), ("(1/2)x", None), ("x^2 y", None), ("e^2 x", None), ("sin(x) y", None), ("sin x/2", None), ("sen x", None),
    ]
    print("| you type | declared | read as | note |")
    print("|---|---|---|---|")
    for text, v in rows:
        eps = v == "eps"
        variables = ["x"] if eps else v
        r = read(text, variables, epsilon=eps)
        decl = "x (and ε)" if eps else (", ".join(v) if v else "any letter")
        print(f"| `{text}` | {decl} | `{r.text}` | {'; '.join(r.notes)} |")
    print()
    print("| you type | what happens |")
    print("|---|---|")
    bar = "\\|"
    for text in ["1/2x", "1/2 x", "e^2x", "x^2y", "x^2(x+1)", "sin xy", "sin x y", "√2x", "x2", "d/dx x^2", "diff(x^2, x)", "f'(x)", "x = 2", "2x + y", "sen(x)", "9^9^9^9", "(x+1)^100000", "1e999999", "x^(10^100)", "factorial(10^10)", "√-1", "__import__('os')"]:
        v = ["x"] if text in ("2x + y", "sen(x)") else None
        try:
            read(text, v); msg = "accepted?!"
        except ParseError as e:
            msg = e.message + (f" — hint: {e.hint}" if e.hint else "")
        decl = " (variables: x)" if v else ""
        print(f"| `{text}`{decl} | {msg.replace('|', bar)} |")


def main() -> None:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        _print_tables()
    text = buffer.getvalue().replace("| `|x - 1|` |", "| `\\|x - 1\\|` |")
    readings, refusals = text.split("\n\n", 1)
    doc_path = ROOT / "docs" / "input-language.md"
    doc = doc_path.read_text(encoding="utf-8")
    for header, block in (("| you type | declared |", readings), ("| you type | what happens |", refusals)):
        start = doc.index(header)
        end = doc.index("\n\n", start)
        doc = doc[:start] + block.strip() + doc[end:]
    doc_path.write_text(doc, encoding="utf-8")


if __name__ == "__main__":
    main()
