"""What each file of content/files/ is: an image with its responsive versions, a document with
its type and size, or another file published as it is; and the problem with any that may not
be published (a file that is not what its name says, a broken or enormous image, an unsafe SVG).

Every file is still published at its own address, as site_files.py says; images also get
their versions under media/, with a hash of their bytes in the name, so they can be cached for
a year and a changed photo gets a new address.
"""

from __future__ import annotations

import hashlib
from collections.abc import Container
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ..errors import Problem
from ..render.slugs import slugify
from .images import SUFFIX, BadImage, ImageCache, Version, check_bytes, open_image
from .svg import UnsafeSvg, check_svg

MEDIA_FOLDER = "media"  # in site/: the versions of every image
RASTER = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP"}
DOCUMENTS = {  # extension -> (the type as readers name it, media type)
    "pdf": ("PDF", "application/pdf"),
    "doc": ("DOC", "application/msword"),
    "docx": ("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xls": ("XLS", "application/vnd.ms-excel"),
    "xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "ppt": ("PPT", "application/vnd.ms-powerpoint"),
    "pptx": ("PPTX", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "odt": ("ODT", "application/vnd.oasis.opendocument.text"),
    "ods": ("ODS", "application/vnd.oasis.opendocument.spreadsheet"),
    "odp": ("ODP", "application/vnd.oasis.opendocument.presentation"),
    "rtf": ("RTF", "application/rtf"),
    "csv": ("CSV", "text/csv"),
    "zip": ("ZIP", "application/zip"),
}
ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old Office formats
SIGNATURES = {  # extension -> what its first bytes must be
    "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",), "png": (b"\x89PNG\r\n\x1a\n",),
    "gif": (b"GIF87a", b"GIF89a"), "pdf": (b"%PDF-",), "rtf": (b"{\\rtf",),
    "docx": (ZIP,), "xlsx": (ZIP,), "pptx": (ZIP,), "odt": (ZIP,), "ods": (ZIP,), "odp": (ZIP,), "zip": (ZIP,),
    "doc": (OLE,), "xls": (OLE,), "ppt": (OLE,),
}
KNOWN_BY_SIGNATURE = [(b"%PDF-", "a PDF"), (ZIP, "a ZIP archive (or a DOCX, XLSX, ODT…)"), (b"\xff\xd8\xff", "a JPEG"),
                      (b"\x89PNG", "a PNG"), (b"GIF8", "a GIF"), (b"MZ", "a Windows program"),
                      (b"\x7fELF", "a program"), (OLE, "an old Office document"), (b"<", "text or HTML")]


@dataclass(frozen=True)
class Image:
    """An image of content/files/ and the files made of it (for an SVG, only itself)."""

    path: str  # inside content/files/
    width: int
    height: int
    versions: tuple = ()  # Version, each with its output path in `outputs`
    outputs: tuple = ()  # output path in site/ of each version, in the same order

    @property
    def is_svg(self) -> bool:
        return not self.versions

    def fallback(self) -> str:
        """The output path of the widest version in the format every browser shows (made last)."""
        return self.path if self.is_svg else self.outputs[-1]


@dataclass(frozen=True)
class Document:
    path: str
    label: str  # PDF, DOCX…
    mime: str
    size: int  # bytes


@dataclass
class Catalogue:
    """Every file of content/files/ by its path inside it, as staff refer to it."""

    names: frozenset = frozenset()  # every file
    images: dict[str, Image] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)
    checked: bool = True  # False: only the names are known (the files were not examined)
    refused: dict[str, str] = field(default_factory=dict)  # path -> why it cannot be published
    unnamed: frozenset = frozenset()  # raster images no text names: published as they are, not processed

    def names_unprocessed(self, text: str) -> bool:
        """Whether `text` may show an image this catalogue did not process (it names its file)."""
        return any(PurePosixPath(path).name in text for path in self.unnamed)

    def files(self) -> dict[str, bytes]:
        """The versions of the images, by their path in site/."""
        return {output: version.data for image in self.images.values()
                for output, version in zip(image.outputs, image.versions)}

    def metadata(self) -> Catalogue:
        """The same catalogue without the versions' bytes (what page renderers need)."""
        images = {path: Image(image.path, image.width, image.height,
                              tuple(Version(v.format, v.width, v.height) for v in image.versions), image.outputs)
                  for path, image in self.images.items()}
        return Catalogue(self.names, images, dict(self.documents), self.checked, dict(self.refused), self.unnamed)


def make_catalogue(site_files: dict[str, bytes], shown_folder: str, cache: ImageCache,
                   jobs: int = 1, texts: Container[str] | None = None) -> tuple[Catalogue, list[Problem]]:
    """The catalogue of content/files/ (as load_site_files read it), and a problem for each file
    that is not what its name says or cannot be shown; images are processed in `jobs` processes.
    With `texts`, only the raster images whose file name occurs in them are examined and processed
    (a text cannot show an image without naming it): the others are published as they are."""
    unnamed = frozenset(path for path in site_files if _suffix(path) in RASTER and texts is not None
                        and PurePosixPath(path).name not in texts)
    catalogue, problems = Catalogue(frozenset(site_files), unnamed=unnamed), []
    raster = [path for path, data in site_files.items() if _suffix(path) in RASTER and path not in unnamed
              and not _disguise_problem(_suffix(path), data)]
    made = dict(zip(raster, cache.versions([site_files[path] for path in raster], jobs)))
    for path, data in site_files.items():
        suffix = _suffix(path)
        shown = f"{shown_folder}/{path}"
        problem = _disguise_problem(suffix, data)
        try:
            if problem:
                raise BadImage(problem)
            if path in unnamed:  # published as it is: only what needs no decoding is checked
                check_bytes(data)
                continue
            if suffix in RASTER:
                catalogue.images[path] = _image(path, data, made[path])
            elif suffix == "svg":
                width, height = check_svg(data)
                catalogue.images[path] = Image(path, width, height)
            elif suffix in DOCUMENTS and not any(part.startswith(".") for part in path.split("/")):
                catalogue.documents[path] = Document(path, *DOCUMENTS[suffix], len(data))
        except (BadImage, UnsafeSvg) as error:
            catalogue.refused[path] = str(error)
            problems.append(Problem(shown, None, f"this file cannot be published: {error}", _advice(suffix)))
    return catalogue, problems


def file_problem(path: str, data: bytes) -> str | None:
    """Why a file of content/files/ named `path` could not be published, or None: its bytes are not
    what its name says, or it is an image too big, broken or (an SVG) not inert."""
    suffix = _suffix(path)
    problem = _disguise_problem(suffix, data)
    if problem:
        return problem
    try:
        if suffix in RASTER:
            open_image(data)
        elif suffix == "svg":
            check_svg(data)
    except (BadImage, UnsafeSvg) as error:
        return str(error)
    return None


def kind_by_signature(data: bytes) -> str | None:
    """The extension a file's first bytes say it has (jpg, png, gif, webp, pdf, svg…), or None."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    for suffix, signatures in SIGNATURES.items():
        if suffix != "jpeg" and data.startswith(signatures):
            return suffix
    head = data[:4096].lstrip().lower()
    return "svg" if head.startswith((b"<svg", b"<?xml")) and b"<svg" in head else None


def _suffix(path: str) -> str:
    return PurePosixPath(path).suffix.lower().lstrip(".")


def _image(path: str, data: bytes, versions) -> Image:
    if isinstance(versions, BadImage):
        raise versions
    digest = hashlib.blake2b(data, digest_size=5).hexdigest()
    stem = safe_stem(path)
    outputs = tuple(f"{MEDIA_FOLDER}/{stem}-{digest}-{v.width}.{SUFFIX[v.format]}" for v in versions)
    widest = max(versions, key=lambda v: v.width)
    return Image(path, widest.width, widest.height, tuple(versions), outputs)


def safe_stem(path: str) -> str:
    """The name of an image's versions: "Foto Sala Convegni.JPG" -> "foto-sala-convegni"."""
    return slugify(PurePosixPath(path).stem)


def _disguise_problem(suffix: str, data: bytes) -> str | None:
    """A file whose first bytes are not those its extension promises."""
    expected = SIGNATURES.get(suffix)
    if suffix == "webp" and not (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        expected = (b"RIFF",)
    elif expected is None or data.startswith(expected):
        return None
    found = next((what for signature, what in KNOWN_BY_SIGNATURE if data.startswith(signature)), "something else")
    return f"its name ends in .{suffix}, but it is {found}"


def _advice(suffix: str) -> str:
    if suffix == "svg":
        return "export the drawing again as plain SVG (no scripts, links or embedded files), or use a PNG"
    if suffix in RASTER:
        return ("save the photo again from an image editor as JPEG or PNG, at most 8000 × 5000 pixels "
                "and 20 MB")
    return "export the document again in the format its name says, or give it the right extension"
