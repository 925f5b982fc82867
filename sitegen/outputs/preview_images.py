"""The image shown when a page is shared: the site's own (settings.yml `preview_image`), or,
without one, an image drawn for each page from the site's name and the page's title (Pillow).

A drawn image is named by a hash of what it shows and of the drawing, so its address is known
before it is drawn and pages showing the same words share one file; with a cache folder, an
image already drawn is read from it instead of being drawn again. The real site has its own
image, so it draws nothing.
"""

from __future__ import annotations

import hashlib
import io
import os
import struct
from dataclasses import dataclass
from pathlib import Path

WIDTH, HEIGHT = 1200, 630
DRAWING = "1"  # change it when the drawing changes: drawn images are named and cached by it
FOLDER = "static/previews"
BACKGROUND, INK, ACCENT = "#0b4f8a", "#ffffff", "#ffbf47"  # the theme's blue, white and focus yellow
MARGIN, NAME_SIZE, TITLE_SIZE, TITLE_LINES = 80, 40, 68, 4
TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}


@dataclass(frozen=True)
class Preview:
    url: str  # site path
    type: str
    width: int
    height: int
    alt: str | None  # None: a drawn image, described by the theme's words from the title and name
    output: str = ""  # a drawn image's path in site/
    site_name: str = ""
    title: str = ""


def prepare_previews(assembled, urls, site_files: dict[str, bytes]) -> None:
    """Give every page its preview image."""
    own = {}  # lang -> the site's own image, if it has one
    for lang, site in assembled.sites.items():
        chosen = site.data["settings"].preview_image
        if chosen is not None:
            width, height = image_size(site_files[chosen.file])
            kind = TYPES.get(chosen.file.rpartition(".")[2].lower(), "image/png")
            own[lang] = Preview(urls.link(chosen.file), kind, width, height, chosen.alt)
    for page in assembled.pages:
        site = assembled.sites[page.lang]
        if page.lang in own:
            page.preview = own[page.lang]
        else:
            output = f"{FOLDER}/{drawing_key(site.name, page.title)}.png"
            page.preview = Preview(urls.link(output), "image/png", WIDTH, HEIGHT, None, output, site.name, page.title)


def drawn_previews(assembled, cache: Path | None) -> dict[str, bytes]:
    """The drawn images the pages show, by their path in site/."""
    wanted = {page.preview.output: page.preview for page in assembled.pages if page.preview and page.preview.output}
    return {output: _cached(preview, cache) for output, preview in sorted(wanted.items())}


PNG_SIGNATURE, JPEG_START = b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"


def image_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG (read from its header: the real site imports no Pillow) or JPEG."""
    if data[:8] == PNG_SIGNATURE and data[12:16] == b"IHDR":
        return struct.unpack(">II", data[16:24])
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return image.size


def image_problem(data: bytes) -> str | None:
    """Why `data` cannot be a preview image, if it cannot."""
    if data[:8] == PNG_SIGNATURE and data[12:16] == b"IHDR":
        return None
    if data[:3] != JPEG_START:
        return "it is not a PNG or JPEG image"
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.size  # noqa: B018 - reading the header is the check
    except (UnidentifiedImageError, OSError):
        return "it is not a readable JPEG image"
    return None


def drawing_key(site_name: str, title: str) -> str:
    from PIL import __version__ as pillow

    words = "\0".join((DRAWING, pillow, site_name, title))
    return hashlib.sha256(words.encode("utf-8")).hexdigest()[:16]


def _cached(preview: Preview, cache: Path | None) -> bytes:
    key = preview.output.rpartition("/")[2]
    stored = cache / "previews" / key if cache else None
    if stored is not None and stored.is_file():
        return stored.read_bytes()
    data = draw(preview.site_name, preview.title)
    if stored is not None:
        stored.parent.mkdir(parents=True, exist_ok=True)
        temporary = stored.with_name(f".{key}.{os.getpid()}")
        temporary.write_bytes(data)
        os.replace(temporary, stored)
    return data


def draw(site_name: str, title: str) -> bytes:
    """A 1200 × 630 PNG: the site's name above the page's title, on the theme's blue."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    pen = ImageDraw.Draw(image)
    name_font, title_font = ImageFont.load_default(NAME_SIZE), ImageFont.load_default(TITLE_SIZE)
    pen.rectangle((MARGIN, MARGIN, MARGIN + 120, MARGIN + 10), fill=ACCENT)
    pen.text((MARGIN, MARGIN + 40), _fit(pen, site_name, name_font, 1)[0], font=name_font, fill=INK)
    lines = _fit(pen, title if title != site_name else "", title_font, TITLE_LINES)
    top = HEIGHT - MARGIN - len(lines) * int(TITLE_SIZE * 1.25)
    for index, line in enumerate(lines):
        pen.text((MARGIN, top + index * int(TITLE_SIZE * 1.25)), line, font=title_font, fill=INK)
    data = io.BytesIO()
    image.save(data, "PNG")
    return data.getvalue()


def _fit(pen, text: str, font, most: int) -> list[str]:
    """The words of `text` in at most `most` lines as wide as the image allows ('…' if cut)."""
    room = WIDTH - 2 * MARGIN
    lines: list[str] = []
    for word in text.split():
        if lines and pen.textlength(f"{lines[-1]} {word}", font=font) <= room:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] += " …"
    for index, line in enumerate(lines):
        while pen.textlength(line, font=font) > room and len(line) > 1:
            line = line[:-2] + "…"
        lines[index] = line
    return lines or [""]
