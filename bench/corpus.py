#!/usr/bin/env python3
"""Write a deterministic corpus of Markdown pages for the benchmark.

`python3 bench/corpus.py N DEST [--seed S] [--flavour yaml|pelican]` writes
DEST/page-00001.md … DEST/page-N.md: about 650 words each, with ## and ### headings,
bulleted and numbered lists, one table, links, bold and italic. Page i depends only
on the seed and i, so the 100-page corpus is the first 100 pages of the 1,000-page one.

Flavours differ only in the front matter: `yaml` (title, date, slug between '---'
lines) is read by sitegen's importer, Hugo and MkDocs; `pelican` writes Pelican's own
'Title: …' header lines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SEED = 8
WORDS_PER_PAGE = 650
FIRST_DATE = dt.date(2009, 1, 1)
LAST_DATE = dt.date(2012, 11, 25)  # before the benchmark's build date, so nothing is "in the future"

VOCABULARY = """
automotive supplier district cluster component engine chassis brake gearbox casting forging
mould plastic rubber sensor harness battery electric hybrid vehicle truck bus tractor
motorcycle quality certification process tooling machining welding painting assembly
logistics export market fair mission delegation buyer network partner company firm
workshop course training module seminar meeting visit plant factory laboratory test
prototype design engineering research innovation patent standard regulation safety
emission efficiency lightweight aluminium steel composite carbon fibre surface coating
Lombardy Brescia Milan Bergamo Turin Stuttgart Munich Lyon Detroit Shanghai Pune Sao Paulo
Istanbul Casablanca Poznan region chamber commerce association consortium agreement
contract offer order delivery price cost margin revenue turnover growth share figure
survey report analysis study strategy plan project programme call deadline application
member board director manager engineer technician operator apprentice student school
university institute centre service support advice consultancy finance credit grant loan
digital software data platform simulation measurement control inspection maintenance
spare part aftermarket dealer retail customer user driver fleet mobility transport
""".split()

HEADINGS = """
Background Objectives Results Participants Programme Partners Markets Figures Outlook
Methods Timeline Budget Contacts Requirements Benefits Lessons Next-steps Context
""".split()


@dataclass(frozen=True)
class CorpusPage:
    """One generated page: its file name, front matter values and Markdown body."""

    name: str
    title: str
    date: dt.date
    slug: str
    body: str


def make_page(index: int, seed: int = DEFAULT_SEED) -> CorpusPage:
    """Page number `index` (from 1) of the corpus with this seed."""
    rng = random.Random(seed * 1_000_003 + index)
    title_words = rng.sample(VOCABULARY, rng.randint(3, 6))
    title = " ".join(title_words).capitalize()
    slug = "-".join(word.lower() for word in title_words) + f"-{index}"
    days = (LAST_DATE - FIRST_DATE).days
    date = FIRST_DATE + dt.timedelta(days=rng.randrange(days + 1))
    return CorpusPage(f"page-{index:05d}", title, date, slug, _body(rng))


def _body(rng: random.Random) -> str:
    blocks = [_paragraph(rng, 40, 70)]
    section = 0
    while _count_words(blocks) < WORDS_PER_PAGE - 55:  # a section adds about 150 words
        section += 1
        blocks.append(f"## {rng.choice(HEADINGS)} {section}")
        blocks.append(_paragraph(rng, 45, 80))
        if section == 2:
            blocks.append(_table(rng))
        blocks.append(f"### {_words(rng, 2, 4).capitalize()}")
        blocks.append(_list(rng, numbered=section % 2 == 0))
        blocks.append(_paragraph(rng, 30, 60))
    return "\n\n".join(blocks) + "\n"


def _words(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(low, high)))


def _paragraph(rng: random.Random, low: int, high: int) -> str:
    """A few sentences with, now and then, bold, italic or a link."""
    sentences = []
    target = rng.randint(low, high)
    count = 0
    while count < target:
        words = [rng.choice(VOCABULARY) for _ in range(rng.randint(6, 16))]
        count += len(words)
        spot = rng.randrange(len(words))
        roll = rng.random()
        if roll < 0.15:
            words[spot] = f"**{words[spot]}**"
        elif roll < 0.30:
            words[spot] = f"*{words[spot]}*"
        elif roll < 0.40:
            target_path = "-".join(rng.sample(VOCABULARY, 2)).lower().replace(" ", "-")
            words[spot] = f"[{words[spot]}](https://www.example.com/{target_path}/)"
        sentences.append(" ".join(words).capitalize() + ".")
    return " ".join(sentences)


def _list(rng: random.Random, numbered: bool) -> str:
    items = [_words(rng, 4, 10) for _ in range(rng.randint(4, 6))]
    return "\n".join(f"{n}. {item}" if numbered else f"- {item}" for n, item in enumerate(items, 1))


def _table(rng: random.Random) -> str:
    header = "| Item | Value | Note |\n|------|------:|------|"
    rows = [f"| {rng.choice(VOCABULARY)} | {rng.randint(1, 999)} | {_words(rng, 2, 4)} |" for _ in range(4)]
    return "\n".join([header, *rows])


def _count_words(blocks: list[str]) -> int:
    return sum(len(block.split()) for block in blocks)


def front_matter(page: CorpusPage, flavour: str) -> str:
    """The header lines of a page in the given flavour ('yaml' or 'pelican')."""
    if flavour == "pelican":
        return f"Title: {page.title}\nDate: {page.date.isoformat()}\nSlug: {page.slug}\n\n"
    return f"---\ntitle: {page.title}\ndate: {page.date.isoformat()}\nslug: {page.slug}\n---\n\n"


def write_corpus(count: int, dest: Path, flavour: str = "yaml", seed: int = DEFAULT_SEED) -> list[Path]:
    """Write pages 1..count into dest (created if needed); return their paths."""
    dest.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(1, count + 1):
        page = make_page(index, seed)
        path = dest / f"{page.name}.md"
        path.write_text(front_matter(page, flavour) + page.body, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write N deterministic Markdown pages for the benchmark.")
    parser.add_argument("count", type=int, metavar="N", help="how many pages to write")
    parser.add_argument("dest", type=Path, metavar="DEST", help="folder to write them into")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default: {DEFAULT_SEED})")
    parser.add_argument("--flavour", choices=("yaml", "pelican"), default="yaml",
                        help="front matter: YAML between '---' lines (default) or Pelican's 'Title:' lines")
    arguments = parser.parse_args(argv)
    if arguments.count < 1:
        parser.error("N must be at least 1")
    write_corpus(arguments.count, arguments.dest, arguments.flavour, arguments.seed)
    print(f"Wrote {arguments.count} pages into {arguments.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
