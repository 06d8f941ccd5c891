"""Handing an assignment out on paper or through an LMS: each student's own variant.

- ``latex_files``: one LaTeX worksheet per student (all in one document, a page
  each) and the matching answer key;
- ``moodle_xml``: Moodle XML questions, one per student and exercise, in a
  category per student. Each question text ends with a tag
  ``[calctutor ASSIGNMENT PACK/EXERCISE variant SEED]``: when Moodle's
  *Responses* report is downloaded with the question text, ``calctutor grade
  --responses`` reads the exercise and the seed from that tag and regrades
  the response against exactly that variant.

Math is typeset through ``math_latex``, the one printer's LaTeX target (``printer.show(expr,
"latex")``, whose output reads back as the same tree); prose is escaped, never interpreted.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape as html_escape
from typing import Any, Sequence

from tutor.grading.assignment import Assignment
from tutor.parsing.latex_prose import latex_text, unicode_declarations
from tutor.grading.variants import variants

__all__ = ["Student", "latex_files", "moodle_xml", "variant_tag", "math_latex"]



@dataclass(frozen=True)
class Student:
    id: str
    name: str = ""


def variant_tag(assignment: Assignment, ref: str, seed: int) -> str:
    return f"[calctutor {assignment.id} {ref} variant {seed}]"


def math_latex(expr: Any) -> str:
    """LaTeX of a SymPy expression, by the one printer (its LaTeX target reads back as the same tree)."""
    from tutor.parsing.printer import show

    return show(expr, "latex")


def _math_of(inst: Any) -> str:
    """The function of a derivative-style exercise as display math, else ''."""
    task = getattr(inst, "task", None)
    of = getattr(task, "of", None)
    if of is None or not hasattr(of, "free_symbols") or inst.answer_form not in ("expression",):
        return ""
    return f"\\[ f = {math_latex(of)} \\]"


def _answer_latex(inst: Any) -> str:
    expected = getattr(inst.task, "expected", None)
    if inst.answer_form == "expression" and hasattr(expected, "free_symbols"):
        return f"\\( {math_latex(expected)} \\)"
    return f"\\texttt{{{latex_text(inst.expected_text)}}}"


_PREAMBLE = "\n".join([
    r"\documentclass[11pt]{article}",
    r"\usepackage[utf8]{inputenc}",
    r"\usepackage[T1]{fontenc}",
    r"\usepackage{amsmath,amssymb}",
    r"\usepackage[margin=2.2cm]{geometry}",
    *unicode_declarations(),  # every symbol a prompt may hold (ε, ∂, ², …), with base LaTeX only
    r"\begin{document}",
]) + "\n"


def latex_files(assignment: Assignment, students: Sequence[Student]) -> tuple[str, str]:
    """(worksheets, key): LaTeX documents with a page per student."""
    sheets, keys = [_PREAMBLE], [_PREAMBLE]
    title = latex_text(assignment.title)
    due = f" — due {assignment.due.isoformat()}" if assignment.due else ""
    for student in students:
        who = latex_text(f"{student.name} ({student.id})" if student.name else student.id)
        sheets.append(f"\\section*{{{title}}}\n\\noindent {who}{latex_text(due)}\n\\begin{{enumerate}}")
        keys.append(f"\\section*{{{title}: answer key}}\n\\noindent {who}\n\\begin{{enumerate}}")
        for variant in variants(assignment, student.id):
            inst = variant.instance
            ref = latex_text(variant.item.ref)
            if inst is None:
                sheets.append(f"\\item ({ref} could not be made: tell your instructor)")
                keys.append(f"\\item {ref}: cannot be made ({latex_text(str(variant.error))})")
                continue
            sheets.append(f"\\item {latex_text(inst.prompt)}{_math_of(inst)}\n\\vspace{{3cm}}")
            keys.append(f"\\item {_answer_latex(inst)} \\hfill {{\\small {ref}, seed {variant.seed}}}")
        sheets.append("\\end{enumerate}\n\\newpage")
        keys.append("\\end{enumerate}\n\\newpage")
    sheets.append("\\end{document}\n")
    keys.append("\\end{document}\n")
    return "\n".join(sheets), "\n".join(keys)


def moodle_xml(assignment: Assignment, students: Sequence[Student]) -> str:
    """A Moodle XML question file: a category per student, a short-answer question per exercise.

    Each question accepts any response (``*`` at 0 %): Moodle only collects the answers;
    calctutor grades them.
    """
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    for student in students:
        category = f"$course$/calctutor/{assignment.id}/{student.id}"
        out.append(f'  <question type="category"><category><text>{html_escape(category)}</text></category></question>')
        for variant in variants(assignment, student.id):
            inst = variant.instance
            if inst is None:
                continue
            tag = variant_tag(assignment, variant.item.ref, variant.seed)
            text = f"<p>{html_escape(inst.prompt)}</p><p><small>{html_escape(tag)}</small></p>"
            out += [
                '  <question type="shortanswer">',
                f"    <name><text>{html_escape(f'{assignment.id} {variant.item.ref} {student.id}')}</text></name>",
                f'    <questiontext format="html"><text><![CDATA[{text}]]></text></questiontext>',
                f"    <idnumber>{html_escape(f'{variant.item.ref}#{variant.seed}#{student.id}')}</idnumber>",
                f"    <defaultgrade>{variant.item.points:g}</defaultgrade>",
                "    <usecase>0</usecase>",
                '    <answer fraction="0"><text>*</text><feedback><text>Graded by calctutor.</text></feedback></answer>',
                "  </question>",
            ]
    out.append("</quiz>")
    return "\n".join(out) + "\n"
