"""``calctutor preview PACK``: every exercise as a student sees it, with answer and hints."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from tutor.cli.app import Panel, app
from tutor.cli.options import PlainOption, NoColorOption, json_option, seed_option

__all__ = ["preview"]


@app.command(rich_help_panel=Panel.AUTHOR)
def preview(
    pack: Annotated[str, typer.Argument(metavar="PACK", help="A pack file, or the id of an installed pack (e.g. chain-rule).")],
    seed: Annotated[int, seed_option("the numbers the templates draw")] = 0,
    as_json: Annotated[bool, json_option()] = False,
    student: Annotated[Optional[str], typer.Option(
        "--student", help="PACK is an assignment: show this student's own variant of each exercise.",
        show_default=False)] = None,
    no_color: NoColorOption = False,
    steps: Annotated[bool, typer.Option(
        "--steps", help="With --json: each exercise's worked steps, in explain's JSON structure.")] = False,
    output_format: Annotated[str, typer.Option(
        "--format", help="text, or latex: a printable exercise sheet (with --key: its answer key).")] = "text",
    key: Annotated[bool, typer.Option("--key", help="With --format latex: the answer key instead of the sheet.")] = False,
    plain: PlainOption = False,
) -> None:
    """Render every exercise of PACK with its answer, hint ladder and anticipated answers.

    With an assignment file and --student ID, shows that student's variant of
    every assigned exercise (the numbers calctutor homework serves and grade checks).

    Example: calctutor preview exercises/chain-rule.yaml --seed 3;
    calctutor preview chain-rule --format latex --key > key.tex
    """
    if student is not None:
        from tutor.cli.homework import preview_assignment

        preview_assignment(pack, student, as_json=as_json, no_color=no_color, plain=plain)
        return
    from tutor.cli.common import fail
    from tutor.errors import UserError

    if output_format not in ("text", "latex"):
        fail(UserError(f"--format {output_format!r} is not a format", hint="use --format text or --format latex"),
             as_json=as_json)
    loaded = _load(pack, as_json=as_json, no_color=no_color)
    entries = _draw(loaded, seed)
    if as_json:
        from tutor.cli.common import print_json

        print_json({"pack": loaded.id, "title": loaded.title, "seed": seed,
                    "exercises": [_entry_json(ex, inst, err, steps) for ex, inst, err in entries]})
    elif output_format == "latex":
        from tutor.render.worksheet import worksheet_latex

        typer.echo(worksheet_latex(loaded.title, entries, seed=seed, key=key), nl=False)
    elif plain:  # one block of lines per exercise, no box drawing
        from tutor.render.packs import preview_lines

        typer.echo("\n".join(preview_lines(loaded, entries)))
    else:
        from tutor.cli.common import stdout_console
        from tutor.render.packs import render_preview

        stdout_console(no_color).print(render_preview(loaded, entries))


def _load(pack: str, *, as_json: bool, no_color: bool) -> Any:
    """The pack in this file, or installed under this id; every problem of a broken one printed, exit 2."""
    from tutor.cli.common import fail, stdout_console
    from tutor.errors import UserError
    from tutor.packs import PackError, discover_packs, load_pack

    path = Path(pack)
    try:
        if path.exists() or pack.endswith((".yaml", ".yml")):
            return load_pack(path)
        catalog = discover_packs()
        found = catalog.find_pack(pack)
        if found is None:
            ids = ", ".join(p.id for p in catalog.packs)
            raise UserError(f"no pack file or installed pack named {pack!r}",
                            hint=catalog.suggest(pack) or f"installed packs: {ids}")
        return found
    except PackError as error:
        if as_json:
            fail(error, as_json=True)
        from tutor.cli.exit_codes import ExitCode
        from tutor.render.packs import render_problems

        # Every problem at once, as validate prints them: the author fixes them in one go.
        stdout_console(no_color).print(render_problems([(str(path), 0, error.problems)]), soft_wrap=True)
        raise typer.Exit(int(ExitCode.INVALID_INPUT))
    except UserError as error:
        fail(error, as_json=as_json)


def _draw(loaded: Any, seed: int) -> list[tuple[Any, Any, Any]]:
    """(exercise, its instance drawn with ``seed`` or None, the PackError that stopped it or None), in order."""
    from tutor.packs import PackError, instantiate

    entries: list[tuple[Any, Any, Any]] = []
    for ex in loaded.exercises:
        try:
            entries.append((ex, instantiate(ex, seed), None))
        except PackError as error:
            entries.append((ex, None, error))
    return entries


def _steps_json(inst: object) -> object:
    """The worked steps as JSON ({rule, shown, result, substeps} for the AD kinds, explain's for derivations)."""
    from tutor.explain import WorkedStep, step_to_json, worked_to_json

    try:
        found = inst.steps()  # type: ignore[attr-defined]
    except Exception:  # a derivation explain cannot build: say so in the document, never fail the listing
        return None
    if found is None:
        return None
    return worked_to_json(found) if isinstance(found, WorkedStep) else step_to_json(found)


def _entry_json(ex: object, inst: object, error: object, steps: bool = False) -> dict[str, object]:
    if inst is None:
        return {"id": getattr(ex, "id"), "error": str(error)}
    extra = {"steps": _steps_json(inst)} if steps else {}
    return {**extra, **{
        "id": inst.exercise_id,  # type: ignore[attr-defined]
        "kind": inst.kind,  # type: ignore[attr-defined]
        "difficulty": inst.difficulty,  # type: ignore[attr-defined]
        "skills": list(inst.skills),  # type: ignore[attr-defined]
        "prompt": inst.prompt,  # type: ignore[attr-defined]
        "answer": inst.expected_text,  # type: ignore[attr-defined]
        "answer_form": inst.answer_form,  # type: ignore[attr-defined]
        "hints": list(inst.hints),  # type: ignore[attr-defined]
    }}
