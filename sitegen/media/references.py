"""Images and links to files in converted Markdown: resolved against content/files/, checked, rewritten.

`![Sala convegni](foto.jpg)` and `[Modulo](modulo.pdf)` name a file of content/files/
by its path inside it; `/documenti/modulo.pdf` (a site path) names the same kind of file by
its address. An image becomes a <picture> of its versions, with its alt text required; a link
to a document says its type and size. A file that is missing, or an address that would leave
content/files/, is a problem at the line that names it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import unquote

from ..errors import Problem
from ..render.markdown import line_of
from ..render.slugs import slugify
from .catalogue import Catalogue
from .markup import document_info, picture_html

DECORATIVE = "decorativa"  # the class that says an image is decorative: ![](fregio.png){.decorativa}
SAFE_NAME = re.compile(r"[a-z0-9._-]+\Z")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_IMG = re.compile(r"<img\b([^>]*)>")
_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.DOTALL)
_ATTRIBUTE = re.compile(r'([a-zA-Z-]+)(?:="([^"]*)")?')


@dataclass
class Rewritten:
    html: str
    problems: list[Problem] = field(default_factory=list)
    handled: set = field(default_factory=set)  # addresses resolved here, as written: no other check needed


@dataclass(frozen=True)
class MediaLinks:
    """What a Markdown converter needs to resolve files: the catalogue (without bytes), the site's
    base path and each language's interface strings (for "PDF, 240 KB")."""

    catalogue: Catalogue
    base_path: str
    languages: dict  # lang -> render.i18n.Language
    folder: str = "content/files"  # as shown in messages

    def rewrite(self, text_html: str, text: str, lang: str, source: str, first_line: int) -> Rewritten:
        result = Rewritten(text_html)
        at = _Where(text, source, first_line)
        first = [True]
        result.html = _IMG.sub(lambda match: self._image(match, lang, at, result, first), result.html)
        result.html = _LINK.sub(lambda match: self._link(match, lang, at, result), result.html)
        return result

    def _image(self, match: re.Match, lang: str, at: _Where, result: Rewritten, first: list) -> str:
        attributes = _attributes(match.group(1))
        written = self._as_written(attributes.get("src", ""))
        path, problem = self._resolve(written, image=True)
        if path is None and problem is None:
            return match.group(0)
        result.handled.add(written)
        classes = attributes.get("class", "")
        alt = (attributes.get("alt") or "").strip()
        if not alt and DECORATIVE not in classes.split():
            result.problems.append(at.problem(written, f"the image {path or written} has no alternative text",
                                              _ALT_ADVICE))
        image = self.catalogue.images.get(path) if path else None
        if path and image is None and self.catalogue.checked:
            problem = (f"{self.folder}/{path} is not an image (JPEG, PNG, GIF, WebP or SVG)",
                       "link it with [text](address) instead of ![text](address)")
        if problem or image is None:
            result.problems += [at.problem(written, *problem)] if problem else []
            return match.group(0)
        lazy, first[0] = not first[0], False  # the first image of a text may be on the first screen
        return picture_html(image, alt, self.base_path, lazy=lazy, css_class=classes)

    def _link(self, match: re.Match, lang: str, at: _Where, result: Rewritten) -> str:
        attributes = _attributes(match.group(1))
        written = self._as_written(attributes.get("href", ""))
        path, problem = self._resolve(written, image=False)
        if path is None and problem is None:
            return match.group(0)
        result.handled.add(written)
        document = self.catalogue.documents.get(path) if path else None
        if document and not SAFE_NAME.match(path.replace("/", "")):
            problem = (f"the name of {self.folder}/{path} has spaces, capitals, accents or signs, which make "
                       f"a poor address", f"rename the file {safe_name(path)} and link it by that name")
        if problem:
            result.problems.append(at.problem(written, *problem))
            return match.group(0)
        fragment = written.partition("#")[2]
        href = html.escape(self.base_path + path + (f"#{fragment}" if fragment else ""))
        opening = match.group(0)[:match.start(2) - match.start(0)]
        opening = re.sub(r'\bhref="[^"]*"', f'href="{href}"', opening, count=1)
        if document is None or lang not in self.languages:
            return opening + match.group(2) + "</a>"
        opening = opening[:-1] + f' type="{document.mime}">'
        info = html.escape(document_info(document, self.languages[lang]))
        return f'{opening}{match.group(2)} <span class="file-info">({info})</span></a>'

    def _as_written(self, value: str) -> str:
        """The address as staff wrote it (the converter gave site paths the base path)."""
        value = html.unescape(value)
        if self.base_path != "/" and value.startswith(self.base_path):
            return "/" + value[len(self.base_path):]
        return value

    def _resolve(self, written: str, image: bool) -> tuple[str | None, tuple | None]:
        """(path in content/files/, None), (None, problem), or (None, None) when the address is not
        a file's (another site, a page of this one, a part of the page)."""
        if not written or written.startswith(("#", "//")) or _SCHEME.match(written):
            return None, None
        address = unquote(written.partition("#")[0].partition("?")[0])
        site_path = address.startswith("/")
        parts = address.lstrip("/").split("/")
        if ".." in parts or "\\" in address or address.startswith("~"):
            return None, (f"the address {written} leads out of {self.folder}/: only files in it can be shown "
                          f"or linked", f"copy the file into {self.folder}/ and write its path inside it, "
                                        f"for example ![Alt text](foto.jpg)")
        path = "/".join(part for part in parts if part not in ("", "."))
        if path in self.catalogue.refused:
            return None, (f"{self.folder}/{path} cannot be shown: {self.catalogue.refused[path]}",
                          "replace the file (see the problem reported for it)")
        if path in self.catalogue.names:
            return path, None
        if site_path and not image:
            return None, None  # a page of this site: the link check knows pages
        return None, (f"there is no file {self.folder}/{path}" if path else f"the address {written} names no file",
                      f"put the file in {self.folder}/ (names are case-sensitive), or correct the name")


_ALT_ADVICE = ("write what the image shows between the brackets, for example ![Sala conferenze piena "
               "di pubblico](foto.jpg); for a purely decorative image write "
               "![](fregio.png){.decorativa} (see content/LEGGIMI.md)")


def safe_name(path: str) -> str:
    """The name a file should have to get a plain address: "Modulo Adesione.PDF" -> "modulo-adesione.pdf"."""
    parts = PurePosixPath(path)
    return "/".join([*(slugify(part) for part in parts.parts[:-1]), slugify(parts.stem) + parts.suffix.lower()])


def _attributes(text: str) -> dict[str, str]:
    return {name.lower(): value or "" for name, value in _ATTRIBUTE.findall(text)}


@dataclass(frozen=True)
class _Where:
    text: str
    source: str
    first_line: int

    def problem(self, written: str, message: str, expected: str) -> Problem:
        needle = written if written in self.text else html.escape(written)  # as the HTML gave it back
        return Problem(self.source, line_of(self.text, needle, self.first_line), message, expected)
