"""Case page renderers by case kind; each context registers its own."""
from __future__ import annotations

from collections.abc import Callable

VIEWS: dict[str, Callable] = {}


def register(*kinds: str):
    def wrap(fn: Callable) -> Callable:
        for kind in kinds:
            VIEWS[kind] = fn
        return fn
    return wrap
