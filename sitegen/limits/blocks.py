"""What the page is made of (blocks, list items, marks: its weight), and its fenced code."""

from __future__ import annotations

import re

from ..errors import Problem
from .bounds import ELEMENT_WEIGHTS, MAX_ELEMENT_WEIGHT, MAX_FENCE_READ
from .report import Where

# --- What the page is made of ----------------------------------------------------------------

# Patterns that start with a newline run on "\n" + text: six times faster than '^' and MULTILINE.
BLANK_LINES = re.compile(r"\n[ \t]*+\n")
_WHITESPACE_LINE = re.compile(r"\n[ \t]++(?=\n)")
# Lines that begin a block of their own inside a paragraph, also in a quote: ATX headings (in a
# list item too), rules and setext underlines (lines of '-', '=', '*', '_', so also an empty list
# item '- '), link definitions. Possessive throughout: linear on '- - - ... x'.
SPLIT_LINE = re.compile(r"\n[ \t>]*+(?:(?:(?:[*+-]|\d{1,9}[.)])[ \t]++)*+#|[-=*_][-=*_ \t]*+(?=\n)|\[[^\]\n]*+\]:)")
LIST_ITEM = re.compile(r"\n[ \t>]*+(?:[*+-]|\d{1,9}[.)])[ \t]")
_LINE_BREAK = "  \n"
# What starts an inline match: each becomes a 14-character placeholder in the paragraph.
MARKS = ("[", "`", "*", "_", "<", "&", "\\", _LINE_BREAK)
PLACEHOLDER_GROWTH = 12


def count_elements(text: str) -> dict[str, int]:
    """How many of each element the text has (the keys of ELEMENT_WEIGHTS)."""
    counts = {key: text.count(key) for key in ELEMENT_WEIGHTS if key not in _COUNTED_BY_PATTERN}
    lines = "\n" + text + "\n"
    counts.update((key, len(pattern.findall(lines))) for key, pattern in _COUNTED_BY_PATTERN.items() if pattern)
    # Blank lines, as BLANK_LINES finds them or more: str.count is 200 times faster.
    counts["blocks"] = text.count("\n\n") + len(_WHITESPACE_LINE.findall(text)) + 1
    return counts


def element_weight_problem(counts: dict[str, int], where: Where) -> Problem | None:
    weight = sum(ELEMENT_WEIGHTS[key] * counts[key] for key in ELEMENT_WEIGHTS)
    if weight <= MAX_ELEMENT_WEIGHT:
        return None
    largest = max(ELEMENT_WEIGHTS, key=lambda key: ELEMENT_WEIGHTS[key] * counts[key])
    return where.problem(0, f"the page has too many elements to convert quickly: they weigh {weight:,}, "
                            f"most of it {_ELEMENT_NAMES[largest]} ({counts[largest]:,})",
                         f"split the page into smaller pages; a page may weigh at most {MAX_ELEMENT_WEIGHT:,} "
                         "(a paragraph, list item or table cell counts 3 or 4, a link 6, an HTML tag 4, "
                         "a '*' or '_' 1)")


_COUNTED_BY_PATTERN = {"blocks": None, "split_lines": SPLIT_LINE, "list_items": LIST_ITEM}
_ELEMENT_NAMES = {
    "blocks": "paragraphs and other blocks", "split_lines": "headings and rules", "list_items": "list items",
    "|": "table cells ('|')", "[": "links and brackets ('[')", "<": "HTML tags ('<')", "&": "entities ('&')",
    "`": "code marks ('`')", "~~~": "code fences ('~~~')", "*": "'*' marks", "_": "'_' marks",
    "\\": "backslashes", _LINE_BREAK: "line breaks (two spaces at the end of a line)", ">": "quote marks ('>')",
    "{": "attribute lists ('{')", "]": "closing brackets (']')", "(": "parentheses ('(')", ")": "parentheses (')')",
}


# --- Fenced code -----------------------------------------------------------------------------

_FENCE_LINE = re.compile(r"^(`{3,}|~{3,})([^\n]*)$", re.MULTILINE)
# What may follow an opening fence on its line (Python-Markdown's FENCED_BLOCK_RE).
# (Possessive where the original is not: it matches the same lines, without trying each split of
# the spaces.)
_FENCE_INFO = re.compile(r"""[ ]*+(?:\{[^\n]*\}|(?:\.?[\w#.+-]*+[ ]*+)?(?:hl_lines=(["']).*?\1[ ]*+)?)""")


def fence_problems(text: str, where: Where) -> tuple[Problem | None, str]:
    """Pair code fences as Python-Markdown does; report unclosed ones that cost too much, and
    return the text with the code blanked out (its lines kept, so line numbers stay right)."""
    if "```" not in text and "~~~" not in text:
        return None, text
    fences = [(m.start(), m.end(), m.group(1), m.group(2)) for m in _FENCE_LINE.finditer(text)]
    next_closer: list[int | None] = [None] * len(fences)
    closers: dict[str, int] = {}
    for index in range(len(fences) - 1, -1, -1):
        next_closer[index] = closers.get(fences[index][2])
        if not fences[index][3].strip(" "):
            closers[fences[index][2]] = index
    code, unclosed, index = [], [], 0
    # Spaces after a fence: the finder tries each way of splitting them between two patterns.
    read = sum((len(info) - len(info.lstrip(" "))) ** 2 for _, _, _, info in fences)
    while index < len(fences):
        start, _, fence, info = fences[index]
        opens = _FENCE_INFO.fullmatch(info) is not None
        if opens and next_closer[index] is not None:
            code.append((fences[index][1], fences[next_closer[index]][0]))
            index = next_closer[index] + 1
            continue
        if opens:
            unclosed.append(start)  # the fence finder reads from here to the end, and fails,
            read += (len(info) - len(info.lstrip(" ")) + 1) * (len(text) - start)  # once per split
        index += 1
    problem = None
    if read > MAX_FENCE_READ:
        spaces, at = max((len(info) - len(info.lstrip(" ")), -start) for start, _, _, info in fences)
        unclosed_read = sum(len(text) - start for start in unclosed)
        if unclosed_read * 2 >= read:
            found = f"{len(unclosed):,} code fences ('```' or '~~~' lines) that are never closed" \
                if len(unclosed) > 1 else "a code fence ('```' or '~~~' line) that is never closed"
            at = -unclosed[0]
        else:
            found = f"a code fence line ('```' or '~~~') followed by {spaces:,} spaces"
        problem = where.problem(-at, found,
                                "close each code fence with a line of the same backticks, and end fence lines "
                                f"without spaces (the fence finder would read {read:,} characters; at most "
                                f"{MAX_FENCE_READ:,})")
    return problem, _blank_out(text, code)


def _blank_out(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    pieces, last = [], 0
    for start, end in spans:
        pieces += [text[last:start], "\n" * text.count("\n", start, end)]
        last = end
    pieces.append(text[last:])
    return "".join(pieces)
