"""Where in the page a bound is passed, and the largest part of a sum over the page."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import Problem

@dataclass(frozen=True)
class Where:
    """Turns an offset in the text into a Problem at its file line."""

    text: str
    source: str
    first_line: int

    def problem(self, offset: int, message: str, expected: str) -> Problem:
        return Problem(self.source, self.first_line + self.text.count("\n", 0, offset), message, expected)


def megabytes(chars: int) -> str:
    return f"{chars / 1_000_000:.1f} MB" if chars % 1_000_000 else f"{chars // 1_000_000} MB"


@dataclass
class Worst:
    """A sum over the page, and its largest part: how large, where, and what it was made of."""

    total: int = 0
    largest: int = 0
    offset: int = 0
    detail: tuple = ()

    def add(self, amount: int, offset: int, *detail) -> None:
        self.total += amount
        if amount > self.largest:
            self.largest, self.offset, self.detail = amount, offset, detail


def more_like_it(worst: Worst) -> str:
    return " (and more like it further on)" if worst.largest < worst.total // 2 else ""
