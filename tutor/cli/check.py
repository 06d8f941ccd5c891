"""``calctutor check ANSWER --of F``: is this derivative right, and if not, why not.

Thin: read the request (``tutor.checking.request``), check it
(``tutor.checking.check_derivative``), explain a wrong answer
(``tutor.explain``, when it is available), draw or print JSON, exit with the
verdict's code. Everything heavy is imported inside the function; the fast
path (a correct answer) never imports the explanation engine or a process pool.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, List, Mapping, Optional

import typer
from typing_extensions import Annotated

from tutor.cli.app import MATH_ARGUMENTS, Panel, app
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
# The mistake diagnosis may use this long on a wrong answer.
DIAGNOSE_BUDGET_S = 0.4


def explanation_fields(request: Any, verdict: Any, *, explain: bool = True) -> dict[str, Any]:
    """``mistake`` and ``steps`` for a wrong answer, from ``tutor.explain`` (None if unavailable)."""
    fields: dict[str, Any] = {"mistake": None, "steps": None}
    if not explain or verdict.status != "incorrect":
        return fields
    try:
        from tutor import explain as explaining
    except ImportError:
        return fields
    diagnose = getattr(explaining, "diagnose", None)
    if diagnose is not None:
        try:
            found = diagnose(request.of.expr, request.answer.expr, list(request.wrt), request.where or None,
                             budget_s=DIAGNOSE_BUDGET_S)
        except Exception:  # noqa: BLE001 — a diagnosis is a bonus; the verdict stands without it
            found = None
        if found is not None and getattr(found, "matches", None):
            try:  # the explanation layer's own JSON, so `check` and `explain --answer` agree
                from tutor.explain.diagnosis import diagnosis_to_json

                fields["mistake"] = diagnosis_to_json(found)
            except ImportError:
                best = found.matches[0]
                fields["mistake"] = {
                    "id": best.id,
                    "title": getattr(best, "title", best.id),
                    "message": best.message,
                    "location": None if getattr(best, "location", None) is None else str(best.location),
                }
    steps_of, to_json = getattr(explaining, "explain", None), getattr(explaining, "step_to_json", None)
    if steps_of is not None and to_json is not None:
        try:
            fields["steps"] = to_json(steps_of(request.of.expr, list(request.wrt), request.where or None))
        except Exception:  # noqa: BLE001 — no steps for this F; the verdict stands
            fields["steps"] = None
    return fields


def _grade_explained(row: Mapping[str, Any], *, seed: int, budget_s: float, explain: bool) -> dict[str, Any]:
    from tutor.checking.batch import grade_row

    extra = functools.partial(explanation_fields, explain=explain) if explain else None
    return grade_row(row, seed=seed, budget_s=budget_s, extra=extra)


def _invalid(error: Exception, answer: Optional[str], as_json: bool) -> None:
    from tutor.cli.common import fail, print_json

    if not as_json:
        fail(error)
    from tutor.checking.batch import invalid_result

    payload = invalid_result({"answer": answer}, getattr(error, "message", str(error)))
    payload.pop("row")
    hint, span = getattr(error, "hint", None), getattr(error, "span", None)
    payload["hint"] = hint
    if span is not None:
        payload["column"] = span.column
    readings = getattr(error, "readings", None)
    if readings:  # an ambiguity: both readings, each with how to type it
        payload["readings"] = [{"reading": r.text, "sympy": str(r.expr), "write": r.write} for r in readings]
    print_json(payload)
    raise typer.Exit(int(ExitCode.INVALID_INPUT))


def _run_batch(path: Path, *, seed: int, budget_s: float, explain: bool, jobs: int) -> None:
    import json
    import sys

    from tutor.checking.batch import grade_rows, read_rows
    from tutor.cli.common import fail, stderr_console
    from tutor.errors import UserError

    try:
        rows = read_rows(path)
    except UserError as error:
        fail(error)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    grade = functools.partial(_grade_explained, seed=seed, budget_s=budget_s, explain=explain)
    columns = (TextColumn("grading"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    # No refresh thread (auto_refresh=False): the worker pool forks this
    # process, and forking while another thread holds a lock is unsafe.
    with Progress(*columns, console=stderr_console(), transient=True, auto_refresh=False) as progress:
        task = progress.add_task("grading", total=len(rows))
        for result in grade_rows(rows, grade, processes=jobs or None):
            sys.stdout.write(json.dumps(result, ensure_ascii=False, default=str) + "\n")
            sys.stdout.flush()
            progress.advance(task)
            progress.refresh()


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


@app.command("check", context_settings=MATH_ARGUMENTS, rich_help_panel=Panel.CHECK)
def check_command(
    answer: Annotated[Optional[str], typer.Argument(metavar="[ANSWER]", help='Your derivative, e.g. "2x cos(x^2)" (quote it).')] = None,
    of: Annotated[Optional[str], typer.Option("--of", help='The function F, e.g. "sin(x^2)".')] = None,
    wrt: Annotated[
        Optional[List[str]],
        typer.Option("--wrt", help="Differentiate by this variable; repeat for higher partials "
                     "(--wrt x --wrt y is ∂²F/∂y∂x). Default: F's only variable."),
    ] = None,
    where: Annotated[
        Optional[List[str]],  # a list: a second --where adds to the first instead of silently replacing it
        typer.Option("--where", help='Inner functions for the chain rule, e.g. "x=cos(t), y=sin(t)" (use --wrt t).'),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object (verdict, expected, evidence…).")] = False,
    no_explain: Annotated[bool, typer.Option("--no-explain", help="Leave out the mistake diagnosis and the steps.")] = False,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the random sample points (reproducible).")] = 0,
    budget: Annotated[float, typer.Option("--budget", help="Seconds before the check gives up as undecided.")] = BUDGET_S,
    batch: Annotated[
        Optional[Path],
        typer.Option("--batch", help="Grade every row of a CSV or JSON Lines file (columns answer, of, wrt, where); "
                     "one JSON line per row on stdout."),
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", help="Worker processes for --batch (0: every core).")] = 0,
    plot: Annotated[
        bool,
        typer.Option("--plot", help="Also draw your answer against the right derivative over [-3, 3] "
                     "(one variable; not with --json)."),
    ] = False,
) -> None:
    """Check a derivative: is ANSWER the derivative of F?

    The answer is compared with F's derivative at random points of F's real
    domain (by automatic differentiation) and symbolically (by SymPy).

    Examples: calctutor check "2x cos(x^2)" --of "sin(x^2)";
    calctutor check "-sin(x)" --of "cos(x)" --json;
    calctutor check "2x" --of "x^2 y" --wrt x --wrt y;
    calctutor check "y·(-sin t) + x·cos t" --of "x y" --where "x=cos(t), y=sin(t)" --wrt t.

    Exit codes: 0 correct, 1 incorrect, 2 unusable input (parse error,
    ambiguity, unknown variable, missing --wrt), 3 undecided within the time
    budget. With --batch: 0 once every row is graded (each row carries its
    verdict), 2 if the file cannot be read.
    """
    from tutor.errors import UserError

    if not MIN_BUDGET_S <= budget <= MAX_BUDGET_S:  # also refuses nan
        _invalid(UserError(f"--budget {budget} is not a number of seconds between {MIN_BUDGET_S} and {MAX_BUDGET_S:g}",
                           hint=f"leave it out for the default of {BUDGET_S} s"), answer, as_json)
    if batch is not None:
        _run_batch(batch, seed=seed, budget_s=budget, explain=not no_explain, jobs=jobs)
        return

    if answer is None or of is None:
        what = "an answer" if answer is None else "the function (--of F)"
        _invalid(UserError(f"give {what}", hint='e.g. calctutor check "2x" --of "x^2"'), answer, as_json)
    from tutor.checking import check_derivative, verdict_to_json
    from tutor.checking.request import read_request

    try:
        request = read_request(answer, of, wrt, ", ".join(where) if where else None)
    except UserError as error:
        _invalid(error, answer, as_json)
    verdict = check_derivative(request.answer.expr, request.of.expr, request.wrt, request.where, seed=seed, budget_s=budget)
    extra = explanation_fields(request, verdict, explain=not no_explain)
    if as_json:
        from tutor.cli.common import print_json

        print_json({**verdict_to_json(verdict), **extra})
    else:
        from tutor.cli.common import stdout_console
        from tutor.parsing import to_text
        from tutor.render.verdicts import render_verdict

        render_verdict_args = dict(
            answer_text=request.answer.text,
            of_text=request.of.text,
            expected_text=to_text(verdict.expected),
            wrt=request.wrt,
            partial=len(request.function_variables) > 1 or len(set(request.wrt)) > 1,
            reading_notes=request.answer.notes,
            where_text=", ".join(f"{k} = {to_text(v)}" for k, v in request.where.items()),
            mistake=extra["mistake"],
            steps=extra["steps"],
        )
        stdout_console().print(render_verdict(verdict, **render_verdict_args))
        if plot:
            _print_plot(verdict, request.wrt)
    raise typer.Exit(int(EXIT_CODES[verdict.status]))
