"""Every command module is registered, and each registers the command it is named after.

``calctutor CMD`` imports only the module ``tutor/cli/CMD.py`` (start-up speed), so a
command module missing from ``COMMAND_MODULES`` would exist in no ``--help``, and one
registering a command under another name would be found only by the slow path.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tutor.cli import main

CLI = Path(main.__file__).resolve().parent


def _declares_a_command(path: Path) -> bool:
    """Whether a module decorates a function with ``@app.command(...)`` (read, not imported)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if isinstance(target, ast.Attribute) and target.attr == "command":
                    return True
    return False


def test_every_module_that_declares_a_command_is_listed() -> None:
    declared = {path.stem for path in CLI.glob("*.py") if _declares_a_command(path)}
    assert declared, "no command found: the scan is broken"
    assert declared == set(main.COMMAND_MODULES), (
        f"missing from COMMAND_MODULES: {sorted(declared - set(main.COMMAND_MODULES))}; "
        f"listed but declaring no command: {sorted(set(main.COMMAND_MODULES) - declared)}"
    )


def test_each_listed_module_registers_the_command_named_after_it() -> None:
    app = main.app  # registers every listed module
    names_by_module: dict[str, set[str]] = {}
    for command in app.registered_commands:
        module = command.callback.__module__.rsplit(".", 1)[-1]
        name = command.name or command.callback.__name__.replace("_", "-")
        names_by_module.setdefault(module, set()).add(name)
    assert set(names_by_module) == set(main.COMMAND_MODULES)
    for module, names in names_by_module.items():
        assert module in names, f"tutor/cli/{module}.py registers {sorted(names)}, not `{module}`"


def test_the_help_lists_every_command() -> None:
    from typer.testing import CliRunner

    result = CliRunner().invoke(main.app, ["--help"], env={"NO_COLOR": "1", "COLUMNS": "200"})
    assert result.exit_code == 0
    listed = {line.strip("│ ").split()[0] for line in result.output.splitlines() if line.startswith("│ ") and line.strip("│ ")}
    assert set(main.COMMAND_MODULES) <= listed, sorted(set(main.COMMAND_MODULES) - listed)
