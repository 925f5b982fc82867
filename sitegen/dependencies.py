"""What each page depends on, so that a rebuild renders again only what an edit can change.

A page depends on its own source, its template and the templates that template pulls
in, and on the parts of the site model it reads. The last are recorded while the page
renders: templates see the Site through a proxy that notes which attributes they use.
Each dependency has a fingerprint (a hash); a page whose dependencies' fingerprints are
all unchanged since its last render is not rendered again.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from .content import Content

# Which content a Site attribute comes from. Unlisted attributes come from settings.
SITE_ATTRIBUTE_SOURCES = {
    "events": ("calendar", "partners"),
    "events_in": ("calendar", "partners"),
    "event_pages": ("calendar", "partners", "pages-meta"),
    "partners": ("partners",),
    "partners_with_role": ("partners",),
    "publisher": ("partners",),
    "figures": ("statistics", "partners"),
    "key_figures": ("statistics", "partners"),
    "project": ("project", "partners", "pages-meta"),
    "news": ("news-list",),
    "pages": ("pages-meta",),
    "menu": ("pages-meta",),
    "footer_links": ("pages-meta",),
    "home": ("pages-meta",),
    "page_with_template": ("pages-meta",),
    "page_for_section": ("pages-meta",),
}
DATA_FILE_KEYS = {"project.yml": "project", "partners.yml": "partners", "statistics.yml": "statistics",
                  "calendar.yml": "calendar", "settings.yml": "settings"}
ALWAYS = ("settings", "translations", "assets", "pages-meta")


class RecordingSite:
    """The Site as templates see it, noting which parts of the content they read."""

    __slots__ = ("_site", "_used")

    def __init__(self, site, used: set):
        self._site, self._used = site, used

    def __getattr__(self, name):
        self._used.update(SITE_ATTRIBUTE_SOURCES.get(name, ("settings",)))
        return getattr(self._site, name)


class RecordingSites:
    """The sites of all languages (for language switchers), recording like RecordingSite."""

    __slots__ = ("_sites", "_used")

    def __init__(self, sites: dict, used: set):
        self._sites, self._used = sites, used

    def __getitem__(self, lang):
        return RecordingSite(self._sites[lang], self._used)

    def __contains__(self, lang):
        return lang in self._sites

    def __iter__(self):
        return iter(self._sites)

    def items(self):
        return [(lang, RecordingSite(site, self._used)) for lang, site in self._sites.items()]


def own_dependencies(page, template_closure: dict[str, frozenset]) -> set[str]:
    """What a page depends on whatever its template reads."""
    found = set(ALWAYS)
    found.update(f"template:{name}" for name in template_closure.get(page.template, {page.template}))
    if page.kind in ("page", "news"):
        found.add(f"file:{page.source}")
    if page.kind == "news":
        found.add("news-list")  # its translation's address
    elif page.kind == "event":
        found.update((f"event:{page.key}", "partners"))
    return found


_REFERENCE = re.compile(r"""\{%-?\s*(?:extends|include|import|from)\s+(?:"([^"]+)"|'([^']+)'|(\S))""")


def template_closure(templates: Path, names: list[str]) -> dict[str, frozenset]:
    """For each template, itself and every template it extends, includes or imports (transitively).

    Read with a pattern rather than by parsing: parsing every template on every build cost
    more than rendering a small site.
    """
    direct: dict[str, set] = {}
    for name in names:
        try:
            source = (templates / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            source = ""
        references = set()
        for match in _REFERENCE.finditer(source):
            if match.group(3):  # a name computed at render time: assume any template
                references = set(names)
                break
            references.add(match.group(1) or match.group(2))
        direct[name] = references
    closure = {}
    for name in names:
        seen, stack = set(), [name]
        while stack:
            current = stack.pop()
            if current not in seen:
                seen.add(current)
                stack.extend(direct.get(current, ()))
        closure[name] = frozenset(seen)
    return closure


def fingerprints(content: Content, templates: Path, template_names: list[str], assets, translations_digest: str,
                 pages) -> dict[str, str]:
    """The current fingerprint of every dependency key."""
    result = {key: content.digests.get(name, "") for name, key in DATA_FILE_KEYS.items()}
    result["translations"] = translations_digest
    result["assets"] = _hash(sorted(path for path, _ in assets.files.values()))
    for name in template_names:
        result[f"template:{name}"] = _hash((templates / name).read_bytes())
    for entry in content.entries:
        result[f"file:{entry.source}"] = entry.digest
    for event in content.data["calendar.yml"]["events"]:
        result[f"event:{event['id']}"] = _hash(sorted(event.items(), key=lambda item: item[0]))
    listing = [(p.kind, p.lang, p.key, p.url, p.title, p.description, p.menu, p.menu_title, p.footer, p.template,
                p.date, p.updated, p.author) for p in pages if p.kind in ("page", "news")]
    result["pages-meta"] = _hash([row for row in listing if row[0] == "page"])
    result["news-list"] = _hash([row for row in listing if row[0] == "news"])
    return result


def fingerprint_of(dependencies, current: dict[str, str]) -> str:
    """One hash for the current state of a set of dependencies."""
    return _hash([(key, current.get(key, "missing")) for key in sorted(dependencies)])


def _hash(value) -> str:
    data = value if isinstance(value, bytes) else repr(value).encode("utf-8")
    return hashlib.blake2b(data, digest_size=16).hexdigest()
