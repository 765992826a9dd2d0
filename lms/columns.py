"""Model properties shown as columns of admin listings and their CSV/XLSX exports."""

from collections.abc import Callable
from typing import Any


def column(heading: Any) -> Callable[[Callable], property]:
    """A read-only property whose column heading (in listings and exports) is ``heading``, a lazy translation;
    without one, Wagtail makes an English heading of the property's name."""

    def make(function: Callable) -> property:
        function.short_description = heading
        return property(function)

    return make
