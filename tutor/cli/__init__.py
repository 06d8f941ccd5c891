"""The command line: the only layer that knows Typer and prompt_toolkit.

Each command lives in its own module and stays thin: parse the arguments, call
one function of the layers below, render the result, exit through
``ExitCode``. Command modules import only Typer at the top; SymPy and the
rest load inside the command, so ``calctutor --help`` stays instant.
"""

__all__: list[str] = []
