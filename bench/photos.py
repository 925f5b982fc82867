#!/usr/bin/env python3
"""Build a site with many photos: first build, no-change rebuild, rebuild after a text edit.

`python3 bench/photos.py [--photos 200] [--size 2400x1600] [--keep DIR]` writes the benchmark's
skeleton site with N generated photos (JPEG, deterministic) shown on a gallery page in both
languages, then measures with the build users run (default options, a cache folder):

1. the first build, cache empty: every photo is decoded and resized;
2. the same build again: nothing changed, nothing to do;
3. a rebuild after a text edit: the whole site is rendered again, and no photo is processed
   (the versions come from the image cache).

It prints the times and how many images each build processed, and fails if the third build
processed any.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SKELETON = Path(__file__).resolve().parent / "skeleton"
GALLERY = {"it": "---\ntitle: Galleria\nmenu: 3\n---\nLe foto delle attività.\n",
           "en": "---\ntitle: Gallery\nslug: gallery\nmenu: 3\n---\nPhotos of the activities.\n"}


def make_photo(index: int, width: int, height: int) -> bytes:
    """A deterministic photo-like JPEG: a gradient with a few shapes and some noise."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(index)
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(width), rng.randrange(height)
        radius = rng.randrange(width // 20, width // 5)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius),
                     fill=tuple(rng.randrange(256) for _ in range(3)))
    noise = Image.effect_noise((width, height), 24).convert("RGB")
    image = Image.blend(image, noise, 0.15).filter(ImageFilter.SMOOTH)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def write_site(content: Path, photos: int, width: int, height: int) -> None:
    shutil.copytree(SKELETON, content)
    for lang in GALLERY:
        (content / "news" / lang).mkdir(parents=True, exist_ok=True)
    folder = content / "files" / "foto"
    folder.mkdir(parents=True)
    for index in range(1, photos + 1):
        (folder / f"foto-{index:03d}.jpg").write_bytes(make_photo(index, width, height))
    for lang, front in GALLERY.items():
        alt = "Foto numero" if lang == "it" else "Photo number"
        body = "".join(f"\n![{alt} {index}](foto/foto-{index:03d}.jpg)\n" for index in range(1, photos + 1))
        (content / "pages" / lang / "galleria.md").write_text(front + body, encoding="utf-8")


def timed_build(options) -> tuple[float, object]:
    from sitegen.pipeline import build_site

    started = time.perf_counter()
    result = build_site(options)
    return time.perf_counter() - started, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--size", default="2400x1600", help="width x height of each photo (default 2400x1600)")
    parser.add_argument("--keep", type=Path, help="write the site and cache here instead of a temporary folder")
    arguments = parser.parse_args(argv)
    width, height = map(int, arguments.size.split("x"))
    sys.path.insert(0, str(REPO))
    from sitegen.config import BuildOptions, default_jobs

    work = arguments.keep or Path(tempfile.mkdtemp(prefix="bench-photos-"))
    try:
        content = work / "content"
        started = time.perf_counter()
        write_site(content, arguments.photos, width, height)
        print(f"{arguments.photos} photos of {width}×{height} written in {time.perf_counter() - started:.1f} s")
        options = BuildOptions(content, REPO / "templates", work / "site", dt.date(2012, 11, 26),
                               jobs=default_jobs(), cache=work / "cache")
        first_time, first = timed_build(options)
        same_time, same = timed_build(options)
        page = content / "pages" / "it" / "index.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nUna frase in più.\n", encoding="utf-8")
        edit_time, edited = timed_build(options)
        files = sorted((work / "site" / "media").iterdir())
        print(f"| build | seconds | images processed |\n|---|---:|---:|\n"
              f"| first (cache empty) | {first_time:.2f} | {first.images_processed} |\n"
              f"| no change | {same_time:.2f} | {same.images_processed} ({'nothing to do' if not same.rendered else 'rendered'}) |\n"
              f"| after a text edit | {edit_time:.2f} | {edited.images_processed} |")
        print(f"{len(files)} image files in site/media/, {sum(f.stat().st_size for f in files) / 2**20:.1f} MB")
        if edited.images_processed or same.rendered or first.images_processed != arguments.photos:
            print("FAILED: a rebuild processed images, or the first build did not process each photo once")
            return 1
        return 0
    finally:
        if not arguments.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
