"""Prose for LaTeX documents: the unicode symbols the printer and the packs write, declared for pdflatex.

A worksheet (``calctutor preview --format latex``) and an assignment's paper handout
(``calctutor export``) typeset each prompt as the student reads it on screen: the same words and
symbols. ``latex_text`` escapes LaTeX's special characters; ``unicode_declarations`` gives the
preamble lines (``\\DeclareUnicodeCharacter``, base LaTeX: no extra package) for every symbol.
"""

from __future__ import annotations

__all__ = ["UNICODE_LATEX", "latex_text", "unicode_declarations"]

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
    "—": "---", "–": "--", "’": "'", "‘": "`", "“": "``", "”": "''", "…": r"\ldots{}", "✓": r"\checkmark{}",
}
_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
            "%": r"\%", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}", "<": r"\textless{}",
            ">": r"\textgreater{}", "|": r"\textbar{}"}


_BAR = "\u0304"  # a combining macron: x̄ is x followed by it


def latex_text(text: str) -> str:
    """Prose for LaTeX: its special characters escaped (the unicode symbols are declared by
    ``unicode_declarations``); an adjoint x̄ (a letter and a combining macron) is ``\\bar{x}``."""
    out: list[str] = []
    for c in text:
        if c == _BAR and out:
            out[-1] = rf"\ensuremath{{\bar{{{out[-1]}}}}}"
        else:
            out.append(_SPECIAL.get(c, c))
    return "".join(out)


def unicode_declarations() -> list[str]:
    """The preamble lines that let pdflatex's utf8 input typeset every symbol of ``UNICODE_LATEX``."""
    return [rf"\DeclareUnicodeCharacter{{{ord(c):04X}}}{{{latex}}}" for c, latex in UNICODE_LATEX.items()
            if ord(c) > 0x7F]
