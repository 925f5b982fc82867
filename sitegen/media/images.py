"""Responsive versions of a photo or logo, made with Pillow and kept in a cache.

An image gives a few widths (never wider than itself) in AVIF (when the installed Pillow can
write it), WebP and its own format (JPEG stays JPEG, anything else becomes PNG), for
`<picture>`/`srcset`. What is made depends only on the source's bytes and PARAMETERS, so the
versions are cached under a hash of both: a build that meets no new image decodes none.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

WIDTHS = (480, 960, 1600)
MAX_PIXELS = 40_000_000  # 8000 × 5000: more is no web photo, and decoding it would take a lot of memory
MAX_BYTES = 20 * 1024 * 1024
QUALITY = {"AVIF": 55, "WEBP": 78, "JPEG": 82}
MIME = {"AVIF": "image/avif", "WEBP": "image/webp", "JPEG": "image/jpeg", "PNG": "image/png"}
SUFFIX = {"AVIF": "avif", "WEBP": "webp", "JPEG": "jpg", "PNG": "png"}
CACHE_VERSION = 1


class BadImage(ValueError):
    """Why an image cannot be published, in words for staff."""


@dataclass(frozen=True)
class Version:
    """One file made from an image: a width in one format."""

    format: str  # a Pillow format name: AVIF, WEBP, JPEG, PNG
    width: int
    height: int
    data: bytes = b""

    @property
    def mime(self) -> str:
        return MIME[self.format]


def output_formats(source_format: str) -> tuple[str, ...]:
    """The formats made of an image, the fallback (the format every browser shows) last."""
    from PIL import features

    fallback = "JPEG" if source_format == "JPEG" else "PNG"
    modern = (("AVIF",) if features.check("avif") else ()) + ("WEBP",)
    return modern + (fallback,)


def widths_for(width: int) -> tuple[int, ...]:
    """The widths made of an image `width` pixels wide: WIDTHS below it, and itself up to the largest."""
    return tuple(w for w in WIDTHS[:-1] if w < width) + (min(width, WIDTHS[-1]),)


def check_bytes(data: bytes) -> None:
    """BadImage if an image file is bigger than an image may be (checked without decoding it)."""
    if len(data) > MAX_BYTES:
        raise BadImage(f"it is {len(data) / 2**20:.1f} MB, more than the {MAX_BYTES // 2**20} MB an image may be")


def open_image(data: bytes):
    """The image, opened and fully decoded; BadImage if it is corrupt, too big, or a bomb."""
    from PIL import Image

    check_bytes(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise BadImage(f"it is {width} × {height} pixels, more than the {MAX_PIXELS // 1_000_000} million "
                               f"pixels an image may have")
            image.load()
    except BadImage:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise BadImage(f"it declares more than {MAX_PIXELS // 1_000_000} million pixels") from None
    except (OSError, ValueError, SyntaxError, EOFError) as error:  # what Pillow raises for broken files
        raise BadImage(f"it cannot be decoded as an image ({error})") from None
    return image


def make_versions(data: bytes) -> list[Version]:
    """Every version of one image (see the module's docstring)."""
    from PIL import ImageOps

    image = open_image(data)
    source_format = image.format or "PNG"
    image = ImageOps.exif_transpose(image)  # a phone's portrait photo stands up
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha else "RGB")
    versions = []
    for width in widths_for(image.width):
        height = max(round(image.height * width / image.width), 1)
        resized = image if width == image.width else image.resize((width, height), _lanczos())
        for name in output_formats(source_format):
            frame = resized.convert("RGB") if name == "JPEG" else resized
            versions.append(Version(name, width, height, _encode(frame, name)))
    return versions


def _lanczos():
    from PIL import Image

    return Image.Resampling.LANCZOS


def _encode(image, name: str) -> bytes:
    out = io.BytesIO()
    options = {"optimize": True} if name in ("PNG", "JPEG") else {}
    if name in QUALITY:
        options["quality"] = QUALITY[name]
    if name == "AVIF":
        options["speed"] = 8  # measured: the smallest files at speed 6 take three times longer
    if name == "JPEG":
        options["progressive"] = True
    image.save(out, name, **options)  # no metadata (EXIF, GPS) is kept: none is passed on
    return out.getvalue()


def parameters() -> str:
    """Everything besides the source that shapes the versions: part of the cache key."""
    from PIL import __version__ as pillow, features

    return repr((CACHE_VERSION, WIDTHS, sorted(QUALITY.items()), MAX_PIXELS, pillow, features.check("avif")))


@dataclass
class ImageCache:
    """Versions already made, by the hash of the source and parameters(), in `folder` (None: no
    cache, everything is made in memory). `made` counts the images this build had to process."""

    folder: Path | None
    made: int = 0
    memory: dict | None = None  # key -> versions, kept by the caller between builds (the preview)

    def versions(self, sources: list[bytes], jobs: int = 1) -> list[list[Version] | BadImage]:
        """The versions of each image (or why it cannot be published), those not in the cache made
        in `jobs` processes when there are several to make."""
        keys = [hashlib.blake2b(data + b"\0" + parameters().encode(), digest_size=20).hexdigest() for data in sources]
        memory = self.memory if self.memory is not None else {}
        found: list = [memory.get(key) or self._read(key) for key in keys]
        missing = [index for index, kept in enumerate(found) if kept is None]
        for index, made in zip(missing, _make_all([sources[index] for index in missing], jobs)):
            found[index] = made
            if not isinstance(made, BadImage):
                self.made += 1
                self._write(keys[index], made)
        if self.memory is not None:  # only the images of this build are kept
            self.memory.clear()
            self.memory.update((key, versions) for key, versions in zip(keys, found) if not isinstance(versions, BadImage))
        return found

    def _read(self, key: str) -> list[Version] | None:
        if self.folder is None:
            return None
        folder = self.folder / key[:2] / key
        try:
            listed = json.loads((folder / "versions.json").read_text(encoding="utf-8"))
            return [Version(item["format"], item["width"], item["height"], (folder / item["file"]).read_bytes())
                    for item in listed]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _write(self, key: str, versions: list[Version]) -> None:
        """Each file written whole then renamed into place, the list last: a reader sees all or nothing."""
        if self.folder is None:
            return
        folder = self.folder / key[:2] / key
        try:
            folder.mkdir(parents=True, exist_ok=True)
            listed = []
            for version in versions:
                name = f"{version.width}.{SUFFIX[version.format]}"
                _write_atomically(folder / name, version.data)
                listed.append({"format": version.format, "width": version.width, "height": version.height,
                               "file": name})
            _write_atomically(folder / "versions.json", json.dumps(listed).encode())
        except OSError:
            pass  # a cache that cannot be written only makes the next build slower


def _make_all(sources: list[bytes], jobs: int) -> list[list[Version] | BadImage]:
    """make_versions of each source: in this process, or in a pool for several images (the real
    site, with a few logos at most, stays in this process)."""
    if jobs < 2 or len(sources) < 2:
        return [_versions_or_problem(data) for data in sources]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=min(jobs, len(sources))) as pool:
        return list(pool.map(_versions_or_problem, sources))


def _versions_or_problem(data: bytes) -> list[Version] | BadImage:
    try:
        return make_versions(data)
    except BadImage as error:
        return error


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=".", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
