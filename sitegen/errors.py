"""Problems in content or templates, reported to the person who must fix them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, with what to do about it."""

    path: str
    line: int | None
    message: str
    expected: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.message}"
        if self.expected:
            text += f" — {self.expected}"
        return text


class BuildError(Exception):
    """The build stopped because of problems in content or templates."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=_sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))


def _sort_key(problem: Problem):
    return (problem.path, problem.line or 0, problem.message)


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as the user typed it: relative to the working folder when possible."""
    path = os.path.abspath(path)  # not resolve(): a symbolic link is named as itself
    for base in (os.getcwd(), root):
        if base is None:
            continue
        base = os.path.abspath(base)
        if path == base or path.startswith(base.rstrip(os.sep) + os.sep):
            return os.path.relpath(path, base)
    return path
