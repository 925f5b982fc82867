"""Bounds on the work one Markdown text may ask of the converter, checked before it is converted.

Python-Markdown is linear on ordinary pages, but some shapes of text make it slow out of all
proportion (its link, code, emphasis, heading, fence and attribute-list finders re-read the rest
of a paragraph, a line or the page from every '[', '`', '*', heading or unclosed fence), and some
make it recurse until Python stops it (lists and emphasis nested hundreds deep). nh3, after it,
is quadratic in how deep HTML tags nest. `markdown_limit_problems` measures a text against the
bounds below, in time linear in its length, and says what it found in words for the person who
wrote the page. A text it accepts converts (Python-Markdown and nh3 as the site uses them) in
about 1 s or less on the build machine, each bound costing at most about 0.5 s of it, and
without RecursionError.

Each bound is a named constant with the measurement that chose it: bench/hostile_markdown.py,
stock Python-Markdown 3.11.3 with this site's extensions, nh3 0.3.8, Python 3.11, the 2-core
build machine. Most bounds are a count of characters the converter would read again, summed over
the page; the weight bounds the sheer number of elements, and keeps each measure below cheap.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from math import isqrt

from .errors import Problem

# --- The bounds ------------------------------------------------------------------------------

# Ordinary pages cost 0.6 s a MB (a 1 MB concatenation of the benchmark corpus: 0.63 s).
MAX_TEXT_CHARS = 1_000_000

# Lists and quotes nested n deep: RecursionError from 249 list levels ('- x' indented 4 more on
# each line: 4 frames a level in the block parser), 496 on one line ('- - - x'); quotes alone stop
# nesting near 300 by themselves, but lists inside them do not. 20 leave a margin of more than 10
# for a caller deep in its own stack (the tests convert 300 frames deep); real pages nest 3.
MAX_NESTING = 20

# Emphasis opened n times and closed at the end nests n elements: RecursionError from 993 ('*x '
# n times, then 'a* ' n times), 497 with '**x *y'. 100 open marks stay far from both.
MAX_OPEN_EMPHASIS = 100

# HTML tags left open nest: nh3 takes time quadratic in the depth (10,000 nested <div>: 0.2 s,
# 100,000: 22 s; <ul><li> 10,000 deep: 0.8 s). Void elements and those whose end tag may be left
# out (<p>, <li>, <td>...) are not counted, so the real depth is at most about 4 times this.
MAX_HTML_NESTING = 100

# Each block, list item, table cell, tag, link or mark costs the converter 1 to 100 µs. A weight
# is the cost of one in units of about 10 µs (each measured as a family repeated 10,000 times);
# 100,000 units take 0.6-1.0 s. A 1 MB concatenation of the benchmark corpus weighs 61,417, the
# heaviest page of content/ 6,297, an ordinary 650-word page about 350.
MAX_ELEMENT_WEIGHT = 100_000
ELEMENT_WEIGHTS = {
    "blocks": 5,        # paragraphs "x\n\n": 33 µs each at 10,000, 47 µs at 25,000 (quadratic)
    "split_lines": 6,   # headings "# x": 40 µs each beyond their block; in a list "- # x": 110 µs
    "list_items": 4,    # "- x" lines: 24 µs each, 27 µs at 25,000
    "|": 3,             # table cells "|x|y|": 20-25 µs a pipe
    "[": 6,             # links "[x](http://a.b/c)": 40-90 µs each
    "<": 4,             # HTML tags "<div>x</div>": 35 µs each, "<br>": 40 µs
    "&": 3,             # entities "&amp;": about 35 µs each
    "`": 2,             # code spans "`x`": 15 µs a backtick; fences "```\nx\n```": 77 µs a fence
    "~~~": 6,           # fences "~~~", weighed as a fence of backticks
    "*": 1,             # emphasis "*a*": 7 µs a star
    "_": 1,
    "{": 3,             # attribute lists "x {: .a}": about 50 µs each beyond their block
    "\\": 1,           # escapes "\*": 10 µs each
    "  \n": 3,          # line breaks (two spaces ending a line): 30 µs each
    # Cheap to convert (1-2 µs each), but each is a step of a measure below: counted so that the
    # measures stay cheap on any text the weight lets through.
    ">": 1,
    "]": 1,
    "(": 1,
    ")": 1,
}

# Each '[' makes the link finder read on to its matching ']' (to the end of the paragraph when
# there is none), three times over; each '](' reads on to its matching ')'. A run of 3,000 '['
# (4.5 million characters read): 1.4 s, so 0.3 µs each; 1,500,000: 0.5 s (a run of 1,731 '[').
MAX_BRACKET_READ = 1_500_000

# After each inline match (emphasis, link, code, tag, entity, line break...) the converter copies
# the whole paragraph, which grows by a 14-character placeholder each time: marks x (paragraph
# length + 12 marks), summed over the paragraphs, list items and table rows. 'x  \n' x 30,000
# (1.4e10): 2.5 s; at 4e9: '&amp;' x 15,339 0.30 s, 'x  \n' x 15,811 0.36 s, '*a* ' x 8,451 0.21 s.
MAX_INLINE_REBUILD = 4_000_000_000

# A heading, rule, setext underline or link definition inside a paragraph (no blank line around
# it) makes the block parser re-read the rest of the paragraph: lines of them x paragraph length.
# '# x' x 10,000 (4e8): 3.6 s; 'x\n-' x 3,000 (7.2e7): 1.1 s; link definitions between text
# lines x 3,000: 3.6 s (40 ns each). 1.2e7: 0.2-0.6 s.
MAX_SPLIT_READ = 12_000_000

# Each group of backticks makes the code-span finder read on to the next group of the same
# length (to the end of the paragraph when there is none), a character at a time: '\\```' x 3,000
# (each opens a group of 2 that nothing closes; 1.8e7 read): 1.2 s, so 67 ns each. 5e6: 0.35 s;
# '```:' then '````:' x 1,413 (after a failure it goes on one group length too far, so each group
# opens short and fails in turn): 0.44 s.
MAX_CODE_READ = 5_000_000

# A run of k '*' after an open one costs the emphasis finder k x k steps: '*a ' then 10,000
# '*': 2.2 s; 10 runs of 1,000 (1e7): 0.33 s; 100 runs of 300 (9e6): 0.37 s, so 40 ns each. The
# squares of all runs of '*' or '_' summed: 1.2e7, 0.5 s (a single run of 3,464).
MAX_EMPHASIS_RUN_WORK = 12_000_000

# An attribute list '{...}' is looked for from each '{' (from each space before it, in headings
# and table cells) to the end of its line: '# ' then 'x {' x 10,000 (3e8): 3.1 s; 'x', 20 spaces
# and '{', 1,000 times in a heading (2.3e8): 2.2 s, so up to 10 ns each. 2.3e7: 0.25 s.
MAX_ATTRIBUTE_READ = 23_000_000

# A run of k spaces in a heading or table cell costs the attribute-list finder k x k steps:
# '# x', 30,000 spaces, 'x': 1.1 s, so 1.2 ns each. 4e8: 0.5 s (a single run of 20,000).
MAX_SPACE_RUN_WORK = 400_000_000

# A code fence ('```') that is never closed makes the fence finder read to the end of the text:
# '````x\n```\n' x 3,000 (4.5e7 characters read): 1.2 s, so 25 ns each. With k spaces after the
# fence it reads it k + 1 times (100 spaces, then 100 KB: 0.41 s against 0.075 s), and a fence
# line followed by k spaces costs k x k steps even when closed ('```', 10,000 spaces: 2.7 s).
# 2e7: 0.5 s.
MAX_FENCE_READ = 20_000_000

# The HTML parser reads from each '<tag' to its '>' (to the end of the text when there is none):
# '<a\n' x 3,000 (1.35e7 characters read): 0.94 s, so 70 ns each. 7e6: 0.5 s.
MAX_TAG_READ = 7_000_000

# A table row with code marks costs (backtick groups) x (groups + pipes) in the table parser:
# '`x|' x 10,000 in one row (2e8): 1.6 s, so 8 ns each. 6e7: 0.5 s.
MAX_TABLE_ROW_WORK = 60_000_000


# --- The check -------------------------------------------------------------------------------

def markdown_limit_problems(text: str, source: str, first_line: int = 1) -> list[Problem]:
    """The bounds this Markdown text goes past, one Problem each; [] if it converts in bounded time.
    `source` is the file shown to staff, `first_line` the file line where `text` starts."""
    where = _Where(text, source, first_line)
    if len(text) > MAX_TEXT_CHARS:
        # Splitting the page changes every other figure: they are not measured on a text this long.
        return [where.problem(0, f"the text is {_megabytes(len(text))} long ({len(text):,} characters)",
                              f"split the page; a page may be at most {_megabytes(MAX_TEXT_CHARS)}")]
    text = _as_python_markdown_reads_it(text)
    where = _Where(text, source, first_line)
    counts = _counts(text)
    too_busy = _element_weight(counts, where)
    if too_busy:
        # The measures below loop over marks and lines; here there are too many to do it cheaply.
        return [too_busy]
    fence_problem, text = _fences(text, where)  # fenced code is not parsed: the rest is measured without it
    where = _Where(text, source, first_line)
    # The counts are of the text with its code: upper bounds for the text without it.
    return [problem for problem in [fence_problem, _nesting(text, where), _open_emphasis(text, counts, where),
                                    _emphasis_runs(text, counts, where), _space_runs(text, where),
                                    _attribute_lists(text, counts, where),
                                    *_html(text, counts, where), _table_rows(text, counts, where),
                                    *_paragraphs(text, counts, where)]
            if problem is not None]


def _as_python_markdown_reads_it(text: str) -> str:
    """Line ends made "\\n" and tabs made spaces (4 columns), as Python-Markdown does first: a
    tab may stand for 4 characters of work. The lines stay the same."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.expandtabs(4) if "\t" in text else text


@dataclass(frozen=True)
class _Where:
    """Turns an offset in the text into a Problem at its file line."""

    text: str
    source: str
    first_line: int

    def problem(self, offset: int, message: str, expected: str) -> Problem:
        return Problem(self.source, self.first_line + self.text.count("\n", 0, offset), message, expected)


def _megabytes(chars: int) -> str:
    return f"{chars / 1_000_000:.1f} MB" if chars % 1_000_000 else f"{chars // 1_000_000} MB"


# --- What the page is made of ----------------------------------------------------------------

# Patterns that start with a newline run on "\n" + text: six times faster than '^' and MULTILINE.
_BLANK_LINES = re.compile(r"\n[ \t]*+\n")
_WHITESPACE_LINE = re.compile(r"\n[ \t]++(?=\n)")
# Lines that begin a block of their own inside a paragraph, also in a quote: ATX headings (in a
# list item too), rules and setext underlines (lines of '-', '=', '*', '_', so also an empty list
# item '- '), link definitions. Possessive throughout: linear on '- - - ... x'.
_SPLIT_LINE = re.compile(r"\n[ \t>]*+(?:(?:(?:[*+-]|\d{1,9}[.)])[ \t]++)*+#|[-=*_][-=*_ \t]*+(?=\n)|\[[^\]\n]*+\]:)")
_LIST_ITEM = re.compile(r"\n[ \t>]*+(?:[*+-]|\d{1,9}[.)])[ \t]")
_LINE_BREAK = "  \n"
# What starts an inline match: each becomes a 14-character placeholder in the paragraph.
_MARKS = ("[", "`", "*", "_", "<", "&", "\\", _LINE_BREAK)
_PLACEHOLDER_GROWTH = 12


def _counts(text: str) -> dict[str, int]:
    """How many of each element the text has (the keys of ELEMENT_WEIGHTS)."""
    counts = {key: text.count(key) for key in ELEMENT_WEIGHTS if key not in _COUNTED_BY_PATTERN}
    lines = "\n" + text + "\n"
    counts.update((key, len(pattern.findall(lines))) for key, pattern in _COUNTED_BY_PATTERN.items() if pattern)
    # Blank lines, as _BLANK_LINES finds them or more: str.count is 200 times faster.
    counts["blocks"] = text.count("\n\n") + len(_WHITESPACE_LINE.findall(text)) + 1
    return counts


def _element_weight(counts: dict[str, int], where: _Where) -> Problem | None:
    weight = sum(ELEMENT_WEIGHTS[key] * counts[key] for key in ELEMENT_WEIGHTS)
    if weight <= MAX_ELEMENT_WEIGHT:
        return None
    largest = max(ELEMENT_WEIGHTS, key=lambda key: ELEMENT_WEIGHTS[key] * counts[key])
    return where.problem(0, f"the page has too many elements to convert quickly: they weigh {weight:,}, "
                            f"most of it {_ELEMENT_NAMES[largest]} ({counts[largest]:,})",
                         f"split the page into smaller pages; a page may weigh at most {MAX_ELEMENT_WEIGHT:,} "
                         "(a paragraph, list item or table cell counts 3 or 4, a link 6, an HTML tag 4, "
                         "a '*' or '_' 1)")


_COUNTED_BY_PATTERN = {"blocks": None, "split_lines": _SPLIT_LINE, "list_items": _LIST_ITEM}
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


def _fences(text: str, where: _Where) -> tuple[Problem | None, str]:
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


# --- Lists and quotes ------------------------------------------------------------------------

# A line starting with quote marks and list markers, in any mixture ("> - 1. x").
_CONTAINER_MARK_RE = r"(?:>|[*+-](?=[ \t])|\d{1,9}[.)](?=[ \t]))"
_CONTAINER_LINE = re.compile(rf"\n(?:[ \t]*+{_CONTAINER_MARK_RE})++")
# Without a line holding two marks, or a mark indented 4 columns, nothing nests.
_NESTED_LINE = re.compile(rf"\n(?:[ \t]*+{_CONTAINER_MARK_RE}[ \t]*+{_CONTAINER_MARK_RE}"
                          rf"|(?:[ ]{{4}}|[ ]{{0,3}}\t)[ \t]*+{_CONTAINER_MARK_RE})")


def _nesting(text: str, where: _Where) -> Problem | None:
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


# --- Emphasis --------------------------------------------------------------------------------

# A blank line, an escaped character (no mark), or a run of '*' or '_'.
_EMPHASIS_TOKEN = re.compile(r"\n[ \t]*+\n|\\.|\*+|_+")


def _open_emphasis(text: str, counts: dict[str, int], where: _Where) -> Problem | None:
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


def _emphasis_runs(text: str, counts: dict[str, int], where: _Where) -> Problem | None:
    """Long runs of '*' or '_': the emphasis finder tries each of their characters anew."""
    if counts["*"] ** 2 + counts["_"] ** 2 <= MAX_EMPHASIS_RUN_WORK:  # a sum of squares is at most this
        return None
    runs = _Worst()
    for run in _EMPHASIS_RUNS.finditer(text):
        runs.add((run.end() - run.start()) ** 2, run.start(), run.group())
    if runs.total <= MAX_EMPHASIS_RUN_WORK:
        return None
    run = runs.detail[0]
    return where.problem(runs.offset, f"a run of {len(run):,} '{run[0]}' characters" + _more(runs),
                         f"shorten it, or write it as code between backticks; a run of '*' or '_' may be at most "
                         f"{isqrt(MAX_EMPHASIS_RUN_WORK):,} long, and shorter when there are several")


_LONG_SPACE_RUN = re.compile(" {64,}")  # shorter runs cost at most 64 x their length in all


def _space_runs(text: str, where: _Where) -> Problem | None:
    """Long runs of spaces: in headings and table cells the attribute-list finder tries each space."""
    first = text.find(" " * 64)  # str.find is 100 times faster than the pattern, on text full of spaces
    if first < 0:
        return None
    runs = _Worst()
    for run in _LONG_SPACE_RUN.finditer(text, first):
        runs.add((run.end() - run.start()) ** 2, run.start(), run.end() - run.start())
    if runs.total <= MAX_SPACE_RUN_WORK:
        return None
    return where.problem(runs.offset, f"a run of {runs.detail[0]:,} spaces (a tab counts as 4)" + _more(runs),
                         f"remove it; a run of spaces may be at most {isqrt(MAX_SPACE_RUN_WORK):,} long, and "
                         "shorter when there are several")


# --- Attribute lists -------------------------------------------------------------------------

_BRACE = re.compile(r"(?<! ) *+\{")  # from the first space of a run only: linear


def _attribute_lists(text: str, counts: dict[str, int], where: _Where) -> Problem | None:
    """How far the attribute-list finder reads: from each '{', and each space just before it, to the
    end of the line."""
    # Each '{' reads at most (1 + the spaces before it) x the length of the text.
    spaces_before = text.count(" ") if "  {" in text else counts["{"]
    if (counts["{"] + spaces_before) * len(text) <= MAX_ATTRIBUTE_READ:
        return None
    reads, line_end = _Worst(), -1
    for brace in _BRACE.finditer(text):
        if brace.start() >= line_end:
            line_end = text.find("\n", brace.end())
            line_end = len(text) if line_end < 0 else line_end
        reads.add((brace.end() - brace.start()) * (line_end - brace.start()), brace.start())
    if reads.total <= MAX_ATTRIBUTE_READ:
        return None
    return where.problem(reads.offset, "many '{' in long lines (the attribute-list finder reads from each to "
                                       "the end of its line)" + _more(reads),
                         "write '\\{' for a brace that is just text, or break the long lines; the finder may read "
                         f"at most {MAX_ATTRIBUTE_READ:,} characters, here it would read {reads.total:,}")


# --- HTML ------------------------------------------------------------------------------------

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
_VOID_ELEMENTS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
# Elements whose end tag may be left out: they close themselves, so they do not nest unclosed.
_OPTIONAL_END = frozenset("p li dt dd tr td th thead tbody tfoot option optgroup colgroup caption rb rt rp".split())
_ATTRIBUTE_QUOTE = re.compile(r"""=\s*(["'])""")


def _html(text: str, counts: dict[str, int], where: _Where) -> list[Problem | None]:
    """How deep HTML tags nest, and how far the HTML parser reads from each '<tag'."""
    tags = counts["<"]
    if tags <= MAX_HTML_NESTING and tags * len(text) <= MAX_TAG_READ:
        return []
    open_tags: dict[str, int] = {}
    depth, nesting, reading = 0, _Worst(), _Worst()
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
                                                      + _more(reading),
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
            close = _next(self.closes, position)
            value = bisect_left(self.value_starts, position)
            if close is None or value == len(self.value_starts) or self.value_starts[value] >= close:
                self.ends[position] = close  # no quoted value before the '>' (or no '>' at all)
                break
            quote, value_start = self.value_quotes[value]
            end_quote = _next(self.quotes[quote], value_start)
            if end_quote is None:
                self.ends[position] = None
                break
            position = end_quote + 1
        end = self.ends[position]
        for step in path:
            self.ends[step] = end
        return end


_CLOSE = re.compile(">")


def _next(positions: list[int], position: int) -> int | None:
    """The first of the sorted positions at or after position."""
    index = bisect_left(positions, position)
    return positions[index] if index < len(positions) else None


# --- Tables ----------------------------------------------------------------------------------

_LINE_WITH_BACKTICK = re.compile(r"^[^\n`]*`[^\n]*", re.MULTILINE)
_BACKTICK_RUN = re.compile(r"`+")


def _table_rows(text: str, counts: dict[str, int], where: _Where) -> Problem | None:
    """The table parser pairs a row's backtick groups with a linear search each."""
    if counts["`"] * (counts["`"] + counts["|"]) <= MAX_TABLE_ROW_WORK:
        return None
    rows = _Worst()
    for line in _LINE_WITH_BACKTICK.finditer(text):
        row = line.group(0)
        if "|" in row:
            groups = len(_BACKTICK_RUN.findall(row))
            rows.add(groups * (groups + row.count("|")), line.start(), groups)
    if rows.total <= MAX_TABLE_ROW_WORK:
        return None
    return where.problem(rows.offset, f"a table row with {rows.detail[0]:,} code marks ('`')" + _more(rows),
                         "put long code in a code block below the table rather than in its cells; the rows "
                         f"of a page may cost at most {MAX_TABLE_ROW_WORK:,} steps (code marks x (code marks "
                         "+ cells), row by row)")


# --- Paragraphs ------------------------------------------------------------------------------

# An escaped character is a placeholder by the time links are looked for: it closes nothing.
_SQUARE_BRACKET = re.compile(r"\\.|[\[\]]")
_PARENTHESIS = re.compile(r"\\.|[()]")
_RUN_OF_BRACKETS = re.compile(r"\[{2,}")
_ESCAPE = re.compile(r"\\.")
_QUOTE = re.compile("[\"']")


@dataclass
class _Worst:
    """A sum over the page, and its largest part: how large, where, and what it was made of."""

    total: int = 0
    largest: int = 0
    offset: int = 0
    detail: tuple = ()

    def add(self, amount: int, offset: int, *detail) -> None:
        self.total += amount
        if amount > self.largest:
            self.largest, self.offset, self.detail = amount, offset, detail


def _more(worst: _Worst) -> str:
    return " (and more like it further on)" if worst.largest < worst.total // 2 else ""


def _paragraphs(text: str, counts: dict[str, int], where: _Where) -> list[Problem]:
    """What the converter re-reads paragraph by paragraph (the lines between blank lines)."""
    length = len(text)
    marks = sum(counts[mark] for mark in _MARKS)
    needs_split = counts["split_lines"] * length > MAX_SPLIT_READ
    needs_rebuild = marks * (length + _PLACEHOLDER_GROWTH * marks) > MAX_INLINE_REBUILD
    needs_brackets = (counts["["] + counts["("]) * (length + _PLACEHOLDER_GROWTH * marks) > MAX_BRACKET_READ
    needs_code = counts["`"] * length > MAX_CODE_READ
    if not (needs_split or needs_rebuild or needs_brackets or needs_code):
        return []
    lines = "\n" + text + "\n"  # offsets in it are one more than in text
    split, rebuild, brackets, code = _Worst(), _Worst(), _Worst(), _Worst()
    for block_start, block_end in _blocks(lines):
        if needs_split:
            split_lines = len(_SPLIT_LINE.findall(lines, block_start - 1, block_end + 1))
            split.add(split_lines * (block_end - block_start), block_start - 1, split_lines)
        for start, end in _inline_texts(lines, block_start, block_end):
            if needs_rebuild:
                marks = sum(lines.count(mark, start, end) for mark in _MARKS)
                rebuild.add(marks * (end - start + _PLACEHOLDER_GROWTH * marks), start - 1, marks, end - start)
            if needs_brackets and lines.find("[", start, end) >= 0:
                read, unclosed = _bracket_read(lines, start, end)
                brackets.add(read, start - 1, unclosed, start, end)
            if needs_code and lines.find("`", start, end) >= 0:
                code.add(_code_read(lines, start, end), start - 1)
    problems = []
    if split.total > MAX_SPLIT_READ:
        problems.append(where.problem(split.offset, f"{split.detail[0]:,} headings, rules, empty list items or link "
                                                    "definitions in one paragraph, with no blank lines between them"
                                                    + _more(split),
                                      "put a blank line before and after each heading, rule ('---') and link "
                                      "definition"))
    if rebuild.total > MAX_INLINE_REBUILD:
        block_marks, size = rebuild.detail
        allowed = max(1, int(((size * size + 4 * _PLACEHOLDER_GROWTH * MAX_INLINE_REBUILD) ** 0.5 - size)
                             / (2 * _PLACEHOLDER_GROWTH)))
        problems.append(where.problem(rebuild.offset, f"a paragraph of {size:,} characters with {block_marks:,} "
                                                      "formatting marks ('*', '_', '`', '[', '<', '&', '\\', line "
                                                      "breaks)" + _more(rebuild),
                                      "split it into shorter paragraphs with blank lines, or use fewer marks; "
                                      f"a paragraph this long may have at most {allowed:,}"))
    if brackets.total > MAX_BRACKET_READ:
        problems.append(_bracket_problem(lines, brackets, where))
    if code.total > MAX_CODE_READ:
        problems.append(where.problem(code.offset, "code marks ('`') that are never closed by the same number "
                                                   "of backticks" + _more(code),
                                      "close each code span with as many backticks as it opens with, and write "
                                      "'\\`' for a backtick that is just text (the code finder would read "
                                      f"{code.total:,} characters; at most {MAX_CODE_READ:,})"))
    return problems


def _blocks(lines: str):
    """(start, end) of each run of lines between blank lines, in "\\n" + text + "\\n"."""
    start = 1
    for blank in _BLANK_LINES.finditer(lines, 1):
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
        starts = [item.start() + 1 for item in _LIST_ITEM.finditer(text, start - 1, end)]
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
        return right - left + _PLACEHOLDER_GROWTH * (bisect_left(escapes, right) - bisect_left(escapes, left))

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
        quote = _next(quotes, left)
        if right is None or (quote is not None and quote < right):  # a quote makes it read to the end
            read += span(left, end)
        else:
            read += span(left, right)
    return read


def _bracket_problem(text: str, brackets: _Worst, where: _Where) -> Problem:
    unclosed, start, end = brackets.detail
    run = max((len(found) for found in _RUN_OF_BRACKETS.findall(text, start, end)), default=0)
    if run >= 100:
        found = f"a run of {run:,} '[' characters"
    elif unclosed:
        found = f"{unclosed:,} '[' without a matching ']' in one paragraph"
    else:
        found = "brackets '[' nested deeply, or links '](' without their ')', in one paragraph"
    return where.problem(brackets.offset, found + _more(brackets),
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
    runs = [(run.start(), run.end()) for run in _BACKTICK_RUN.finditer(text, start, end)]
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
