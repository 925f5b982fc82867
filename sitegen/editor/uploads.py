"""Images and documents uploaded from the editor into content/files/ (published as they are).

A file is taken for what its bytes are, not for its name: its first bytes must be those of
an image or a document the site may publish, and it must not be too big. SVG can carry
scripts, so it is accepted only when the build's own check finds it inert (media/svg.py).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..media.catalogue import file_problem, kind_by_signature
from ..site_files import FOLDER as SITE_FILES_FOLDER

MAX_UPLOAD_BYTES = 16 * 1024 * 1024
# What staff may upload: images and PDF documents, known by their bytes (media/catalogue.py).
UPLOADS = {"png": "image", "jpg": "image", "gif": "image", "webp": "image", "svg": "image", "pdf": "document"}
SUFFIXES = {".png": (".png",), ".jpg": (".jpg", ".jpeg"), ".gif": (".gif",), ".webp": (".webp",),
            ".pdf": (".pdf",), ".svg": (".svg",)}


class UploadRefused(Exception):
    """An upload that is not stored, with the reason in Italian for staff."""


def kind_of(data: bytes) -> tuple[str, str]:
    """(suffix, "image" or "document") of a file by its bytes; UploadRefused if it is neither, or
    if the build would refuse to publish it (a broken or huge image, an SVG that is not inert)."""
    suffix = kind_by_signature(data)
    if suffix not in UPLOADS:
        raise UploadRefused("il file non è un'immagine (PNG, JPEG, GIF, WebP, SVG) né un documento PDF")
    problem = file_problem(f"upload.{suffix}", data)
    if problem:
        raise UploadRefused(f"il sito non potrebbe pubblicarlo: {problem}")
    return "." + suffix, UPLOADS[suffix]


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
    return {"name": target.name, "url": target.name, "kind": kind}  # as Markdown names it: ![alt](foto.jpg)


def site_files(content_root: Path) -> list[dict]:
    """The images and documents already in content/files/, for the toolbar's list."""
    folder = Path(content_root) / SITE_FILES_FOLDER
    if not folder.is_dir() or folder.is_symlink():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        suffix = path.suffix.lower()
        if path.is_file() and not path.is_symlink() and any(suffix in names for names in SUFFIXES.values()):
            found.append({"name": path.name, "url": path.name,
                          "kind": "document" if suffix == ".pdf" else "image"})
    return found
