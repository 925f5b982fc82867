"""Static link check: every link of a built page that points into the site resolves to a file
(and its #fragment to an element id); nothing points at the developer's own machine."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from .site_pages import Link, PageFacts, read_page

LOCAL_HOSTS = {"localhost", "127.0.0.1", "0.0.0.0", "::1"}
NOT_FETCHED_SCHEMES = {"mailto", "tel", "data", "javascript"}


class SiteLinks:
    """A built site in `folder`, published at `base_url`, with its pages read on demand."""

    def __init__(self, folder: Path, base_url: str):
        self.folder = folder
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self._pages: dict[str, PageFacts] = {}

    def page(self, file: str) -> PageFacts:
        if file not in self._pages:
            self._pages[file] = read_page(self.folder, file)
        return self._pages[file]

    def file_for(self, path: str) -> str | None:
        """The file inside the site a URL path below the base serves, or None."""
        candidate = self.folder / path
        if path == "" or path.endswith("/") or candidate.is_dir():
            candidate = candidate / "index.html"
        if candidate.is_file() and candidate.resolve().is_relative_to(self.folder.resolve()):
            return candidate.relative_to(self.folder).as_posix()
        return None


def broken_links(site: SiteLinks, file: str) -> list[str]:
    """Each link of page `file` that does not resolve, as '<link>: why'."""
    page = site.page(file)
    page_url = site.base_url + page.file.removesuffix("index.html")
    return [f"{link}: {problem}" for link in page.links if (problem := _link_problem(site, page_url, link))]


def _link_problem(site: SiteLinks, page_url: str, link: Link) -> str | None:
    url = urlsplit(urljoin(page_url, link.url))
    if url.scheme in NOT_FETCHED_SCHEMES:
        return None
    if url.hostname in LOCAL_HOSTS or (url.hostname or "").endswith(".localhost"):
        return "points at a local development address, not the published site"
    base = urlsplit(site.base_url)
    if (url.scheme, url.netloc) != (base.scheme, base.netloc):
        return None  # another site: not checked, the gates have no network
    if not url.path.startswith(base.path):
        return f"points outside the site's base path {base.path}"
    target = site.file_for(unquote(url.path[len(base.path):]))
    if target is None:
        return f"no file in the built site for {url.path}"
    fragment = unquote(url.fragment)
    if fragment and target.endswith(".html") and fragment not in site.page(target).ids:
        return f"no element with id=\"{fragment}\" on {target}"
    return None
