"""Hostile Markdown is refused before conversion, with its line and what to look for; anything
accepted converts in bounded time (sitegen/limits/bounds.py, measured by bench/hostile_markdown.py)."""

from __future__ import annotations

import multiprocessing
import sys
import time
import timeit
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from corpus import make_page  # noqa: E402  (bench/corpus.py)

from sitegen import limits  # noqa: E402
from sitegen.limits import markdown_limit_problems  # noqa: E402

FIRST_LINE = 7  # the text starts on this line of its file
INTRODUCTION = "# A page\n\nAn ordinary paragraph first.\n\n"  # so the hostile part starts 4 lines down
HOSTILE_LINE = FIRST_LINE + 4
SLOW = 3.0  # seconds: what "converts quickly" allows on a shared 2-core machine (about 1 s when idle)


class Converter:
    """The site's converter (stock Python-Markdown as the site configures it, then nh3) in a helper
    process, so that a text the check wrongly accepts makes a test fail instead of hang."""

    def __init__(self) -> None:
        self._context = multiprocessing.get_context("fork")
        self._start()

    def _start(self) -> None:
        self._pipe, child = self._context.Pipe()
        self._process = self._context.Process(target=_serve, args=(child,), daemon=True)
        self._process.start()

    def convert(self, text: str, timeout: float = 10.0, stack_depth: int = 0) -> tuple[float, str]:
        """(seconds, 'ok' or the error) for converting `text`, called `stack_depth` frames deep."""
        self._pipe.send((text, stack_depth))
        if self._pipe.poll(timeout):
            return self._pipe.recv()
        self._process.kill()
        self._process.join()
        self._start()
        return timeout, f"still converting after {timeout} s"

    def close(self) -> None:
        self._process.kill()


def _serve(pipe) -> None:
    import markdown
    import nh3

    def make_converter():
        return markdown.Markdown(extensions=["tables", "attr_list", "sane_lists", "fenced_code", "toc"],
                                 extension_configs={"toc": {"toc_depth": "2-4"}}, output_format="html")

    converter = make_converter()

    def convert(text: str, depth: int) -> None:
        if depth:
            return convert(text, depth - 1)
        converter.reset()
        nh3.clean(converter.convert(text))

    while True:
        text, depth = pipe.recv()
        started = time.perf_counter()
        try:
            convert(text, depth)
            outcome = "ok"
        except BaseException as error:  # noqa: BLE001 - the test reports it
            outcome = f"{type(error).__name__}: {error}"[:200]
            converter = make_converter()  # after an error Python-Markdown keeps stale state
        pipe.send((time.perf_counter() - started, outcome))


@pytest.fixture(scope="module")
def converter():
    converter = Converter()
    yield converter
    converter.close()


def assert_converts_quickly(converter: Converter, text: str, stack_depth: int = 0) -> None:
    seconds, outcome = converter.convert(text, stack_depth=stack_depth)
    assert outcome == "ok", outcome
    assert seconds < SLOW, f"took {seconds:.2f} s"


# --- Each hostile family, just over and just under its bound -------------------------------------


@dataclass(frozen=True)
class Family:
    name: str
    make: Callable[[int], str]  # the hostile text of size n
    at_least: int  # the bound must accept this size: no sane page is refused
    found: str  # words the message must have for size (largest accepted + 1)
    expected: str  # words of what to do
    line: Callable[[int], int] = lambda n: HOSTILE_LINE  # the line reported for size n


def nested_list(n: int) -> str:
    return "".join("    " * level + "- item\n" for level in range(n))


FAMILIES = [
    Family("list nested by indentation", nested_list, 10, "a list nested 21 levels deep",
           "nest lists and quotes at most 20 levels deep", lambda n: HOSTILE_LINE + limits.MAX_NESTING),
    Family("lists and quotes on one line", lambda n: "> - " * n + "x\n", 5, "lists and quotes nested",
           "at most 20 levels deep"),
    Family("list nested behind HTML comments", lambda n: "<!---->1. " * n + "x\n", 10, "a list nested 21 levels",
           "at most 20 levels deep"),
    Family("emphasis opened and closed at the end", lambda n: "*x " * n + "a* " * n, 20,
           "a paragraph opens 101 emphasis marks ('*' or '_') without closing them", "at most 100 may be open"),
    Family("HTML nested", lambda n: "<div>" * n + "x" + "</div>" * n, 30, "HTML tags nested 101 levels deep",
           "close each HTML tag you open"),
    Family("run of '['", lambda n: "[" * n, 1000, "a run of", "write '\\[' for a bracket that is not part of a link"),
    Family("'[' never closed", lambda n: "[a " * n, 500, "'[' without a matching ']' in one paragraph",
           "close each '[' with ']'"),
    Family("links without ')'", lambda n: "[x](" * n, 500, "links '](' without their ')'", "each '](' with ')'"),
    Family("emphasis storm", lambda n: "*a* " * n, 3000, "formatting marks", "split it into shorter paragraphs"),
    Family("line breaks in one paragraph", lambda n: "x  \n" * n, 3000, "formatting marks", "at most"),
    Family("escaped backticks", lambda n: "\\```" * n, 500, "code marks ('`') that are never closed",
           "close each code span"),
    Family("groups of 4 backticks after one of 3", lambda n: "```:" + "````:" * n, 300,
           "code marks ('`') that are never closed", "close each code span"),
    Family("headings without blank lines", lambda n: "# x\n" * n, 500,
           "headings, rules, empty list items or link definitions",
           "put a blank line before and after each heading"),
    Family("code fences never closed", lambda n: "````x\n```\n" * n, 500,
           "code fences ('```' or '~~~' lines) that are never closed", "close each code fence"),
    Family("HTML tags without '>'", lambda n: "<br class='\n" * n, 300, "that are not closed by '>'",
           "end each HTML tag with '>'"),
    Family("table row of code", lambda n: "|a|b|\n|-|-|\n|" + "`x|" * n + "\n", 2000, "a table row with",
           "put long code in a code block", lambda n: HOSTILE_LINE + 2),
    Family("long run of '*' after an open one", lambda n: "*a " + "*" * n, 1000, "a run of", "shorten it"),
    Family("spaces after a code fence", lambda n: "```" + " " * n + "\ncode\n```\n", 1000,
           "a code fence line ('```' or '~~~') followed by", "end fence lines without spaces"),
    Family("heading full of ' {'", lambda n: "# " + "x {" * n, 300, "many '{' in long lines", "write '\\{'"),
    Family("run of spaces in a heading", lambda n: "# x" + " " * n + "x", 5000, "spaces (a tab counts as 4)",
           "remove it"),
    Family("run of tabs in a table cell", lambda n: "|a|\n|-|\n|x" + "\t" * n + "x|\n", 1000,
           "spaces (a tab counts as 4)", "remove it", lambda n: HOSTILE_LINE + 2),
    Family("many list items", lambda n: "- x\n" * n, 10000, "too many elements", "split the page",
           lambda n: FIRST_LINE),
    Family("a huge page", lambda n: "word " * n, 100000, "the text is 1.0 MB long", "a page may be at most 1 MB",
           lambda n: FIRST_LINE),
]


def largest_accepted(make: Callable[[int], str]) -> int:
    """The largest n for which the check accepts INTRODUCTION + make(n)."""
    def accepted(n: int) -> bool:
        return not markdown_limit_problems(INTRODUCTION + make(n), "page.md", FIRST_LINE)

    low, high = 1, 2
    while accepted(high):
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if accepted(middle) else (low, middle)
    return low


@pytest.fixture(scope="module")
def bounds() -> dict[str, int]:
    return {family.name: largest_accepted(family.make) for family in FAMILIES}


@pytest.mark.parametrize("family", FAMILIES, ids=lambda family: family.name)
def test_hostile_text_just_over_its_bound_is_refused_with_its_line_and_what_to_look_for(family, bounds):
    n = bounds[family.name] + 1
    problems = markdown_limit_problems(INTRODUCTION + family.make(n), "content/pages/it/page.md", FIRST_LINE)
    matching = [problem for problem in problems if family.found in problem.message]
    assert matching, [problem.message for problem in problems]
    problem = matching[0]
    assert problem.path == "content/pages/it/page.md"
    assert problem.line == family.line(n)
    assert family.expected in problem.expected


@pytest.mark.parametrize("family", FAMILIES, ids=lambda family: family.name)
def test_hostile_text_just_under_its_bound_is_accepted_and_converts_quickly(family, bounds, converter):
    n = bounds[family.name]
    assert n >= family.at_least, "the bound is so strict that a sane page could be refused"
    assert_converts_quickly(converter, INTRODUCTION + family.make(n))


@pytest.mark.parametrize("text", [
    nested_list(limits.MAX_NESTING),
    "> - " * (limits.MAX_NESTING // 2) + "x\n",
    "*x " * limits.MAX_OPEN_EMPHASIS + "a* " * limits.MAX_OPEN_EMPHASIS,
    "> " * limits.MAX_NESTING + "*x " * limits.MAX_OPEN_EMPHASIS + "a* " * limits.MAX_OPEN_EMPHASIS,
], ids=["list", "lists and quotes", "emphasis", "quotes around emphasis"])
def test_text_nested_up_to_the_bounds_converts_even_when_called_deep_in_a_stack(text, converter):
    assert markdown_limit_problems(text, "page.md") == []
    assert_converts_quickly(converter, text, stack_depth=300)


def test_lines_are_counted_as_in_the_file_whatever_the_line_ends():
    text = INTRODUCTION.replace("\n", "\r\n") + "[a " * 2000
    assert [problem.line for problem in markdown_limit_problems(text, "page.md", FIRST_LINE)] == [HOSTILE_LINE]


def test_every_kind_of_excess_is_reported_once_each():
    text = INTRODUCTION + nested_list(30) + "\n" + "[a " * 2000 + "\n\n" + "# x\n" * 3000
    messages = [problem.message for problem in markdown_limit_problems(text, "page.md")]
    assert len(messages) == 3, messages
    assert any("a list nested 30 levels deep" in message for message in messages)
    assert any("'[' without a matching ']'" in message for message in messages)
    assert any("headings, rules, empty list items or link definitions" in message for message in messages)


def test_code_in_a_fenced_block_is_not_measured_but_an_unclosed_fence_is_no_hiding_place():
    code = "```python\n" + "def f(*args, **kwargs):\n    return [x[0] for x in args]\n" * 200 + "```\n"
    assert markdown_limit_problems(INTRODUCTION + code, "page.md") == []
    unclosed = "```python\n" + nested_list(30)
    assert markdown_limit_problems(INTRODUCTION + unclosed, "page.md")


# --- Ordinary pages --------------------------------------------------------------------------


def test_every_page_of_the_benchmark_corpus_passes():
    assert [index for index in range(1, 201) if markdown_limit_problems(make_page(index).body, "page.md")] == []


def test_a_megabyte_of_ordinary_pages_in_one_text_passes():
    text = "\n".join(make_page(index).body for index in range(1, 180))
    assert len(text) > 900_000
    assert markdown_limit_problems(text, "page.md") == []


@pytest.mark.parametrize("path", sorted((ROOT / "content").rglob("*.md")), ids=lambda path: path.name)
def test_every_markdown_file_of_the_real_content_passes(path):
    assert markdown_limit_problems(path.read_text(encoding="utf-8"), str(path)) == []


def test_ordinary_page_with_nesting_emphasis_and_html_passes(converter):
    page = INTRODUCTION + """\
- one
    - two, *emphasised*, **strong** and `code`
        - three, with [a link](https://example.com/a "title") and ![an image](/img/a.png)
> a quote
> > a quote in a quote with <abbr title="x">HTML</abbr> &amp; an entity

| Item | Value |
|------|------:|
| `a|b` | 1 |

```
code with *stars* and [brackets
```
"""
    assert markdown_limit_problems(page, "page.md") == []
    assert_converts_quickly(converter, page)


def test_the_check_costs_well_under_a_millisecond_on_an_ordinary_page():
    page = make_page(1).body
    seconds = min(timeit.repeat(lambda: markdown_limit_problems(page, "page.md"), number=200, repeat=5)) / 200
    assert seconds < 0.001


@pytest.mark.parametrize("text", [
    "[" * 999_999, "[a](" * 249_999, "*a " * 333_333, "<a b='" * 166_666, "- " * 499_999, "\\```" * 249_999,
    "x\n\n" * 333_333, "# x\n" * 249_999, "```\n" * 249_999, "|`" * 499_999, " " * 999_998 + "{",
    "```" + " " * 999_990 + "x y", "\t" * 999_999, "x\n \n" * 250_000, "*a " + "*" * 999_990,
], ids=lambda text: repr(text[:4]))
def test_the_check_stays_fast_on_a_megabyte_of_hostile_text(text):
    started = time.perf_counter()
    problems = markdown_limit_problems(text, "page.md")
    assert time.perf_counter() - started < 0.5
    assert problems


# --- Anything accepted converts in bounded time -----------------------------------------------

SNIPPETS = ["[", "]", "(", ")", "](", "![", "*", "**", "_", "__", "`", "``", "```", "~~~", "<", ">", "</", "<a ",
            "<div>", "</div>", "<span>", "&", "&amp;", "\\", "|", "-", "- ", "* ", "1. ", "> ", "#", "# ", "=",
            "---", "\n", "\n\n", "    ", "\t", " ", "x", "word ", "{: .a}", "{", "}", "'", '"', "[a]: /x",
            "<!--", "-->", "<![CDATA[", "]]>", "<?", "!", "<http://a.b>", "  \n", "[TOC]", "|-|", "\n|",
            "<b>", "</b>", "\\*", "\\`"]

# Sizes reach well past the bounds (a list 300 deep raises RecursionError, 16,000 '[' take minutes):
# what the check refuses costs the test nothing, so it may as well try.
repeated_snippets = st.tuples(st.lists(st.sampled_from(SNIPPETS), min_size=1, max_size=6).map("".join),
                              st.integers(0, 5).flatmap(lambda power: st.integers(1, 4 ** (power + 2)))
                              ).map(lambda unit_and_count: unit_and_count[0] * unit_and_count[1])
nested_lists = st.integers(1, 300).map(nested_list)
nested_quotes = st.tuples(st.integers(1, 300), st.sampled_from(["> ", ">", "> - ", "1. ", "- > "])).map(
    lambda depth_and_mark: depth_and_mark[1] * depth_and_mark[0] + "x\n")
nested_emphasis = st.integers(1, 1500).map(lambda depth: "*x _y " * depth + "z_ w* " * depth)
hostile_markdown = st.lists(st.one_of(repeated_snippets, nested_lists, nested_quotes, nested_emphasis),
                            min_size=1, max_size=5).map("".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=hostile_markdown)
def test_any_text_the_check_accepts_converts_without_error_within_seconds(text, converter):
    if markdown_limit_problems(text, "page.md"):
        return  # refused: it will not be converted
    seconds, outcome = converter.convert(text, timeout=10)
    assert outcome == "ok", outcome
    assert seconds < 5
