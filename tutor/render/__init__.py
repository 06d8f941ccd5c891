"""Rendering: the only layer that imports Rich. It draws data, it never computes."""

__all__: list[str] = []
