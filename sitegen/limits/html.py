"""Raw HTML (how deep tags nest, how far the parser reads) and table rows."""

from __future__ import annotations

import re
from bisect import bisect_left

from ..errors import Problem
from .bounds import MAX_HTML_NESTING, MAX_TABLE_ROW_WORK, MAX_TAG_READ
from .report import Where, Worst, more_like_it

# --- HTML ------------------------------------------------------------------------------------

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
_VOID_ELEMENTS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
# Elements whose end tag may be left out: they close themselves, so they do not nest unclosed.
_OPTIONAL_END = frozenset("p li dt dd tr td th thead tbody tfoot option optgroup colgroup caption rb rt rp".split())
_ATTRIBUTE_QUOTE = re.compile(r"""=\s*(["'])""")


def html_problems(text: str, counts: dict[str, int], where: Where) -> list[Problem | None]:
    """How deep HTML tags nest, and how far the HTML parser reads from each '<tag'."""
    tags = counts["<"]
    if tags <= MAX_HTML_NESTING and tags * len(text) <= MAX_TAG_READ:
        return []
    open_tags: dict[str, int] = {}
    depth, nesting, reading = 0, Worst(), Worst()
    tag_read = _TagReader(text)
    for tag in _TAG.finditer(text):
        name = tag.group(2).lower()
        if tag.group(1):
            if open_tags.get(name):  # a stray end tag closes nothing
                open_tags[name] -= 1
                depth -= 1
            continue
        reading.add(tag_read(tag.start()), tag.start())
        if name not in _VOID_ELEMENTS and name not in _OPTIONAL_END:
            open_tags[name] = open_tags.get(name, 0) + 1
            depth += 1
            if depth > nesting.largest:
                nesting.largest = depth
                if depth == MAX_HTML_NESTING + 1:
                    nesting.offset = tag.start()
    problems = []
    if nesting.largest > MAX_HTML_NESTING:
        problems.append(where.problem(nesting.offset, f"HTML tags nested {nesting.largest:,} levels deep "
                                                      "(or opened and never closed)",
                                      "close each HTML tag you open; nest them at most "
                                      f"{MAX_HTML_NESTING} levels deep"))
    if reading.total > MAX_TAG_READ:
        name = _TAG.match(text, reading.offset).group(0)
        problems.append(where.problem(reading.offset, f"HTML tags such as '{name}' that are not closed by '>'"
                                                      + more_like_it(reading),
                                      "end each HTML tag with '>', and write '&lt;' for a '<' that is just text "
                                      f"(the HTML reader would read {reading.total:,} characters; at most "
                                      f"{MAX_TAG_READ:,})"))
    return problems


class _TagReader:
    """How far Python's HTML parser reads from a '<tag': to its '>', past quoted attribute values
    (which may hold a '>'). Positions are found once, so no part of the text is read twice."""

    def __init__(self, text: str):
        self.length = len(text)
        self.closes = [match.start() for match in _CLOSE.finditer(text)]
        values = list(_ATTRIBUTE_QUOTE.finditer(text))
        self.value_starts = [value.start() for value in values]
        self.value_quotes = [(value.group(1), value.end()) for value in values]
        self.quotes = {quote: [match.start() for match in re.finditer(quote, text)] for quote in "\"'"}
        self.ends: dict[int, int | None] = {}

    def __call__(self, start: int) -> int:
        close = self._close_after(start)
        return (close if close is not None else self.length) - start

    def _close_after(self, start: int) -> int | None:
        """The '>' that ends a tag read from `start`, or None. The way from one quoted value to the
        next depends only on where it is, so each step is worked out once for all tags."""
        position, path = start, []
        while position not in self.ends:
            path.append(position)
            close = next_position(self.closes, position)
            value = bisect_left(self.value_starts, position)
            if close is None or value == len(self.value_starts) or self.value_starts[value] >= close:
                self.ends[position] = close  # no quoted value before the '>' (or no '>' at all)
                break
            quote, value_start = self.value_quotes[value]
            end_quote = next_position(self.quotes[quote], value_start)
            if end_quote is None:
                self.ends[position] = None
                break
            position = end_quote + 1
        end = self.ends[position]
        for step in path:
            self.ends[step] = end
        return end


_CLOSE = re.compile(">")


def next_position(positions: list[int], position: int) -> int | None:
    """The first of the sorted positions at or after position."""
    index = bisect_left(positions, position)
    return positions[index] if index < len(positions) else None


# --- Tables ----------------------------------------------------------------------------------

_LINE_WITH_BACKTICK = re.compile(r"^[^\n`]*`[^\n]*", re.MULTILINE)
BACKTICK_RUN = re.compile(r"`+")


def table_row_problem(text: str, counts: dict[str, int], where: Where) -> Problem | None:
    """The table parser pairs a row's backtick groups with a linear search each."""
    if counts["`"] * (counts["`"] + counts["|"]) <= MAX_TABLE_ROW_WORK:
        return None
    rows = Worst()
    for line in _LINE_WITH_BACKTICK.finditer(text):
        row = line.group(0)
        if "|" in row:
            groups = len(BACKTICK_RUN.findall(row))
            rows.add(groups * (groups + row.count("|")), line.start(), groups)
    if rows.total <= MAX_TABLE_ROW_WORK:
        return None
    return where.problem(rows.offset, f"a table row with {rows.detail[0]:,} code marks ('`')" + more_like_it(rows),
                         "put long code in a code block below the table rather than in its cells; the rows "
                         f"of a page may cost at most {MAX_TABLE_ROW_WORK:,} steps (code marks x (code marks "
                         "+ cells), row by row)")
