"""A pack as a printable LaTeX exercise sheet, or its answer key (``calctutor preview PACK --format latex``).

Pure text (no Rich). Each exercise's prompt is typeset as the student reads it on screen (the
same words and symbols: the document declares every symbol the prompts use, ``ε``, ``²``, ``−``…,
so pdflatex compiles it); the answers of the key are printed by the one printer's LaTeX target
(``tutor.packs.answer_key``: the textbook form of a derivative). A sheet leaves room to work.
"""

from __future__ import annotations

from typing import Any, Iterable, Optional

__all__ = ["worksheet_latex", "UNICODE_LATEX", "latex_text"]

# Every non-ASCII symbol the prompts and hints use, as LaTeX writes it (declared for pdflatex's
# utf8 input, so the text stays exactly the text the student reads). One row per symbol.
UNICODE_LATEX: dict[str, str] = {
    "ε": r"\ensuremath{\varepsilon}", "π": r"\ensuremath{\pi}", "θ": r"\ensuremath{\theta}",
    "φ": r"\ensuremath{\varphi}", "λ": r"\ensuremath{\lambda}", "α": r"\ensuremath{\alpha}",
    "β": r"\ensuremath{\beta}", "σ": r"\ensuremath{\sigma}", "ω": r"\ensuremath{\omega}",
    "μ": r"\ensuremath{\mu}", "Δ": r"\ensuremath{\Delta}",
    "−": r"\ensuremath{-}", "·": r"\ensuremath{\cdot}", "×": r"\ensuremath{\times}",
    "√": r"\ensuremath{\surd}", "∂": r"\ensuremath{\partial}", "∇": r"\ensuremath{\nabla}",
    "≈": r"\ensuremath{\approx}", "≠": r"\ensuremath{\neq}", "≤": r"\ensuremath{\leq}", "≥": r"\ensuremath{\geq}",
    "→": r"\ensuremath{\to}", "↦": r"\ensuremath{\mapsto}", "⟨": r"\ensuremath{\langle}",
    "⟩": r"\ensuremath{\rangle}", "∈": r"\ensuremath{\in}", "ℝ": r"\ensuremath{\mathbb{R}}", "∞": r"\ensuremath{\infty}",
    "⁰": r"\textsuperscript{0}", "¹": r"\textsuperscript{1}", "²": r"\textsuperscript{2}",
    "³": r"\textsuperscript{3}", "⁴": r"\textsuperscript{4}", "⁵": r"\textsuperscript{5}",
    "⁶": r"\textsuperscript{6}", "⁷": r"\textsuperscript{7}", "⁸": r"\textsuperscript{8}",
    "⁹": r"\textsuperscript{9}", "⁻": r"\textsuperscript{\ensuremath{-}}", "ⁿ": r"\textsuperscript{n}",
    "ˣ": r"\textsuperscript{x}", "ʸ": r"\textsuperscript{y}", "ⁱ": r"\textsuperscript{i}",
    "ᵗ": r"\textsuperscript{t}", "ᵏ": r"\textsuperscript{k}",
    "₀": r"\textsubscript{0}", "₁": r"\textsubscript{1}", "₂": r"\textsubscript{2}", "₃": r"\textsubscript{3}",
    "₄": r"\textsubscript{4}", "₅": r"\textsubscript{5}", "ᵢ": r"\textsubscript{i}",
    "\u0304": "",  # a combining macron (x̄): the letter is kept, the bar dropped by pdflatex's utf8
    "—": "---", "–": "--", "’": "'", "‘": "`", "“": "``", "”": "''", "…": r"\ldots{}", "✓": r"\checkmark{}",
}
_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
            "%": r"\%", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}", "<": r"\textless{}",
            ">": r"\textgreater{}", "|": r"\textbar{}"}


def latex_text(text: str) -> str:
    """Prose for LaTeX: its special characters escaped (the unicode symbols are declared in the preamble)."""
    return "".join(_SPECIAL.get(c, c) for c in text)


def _preamble(title: str, subtitle: str) -> list[str]:
    lines = [
        r"\documentclass[11pt]{article}",
        r"\usepackage[utf8]{inputenc}",
        r"\usepackage[T1]{fontenc}",
        r"\usepackage{amsmath,amssymb}",
        r"\usepackage[margin=2cm]{geometry}",
    ]
    lines += [rf"\DeclareUnicodeCharacter{{{ord(c):04X}}}{{{latex}}}" for c, latex in UNICODE_LATEX.items()
              if ord(c) > 0x7F and c != "\u0304"]
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
