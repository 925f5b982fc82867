"""What the converter re-reads paragraph by paragraph: brackets, links, code spans, inline marks."""

from __future__ import annotations

import re
from bisect import bisect_left

from ..errors import Problem
from .blocks import BLANK_LINES, LIST_ITEM, MARKS, PLACEHOLDER_GROWTH, SPLIT_LINE
from .bounds import MAX_BRACKET_READ, MAX_CODE_READ, MAX_INLINE_REBUILD, MAX_SPLIT_READ
from .html import BACKTICK_RUN, next_position
from .report import Where, Worst, more_like_it

# --- Paragraphs ------------------------------------------------------------------------------

# An escaped character is a placeholder by the time links are looked for: it closes nothing.
_SQUARE_BRACKET = re.compile(r"\\.|[\[\]]")
_PARENTHESIS = re.compile(r"\\.|[()]")
_RUN_OF_BRACKETS = re.compile(r"\[{2,}")
_ESCAPE = re.compile(r"\\.")
_QUOTE = re.compile("[\"']")


def paragraph_problems(text: str, counts: dict[str, int], where: Where) -> list[Problem]:
    """What the converter re-reads paragraph by paragraph (the lines between blank lines)."""
    length = len(text)
    marks = sum(counts[mark] for mark in MARKS)
    needs_split = counts["split_lines"] * length > MAX_SPLIT_READ
    needs_rebuild = marks * (length + PLACEHOLDER_GROWTH * marks) > MAX_INLINE_REBUILD
    needs_brackets = (counts["["] + counts["("]) * (length + PLACEHOLDER_GROWTH * marks) > MAX_BRACKET_READ
    needs_code = counts["`"] * length > MAX_CODE_READ
    if not (needs_split or needs_rebuild or needs_brackets or needs_code):
        return []
    lines = "\n" + text + "\n"  # offsets in it are one more than in text
    split, rebuild, brackets, code = Worst(), Worst(), Worst(), Worst()
    for block_start, block_end in _blocks(lines):
        if needs_split:
            split_lines = len(SPLIT_LINE.findall(lines, block_start - 1, block_end + 1))
            split.add(split_lines * (block_end - block_start), block_start - 1, split_lines)
        for start, end in _inline_texts(lines, block_start, block_end):
            if needs_rebuild:
                marks = sum(lines.count(mark, start, end) for mark in MARKS)
                rebuild.add(marks * (end - start + PLACEHOLDER_GROWTH * marks), start - 1, marks, end - start)
            if needs_brackets and lines.find("[", start, end) >= 0:
                read, unclosed = _bracket_read(lines, start, end)
                brackets.add(read, start - 1, unclosed, start, end)
            if needs_code and lines.find("`", start, end) >= 0:
                code.add(_code_read(lines, start, end), start - 1)
    problems = []
    if split.total > MAX_SPLIT_READ:
        problems.append(where.problem(split.offset, f"{split.detail[0]:,} headings, rules, empty list items or link "
                                                    "definitions in one paragraph, with no blank lines between them"
                                                    + more_like_it(split),
                                      "put a blank line before and after each heading, rule ('---') and link "
                                      "definition"))
    if rebuild.total > MAX_INLINE_REBUILD:
        block_marks, size = rebuild.detail
        allowed = max(1, int(((size * size + 4 * PLACEHOLDER_GROWTH * MAX_INLINE_REBUILD) ** 0.5 - size)
                             / (2 * PLACEHOLDER_GROWTH)))
        problems.append(where.problem(rebuild.offset, f"a paragraph of {size:,} characters with {block_marks:,} "
                                                      "formatting marks ('*', '_', '`', '[', '<', '&', '\\', line "
                                                      "breaks)" + more_like_it(rebuild),
                                      "split it into shorter paragraphs with blank lines, or use fewer marks; "
                                      f"a paragraph this long may have at most {allowed:,}"))
    if brackets.total > MAX_BRACKET_READ:
        problems.append(_bracket_problem(lines, brackets, where))
    if code.total > MAX_CODE_READ:
        problems.append(where.problem(code.offset, "code marks ('`') that are never closed by the same number "
                                                   "of backticks" + more_like_it(code),
                                      "close each code span with as many backticks as it opens with, and write "
                                      "'\\`' for a backtick that is just text (the code finder would read "
                                      f"{code.total:,} characters; at most {MAX_CODE_READ:,})"))
    return problems


def _blocks(lines: str):
    """(start, end) of each run of lines between blank lines, in "\\n" + text + "\\n"."""
    start = 1
    for blank in BLANK_LINES.finditer(lines, 1):
        if blank.start() > start:
            yield start, blank.start()
        start = blank.end()
    if len(lines) - 1 > start:
        yield start, len(lines) - 1


# A block that starts with a list item is a list: each item is converted on its own. A block
# whose second line is a row of '-', ':' and '|' is a table: each row (each cell) on its own.
_LIST_START = re.compile(r"[ \t>]*(?:[*+-]|\d{1,9}[.)])[ \t]")
_TABLE_START = re.compile(r"[^\n|]*+\|[^\n]*+\n[ \t|:]*+-[ \t|:-]*+(?:\n|$)")  # possessive: linear


def _inline_texts(text: str, start: int, end: int):
    """(start, end) of the texts the inline patterns of one block run on, or an upper bound;
    `text` begins with "\\n"."""
    if _TABLE_START.match(text, start, end):
        starts = [start] + [line.end() for line in _NEWLINE.finditer(text, start, end)]
    elif _LIST_START.match(text, start, end):
        starts = [item.start() + 1 for item in LIST_ITEM.finditer(text, start - 1, end)]
    else:
        yield start, end
        return
    for piece_start, piece_end in zip(starts, starts[1:] + [end]):
        yield piece_start, piece_end


_NEWLINE = re.compile("\n")


def _bracket_read(text: str, start: int, end: int) -> tuple[int, int]:
    """Characters the link finder reads in this paragraph, and how many '[' stay unclosed. Each
    '[' is read on to its matching ']', each '](' to its matching ')'; an unclosed one, or a link
    whose address holds a quote, to the end of the paragraph. By then each escape ('\\*') has
    become a placeholder 12 characters longer."""
    escapes = [escape.start() for escape in _ESCAPE.finditer(text, start, end)] \
        if text.find("\\", start, end) >= 0 else []

    def span(left: int, right: int) -> int:
        return right - left + PLACEHOLDER_GROWTH * (bisect_left(escapes, right) - bisect_left(escapes, left))

    code = _code_spans(text, start, end)[1] if text.find("`", start, end) >= 0 else []
    in_code = _InSpans(code)
    opened, link_starts, read = [], [], 0
    for bracket in _SQUARE_BRACKET.finditer(text, start, end):
        if in_code(bracket.start()):
            continue  # code is a placeholder by then
        if bracket.group() == "[":
            opened.append(bracket.start())
        elif opened and bracket.group() == "]":
            read += span(opened.pop(), bracket.start())
            if bracket.end() < end and text[bracket.end()] == "(":
                link_starts.append(bracket.end())
    read += sum(span(left, end) for left in opened)
    if link_starts:
        read += _link_read(text, link_starts, end, span, _InSpans(code)) // 2  # the address reader is twice as fast
    return read, len(opened)


class _InSpans:
    """Whether positions, asked in increasing order, fall in one of the sorted spans."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans, self.index = spans, 0

    def __call__(self, position: int) -> bool:
        while self.index < len(self.spans) and self.spans[self.index][1] <= position:
            self.index += 1
        return self.index < len(self.spans) and self.spans[self.index][0] <= position


def _link_read(text: str, link_starts: list[int], end: int, span, in_code: _InSpans) -> int:
    closing, opened = {}, []
    for parenthesis in _PARENTHESIS.finditer(text, link_starts[0], end):
        if in_code(parenthesis.start()):
            continue
        if parenthesis.group() == "(":
            opened.append(parenthesis.start())
        elif opened and parenthesis.group() == ")":
            closing[opened.pop()] = parenthesis.start()
    quotes = [quote.start() for quote in _QUOTE.finditer(text, link_starts[0], end)]
    read = 0
    for left in link_starts:
        right = closing.get(left)
        quote = next_position(quotes, left)
        if right is None or (quote is not None and quote < right):  # a quote makes it read to the end
            read += span(left, end)
        else:
            read += span(left, right)
    return read


def _bracket_problem(text: str, brackets: Worst, where: Where) -> Problem:
    unclosed, start, end = brackets.detail
    run = max((len(found) for found in _RUN_OF_BRACKETS.findall(text, start, end)), default=0)
    if run >= 100:
        found = f"a run of {run:,} '[' characters"
    elif unclosed:
        found = f"{unclosed:,} '[' without a matching ']' in one paragraph"
    else:
        found = "brackets '[' nested deeply, or links '](' without their ')', in one paragraph"
    return where.problem(brackets.offset, found + more_like_it(brackets),
                         "write '\\[' for a bracket that is not part of a link, close each '[' with ']' and "
                         "each '](' with ')', or split the paragraph with blank lines (the link finder would "
                         f"read {brackets.total:,} characters; at most {MAX_BRACKET_READ:,})")


def _code_read(text: str, start: int, end: int) -> int:
    """Characters the code-span finder reads in this paragraph."""
    if text.find("``", start, end) < 0 and text.find("\\`", start, end) < 0 and text.count("`", start, end) % 2 == 0:
        return end - start  # single backticks, in pairs: each read to the next, at most the paragraph
    return _code_spans(text, start, end)[0]


def _code_spans(text: str, start: int, end: int) -> tuple[int, list[tuple[int, int]]]:
    """Characters the code-span finder reads in this paragraph, and the code spans it finds.

    As Python-Markdown 3.11 does: from a backtick (not after a backslash) it takes the backticks
    that follow as the opening, and reads on to the next group of exactly as many; failing that,
    it closes on the longest later group if that is shorter, or else gives up and goes on twice
    the opening's length further (one length too far: into the next group, which then opens
    shorter than it is, and is likely to fail in turn)."""
    runs = [(run.start(), run.end()) for run in BACKTICK_RUN.finditer(text, start, end)]
    starts = [run_start for run_start, _ in runs]
    of_length: dict[int, list[int]] = {}  # run indexes by length
    for index, (run_start, run_end) in enumerate(runs):
        of_length.setdefault(run_end - run_start, []).append(index)
    longest_after: list[tuple[int, int]] = [(0, -1)] * len(runs)  # (length, first index of it) after each run
    best = (0, -1)
    for index in range(len(runs) - 1, -1, -1):
        longest_after[index] = best
        length = runs[index][1] - runs[index][0]
        if length >= best[0]:
            best = (length, index)
    read, spans, cursor = 0, [], start
    while True:
        index = bisect_left(starts, cursor)
        if index and runs[index - 1][1] > cursor:
            index -= 1  # the cursor is inside a group
        if index == len(runs):
            return read, spans
        opening = max(cursor, runs[index][0])
        if opening == runs[index][0] and opening > start and text[opening - 1] == "\\":
            opening += 1  # an escaped backtick opens nothing
        ticks = runs[index][1] - opening
        if ticks == 0:
            cursor = runs[index][1]
            continue
        same = of_length.get(ticks, [])
        closer = bisect_left(same, index + 1)
        if closer < len(same):
            close_start, close_end = runs[same[closer]]
            read += close_start - opening
            spans.append((opening, close_end))
            cursor = close_end
            continue
        read += end - opening
        longest, longest_index = longest_after[index]
        if 0 < longest < ticks:
            spans.append((opening, runs[longest_index][1]))
            cursor = runs[longest_index][1]
        else:
            cursor = opening + 2 * ticks
