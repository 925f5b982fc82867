#!/usr/bin/env python3
"""Time what the preview server does after one edit: notice it and show the edited page.

`python3 bench/edit_rebuild.py CONTENT [--engine DIR] [--templates DIR] [--edits 5] [--json FILE]`
makes a `sitegen.serve.Preview` for CONTENT (drafts included, the address `build.py serve`
uses), polls once and asks for the page of the middle Italian news item (the first load),
then `--edits` times appends a sentence to that item, saved as editors' programs save
(a temporary file, then a rename), and times `poll()` plus the request for its page: the
edit shown. It writes to the content folder, so give it a copy. run.py calls it in its own
process, so that its memory is measured alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BUILD_DATE = dt.date(2012, 11, 26)
BASE_URL = "http://127.0.0.1:8000/"  # what `build.py serve` uses by default
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


def save_appended(path: Path, sentence: str) -> None:
    """Append a paragraph the way editors save: write a temporary file, then rename it over the old."""
    temporary = path.with_name(path.name + ".tmp")  # a suffix the preview's scan skips
    temporary.write_text(path.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
    os.replace(temporary, path)


def output_of(preview, source: Path) -> str:
    """The output path of the page made from `source`."""
    for output, page in preview.pages.items():
        if page.source and os.path.abspath(page.source) == os.path.abspath(source):
            return output
    raise SystemExit(f"{source}: the preview has no page made from this file")


def check_shown(data: bytes | None, problems: list, output: str, expected: str, what: str) -> None:
    """Fail loudly unless the preview returned the page holding `expected`."""
    if problems or data is None or expected.encode("utf-8") not in data:
        reason = (f"problems: {'; '.join(map(str, problems))}" if problems else "no page" if data is None
                  else f"the page lacks {expected!r}")
        raise SystemExit(f"{what}: the preview did not show {output} as expected ({reason})")


def measure_edits(content: Path, templates: Path, edits: int, engine: Path = REPO) -> dict:
    """Seconds of the first load and of each edit shown (poll + the edited page)."""
    sys.path.insert(0, str(engine))
    from sitegen.config import BuildOptions
    from sitegen.serve import Preview

    output = Path(tempfile.gettempdir()) / "sitegen-bench-not-written"  # the preview serves from memory
    preview = Preview(BuildOptions(content=content, templates=templates, output=output, today=BUILD_DATE,
                                   base_url=BASE_URL, drafts=True), log=lambda message: None)
    target = file_to_edit(content)
    started = time.perf_counter()
    preview.poll()
    page = output_of(preview, target)
    data, problems = preview.file(page)
    first_seconds = time.perf_counter() - started
    check_shown(data, problems, page, "<h1", "first load")
    seconds = []
    for number in range(1, edits + 1):
        sentence = f"Edited sentence number {number}, as an editor would add it."
        save_appended(target, sentence)
        started = time.perf_counter()
        changed = preview.poll()
        data, problems = preview.file(page)
        seconds.append(time.perf_counter() - started)
        if changed is None:
            raise SystemExit(f"edit {number}: the preview's poll() did not notice that {target} changed")
        check_shown(data, problems, page, sentence, f"edit {number}")
    return {"pages": len(preview.pages), "first_load_s": first_seconds, "edit_shown_s": seconds,
            "median_edit_s": statistics.median(seconds), "max_edit_s": max(seconds),
            "edited": str(target.relative_to(content)), "output": page}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the preview server showing one edited page.")
    parser.add_argument("content", type=Path, help="content folder (a copy: one file is edited)")
    parser.add_argument("--engine", type=Path, default=REPO, help="folder holding the sitegen package "
                        "(default: this repository)")
    parser.add_argument("--templates", type=Path, default=REPO / "templates", help="templates folder")
    parser.add_argument("--edits", type=int, default=5, help="how many edits to time (default: 5)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file as JSON")
    arguments = parser.parse_args(argv)
    if arguments.edits < 1:
        parser.error("--edits must be at least 1")
    figures = measure_edits(arguments.content, arguments.templates, arguments.edits, arguments.engine)
    if arguments.json:
        arguments.json.write_text(json.dumps(figures), encoding="utf-8")
    print(f"{figures['pages']} pages: first load {figures['first_load_s']:.2f} s; an edit shown in "
          f"{figures['median_edit_s'] * 1000:.0f} ms (median of {arguments.edits}), "
          f"{figures['max_edit_s'] * 1000:.0f} ms at most; edited {figures['edited']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
