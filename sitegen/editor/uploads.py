"""Images and documents uploaded from the editor into content/files/ (published as they are).

A file is taken for what its bytes are, not for its name: its first bytes must be those of
an image or a document the site may publish, and it must not be too big. SVG can carry
scripts, so it is accepted only through `sanitise_svg`, the one place an SVG sanitiser plugs in.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..site_files import FOLDER as SITE_FILES_FOLDER

MAX_UPLOAD_BYTES = 16 * 1024 * 1024
# What the first bytes of each kind of file we publish are (their "magic numbers").
SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", ".png", "image"),
    (b"\xff\xd8\xff", ".jpg", "image"),
    (b"GIF87a", ".gif", "image"),
    (b"GIF89a", ".gif", "image"),
    (b"%PDF-", ".pdf", "document"),
)
SUFFIXES = {".png": (".png",), ".jpg": (".jpg", ".jpeg"), ".gif": (".gif",), ".webp": (".webp",),
            ".pdf": (".pdf",), ".svg": (".svg",)}


class UploadRefused(Exception):
    """An upload that is not stored, with the reason in Italian for staff."""


def sanitise_svg(data: bytes) -> bytes | None:
    """An SVG made safe to publish, or None to refuse it.

    The boundary for the SVG sanitiser (issue 15): until it lands every SVG is refused."""
    return None


def kind_of(data: bytes) -> tuple[str, str]:
    """(suffix, "image" or "document") of a file by its bytes; UploadRefused if it is neither."""
    for signature, suffix, kind in SIGNATURES:
        if data.startswith(signature):
            return suffix, kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp", "image"
    head = data[:1024].lstrip().lower()
    if head.startswith((b"<svg", b"<?xml")) and b"<svg" in data[:4096].lower():
        return ".svg", "image"
    raise UploadRefused("il file non è un'immagine (PNG, JPEG, GIF, WebP) né un documento PDF")


def safe_name(name: str, suffix: str) -> str:
    """A file name for the site: lowercase letters, digits and hyphens, with the suffix of its bytes."""
    stem = Path(name.replace("\\", "/").rsplit("/", 1)[-1]).stem
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode().lower()
    stem = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")[:60] or "file"
    return stem + suffix


def store_upload(content_root: Path, name: str, data: bytes) -> dict:
    """Check an upload and store it in content/files/ under a new name; what the site calls it."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadRefused(f"il file supera {MAX_UPLOAD_BYTES // 2**20} MB")
    if not data:
        raise UploadRefused("il file è vuoto")
    suffix, kind = kind_of(data)
    if suffix == ".svg":
        data = sanitise_svg(data)
        if data is None:
            raise UploadRefused("le immagini SVG non sono ancora accettate: salvala come PNG")
    folder = Path(content_root) / SITE_FILES_FOLDER
    if folder.is_symlink():
        raise UploadRefused("content/files/ è un collegamento simbolico")
    folder.mkdir(exist_ok=True)
    stem = safe_name(name, suffix)[:-len(suffix)]
    target, count = folder / (stem + suffix), 2
    while target.exists() or target.is_symlink():  # never over a file already there
        target, count = folder / f"{stem}-{count}{suffix}", count + 1
    from .storage import write_atomically

    write_atomically(target, data)
    return {"name": target.name, "url": "/" + target.name, "kind": kind}


def site_files(content_root: Path) -> list[dict]:
    """The images and documents already in content/files/, for the toolbar's list."""
    folder = Path(content_root) / SITE_FILES_FOLDER
    if not folder.is_dir() or folder.is_symlink():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        suffix = path.suffix.lower()
        if path.is_file() and not path.is_symlink() and any(suffix in names for names in SUFFIXES.values()):
            found.append({"name": path.name, "url": "/" + path.name,
                          "kind": "document" if suffix == ".pdf" else "image"})
    return found
