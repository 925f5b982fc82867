"""Emphasis (open marks, runs of marks), runs of spaces and attribute lists."""

from __future__ import annotations

import re
from math import isqrt

from ..errors import Problem
from .bounds import MAX_ATTRIBUTE_READ, MAX_EMPHASIS_RUN_WORK, MAX_OPEN_EMPHASIS, MAX_SPACE_RUN_WORK
from .report import Where, Worst, more_like_it

# --- Emphasis --------------------------------------------------------------------------------

# A blank line, an escaped character (no mark), or a run of '*' or '_'.
_EMPHASIS_TOKEN = re.compile(r"\n[ \t]*+\n|\\.|\*+|_+")


def open_emphasis_problem(text: str, counts: dict[str, int], where: Where) -> Problem | None:
    """The most emphasis marks open at once in a paragraph. Runs are classified as Python-Markdown
    does: '*' opens before a non-space, closes after one, may do either between two; '_' the same
    but never inside a word. What may open counts as open, so this is an upper bound."""
    if counts["*"] + counts["_"] <= MAX_OPEN_EMPHASIS:
        return None
    stars = unders = deepest = deepest_at = paragraph = 0
    length = len(text)
    for token in _EMPHASIS_TOKEN.finditer(text):
        start, end = token.span()
        mark = text[start]
        if mark == "\n":
            stars = unders = 0
            paragraph = end
            continue
        if mark == "\\":
            continue
        before = text[start - 1] if start else " "
        after = text[end] if end < length else " "
        if mark == "*":
            if not after.isspace():
                stars += end - start  # opens, or may open or close
            elif not before.isspace():
                stars = max(0, stars - (end - start))  # closes
        elif (not before.isspace() and not _is_word(before) and not after.isspace() and not _is_word(after)) \
                or (not _is_word(before) and not after.isspace()):
            unders += end - start  # may open or close; opens
        elif not before.isspace() and not _is_word(after):
            unders = max(0, unders - (end - start))  # closes
        if stars + unders > deepest:
            deepest, deepest_at = stars + unders, paragraph
    if deepest <= MAX_OPEN_EMPHASIS:
        return None
    return where.problem(deepest_at, f"a paragraph opens {deepest:,} emphasis marks ('*' or '_') without closing them",
                         "close each '*' or '_' you open, and write '\\*' for a star that is just text; "
                         f"at most {MAX_OPEN_EMPHASIS} may be open at once")


def _is_word(character: str) -> bool:
    return character.isalnum() or character == "_"


_EMPHASIS_RUNS = re.compile(r"\*{2,}|_{2,}")


def emphasis_run_problem(text: str, counts: dict[str, int], where: Where) -> Problem | None:
    """Long runs of '*' or '_': the emphasis finder tries each of their characters anew."""
    if counts["*"] ** 2 + counts["_"] ** 2 <= MAX_EMPHASIS_RUN_WORK:  # a sum of squares is at most this
        return None
    runs = Worst()
    for run in _EMPHASIS_RUNS.finditer(text):
        runs.add((run.end() - run.start()) ** 2, run.start(), run.group())
    if runs.total <= MAX_EMPHASIS_RUN_WORK:
        return None
    run = runs.detail[0]
    return where.problem(runs.offset, f"a run of {len(run):,} '{run[0]}' characters" + more_like_it(runs),
                         f"shorten it, or write it as code between backticks; a run of '*' or '_' may be at most "
                         f"{isqrt(MAX_EMPHASIS_RUN_WORK):,} long, and shorter when there are several")


_LONG_SPACE_RUN = re.compile(" {64,}")  # shorter runs cost at most 64 x their length in all


def space_run_problem(text: str, where: Where) -> Problem | None:
    """Long runs of spaces: in headings and table cells the attribute-list finder tries each space."""
    first = text.find(" " * 64)  # str.find is 100 times faster than the pattern, on text full of spaces
    if first < 0:
        return None
    runs = Worst()
    for run in _LONG_SPACE_RUN.finditer(text, first):
        runs.add((run.end() - run.start()) ** 2, run.start(), run.end() - run.start())
    if runs.total <= MAX_SPACE_RUN_WORK:
        return None
    return where.problem(runs.offset, f"a run of {runs.detail[0]:,} spaces (a tab counts as 4)" + more_like_it(runs),
                         f"remove it; a run of spaces may be at most {isqrt(MAX_SPACE_RUN_WORK):,} long, and "
                         "shorter when there are several")


# --- Attribute lists -------------------------------------------------------------------------

_BRACE = re.compile(r"(?<! ) *+\{")  # from the first space of a run only: linear


def attribute_list_problem(text: str, counts: dict[str, int], where: Where) -> Problem | None:
    """How far the attribute-list finder reads: from each '{', and each space just before it, to the
    end of the line."""
    # Each '{' reads at most (1 + the spaces before it) x the length of the text.
    spaces_before = text.count(" ") if "  {" in text else counts["{"]
    if (counts["{"] + spaces_before) * len(text) <= MAX_ATTRIBUTE_READ:
        return None
    reads, line_end = Worst(), -1
    for brace in _BRACE.finditer(text):
        if brace.start() >= line_end:
            line_end = text.find("\n", brace.end())
            line_end = len(text) if line_end < 0 else line_end
        reads.add((brace.end() - brace.start()) * (line_end - brace.start()), brace.start())
    if reads.total <= MAX_ATTRIBUTE_READ:
        return None
    return where.problem(reads.offset, "many '{' in long lines (the attribute-list finder reads from each to "
                                       "the end of its line)" + more_like_it(reads),
                         "write '\\{' for a brace that is just text, or break the long lines; the finder may read "
                         f"at most {MAX_ATTRIBUTE_READ:,} characters, here it would read {reads.total:,}")
