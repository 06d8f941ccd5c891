"""A pack as a printable LaTeX exercise sheet, or its answer key (``calctutor preview PACK --format latex``).

Pure text (no Rich). Each exercise's prompt is typeset as the student reads it on screen (the
same words and symbols: the document declares every symbol the prompts use, ``ε``, ``²``, ``−``…,
so pdflatex compiles it); the answers of the key are printed by the one printer's LaTeX target
(``tutor.packs.answer_key``: the textbook form of a derivative). A sheet leaves room to work.
"""

from __future__ import annotations

from typing import Any, Iterable, Optional

from tutor.parsing.latex_prose import UNICODE_LATEX, latex_text, unicode_declarations

__all__ = ["worksheet_latex", "UNICODE_LATEX", "latex_text"]


def _preamble(title: str, subtitle: str) -> list[str]:
    lines = [
        r"\documentclass[11pt]{article}",
        r"\usepackage[utf8]{inputenc}",
        r"\usepackage[T1]{fontenc}",
        r"\usepackage{amsmath,amssymb}",
        r"\usepackage[margin=2cm]{geometry}",
    ]
    lines += unicode_declarations()
    lines += [
        rf"\title{{{latex_text(title)}}}",
        rf"\date{{{latex_text(subtitle)}}}",
        r"\begin{document}",
        r"\maketitle",
    ]
    return lines


def worksheet_latex(title: str, entries: Iterable[tuple[Any, Optional[Any], Optional[Exception]]], *,
                    seed: int, key: bool = False) -> str:
    """The LaTeX source of the sheet (``key``: with each answer, no room to work)."""
    from tutor.packs.answer_key import answer_key

    subtitle = f"{'Answer key' if key else 'Exercises'} (variant {seed})"
    lines = _preamble(title, subtitle)
    lines.append(r"\begin{enumerate}")
    for exercise, instance, error in entries:
        if instance is None:
            lines.append(rf"\item \emph{{{latex_text(getattr(exercise, 'id', '?'))}: cannot be drawn ({latex_text(str(error))})}}")
            continue
        lines.append(rf"\item {latex_text(instance.prompt)}")
        if key:
            lines.append(rf"\\ \textbf{{Answer:}} ${answer_key(instance, 'latex')}$")
        else:
            lines.append(r"\vspace{4em}")
    lines += [r"\end{enumerate}", r"\end{document}", ""]
    return "\n".join(lines)
