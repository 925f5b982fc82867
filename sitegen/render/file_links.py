"""Links by file name: `[x](aderire.md)`, `[x](../news/annuncio.md#dettagli)`,
`[x](../calendar.yml#<event id>)` and site paths (`/it/aderire/`), each checked against the site.

A relative link is read from the folder of the file it is written in, with the language
folder left out, so the same text works in every language: from `pages/it/progetto.md`,
`aderire.md` is `pages/aderire.md`, which leads to `pages/<the text's language>/aderire.md`.
The path with its language folder (`../en/aderire.md`) is understood too, and refused when
it names another language's file. A link by file name with `#id` checks that the page's text has
an element (a heading) with that id; a site path's #id may be one the template gives, and is
checked by `check` on the built page (links.py). Python-Markdown is extended through its public
Treeprocessor API (render/link_treeprocessor.py); everything else here is plain resolution.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from ..schema.fields import LANGUAGE_NAMES

DOCUMENT_FOLDERS = ("pages", "news")
EVENTS_FILE = "calendar.yml"
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_ID = re.compile(r'\sid="([^"]+)"')
ALWAYS_THERE = ("static/",)  # the theme's assets: their names carry a hash, nobody writes them by hand


@dataclass(frozen=True)
class Target:
    """A page a link may lead to: its site path (without the base path) and its Markdown text."""

    path: str
    text: str = ""
    name: str = ""  # as staff would write it from the content folder: pages/aderire.md
    shown: str = ""  # the file, as messages name it


@dataclass(frozen=True)
class Outcome:
    """What a link became: its new address, or why it leads nowhere (and what to write)."""

    href: str | None
    message: str = ""
    expected: str = ""


@dataclass
class LinkTargets:
    """Every page of a site by file name and by address, per language (see model/link_targets.py)."""

    languages: tuple[str, ...]
    documents: dict[tuple[str, str, str], Target] = field(default_factory=dict)  # (folder, lang, key)
    events: dict[tuple[str, str], Target] = field(default_factory=dict)  # (lang, id)
    outputs: dict[str, Target] = field(default_factory=dict)  # path in site/ -> what is there
    places: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # shown source -> (folder, lang)
    checked: bool = True  # False: content with problems, whose pages are not all known: accept every link
    files: frozenset = frozenset()  # content/files/, by path inside it: media/references.py resolves those

    def resolve(self, href: str, lang: str, source: str, anchors_of) -> Outcome | None:
        """The outcome of a link written in `source` (a text in `lang`); None: not ours to change.
        `anchors_of(text)`: the ids of the elements a Markdown text makes."""
        if not href or href.startswith(("#", "//")) or _SCHEME.match(href):
            return None
        if not self.checked:
            return Outcome(href if href.startswith("/") else "/")
        if href.startswith("/"):
            return self._site_path(href)
        path = posixpath.normpath(unquote(href.partition("#")[0].partition("?")[0]))
        if path in self.files or posixpath.splitext(path)[1].lower() not in ("", ".md", ".yml", ".html", ".htm"):
            return None  # ![alt](foto.jpg), [modulo](modulo.pdf): a file of content/files/ (media/references.py)
        place = self.places.get(source)
        if place is None:
            return None  # a text the site does not know (a stand-alone conversion): the link policy decides
        return self._relative(href, lang, *place, anchors_of)

    def _relative(self, href: str, lang: str, folder: str, file_lang: str | None, anchors_of) -> Outcome:
        written, _, fragment = href.partition("#")
        path = unquote(written)
        if path.endswith((".html", ".htm")):
            stem = posixpath.splitext(posixpath.basename(path))[0]
            return Outcome(None, f"the link {href} names an .html file",
                           "link to the Markdown file the page comes from"
                           + self._suggestion(stem + ".md", lang, folder, fragment))
        logical = posixpath.normpath(posixpath.join(folder, path))
        if logical == EVENTS_FILE:
            return self._event(href, fragment, lang, folder)
        target = self._document(logical, lang)
        if target is None and file_lang is not None:
            physical = posixpath.normpath(posixpath.join(folder, file_lang, path)).split("/")
            if len(physical) == 3 and physical[0] in DOCUMENT_FOLDERS and physical[1] in self.languages:
                if physical[1] != lang:
                    return Outcome(None, f"the link {href} leads to the {_name(physical[1])} version of a page, "
                                         f"in a text in {_name(lang)}",
                                   f"write the file name without the language folder, "
                                   f"{_relative_name(folder, physical[0] + '/' + physical[2])}: the link then "
                                   "leads to the page in the language of the text")
                target = self._document(f"{physical[0]}/{physical[2]}", lang)
        if target is None:
            return Outcome(None, f"the link {href} names a file that does not exist",
                           "write the name of a page's Markdown file" + self._suggestion(path, lang, folder, fragment))
        return self._with_fragment(href, target, fragment, anchors_of)

    def _document(self, logical: str, lang: str) -> Target | None:
        parts = logical.split("/")
        if len(parts) != 2 or parts[0] not in DOCUMENT_FOLDERS or not parts[1].endswith(".md"):
            return None
        key = parts[1][:-3]
        found = self.documents.get((parts[0], lang, key))
        if found is None:  # not translated yet: the page in the languages it has, the default first
            found = next((self.documents[(parts[0], other, key)] for other in self.languages
                          if (parts[0], other, key) in self.documents), None)
        return found

    def _event(self, href: str, event_id: str, lang: str, folder: str) -> Outcome:
        target = self.events.get((lang, event_id))
        if target is not None:
            return Outcome(target.path)
        known = sorted({key for _, key in self.events})
        close = difflib.get_close_matches(event_id, known, n=1)
        name = _relative_name(folder, EVENTS_FILE)
        return Outcome(None, f"the link {href} names the event '{event_id}', which calendar.yml does not hold",
                       f"did you mean {name}#{close[0]}?" if close else
                       f"write {name}#<the id of an event in calendar.yml>")

    def _with_fragment(self, href: str, target: Target, fragment: str, anchors_of) -> Outcome:
        if not fragment:
            return Outcome(target.path)
        ids = anchors_of(target.text)
        wanted = unquote(fragment)
        if wanted in ids:
            return Outcome(f"{target.path}#{fragment}")
        close = difflib.get_close_matches(wanted, sorted(ids), n=1)
        where = target.shown or target.name
        return Outcome(None, f"the link {href} names the heading #{wanted}, which {where} does not have",
                       f"did you mean #{close[0]}?" if close else
                       ("its headings are: " + ", ".join("#" + i for i in sorted(ids)[:8])) if ids else
                       "that page has no headings: link to the page without #")

    def _site_path(self, href: str) -> Outcome:
        path = href.partition("#")[0]
        path = path.partition("?")[0]
        output = unquote(path.lstrip("/"))
        if output == "" or output.endswith("/"):
            output += "index.html"
        if output.startswith(ALWAYS_THERE):
            return Outcome(href)
        target = self.outputs.get(output) or self.outputs.get(output + "/index.html")
        if target is None:
            close = difflib.get_close_matches(path, sorted({t.path for t in self.outputs.values()}), n=1)
            return Outcome(None, f"the link {href} leads to no page of the site",
                           f"did you mean {close[0]}?" if close else "check the address")
        # Its #fragment may be an id the template gives (#partner-<id>): `check` reads the built page for it.
        return Outcome(href)

    def _suggestion(self, written: str, lang: str, folder: str, fragment: str) -> str:
        """', did you mean X?' with the nearest name of a page in the text's language."""
        names = sorted({_relative_name(folder, target.name) for (_, other, _), target in self.documents.items()
                        if other == lang})
        close = difflib.get_close_matches(written, names, n=1, cutoff=0.4)
        if not close:
            return ""
        return f", did you mean {close[0]}{'#' + fragment if fragment else ''}?"


def _name(lang: str) -> str:
    return LANGUAGE_NAMES.get(lang, lang)


def _relative_name(folder: str, name: str) -> str:
    """`name` (from the content folder) as written in a file of `folder`."""
    return posixpath.relpath(name, folder or ".")


def element_ids(html_text: str) -> set[str]:
    """The ids of the elements of an HTML fragment (headings get theirs from the toc extension)."""
    return set(_ID.findall(html_text))
