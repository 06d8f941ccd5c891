"""Options several commands share, each declared once (name, type, help).

Use as ``pack: PackOption = None``, ``no_color: NoColorOption = False`` or
``as_json: Annotated[bool, json_option("what the document holds")] = False`` in a command's
signature. ``--pack``: pass ``tuple(pack or ())`` to
``tutor.packs.discover_packs(extra_paths=...)``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

__all__ = ["PackOption", "PACK_HELP", "json_option", "seed_option", "NoColorOption", "DataDirOption", "WhereOption",
           "QuestionPointOption", "PointOption", "question_option", "QUESTION_FLAGS", "QuestionFlags",
           "dependent_option", "OrderOption", "PlainOption"]

PACK_HELP = (
    "Also load exercises from this pack file or folder (repeatable). "
    "Packs are also read from the user packs folder and $CALCTUTOR_PACKS."
)

PackOption = Annotated[
    Optional[list[Path]],
    typer.Option("--pack", help=PACK_HELP, show_default=False, metavar="PATH"),
]


# -- options many commands share, each declared once -----------------------------------------------


def json_option(holds: str | None = None) -> Any:
    """``--json``: one JSON document on stdout instead of text; ``holds`` says what is in it."""
    shown = f"Print one JSON document: {holds}." if holds else "Print one JSON document instead of text."
    return typer.Option("--json", help=shown)


def seed_option(what: str) -> Any:
    """``--seed N``: makes ``what`` reproducible (the commands draw different things)."""
    return typer.Option("--seed", help=f"Seed of {what} (the same seed, the same draw).")


NoColorOption = Annotated[bool, typer.Option("--no-color", help="Plain output (NO_COLOR is honoured too).")]

DataDirOption = Annotated[
    Optional[Path],
    typer.Option("--data-dir", help="Where progress is kept (default: $CALCTUTOR_HOME or the user data folder)."),
]

WhereOption = Annotated[
    Optional[list[str]],  # a list: a second --where adds to the first instead of silently replacing it
    typer.Option("--where", help='Inner functions for the chain rule, e.g. "x=cos(t), y=sin(t)" (use --wrt t).'),
]

QuestionPointOption = Annotated[
    Optional[str], typer.Option("--at", help="The point of --direction, --gradient or --hessian, e.g. x=1,y=2.")
]

OrderOption = Annotated[int, typer.Option("--order", help="The n-th derivative: --order 3 is --wrt x three times.")]

PointOption = Annotated[
    Optional[list[str]],
    typer.Option("--at", help="The point, e.g. x=2 or x1=2,x2=5 (names the variables; exact values: 1/3, pi/2)."),
]


# -- the options that ask a question other than "the derivative of F" (check and explain) ------------

# flag -> (what it asks, how an answer to it is written); the value type is in the signature. ``check`` says
# "Check <what> (<answer>)", ``explain`` says "Explain <what>": one declaration per flag.
QUESTION_FLAGS: dict[str, tuple[str, str]] = {
    "--tangent-at": ("the tangent line at a point, e.g. --tangent-at x=1",
                     'answer "y = 2x - 1" or any equation of the line'),
    "--normal-at": ("the normal line at a point, e.g. --normal-at x=1", "any equation of the line"),
    "--linearize-at": ("the linear approximation L at a point, e.g. --linearize-at x=1",
                       'answer "L(x) = …" or an expression'),
    "--tangent-plane-at": ("the tangent plane of z = F(x, y) at a point, e.g. x=1,y=2",
                           "any equation of the plane"),
    "--gradient": ("the gradient, one partial per component",
                   'answer "[2x, 2y]", "(2x, 2y)" or "⟨2x, 2y⟩", components in the order of --wrt '
                   "(default: alphabetical)"),
    "--hessian": ("the Hessian matrix, one second partial per entry", 'answer e.g. "[[2, 0], [0, 2]]"'),
    "--direction": ('the directional derivative in this direction, e.g. "(3, 4)", normalised to '
                    "the unit vector (3/5, 4/5)", "an expression, or a number with --at"),
}


def question_option(flag: str, verb: str, *, answer_forms: bool = False) -> Any:
    """One of ``QUESTION_FLAGS`` for a command that does ``verb`` ("Check", "Explain") to that question;
    ``answer_forms``: the help also says how an answer is written."""
    what, answer = QUESTION_FLAGS[flag]
    return typer.Option(flag, help=f"{verb} {what} ({answer})." if answer_forms else f"{verb} {what}.")


@dataclass(frozen=True)
class QuestionFlags:
    """The question options as typed (check's and explain's): at most one of them asks a question."""

    dependent: str | None = None
    tangent_at: str | None = None
    normal_at: str | None = None
    linearize_at: str | None = None
    tangent_plane_at: str | None = None
    gradient: bool = False
    hessian: bool = False
    direction: str | None = None
    at: str | None = None

    def asks_a_question(self) -> bool:
        """An option that asks something other than a derivative is given (--dependent or --at alone is not)."""
        return any((self.tangent_at, self.normal_at, self.linearize_at, self.tangent_plane_at, self.gradient,
                    self.hessian, self.direction))

    def as_options(self) -> dict[str, Any]:
        """``tutor.checking.question_request.read_question``'s keyword arguments."""
        return asdict(self)


def dependent_option(also: str = "") -> Any:
    """``--dependent``: the dependent variable of an implicit curve (and ``also`` what else it names)."""
    return typer.Option(
        "--dependent", help=f'The dependent variable of an implicit curve (F with "=", e.g. "x^2 + y^2 = 25"; '
                            f"default y){also}.")

def _print_plain(ctx: typer.Context, plain: bool) -> bool:
    """--plain sets the printer's target for the whole command, so every sentence that quotes math
    (errors, reasons, messages) prints it in ASCII, not only the formulas a command prints itself."""
    from tutor.parsing.printer import use_target

    # Back to the previous target when the command ends: in-process callers (tests, CliRunner) go on in it.
    ctx.call_on_close(use_target("plain" if plain else "unicode"))
    return plain


PlainOption = Annotated[
    bool,
    typer.Option("--plain", callback=_print_plain, help="No box drawing or colour; math in plain linear text, ASCII "
                                 "(screen readers, pasting). See docs/notation.md."),
]
