"""``calctutor check ANSWER --of F``: is this derivative right, and if not, why not.

Thin: read the request (``tutor.checking.request``), check it
(``tutor.checking.check_derivative``), explain a wrong answer
(``tutor.explain``, when it is available), draw or print JSON, exit with the
verdict's code. Everything heavy is imported inside the function; the fast
path (a correct answer) never imports the explanation engine or a process pool.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, List, NoReturn, Optional

import typer
from typing_extensions import Annotated

from tutor.cli.app import MATH_ARGUMENTS, Panel, app
from tutor.cli.options import (PlainOption, OrderOption, QuestionFlags, QuestionPointOption, WhereOption, dependent_option,
                                json_option, question_option, seed_option)
from tutor.cli.exit_codes import ExitCode

__all__ = ["check_command", "explanation_fields"]

# verdict status -> exit code (documented in --help and docs/checking.md)
EXIT_CODES = {
    "correct": ExitCode.OK,
    "incorrect": ExitCode.INCORRECT,
    "undecided": ExitCode.UNDECIDED,
    "invalid": ExitCode.INVALID_INPUT,
}

# Seconds a single check may take before it is "undecided" (the symbolic
# child gets what the numeric part leaves of it); 2.5 s keeps every check,
# explanation included, under the 3 s promised in the README.
BUDGET_S = 2.5
# --budget bounds: below 0.1 s not even the numeric pass fits; an hour is
# already far past any check the corpus needs (the worst takes ~2 s).
MIN_BUDGET_S = 0.1
MAX_BUDGET_S = 3600.0


def explanation_fields(request: Any, verdict: Any, *, explain: bool = True, target: str = "unicode") -> dict[str, Any]:
    """``mistake`` and ``steps`` for a wrong answer, from ``tutor.explain`` (the same as each --batch row)."""
    from tutor.grading.derivatives import explanation_fields as fields

    return fields(request, verdict, explain=explain, target=target)


def _invalid(error: Exception, answer: Optional[str], as_json: bool) -> NoReturn:
    from tutor.cli.common import fail, print_json, readings_json

    if not as_json:
        fail(error)
    from tutor.checking.batch import invalid_result

    payload = invalid_result({"answer": answer}, getattr(error, "message", str(error)))
    payload.pop("row")
    hint, span = getattr(error, "hint", None), getattr(error, "span", None)
    payload["hint"] = hint
    if span is not None:
        payload["column"] = span.column
    readings = readings_json(error)
    if readings:  # an ambiguity: both readings, each with how to type it
        payload["readings"] = readings
    print_json(payload)
    raise typer.Exit(int(ExitCode.INVALID_INPUT))


def _print_plot(verdict: Any, wrt: Any) -> None:
    """``--plot``: the practice ``:plot`` chart, for a derivative of one variable."""
    from tutor.cli.common import stdout_console

    variables = {str(s) for e in (verdict.answer, verdict.expected) if e is not None for s in e.free_symbols}
    if verdict.answer is None or verdict.expected is None or len(set(wrt)) != 1 or not variables <= set(wrt):
        stdout_console().print(f"(--plot draws derivatives of one variable; this one depends on "
                               f"{', '.join(sorted(variables - set(wrt))) or 'several'})", style="dim")
        return
    from tutor.render.practice_plot import plot_against

    stdout_console().print(plot_against(verdict.answer, verdict.expected, next(iter(wrt))))


def _textbook_expected(request: Any, verdict: Any) -> Any:
    """The derivative in textbook form (``tutor.explain.textbook``), the form every command shows."""
    try:
        from tutor.explain.textbook import textbook_form
        from tutor.parsing import variable

        of = request.of.expr.xreplace({variable(k): v for k, v in (request.where or {}).items()})
        return textbook_form(of, list(request.wrt))
    except Exception:  # noqa: BLE001 - a function the rules do not take: the checker's own derivative
        return verdict.expected


# check's own options, each named once (the shared ones are in tutor.cli.options)
AnswerArgument = Annotated[
    Optional[str], typer.Argument(metavar="[ANSWER]", help='Your derivative, e.g. "2x cos(x^2)" (quote it).')]
OfOption = Annotated[Optional[str], typer.Option("--of", help='The function F, e.g. "sin(x^2)".')]
WrtOption = Annotated[
    Optional[List[str]],
    typer.Option("--wrt", help="Differentiate by this variable; repeat for higher partials "
                 "(--wrt x --wrt y: by x, then by y). Default: F's only variable."),
]
NoExplainOption = Annotated[bool, typer.Option("--no-explain", help="Leave out the mistake diagnosis and the steps.")]
BudgetOption = Annotated[float, typer.Option("--budget", help="Seconds before the check gives up as undecided.")]
BatchOption = Annotated[
    Optional[Path],
    typer.Option("--batch", help="Grade every row of a CSV or JSON Lines file (columns answer, of, wrt, where); "
                 "one JSON line per row on stdout."),
]
JobsOption = Annotated[int, typer.Option("--jobs", help="Worker processes for --batch (0: every core; "
                                         "with --cluster local: its workers, default 2).")]
OutOption = Annotated[
    Optional[Path],
    typer.Option("--out", help="With --batch: write the results to this file (.csv: CSV, else JSON Lines) "
                 "instead of stdout."),
]
ResumeOption = Annotated[bool, typer.Option("--resume", help="With --batch --out: continue an interrupted run from "
                                            "the records already in the --out file.")]
ClusterOption = Annotated[
    Optional[str],
    typer.Option("--cluster", help='With --batch: grade on a Dask cluster, "tcp://HOST:8786" (an existing '
                 'scheduler) or "local" (started here); needs pip install "calctutor[cluster]".'),
]
ColumnOption = Annotated[
    Optional[List[str]],
    typer.Option("--column", help="With --batch: read a differently named column, e.g. "
                 "--column answer=Response (repeatable)."),
]
PlotOption = Annotated[bool, typer.Option("--plot", help="Also draw your answer against the right derivative over "
                                          "[-3, 3] (one variable; not with --json).")]


@app.command("check", context_settings=MATH_ARGUMENTS, rich_help_panel=Panel.CHECK)
def check_command(
    answer: AnswerArgument = None,
    of: OfOption = None,
    wrt: WrtOption = None,
    where: WhereOption = None,
    as_json: Annotated[bool, json_option("the verdict, the expected derivative and the evidence")] = False,
    no_explain: NoExplainOption = False,
    seed: Annotated[int, seed_option("the random sample points")] = 0,
    budget: BudgetOption = BUDGET_S,
    batch: BatchOption = None,
    jobs: JobsOption = 0,
    out: OutOption = None,
    resume: ResumeOption = False,
    cluster: ClusterOption = None,
    column: ColumnOption = None,
    plot: PlotOption = False,
    order: OrderOption = 1,
    dependent: Annotated[Optional[str], dependent_option(", or the other coordinate of a tangent line (y) or plane (z)")
                         ] = None,
    tangent_at: Annotated[Optional[str], question_option("--tangent-at", "Check", answer_forms=True)] = None,
    normal_at: Annotated[Optional[str], question_option("--normal-at", "Check", answer_forms=True)] = None,
    linearize_at: Annotated[Optional[str], question_option("--linearize-at", "Check", answer_forms=True)] = None,
    tangent_plane_at: Annotated[Optional[str], question_option("--tangent-plane-at", "Check", answer_forms=True)] = None,
    gradient: Annotated[bool, question_option("--gradient", "Check", answer_forms=True)] = False,
    hessian: Annotated[bool, question_option("--hessian", "Check", answer_forms=True)] = False,
    direction: Annotated[Optional[str], question_option("--direction", "Check", answer_forms=True)] = None,
    at: QuestionPointOption = None,
    plain: PlainOption = False,
) -> None:
    """Check a derivative: is ANSWER the derivative of F?

    The answer is compared with F's derivative at random points of F's real
    domain (by automatic differentiation) and symbolically (by SymPy).

    Examples: calctutor check "2x cos(x^2)" --of "sin(x^2)";
    calctutor check "-sin(x)" --of "cos(x)" --json;
    calctutor check "2x" --of "x^2 y" --wrt x --wrt y;
    calctutor check "y·(-sin t) + x·cos t" --of "x y" --where "x=cos(t), y=sin(t)" --wrt t;
    calctutor check "6x" --of "x^3" --order 2;
    calctutor check "-x/y" --of "x^2 + y^2 = 25" (implicit: dy/dx on the curve);
    calctutor check "y = 2x - 1" --of "x^2" --tangent-at x=1;
    calctutor check "[2x, 2y]" --of "x^2 + y^2" --gradient;
    calctutor check "22/5" --of "x^2 + y^2" --direction "(3, 4)" --at x=1,y=2.

    Exit codes: 0 correct, 1 incorrect, 2 unusable input (parse error,
    ambiguity, unknown variable, missing --wrt), 3 undecided within the time
    budget. With --batch: 0 once every row is graded (each row carries its
    verdict), 2 if the file cannot be read.
    """
    _refuse_a_budget_out_of_bounds(budget, answer, as_json)
    if batch is not None:
        from tutor.cli.batch import run_batch

        run_batch(batch, seed=seed, budget_s=budget, explain=not no_explain, jobs=jobs, out=out, resume=resume,
                  cluster=cluster, columns=column)
        return
    flags = QuestionFlags(dependent, tangent_at, normal_at, linearize_at, tangent_plane_at, gradient, hessian,
                          direction, at)
    reply = Reply(seed, budget, as_json, not no_explain, plot, plain)
    from tutor.parsing.printer import printing

    with printing(reply.target):  # every sentence's math in the target, errors and reasons included
        _check_one(answer, of, wrt, where, order, flags, reply)


@dataclass(frozen=True)
class Reply:
    """How one check is run and answered: its sample seed and time budget, JSON or drawn, explained, plotted."""

    seed: int
    budget: float
    as_json: bool
    explain: bool
    plot: bool
    plain: bool = False  # --plain: ASCII math, no box drawing

    @property
    def target(self) -> str:
        return "plain" if self.plain else "unicode"


def _refuse_a_budget_out_of_bounds(budget: float, answer: Optional[str], as_json: bool) -> None:
    from tutor.errors import UserError

    if not MIN_BUDGET_S <= budget <= MAX_BUDGET_S:  # also refuses nan
        _invalid(UserError(f"--budget {budget} is not a number of seconds between {MIN_BUDGET_S} and {MAX_BUDGET_S:g}",
                           hint=f"leave it out for the default of {BUDGET_S} s"), answer, as_json)


def _check_one(answer: Optional[str], of: Optional[str], wrt: Optional[List[str]], where: Optional[List[str]],
               order: int, flags: QuestionFlags, reply: Reply) -> None:
    """One answer: a question (tangent line, gradient, …) or a derivative, checked, explained, shown; exits."""
    from tutor.errors import UserError

    if answer is None or of is None:
        what = "an answer" if answer is None else "the function (--of F)"
        _invalid(UserError(f"give {what}", hint='e.g. calctutor check "2x" --of "x^2"'), answer, reply.as_json)
    try:
        asked, request = _read(answer, of, wrt, where, order, flags)
    except UserError as error:
        _invalid(error, answer, reply.as_json)
    if asked is not None:
        from tutor.cli.check_questions import run_question

        run_question(*asked, seed=reply.seed, budget=reply.budget, as_json=reply.as_json, explain=reply.explain,
                     plain=reply.plain)
        return
    from tutor.checking import check_request

    verdict = check_request(request, seed=reply.seed, budget_s=reply.budget)
    _report(request, verdict, explanation_fields(request, verdict, explain=reply.explain, target=reply.target),
            as_json=reply.as_json, plot=reply.plot, plain=reply.plain)
    raise typer.Exit(int(EXIT_CODES[verdict.status]))


def _read(answer: str, of: str, wrt: Optional[List[str]], where: Optional[List[str]], order: int,
          flags: QuestionFlags) -> tuple[Any, Any]:
    """(the question and its answer, None) when the flags ask one, else (None, the derivative request)."""
    from tutor.checking.question_request import read_question
    from tutor.checking.request import read_request
    from tutor.errors import UserError

    if where:
        if flags.asks_a_question():
            raise UserError("--where goes with a derivative (the chain rule), not with this question",
                            hint="substitute the inner functions into F yourself, or leave --where out")
        return None, read_request(answer, of, wrt, ", ".join(where), order=order)
    asked = read_question(answer, of, wrt=list(wrt or ()), **flags.as_options())
    if asked is None:
        return None, read_request(answer, of, wrt, None, order=order)
    if order != 1:
        raise UserError(f"--order goes with a derivative, not with the {asked[0].kind.replace('-', ' ')}",
                        hint="leave --order out")
    return asked, None


def _report(request: Any, verdict: Any, extra: dict[str, Any], *, as_json: bool, plot: bool,
            plain: bool = False) -> None:
    """The verdict with its mistake and steps: one JSON object, or drawn (and plotted with --plot)."""
    from tutor.checking import verdict_to_json

    if as_json:
        from tutor.cli.common import print_json

        print_json({**verdict_to_json(verdict), **extra})
        return
    from tutor.cli.common import print_rendered
    from tutor.render.verdicts import render_verdict

    print_rendered(render_verdict(
        verdict,
        target="plain" if plain else "unicode",
        answer=request.answer.expr,
        of=request.of.expr,
        expected=_textbook_expected(request, verdict),
        wrt=request.wrt,
        partial=len(request.function_variables) > 1 or len(set(request.wrt)) > 1,
        reading_notes=request.answer.notes,
        where=request.where,
        mistake=extra["mistake"],
        steps=extra["steps"],
    ), plain=plain)
    if plot:
        _print_plot(verdict, request.wrt)
