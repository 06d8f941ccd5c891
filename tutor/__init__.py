"""calctutor: a command-line calculus tutor and derivative checker.

Layers, data flowing one way (each imports only the ones after it):

    cli -> render -> session -> packs -> (checking | explain) -> (autodiff | parsing) -> functions, errors

Nothing below ``render`` imports Rich; nothing below ``cli`` imports Typer or
prompt_toolkit. ``tests/test_architecture.py`` holds that line.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
