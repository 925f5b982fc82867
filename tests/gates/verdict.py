"""How a gate fails: one readable list of every problem, without a Python traceback."""

from __future__ import annotations

import pytest


def expect_no_problems(problems: list[str], heading: str) -> None:
    """Fail the test with `heading` and each problem on its own line, if there are any."""
    if problems:
        pytest.fail(f"{heading}:\n" + "\n".join(f"  {problem}" for problem in problems), pytrace=False)
