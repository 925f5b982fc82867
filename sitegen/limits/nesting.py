"""How deep lists and quotes nest."""

from __future__ import annotations

import re
from bisect import bisect_left

from ..errors import Problem
from .bounds import MAX_NESTING
from .report import Where

# --- Lists and quotes ------------------------------------------------------------------------

# A line starting with quote marks and list markers, in any mixture ("> - 1. x").
_CONTAINER_MARK_RE = r"(?:>|[*+-](?=[ \t])|\d{1,9}[.)](?=[ \t]))"
_CONTAINER_LINE = re.compile(rf"\n(?:[ \t]*+{_CONTAINER_MARK_RE})++")
# Without a line holding two marks, or a mark indented 4 columns, nothing nests.
_NESTED_LINE = re.compile(rf"\n(?:[ \t]*+{_CONTAINER_MARK_RE}[ \t]*+{_CONTAINER_MARK_RE}"
                          rf"|(?:[ ]{{4}}|[ ]{{0,3}}\t)[ \t]*+{_CONTAINER_MARK_RE})")


def nesting_problem(text: str, where: Where) -> Problem | None:
    """How deep lists and quotes nest. Each quote mark and list marker opens a level; indentation
    (4 columns a level, counted over the whole line start: a little more than Python-Markdown
    does) opens one only under an item one level up, else it is a code block. HTML at the start of
    a line may be taken out of it ('<!---->- <!---->- x' is a list in a list): both the text and
    the text without HTML are measured."""
    deepest, too_deep_at, quoted = _deepest_nesting(text)
    if "<" in text:
        bare, joined = _without_markup(text)
        bare_deepest, bare_at, bare_quoted = _deepest_nesting(bare)
        if bare_deepest > deepest:
            deepest, quoted = bare_deepest, bare_quoted
            if bare_at is not None:  # in text: the lines joined before it are lines down
                before = bisect_left(joined, (bare_at + 1, 0)) - 1
                lines_down = bare.count("\n", 0, bare_at) + (joined[before][1] if before >= 0 else 0)
                too_deep_at = _offset_of_line(text, lines_down)
    if deepest <= MAX_NESTING:
        return None
    what = "lists and quotes" if quoted else "a list"
    return where.problem(too_deep_at, f"{what} nested {deepest:,} levels deep",
                         f"nest lists and quotes at most {MAX_NESTING} levels deep")


def _deepest_nesting(text: str) -> tuple[int, int | None, bool]:
    """The deepest nesting, the offset of the first line nested past the bound, whether quotes nest."""
    lines = "\n" + text
    if not _NESTED_LINE.search(lines):
        return (1 if _CONTAINER_LINE.search(lines) else 0), None, False
    deepest = previous = 0
    too_deep_at = None
    quoted = False
    for line in _CONTAINER_LINE.finditer(lines):
        start = line.group(0)  # only spaces, tabs and marks: each '>', '-', '*', '+', '.' or ')' is one
        marks = sum(start.count(mark) for mark in ">-*+.)")
        indent = (start.count(" ") + 4 * start.count("\t")) // 4
        quoted = quoted or ">" in start
        previous = marks + min(indent, previous)
        deepest = max(deepest, previous)
        if too_deep_at is None and previous > MAX_NESTING:
            too_deep_at = line.start()  # the "\n" before the line: the line's offset in text
    return deepest, too_deep_at, quoted


def _offset_of_line(text: str, lines_down: int) -> int:
    """The offset in text of the start of the line `lines_down` lines below the first."""
    offset = 0
    for _ in range(lines_down):
        offset = text.index("\n", offset) + 1
    return offset


# Comments, processing instructions and CDATA are taken out whole, lines and all: list markers
# after them continue the line before ('<!--\n-->1. ' x 30 nests 30 deep). A tag is taken out of
# its line only ('<b\n>1. ' x 30 does not nest).
_MARKUP_START = re.compile(r"<(?:!--|\?|!\[CDATA\[|[!/A-Za-z])")
_MARKUP_END = {"<!--": "-->", "<?": "?>", "<![CDATA[": "]]>"}


def _without_markup(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The text without HTML comments, processing instructions, CDATA and tags; and, for each place
    where lines were joined, (offset in the new text, line ends taken out before it)."""
    if "<" not in text:
        return text, []
    pieces, joined, position, taken_out = [], [], 0, 0
    length = 0  # of the pieces so far
    finder = _NextFinder(text)
    for start in _MARKUP_START.finditer(text):
        if start.start() < position:
            continue  # inside markup already taken out
        closing = _MARKUP_END.get(start.group())
        if closing is None:  # a tag: taken out if it ends on its line
            end, line_end = finder.next(">", start.end()), finder.next("\n", start.end())
            if end is None or (line_end is not None and line_end < end):
                continue
            end, line_ends = end + 1, 0
        else:
            end = finder.next(closing, start.end())
            if end is None:
                continue
            end += len(closing)
            line_ends = text.count("\n", start.start(), end)  # each character counted once: it is taken out
        pieces.append(text[position:start.start()])
        length += start.start() - position
        position = end
        if line_ends:
            taken_out += line_ends
            joined.append((length, taken_out))
    pieces.append(text[position:])
    return "".join(pieces), joined


class _NextFinder:
    """text.find(needle, position) for positions that only grow: each answer is remembered until
    it is passed, so that no part of the text is searched twice for the same needle."""

    def __init__(self, text: str):
        self.text, self.found = text, {}

    def next(self, needle: str, position: int) -> int | None:
        found = self.found.get(needle)
        if found is None or (found >= 0 and found < position):
            found = self.text.find(needle, position)
            self.found[needle] = found
        return found if found >= 0 else None
