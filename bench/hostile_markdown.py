#!/usr/bin/env python3
"""How long Python-Markdown takes on hostile Markdown, and where sitegen/limits/bounds.py draws its bounds.

`python3 bench/hostile_markdown.py` converts families of hostile texts (deep lists, runs of '[',
emphasis storms, unclosed fences and tags, huge tables...) of growing size with the converter the
site uses (Python-Markdown with tables, attr_list, sane_lists, fenced_code and toc, then
nh3.clean), and prints size -> seconds for each. Then, for each family, the largest size that
`markdown_limit_problems` accepts, how long that takes to convert (it should stay under about
1 s), and what the check says one step beyond; then one text holding every family at once, each
at the largest common fraction of its bound that the check accepts (the bounds are per page, so
their costs add up to a bounded total). Last, an ordinary page: its conversion time and the cost of the check on it.

The families are the shapes found super-linear by experiment (and by fuzzing mixtures of
Markdown's special characters); sitegen/limits/bounds.py says, bound by bound, which ones chose it.

Each conversion runs in a helper process that is stopped after --timeout seconds, so a
super-linear family cannot hang the run; a family stops growing once a size takes more than
--stop seconds. The default run takes about a minute on the 2-core build machine.

    python3 bench/hostile_markdown.py                 # everything
    python3 bench/hostile_markdown.py --family '['    # the families whose name contains '['
    python3 bench/hostile_markdown.py --no-growth     # only the bounds and the ordinary page
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import sys
import time
import timeit
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from corpus import make_page  # noqa: E402  (bench/corpus.py)

from sitegen import limits  # noqa: E402
from sitegen.limits import markdown_limit_problems  # noqa: E402

WORDS = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "


@dataclass(frozen=True)
class Family:
    """Hostile texts of one shape: `make(n)` is the text of size n."""

    name: str
    make: Callable[[int], str]
    sizes: tuple[int, ...]


def _nested_list(n: int) -> str:
    return "".join("    " * level + "- x\n" for level in range(n))


def _quoted_list_tabs(n: int) -> str:
    return "".join("> " + "\t" * level + "- x\n" for level in range(n))


def _huge_document(n: int) -> str:
    text, index = [], 1
    while sum(map(len, text)) < n:
        text.append(make_page(index).body)
        index += 1
    return "\n".join(text)[:n]


FAMILIES = [
    # Nesting: recursion in the block parser, the serialiser and the table of contents.
    Family("list nested, 4 spaces a level", _nested_list, (10, 50, 100, 200, 300)),
    Family("list nested on one line '- - - x'", lambda n: "- " * n + "x\n", (10, 100, 300, 450, 600)),
    Family("quotes and lists '> - > - x'", lambda n: "> - " * n + "x\n", (10, 100, 300, 1000)),
    Family("quoted list indented with tabs", _quoted_list_tabs, (10, 50, 100, 200, 300)),
    Family("quotes nested '>>>> x'", lambda n: ">" * n + " x\n", (10, 100, 1000, 10000)),
    Family("emphasis nested '*x *x … a* a*'", lambda n: "*x " * n + "a* " * n, (10, 100, 500, 1000, 1500)),
    Family("HTML nested '<div>'", lambda n: "<div>" * n + "x" + "</div>" * n, (100, 1000, 3000, 10000)),
    Family("HTML left open '<ul><li>'", lambda n: "<ul><li>" * n + "x", (100, 1000, 3000, 10000)),
    # Runs of marks: the link finder, the emphasis pairer, the paragraph rebuilt after each match.
    Family("run of '['", lambda n: "[" * n, (300, 1000, 3000, 10000)),
    Family("run of '[' with words '[a '", lambda n: "[a " * n, (300, 1000, 3000, 10000)),
    Family("run of '[x]('", lambda n: "[x](" * n, (300, 1000, 3000, 10000)),
    Family("run of '[]('", lambda n: "[](" * n, (300, 1000, 3000, 10000)),
    Family("run of ']('", lambda n: "](" * n, (10000, 100000, 300000)),
    Family("run of '!['", lambda n: "![" * n, (300, 1000, 3000, 10000)),
    Family("brackets nested '[[[x]]]'", lambda n: "[" * n + "x" + "]" * n, (300, 1000, 3000, 10000)),
    Family("links with a quote '[x](a\"b) '", lambda n: '[x](a"b) ' * n, (300, 1000, 3000, 10000)),
    Family("run of '<'", lambda n: "<" * n, (10000, 100000, 300000)),
    Family("run of '`'", lambda n: "`" * n, (10000, 100000, 300000)),
    Family("code spans '`x` '", lambda n: "`x` " * n, (1000, 10000, 30000, 100000)),
    Family("escaped backticks '\\```'", lambda n: "\\```" * n, (300, 1000, 3000, 10000)),
    Family("groups of 4 '`' after one of 3", lambda n: "```:" + "````:" * n, (100, 300, 1000, 3000)),
    Family("backtick groups of growing length", lambda n: "".join("`" * k + "x" for k in range(1, n)),
           (100, 300, 1000, 3000)),
    Family("run of '*'", lambda n: "*" * n, (10000, 100000, 300000)),
    Family("emphasis storm '*a* '", lambda n: "*a* " * n, (1000, 10000, 30000, 80000)),
    Family("long run of '*' after an open one", lambda n: "*a " + "*" * n, (300, 1000, 3000, 10000)),
    Family("runs of 300 '*' after open ones", lambda n: ("*a " + "*" * 300 + " ") * n, (3, 10, 30, 100, 300)),
    Family("emphasis storm 'a*b'", lambda n: "a*b" * n, (1000, 10000, 30000, 80000)),
    Family("emphasis storm '_*a*_ '", lambda n: "_*a*_ " * n, (1000, 10000, 30000, 80000)),
    Family("entities '&amp;'", lambda n: "&amp;" * n, (1000, 10000, 30000, 100000)),
    Family("escapes '\\*'", lambda n: "\\*" * n, (1000, 10000, 30000, 100000)),
    Family("escapes then '![' '\\*\\*![ '", lambda n: "\\*\\*![ " * n, (300, 1000, 3000, 10000)),
    Family("line breaks 'x  \\n'", lambda n: "x  \n" * n, (1000, 10000, 30000, 100000)),
    Family("heading full of ' {'", lambda n: "# " + "x {" * n, (300, 1000, 3000, 10000)),
    Family("table cell full of ' {'", lambda n: "|a|\n|-|\n|" + "x {" * n + "|\n", (300, 1000, 3000, 10000)),
    Family("spaces before '{' in a heading", lambda n: "# " + ("x" + " " * 20 + "{") * n, (30, 100, 300, 1000)),
    Family("tags left open '<a\\n'", lambda n: "<a\n" * n, (300, 1000, 3000, 10000)),
    Family("quoted attribute left open \"<a b='\"", lambda n: "<a b='\n" * n, (300, 1000, 3000, 10000)),
    Family("CDATA left open '<![CDATA['", lambda n: "x <![CDATA[ " * n, (100, 300, 1000, 3000)),
    # Blocks: elements split out of one paragraph, fences, sheer numbers.
    Family("paragraphs 'x\\n\\n'", lambda n: "x\n\n" * n, (1000, 10000, 30000, 100000)),
    Family("headings without blank lines '# x'", lambda n: "# x\n" * n, (1000, 3000, 10000)),
    Family("setext headings 'x\\n-'", lambda n: "x\n-\n" * n, (300, 1000, 3000, 10000)),
    Family("rules '* * *'", lambda n: "* * *\n" * n, (1000, 3000, 10000)),
    Family("link definitions between lines", lambda n: "[a]: /x\nx\n" * n, (300, 1000, 3000)),
    Family("code fences never closed '````x'", lambda n: "````x\n```\n" * n, (300, 1000, 3000, 10000)),
    Family("code fences '```\\nx\\n```'", lambda n: "```\nx\n```\n" * n, (1000, 10000, 30000)),
    Family("list items '- x'", lambda n: "- x\n" * n, (1000, 10000, 100000)),
    Family("list of headings '- # x'", lambda n: "- # x\n" * n, (1000, 10000, 30000)),
    Family("table rows '|x|y|'", lambda n: "|a|b|\n|-|-|\n" + "|x|y|\n" * n, (1000, 10000, 40000)),
    Family("table with a huge row", lambda n: "|" + "a|" * n + "\n|" + "-|" * n + "\n|" + "x|" * n + "\n",
           (1000, 10000, 40000)),
    Family("table row of code '`x|'", lambda n: "|a|b|\n|-|-|\n|" + "`x|" * n + "\n", (1000, 3000, 10000, 30000)),
    Family("HTML lines '<div>x</div>'", lambda n: "<div>x</div>\n" * n, (1000, 10000, 30000)),
    Family("one very long line", lambda n: (WORDS * (n // len(WORDS) + 1))[:n], (100000, 1000000, 3000000)),
    Family("very many lines", lambda n: "x\n" * n, (10000, 100000, 300000)),
    Family("huge document (the corpus)", _huge_document, (100000, 300000, 1000000, 2000000)),
]


class Converter:
    """The site's converter in a helper process that can be stopped when a text takes too long."""

    def __init__(self) -> None:
        self._context = multiprocessing.get_context("fork")
        self._start()

    def _start(self) -> None:
        self._pipe, child = self._context.Pipe()
        self._process = self._context.Process(target=_serve, args=(child,), daemon=True)
        self._process.start()

    def seconds(self, text: str, timeout: float) -> tuple[float | None, str]:
        """Seconds to convert `text` (None if stopped after `timeout`), and 'ok' or the error."""
        self._pipe.send(text)
        if self._pipe.poll(timeout):
            return self._pipe.recv()
        self._process.kill()
        self._process.join()
        self._start()
        return None, f"stopped after {timeout:g} s"

    def close(self) -> None:
        self._process.kill()


def make_converter():
    """Python-Markdown exactly as the site configures it."""
    import markdown

    return markdown.Markdown(extensions=["tables", "attr_list", "sane_lists", "fenced_code", "toc"],
                             extension_configs={"toc": {"toc_depth": "2-4"}}, output_format="html")


def convert(converter, text: str) -> str:
    import nh3

    converter.reset()
    return nh3.clean(converter.convert(text))


def _serve(pipe) -> None:
    converter = make_converter()
    while True:
        text = pipe.recv()
        started = time.perf_counter()
        try:
            convert(converter, text)
            outcome = "ok"
        except RecursionError:
            outcome = "RecursionError"
        except Exception as error:  # noqa: BLE001 - reported, the run goes on
            outcome = f"{type(error).__name__}: {error}"[:80]
        if outcome != "ok":
            converter = make_converter()  # after an error Python-Markdown keeps stale state
        pipe.send((time.perf_counter() - started, outcome))


def growth(families: list[Family], converter: Converter, stop: float, timeout: float) -> None:
    """Size -> seconds for each family, up to the first size past `stop` seconds; a size that the
    growth so far predicts to take more than 3 x `stop` is not tried (the table says so)."""
    print(f"{'family':45} {'n':>9} {'characters':>11} {'seconds':>8}")
    for family in families:
        measured: list[tuple[int, float]] = []
        for n in family.sizes:
            predicted = _predicted_seconds(measured, n)
            if predicted > 3 * stop:
                print(f"{family.name:45} {n:9,} {len(family.make(n)):11,} {'~' + format(predicted, '.0f'):>8} "
                      "predicted from the growth so far: not run")
                break
            text = family.make(n)
            seconds, outcome = converter.seconds(text, timeout)
            shown = f"{seconds:8.3f}" if seconds is not None else f"{'>' + format(timeout, 'g'):>8}"
            print(f"{family.name:45} {n:9,} {len(text):11,} {shown} {'' if outcome == 'ok' else outcome}",
                  flush=True)
            if seconds is None or seconds > stop:
                break
            measured.append((n, seconds))
        print()


def _predicted_seconds(measured: list[tuple[int, float]], n: int) -> float:
    """Seconds for size n, extrapolating the power law through the last two measured sizes."""
    if len(measured) < 2:
        return 0.0
    (n1, t1), (n2, t2) = measured[-2:]
    if t1 <= 0.005 or t2 <= t1:  # too fast to tell, or not growing: assume linear
        return t2 * n / n2
    return t2 * (n / n2) ** (math.log(t2 / t1) / math.log(n2 / n1))


def largest_accepted(family: Family, high: int = 2_000_000) -> int:
    """The largest n for which the check accepts family.make(n) (0 if none)."""
    low = 0  # accepted (n = 0 is the empty text)
    step = 1
    while step < high and not markdown_limit_problems(family.make(step), "bench.md"):
        low, step = step, step * 2
    high = min(step, high)
    while high - low > 1:
        middle = (low + high) // 2
        if markdown_limit_problems(family.make(middle), "bench.md"):
            high = middle
        else:
            low = middle
    return low


def bounds(families: list[Family], converter: Converter, timeout: float) -> dict[str, tuple[int, float]]:
    """For each family: the largest size the check accepts, and the seconds it takes to convert."""
    print(f"{'family':45} {'largest n':>10} {'characters':>11} {'seconds':>8}  refused one step beyond because")
    found = {}
    for family in families:
        n = largest_accepted(family)
        text = family.make(n)
        seconds, outcome = converter.seconds(text, timeout)
        found[family.name] = (n, seconds if seconds is not None else float("inf"))
        refused = markdown_limit_problems(family.make(n + 1), "bench.md")
        reason = "; ".join(problem.message for problem in refused) or "(accepted: size limit of the search)"
        shown = f"{seconds:8.3f}" if seconds is not None else f"{'>' + format(timeout, 'g'):>8}"
        print(f"{family.name:45} {n:10,} {len(text):11,} {shown}  {'' if outcome == 'ok' else outcome + ' '}"
              f"{reason[:110]}", flush=True)
    return found


def combined(families: list[Family], largest: dict[str, int], converter: Converter, timeout: float) -> None:
    """One text holding every family at once, each at the same fraction of its bound: the largest
    fraction the check accepts for the whole. The bounds are per page, so the costs add up to a
    bounded total; this shows what it is."""
    def mixture(fraction: float) -> str:
        return "".join(family.make(max(1, int(largest[family.name] * fraction))) + "\n\n" for family in families)

    low, high = 0.0, 1.0
    for _ in range(12):
        middle = (low + high) / 2
        low, high = (low, middle) if markdown_limit_problems(mixture(middle), "bench.md") else (middle, high)
    text = mixture(low)
    seconds, outcome = converter.seconds(text, timeout)
    shown = f"{seconds:.3f} s" if seconds is not None else f"more than {timeout:g} s"
    limiting = "; ".join(problem.message for problem in markdown_limit_problems(mixture(high), "bench.md"))
    print(f"all {len(families)} families in one text, each at {low:.1%} of its bound ({len(text):,} characters): "
          f"{shown} {'' if outcome == 'ok' else outcome}\n  (one step more is refused: {limiting[:100]})")


def ordinary_page(converter: Converter) -> None:
    page = make_page(1).body
    problems = markdown_limit_problems(page, "page.md")
    seconds = min(converter.seconds(page, 10)[0] for _ in range(5))
    runs = 2000
    check = min(timeit.repeat(lambda: markdown_limit_problems(page, "page.md"), number=runs, repeat=5)) / runs
    print(f"ordinary page (bench/corpus.py page 1: {len(page.split())} words, {len(page):,} characters): "
          f"converts in {seconds * 1000:.1f} ms; the check takes {check * 1e6:.0f} µs "
          f"({check / seconds:.1%} of the conversion) and finds {len(problems)} problem(s)")


def print_bounds() -> None:
    print("bounds in sitegen/limits/bounds.py:")
    for name in dir(limits):
        if name.startswith("MAX_"):
            print(f"  {name:24} {getattr(limits, name):>15,}")
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time Python-Markdown on hostile Markdown; show the bounds.")
    parser.add_argument("--family", default="", help="only the families whose name contains this text")
    parser.add_argument("--stop", type=float, default=0.3, help="stop growing a family past this many seconds")
    parser.add_argument("--timeout", type=float, default=3.0, help="stop one conversion after this many seconds")
    parser.add_argument("--no-growth", action="store_true", help="skip the size -> seconds table")
    arguments = parser.parse_args(argv)
    families = [family for family in FAMILIES if arguments.family in family.name]
    converter = Converter()
    try:
        if not arguments.no_growth:
            growth(families, converter, arguments.stop, arguments.timeout)
        print_bounds()
        found = bounds(families, converter, arguments.timeout)
        print(f"\nslowest conversion just under a bound: {max(seconds for _, seconds in found.values()):.2f} s")
        combined(families, {name: n for name, (n, _) in found.items()}, converter, arguments.timeout)
        ordinary_page(converter)
    finally:
        converter.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
