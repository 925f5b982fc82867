#!/usr/bin/env python3
"""The floor: the least any Python generator must do to make our output from the corpus.

`python3 bench/floor.py SRC OUT` reads the Markdown files that corpus.py wrote into SRC
(YAML front matter: title, date, slug) and, on 2 processes, converts each file once with
stock Python-Markdown and sitegen's extensions, renders it with one small Jinja2 template
into two pages, OUT/it/<slug>/index.html and OUT/en/<slug>/index.html (sitegen writes
every item in both languages), and writes them; then one index page per language that
lists every item. No checks, no sanitising, no feeds: run.py times it as variant `floor`.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from pathlib import Path

import jinja2
import markdown
import yaml
from markupsafe import Markup

PROCESSES = 2  # the cores of the machine the targets were set on
LANGUAGES = ("it", "en")
EXTENSIONS = ["tables", "attr_list", "sane_lists", "fenced_code", "toc"]  # sitegen's, as stock Python-Markdown
EXTENSION_CONFIGS = {"toc": {"toc_depth": "2-4"}}
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the fastest loader a generator could choose

ITEM_TEMPLATE = """\
<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1><p><time datetime="{{ date }}">{{ date }}</time></p>
{{ body }}
</main></body></html>
"""
LIST_TEMPLATE = """\
<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>News</title></head>
<body><main><h1>News</h1><ul>
{% for item in items %}<li><a href="{{ item.slug }}/">{{ item.title }}</a> <time>{{ item.date }}</time></li>
{% endfor %}</ul></main></body></html>
"""


class ItemWriter:
    """Converts, renders and writes one item after another; one per worker process."""

    def __init__(self, output: Path):
        self.output = output
        self.markdown = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS,
                                          output_format="html")
        self.template = jinja2.Environment(autoescape=True).from_string(ITEM_TEMPLATE)

    def write(self, path: Path) -> dict:
        """Write both pages of one corpus file; its title, date and slug for the listings."""
        header, body = split_front_matter(path.read_text(encoding="utf-8"))
        item = {"title": str(header["title"]), "date": str(header["date"]), "slug": str(header["slug"])}
        self.markdown.reset()
        html = Markup(self.markdown.convert(body))  # the body is HTML: not escaped again
        for lang in LANGUAGES:
            write_page(self.output / lang / item["slug"] / "index.html",
                       self.template.render(lang=lang, body=html, **item))
        return item


def split_front_matter(text: str) -> tuple[dict, str]:
    """({title, date, slug}, Markdown body) of a file that starts with a '---' block."""
    _, header, body = text.split("---\n", 2)
    return yaml.load(header, Loader=YAML_LOADER), body


def write_page(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# A pool worker keeps its ItemWriter here between tasks: Pool's initializer cannot hand it over otherwise.
_writer: ItemWriter | None = None


def _start_worker(output: Path) -> None:
    global _writer
    _writer = ItemWriter(output)


def _write_item(path: Path) -> dict:
    return _writer.write(path)


def write_floor_site(source: Path, output: Path, processes: int = PROCESSES) -> int:
    """Build the floor's site from the corpus in `source`; the number of pages written."""
    paths = sorted(source.glob("*.md"))
    with multiprocessing.get_context("fork").Pool(processes, _start_worker, (output,)) as pool:
        items = pool.map(_write_item, paths)
    items.sort(key=lambda item: item["date"], reverse=True)
    listing = jinja2.Environment(autoescape=True).from_string(LIST_TEMPLATE)
    for lang in LANGUAGES:
        write_page(output / lang / "index.html", listing.render(lang=lang, items=items))
    return len(LANGUAGES) * (len(items) + 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The floor: Python-Markdown + Jinja2 + write, on 2 processes.")
    parser.add_argument("source", type=Path, metavar="SRC", help="folder of Markdown files written by corpus.py")
    parser.add_argument("output", type=Path, metavar="OUT", help="folder to write the pages into")
    arguments = parser.parse_args(argv)
    pages = write_floor_site(arguments.source, arguments.output)
    print(f"Wrote {pages} pages into {arguments.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
