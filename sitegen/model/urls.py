"""Addresses of outputs: file paths in site/, links between pages, absolute URLs."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Urls:
    """Links carry the base URL's path, so the site works at a root or under /prefix/."""

    base_url: str  # absolute, ends with "/"

    @property
    def base_path(self) -> str:
        return urlsplit(self.base_url).path or "/"

    def link(self, output_path: str) -> str:
        """The site-relative link to an output file (directory indexes end with /)."""
        if output_path == "index.html":
            return self.base_path
        if output_path.endswith("/index.html"):
            output_path = output_path[: -len("index.html")]
        return self.base_path + output_path

    def absolute(self, link: str) -> str:
        """An absolute URL for a link made by `link` (or any site path)."""
        if link.startswith(self.base_path):
            link = link[len(self.base_path):]
        return self.base_url + link.lstrip("/")


def page_path(*parts: str) -> str:
    """The output file of a page: it/progetto -> it/progetto/index.html ("" parts left out)."""
    return "/".join(p for p in parts if p) + "/index.html" if any(parts) else "index.html"


def language_folder(lang: str, languages) -> str:
    """The folder of a language's pages: its code, or none for a site in one language."""
    return lang if len(languages) > 1 else ""
