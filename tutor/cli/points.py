"""Reading F for the commands that take a point (``trace``, ``numdiff``, ``dual --at``).

The point names the variables, so a variable left out of ``--at`` reads as an
unknown name; this says which value is missing instead. Not a command module
(``tutor.cli.main`` does not register it); imported inside the commands.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence

__all__ = ["parse_at"]


def parse_at(expression: str, point: Mapping[str, Any], *, variables: Optional[Sequence[str]] = None,
             epsilon: bool = False) -> Any:
    """``parse(expression, variables or list(point))``, naming any variable that ``--at`` leaves out."""
    from tutor.errors import UserError
    from tutor.parsing import ParseError, parse

    names = list(variables if variables is not None else point)
    try:
        return parse(expression, names, epsilon=epsilon)
    except ParseError as error:
        try:  # read it again with any single letter a variable: is a value all that is missing?
            loose = parse(expression, None, epsilon=epsilon)
        except ParseError:
            raise error from None
        missing = sorted({str(s) for s in loose.free_symbols} - set(names) - {"ε"})
        if not missing:
            raise
        given = [f"{name}={value}" for name, value in point.items()]
        example = ",".join(given + [f"{name}=…" for name in missing])
        raise UserError(
            f"no value for {', '.join(missing)}: --at gives {', '.join(point) or 'no variables'}",
            hint=f"give every variable a value, e.g. --at {example}",
            source=error.source, span=error.span,
        ) from None
