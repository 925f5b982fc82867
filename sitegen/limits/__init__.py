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

from ..errors import Problem
from .blocks import count_elements, element_weight_problem, fence_problems
from .bounds import MAX_NESTING, MAX_OPEN_EMPHASIS, MAX_TEXT_CHARS
from .html import html_problems, table_row_problem
from .inline import attribute_list_problem, emphasis_run_problem, open_emphasis_problem, space_run_problem
from .nesting import nesting_problem
from .paragraphs import paragraph_problems
from .report import Where, megabytes

__all__ = ["markdown_limit_problems", "MAX_NESTING", "MAX_OPEN_EMPHASIS", "MAX_TEXT_CHARS"]

# --- The check -------------------------------------------------------------------------------

def markdown_limit_problems(text: str, source: str, first_line: int = 1) -> list[Problem]:
    """The bounds this Markdown text goes past, one Problem each; [] if it converts in bounded time.
    `source` is the file shown to staff, `first_line` the file line where `text` starts."""
    where = Where(text, source, first_line)
    if len(text) > MAX_TEXT_CHARS:
        # Splitting the page changes every other figure: they are not measured on a text this long.
        return [where.problem(0, f"the text is {megabytes(len(text))} long ({len(text):,} characters)",
                              f"split the page; a page may be at most {megabytes(MAX_TEXT_CHARS)}")]
    text = _as_python_markdown_reads_it(text)
    where = Where(text, source, first_line)
    counts = count_elements(text)
    too_busy = element_weight_problem(counts, where)
    if too_busy:
        # The measures below loop over marks and lines; here there are too many to do it cheaply.
        return [too_busy]
    fence_problem, text = fence_problems(text, where)  # fenced code is not parsed: the rest is measured without it
    where = Where(text, source, first_line)
    # The counts are of the text with its code: upper bounds for the text without it.
    return [problem for problem in [fence_problem, nesting_problem(text, where), open_emphasis_problem(text, counts, where),
                                    emphasis_run_problem(text, counts, where), space_run_problem(text, where),
                                    attribute_list_problem(text, counts, where),
                                    *html_problems(text, counts, where), table_row_problem(text, counts, where),
                                    *paragraph_problems(text, counts, where)]
            if problem is not None]


def _as_python_markdown_reads_it(text: str) -> str:
    """Line ends made "\\n" and tabs made spaces (4 columns), as Python-Markdown does first: a
    tab may stand for 4 characters of work. The lines stay the same."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.expandtabs(4) if "\t" in text else text
