#!/usr/bin/env python3
"""Time what the preview server does after one edit: render the site again in memory.

`python3 bench/edit_rebuild.py CONTENT [--engine DIR] [--templates DIR] [--edits 5] [--json FILE]`
renders CONTENT once with a Builder (drafts included, as `build.py serve` does), then
appends a sentence to one news item (or page) and times the next render, `--edits`
times. It writes to the content folder, so give it a copy. run.py calls it in its own
process, so that its memory is measured alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BUILD_DATE = dt.date(2012, 11, 26)
SKELETON_PAGES = {"index", "notizie"}


def file_to_edit(content: Path) -> Path:
    """The middle imported news item in Italian, else the middle imported page."""
    candidates = sorted((content / "news" / "it").glob("*.md"))
    if not candidates:
        candidates = sorted(path for path in (content / "pages" / "it").glob("*.md")
                            if path.stem not in SKELETON_PAGES)
    if not candidates:
        raise SystemExit(f"{content}: no news item or page to edit")
    return candidates[len(candidates) // 2]


def measure_edits(content: Path, templates: Path, edits: int, engine: Path = REPO) -> dict:
    """Seconds of the first render and of the render after each edit, and pages rendered each time."""
    sys.path.insert(0, str(engine))
    from sitegen.config import BuildOptions
    from sitegen.pipeline import Builder

    output = Path(tempfile.gettempdir()) / "sitegen-bench-not-written"  # render() keeps the site in memory
    builder = Builder(BuildOptions(content=content, templates=templates, output=output, today=BUILD_DATE,
                                   drafts=True))
    started = time.perf_counter()
    first = builder.render()
    first_seconds = time.perf_counter() - started
    target = file_to_edit(content)
    seconds, rendered = [], []
    for number in range(1, edits + 1):
        with target.open("a", encoding="utf-8") as file:
            file.write(f"\nEdited sentence number {number}, as an editor would add it.\n")
        started = time.perf_counter()
        result = builder.render()
        seconds.append(time.perf_counter() - started)
        rendered.append(len(result.rendered))
    return {"pages": first.pages, "first_render_s": first_seconds, "edit_render_s": seconds,
            "median_edit_s": statistics.median(seconds), "rendered_per_edit": rendered,
            "edited": str(target.relative_to(content))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the in-memory rebuild after editing one page.")
    parser.add_argument("content", type=Path, help="content folder (a copy: one file is edited)")
    parser.add_argument("--engine", type=Path, default=REPO, help="folder holding the sitegen package "
                        "(default: this repository)")
    parser.add_argument("--templates", type=Path, default=REPO / "templates", help="templates folder")
    parser.add_argument("--edits", type=int, default=5, help="how many edits to time (default: 5)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file as JSON")
    arguments = parser.parse_args(argv)
    figures = measure_edits(arguments.content, arguments.templates, arguments.edits, arguments.engine)
    if arguments.json:
        arguments.json.write_text(json.dumps(figures), encoding="utf-8")
    print(f"{figures['pages']} pages: first render {figures['first_render_s']:.2f} s; after an edit "
          f"{figures['median_edit_s'] * 1000:.0f} ms (median of {arguments.edits}), "
          f"pages rendered again: {figures['rendered_per_edit']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
