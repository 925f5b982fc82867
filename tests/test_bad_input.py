"""Bad and hostile input (issue 7): nothing breaks, nothing is lost, nothing is injected.

Every case starts from the output of a successful build (made once per content folder by a real
`python build.py` run, then copied into the case's output folder), spoils one thing in the
content or templates, and runs `python build.py` again into that output folder. The build must
stop with exit status 1 and say, on a line of its own, `file:line: what is wrong — what to do`;
it must not show a traceback; and the previous site, the sources and the folder around them
must be exactly as they were.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from conftest import FIXTURES, ROOT, TEMPLATES, run_build, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.config import BuildOptions
from sitegen.errors import BuildError, display_path
from sitegen.pipeline import render_site

TODAY = "2012-11-01"
BASES = {"basic": FIXTURES / "basic" / "content", "real": ROOT / "content"}


def bug(reason: str):
    return pytest.mark.xfail(strict=True, reason=f"engine bug: {reason}")


# ---------------------------------------------------------------------------------------------
# The changes a case makes, relative to a work folder holding content/ (and templates/).

Change = Callable[[Path], None]


def edit(path: str, old: str, new: str) -> Change:
    """Replace the first `old` in the file with `new`."""
    def change(work: Path) -> None:
        target = work / path
        text = target.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {path}: the case needs updating"
        target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return change


def write(path: str, data: str | bytes) -> Change:
    def change(work: Path) -> None:
        target = work / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8")
    return change


def recode(path: str, encode: Callable[[str], bytes]) -> Change:
    """Save the file again in another encoding."""
    def change(work: Path) -> None:
        target = work / path
        target.write_bytes(encode(target.read_text(encoding="utf-8")))
    return change


def remove(*paths: str) -> Change:
    def change(work: Path) -> None:
        for path in paths:
            (work / path).unlink()
    return change


def rename(old: str, new: str) -> Change:
    return lambda work: (work / old).rename(work / new)


def copy_folder(source: str, target: str) -> Change:
    return lambda work: shutil.copytree(work / source, work / target)


def link(path: str, target: str) -> Change:
    """A symbolic link at `path`; a relative `target` is relative to the link's folder."""
    return lambda work: (work / path).symlink_to(target)


def both(*changes: Change) -> Change:
    def change(work: Path) -> None:
        for one in changes:
            one(work)
    return change


@dataclass(frozen=True)
class At:
    """The `path:line: ` of the first line holding `needle`, read after the change (for real content)."""

    path: str
    needle: str

    def prefix(self, work: Path) -> str:
        text = (work / self.path).read_text(encoding="utf-8")
        assert self.needle in text, f"{self.needle!r} is not in {self.path}"
        return f"{self.path}:{text[:text.index(self.needle)].count(chr(10)) + 1}: "


@dataclass(frozen=True)
class Case:
    change: Change
    where: str | At  # the exact start of the problem's line: 'content/x.yml:12: ' or 'content/x.yml: '
    says: str  # words the problem must contain
    base: str = "basic"
    templates: bool = False  # build with a copy of templates/ passed as --templates templates
    seconds: float | None = None  # the whole failing run must take less than this


def case(name: str, change: Change, where: str | At, says: str, *, marks=(), **options):
    return pytest.param(Case(change, where, says, **options), id=name, marks=marks)


BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9))
LATIN1_PAGE = "---\ntitle: Come aderire\nfooter: 1\n---\nContatta l'ente perché sì.\n".encode("latin-1")
DEEP_BRACKETS = "[" * 1000 + "]" * 1000

CASES = [
    # YAML syntax
    case("yaml-tab-indentation", edit("content/project.yml", "  joined: 3", "\tjoined: 3"),
         "content/project.yml:12: ", "tab character"),
    case("yaml-bad-indentation", edit("content/partners.yml", "    name: Regione", "   name: Regione"),
         "content/partners.yml:3: ", "indentation"),
    case("yaml-indented-too-far", edit("content/partners.yml", "    roles: [promoter]", "      roles: [promoter]"),
         "content/partners.yml:4: ", "unexpected ':'"),
    case("yaml-unclosed-double-quote", edit("content/settings.yml", "it: Sito di prova", 'it: "Sito di prova'),
         "content/settings.yml:2: ", "quotation mark"),
    case("yaml-unclosed-single-quote", edit("content/calendar.yml", "it: Giornata a Milano", "it: 'Giornata a Milano"),
         "content/calendar.yml:5: ", "quotation mark"),
    case("yaml-unclosed-bracket", edit("content/settings.yml", "languages: [it, en]", "languages: [it, en"),
         "content/settings.yml:8: ", "never closed"),
    case("yaml-unclosed-brace", edit("content/calendar.yml", "organizers: [ente]", "organizers: {ente"),
         "content/calendar.yml:16: ", "never closed"),
    case("yaml-two-documents", edit("content/project.yml", "name: PROVA", "name: PROVA\n---\nname: ALTRO"),
         "content/project.yml:2: ", "another document"),
    case("yaml-duplicate-key",
         edit("content/calendar.yml", "    kind: course\n", "    kind: course\n    kind: mission\n"),
         "content/calendar.yml:19: ", "'kind' appears twice (first on line 18)"),
    case("yaml-duplicate-key-in-front-matter", edit("content/pages/it/aderire.md", "footer: 1", "footer: 1\nfooter: 2"),
         "content/pages/it/aderire.md:4: ", "'footer' appears twice"),
    case("yaml-billion-laughs", write("content/statistics.yml", BILLION_LAUGHS),
         "content/statistics.yml:1: ", "anchors and aliases", seconds=5),
    case("yaml-alias-after-bold-text-and-ampersand",
         write("content/statistics.yml", "note: '**R&D** & more'\nfirst: &same 1\nsecond: *same\n"),
         "content/statistics.yml:2: ", "anchors and aliases"),
    case("yaml-merge-key", edit("content/project.yml", "name: PROVA", "name: PROVA\n<<: {promoter: ente}"),
         "content/project.yml:2: ", "not allowed"),
    case("yaml-python-object-tag",
         edit("content/project.yml", "name: PROVA", 'name: !!python/object/apply:os.system ["touch pwned"]'),
         "content/project.yml:1: ", "python/object/apply:os.system is not allowed"),
    case("yaml-python-name-tag-in-front-matter",
         edit("content/pages/it/aderire.md", "title: Come aderire", "title: !!python/name:os.system"),
         "content/pages/it/aderire.md:2: ", "python/name:os.system is not allowed"),
    case("yaml-control-character", edit("content/settings.yml", "it: Sito di prova", "it: Sito\x07 di prova"),
         "content/settings.yml:2: ", "character"),
    case("yaml-deep-nesting", edit("content/settings.yml", "languages: [it, en]", f"languages: {DEEP_BRACKETS}"),
         "content/settings.yml:8: ", "nest"),
    case("yaml-huge-integer", edit("content/project.yml", "joined: 3", "joined: 1" + "0" * 5000),
         "content/project.yml:12: ", "number"),

    # Wrong types and unknown keys
    case("type-word-for-number", edit("content/project.yml", "joined: 3", "joined: tre"),
         "content/project.yml:12: ", "'joined' must be a whole number, got \"tre\""),
    case("type-list-for-title", edit("content/pages/it/progetto.md", "title: Il progetto", "title: [Il, progetto]"),
         "content/pages/it/progetto.md:2: ", "'title' must be text, got a list"),
    case("type-word-for-boolean", edit("content/pages/it/aderire.md", "footer: 1", "footer: 1\ndraft: si"),
         "content/pages/it/aderire.md:4: ", "'draft' must be true or false"),
    case("type-text-for-translations",
         edit("content/calendar.yml", "    title:\n      it: Giornata a Milano\n      en: Day in Milan\n",
              "    title: Giornata a Milano\n"),
         "content/calendar.yml:4: ", "'title' must have a text for each language"),
    case("type-not-a-number", edit("content/statistics.yml", "value: 1000", "value: .nan"),
         "content/statistics.yml:3: ", "number"),
    case("unknown-field-in-data-file",
         edit("content/partners.yml", "    roles: [promoter]", "    roles: [promoter]\n    colour: red"),
         "content/partners.yml:5: ", "unknown field 'colour'"),
    case("unknown-field-in-front-matter",
         edit("content/pages/it/aderire.md", "title: Come aderire", "titolo: Come aderire"),
         "content/pages/it/aderire.md:2: ", "unknown field 'titolo' — did you mean 'title'?"),
    case("unknown-language-key",
         edit("content/settings.yml", "  en: Test site\n", "  en: Test site\n  de: Testseite\n"),
         "content/settings.yml:4: ", "unknown language 'de'"),

    # Dates and times
    case("impossible-date", edit("content/calendar.yml", "start: 2012-10-05", "start: 2012-02-30"),
         "content/calendar.yml:10: ", "\"2012-02-30\" is not a real date"),
    case("date-in-words", edit("content/news/it/presentazione.md", "date: 2012-09-20", "date: 20 settembre 2012"),
         "content/news/it/presentazione.md:4: ", "'date' must be a date"),
    case("impossible-time", edit("content/calendar.yml", 'time: "14:30"', 'time: "25:00"'),
         "content/calendar.yml:11: ", "not a real time of day"),
    case("end-before-start", edit("content/calendar.yml", "end: 2013-01-11", "end: 2013-01-09"),
         "content/calendar.yml:26: ", "'end' (2013-01-09) is before 'start' (2013-01-10)"),
    case("end-time-before-time", edit("content/calendar.yml", 'end_time: "18:00"', 'end_time: "12:00"'),
         "content/calendar.yml:12: ", "'end_time' (12:00) is not after 'time' (14:30)"),

    # Translations
    # (a text or file missing in English builds, with a translation report: tests/test_other_sites.py)
    case("unknown-event-kind", edit("content/calendar.yml", "    kind: course", "    kind: corse"),
         "content/calendar.yml:18: ", "'kind' names the unknown kind 'corse' — use the id of a kind in calendar.yml: "
         "course, deadline, mission, technology-day"),
    case("unknown-partner-role", edit("content/partners.yml", "roles: [promoter]", "roles: [promotor]"),
         "content/partners.yml:4: ", "'roles' names the unknown role 'promotor' — use the id of a role in "
         "partners.yml: executor, promoter, strategic"),
    case("missing-italian-text", edit("content/calendar.yml", "      it: Corso di due giorni\n", ""),
         "content/calendar.yml:19: ", "missing its Italian text ('it:')"),
    case("page-without-italian-file", remove("content/pages/it/aderire.md"),
         "content/pages/en/aderire.md: ", "there is no Italian version of this file"),
    case("news-without-italian-file", remove("content/news/it/presentazione.md"),
         "content/news/en/presentazione.md: ", "there is no Italian version of this file"),

    # Ids and slugs
    case("duplicate-event-id", edit("content/calendar.yml", "  - id: corso", "  - id: giornata-milano"),
         "content/calendar.yml:17: ", "event id 'giornata-milano' is used twice (first on line 2)"),
    case("duplicate-partner-id", edit("content/partners.yml", "  - id: ente", "  - id: regione"),
         "content/partners.yml:8: ", "partner id 'regione' is used twice"),
    case("duplicate-figure-id", edit("content/statistics.yml", "  - id: share", "  - id: firms"),
         "content/statistics.yml:9: ", "figure id 'firms' is used twice"),
    case("duplicate-page-slug", edit("content/pages/en/aderire.md", "slug: join", "slug: about"),
         "content/pages/en/progetto.md:3: ", "'about' is already used by content/pages/en/aderire.md"),
    case("slug-escapes-output", edit("content/pages/en/progetto.md", "slug: about", "slug: ../x"),
         "content/pages/en/progetto.md:3: ", "'slug' must be an identifier"),
    case("slug-absolute-path", edit("content/pages/en/progetto.md", "slug: about", "slug: /etc/cron.d/x"),
         "content/pages/en/progetto.md:3: ", "'slug' must be an identifier"),
    case("slug-odd-characters", edit("content/pages/en/progetto.md", "slug: about", 'slug: "chi siamo?"'),
         "content/pages/en/progetto.md:3: ", "'slug' must be an identifier"),
    case("slug-accented", edit("content/news/en/presentazione.md", "slug: presentation", "slug: perché"),
         "content/news/en/presentazione.md:5: ", "'slug' must be an identifier"),
    case("slug-trailing-newline", edit("content/pages/en/progetto.md", "slug: about", 'slug: "about\\n"'),
         "content/pages/en/progetto.md:3: ", "'slug' must be an identifier"),
    case("section-escapes-output", edit("content/settings.yml", "    en: events", "    en: ../../events"),
         "content/settings.yml:12: ", "'events' 'en' must be an identifier"),
    case("file-name-with-spaces", both(rename("content/pages/it/aderire.md", "content/pages/it/Come Aderire.md"),
                                       rename("content/pages/en/aderire.md", "content/pages/en/Come Aderire.md"),
                                       edit("content/project.yml", "page: aderire", "page: progetto")),
         "content/pages/it/Come Aderire.md: ", "cannot be used as an address"),
    case("template-field-escapes-templates",
         edit("content/pages/it/aderire.md", "footer: 1", "footer: 1\ntemplate: ../../../etc/passwd"),
         "content/pages/it/aderire.md:4: ", "the template '../../../etc/passwd' does not exist"),

    # Encodings and empty files
    case("markdown-not-utf8", write("content/pages/it/aderire.md", LATIN1_PAGE),
         "content/pages/it/aderire.md:5: ", "not UTF-8"),
    case("yaml-not-utf8", recode("content/project.yml", lambda text: text.replace("PROVA", "PROVÀ").encode("latin-1")),
         "content/project.yml:1: ", "not UTF-8"),
    case("yaml-with-bom", recode("content/settings.yml", lambda text: b"\xef\xbb\xbf" + text.encode()),
         "content/settings.yml:1: ", "byte-order mark (BOM) — save it again as 'UTF-8'"),
    case("markdown-with-bom", recode("content/pages/it/aderire.md", lambda text: b"\xef\xbb\xbf" + text.encode()),
         "content/pages/it/aderire.md:1: ", "byte-order mark (BOM) — save it again as 'UTF-8'"),
    case("markdown-utf16", recode("content/pages/it/aderire.md", lambda text: text.encode("utf-16")),
         "content/pages/it/aderire.md:1: ", "UTF-16"),
    case("markdown-nul-byte", recode("content/pages/it/aderire.md", lambda text: text.encode() + b"\x00x\n"),
         "content/pages/it/aderire.md:6: ", "control character U+0000"),
    case("yaml-empty", write("content/project.yml", b""), "content/project.yml: ", "the file is empty"),
    case("yaml-only-blank-lines", write("content/project.yml", "\n   \n"),
         "content/project.yml: ", "the file is empty"),
    case("markdown-empty", write("content/pages/it/aderire.md", b""),
         "content/pages/it/aderire.md: ", "the file is empty"),

    # Front matter
    case("front-matter-missing", write("content/pages/it/aderire.md", "title: Come aderire\n\nContatta l'ente.\n"),
         "content/pages/it/aderire.md:1: ", "does not start with front matter"),
    case("front-matter-unclosed",
         write("content/pages/it/aderire.md", "---\ntitle: Come aderire\nfooter: 1\nContatta.\n"),
         "content/pages/it/aderire.md:1: ", "never closed"),
    case("front-matter-is-a-list",
         write("content/pages/it/aderire.md", "---\n- title\n- Come aderire\n---\nContatta.\n"),
         "content/pages/it/aderire.md:2: ", "must be a list of 'field: value' lines"),
    case("front-matter-without-colon",
         write("content/pages/it/aderire.md", "---\ntitle: Come aderire\nfooter 1\n---\nContatta.\n"),
         "content/pages/it/aderire.md:3: ", "YAML syntax error"),

    # Symbolic links
    case("symlink-to-system-file", link("content/pages/it/segreto.md", "/etc/passwd"),
         "content/pages/it/segreto.md: ", "outside the content folder"),
    case("symlink-to-system-folder", link("content/pages/it/sistema", "/etc"),
         "content/pages/it/sistema: ", "outside the content folder"),
    case("symlink-to-file-beside-content",
         both(write("secret.md", "---\ntitle: Segreto\n---\nPassword.\n"),
              link("content/pages/it/segreto.md", "../../../secret.md")),
         "content/pages/it/segreto.md: ", "outside the content folder"),
    case("symlink-dangling", link("content/pages/it/fantasma.md", "nonexistent.md"),
         "content/pages/it/fantasma.md: ", "link"),
    case("symlink-loop", link("content/pages/it/giro.md", "giro.md"),
         "content/pages/it/giro.md: ", "link"),

    # Templates (a copy of templates/ passed with --templates)
    case("template-syntax-error", edit("templates/page.html", "<h1>{{ page.title }}</h1>", "<h1>{{ page.title }</h1>"),
         "templates/page.html:4: ", "template syntax error", templates=True),
    case("template-unknown-filter", edit("templates/page.html", "{{ page.title }}", "{{ page.title|capitalise }}"),
         "templates/page.html:4: ", "No filter named 'capitalise'", templates=True),
    case("template-undefined-attribute", edit("templates/page.html", "{{ page.title }}", "{{ page.titel }}"),
         "templates/page.html:4: ", "has no attribute 'titel'", templates=True),
    case("template-undefined-name-in-partial", edit("templates/partials/footer.html", "{{", "{{ colophon }}{{"),
         "templates/partials/footer.html:4: ", "'colophon' is undefined", templates=True),
    case("template-includes-missing-file",
         edit("templates/page.html", "{% block main %}", '{% block main %}\n{% include "partials/sidebar.html" %}'),
         "templates/page.html:3: ", "partials/sidebar.html", templates=True),
    case("translations-missing-string", edit("templates/translations.yml", "  date_tba: data da definire\n", ""),
         "templates/translations.yml:4: ", "the string 'date_tba' is missing in 'it'", templates=True),
    case("translations-unknown-placeholder",
         edit("templates/translations.yml", '"{day} {month} {year}"', '"{day} {mese} {year}"'),
         At("templates/translations.yml", "{mese}"), "mese", templates=True),
    case("translations-separator-not-text",
         edit("templates/translations.yml", 'thousands_separator: "."', "thousands_separator: 1"),
         At("templates/translations.yml", "thousands_separator: 1"), "thousands_separator", templates=True),

    # Links
    case("markdown-javascript-link",
         edit("content/pages/it/progetto.md", "(https://example.com/)", "(javascript:alert(1))"),
         "content/pages/it/progetto.md:14: ", 'the address "javascript:alert(1)" is not allowed'),
    case("markdown-data-link", edit("content/pages/it/progetto.md", "(https://example.com/)",
                                    "(data:text/html;base64,PHNjcmlwdD4=)"),
         "content/pages/it/progetto.md:14: ", "data:text/html"),
    case("markdown-link-to-missing-file", edit("content/pages/it/progetto.md", "(https://example.com/)",
                                                "(aderie.md)"),
         "content/pages/it/progetto.md:14: ", "the link aderie.md names a file that does not exist — write the name "
         "of a page's Markdown file, did you mean aderire.md?"),
    case("markdown-link-to-missing-heading", edit("content/pages/it/aderire.md", "Contatta l'ente.",
                                                                     "[x](progetto.md#scopi)"),
         At("content/pages/it/aderire.md", "#scopi"), "names the heading #scopi, which content/pages/it/progetto.md "
         "does not have — its headings are: #obiettivi"),
    case("markdown-link-to-another-language", edit("content/pages/it/progetto.md", "(https://example.com/)",
                                                   "(../en/aderire.md)"),
         "content/pages/it/progetto.md:14: ", "leads to the English version of a page, in a text in Italian — write the "
         "file name without the language folder, aderire.md"),
    case("markdown-relative-html-link", edit("content/pages/it/progetto.md", "(https://example.com/)",
                                             "(aderire.html)"),
         "content/pages/it/progetto.md:14: ", "the link aderire.html names an .html file — link to the Markdown file "
         "the page comes from, did you mean aderire.md?"),
    case("markdown-javascript-reference-link",
         edit("content/pages/it/progetto.md", "Vedi [il sito esterno](https://example.com/).",
              "Vedi [il sito][x].\n\n[x]: javascript:alert(1)"),
         "content/pages/it/progetto.md:16: ", 'the address "javascript:alert(1)" is not allowed'),
    case("markdown-javascript-behind-entity",
         edit("content/pages/it/progetto.md", "Vedi [il sito esterno](https://example.com/).",
              '<a href="jav&#x61;script:alert(1)">x</a>'),
         "content/pages/it/progetto.md:14: ", 'the address "javascript:alert(1)" is not allowed'),
    case("markdown-data-image", edit("content/news/en/presentazione.md", "in Brescia.",
                                     "in Brescia.\n\n![logo](data:image/svg+xml;base64,PHN2Zz4=)"),
         "content/news/en/presentazione.md:9: ", "data:image/svg+xml"),
    case("yaml-javascript-url",
         edit("content/partners.yml", "url: https://ente.example.net/", "url: javascript:alert(1)"),
         "content/partners.yml:17: ", 'the address "javascript:alert(1)" is not allowed'),
    case("yaml-data-url", edit("content/settings.yml", "  website: https://ente.example.net/",
                               '  website: "data:text/html,<script>alert(1)</script>"'),
         "content/settings.yml:18: ", "is not allowed"),
    case("yaml-protocol-relative-url",
         edit("content/partners.yml", "url: https://ente.example.net/", "url: //evil.example/"),
         "content/partners.yml:17: ", 'the address "//evil.example/" is not allowed'),

    # References and numbers
    case("unknown-partner-in-event", edit("content/calendar.yml", "organizers: [ente]", "organizers: [ente, anfia]"),
         "content/calendar.yml:16: ", "'organizers' names the unknown partner 'anfia'"),
    case("unknown-partner-as-publisher", edit("content/settings.yml", "publisher: ente", "publisher: probrixia"),
         "content/settings.yml:16: ", "'publisher' names the unknown partner 'probrixia'"),
    case("number-with-thousands-dots", edit("content/statistics.yml", "value: 1000", "value: 50.000"),
         "content/statistics.yml:3: ", "'50.000' looks like a number written with dots between thousands"),

    # Files and folders that do not belong
    case("page-in-unknown-language-folder", copy_folder("content/pages/en", "content/pages/de"),
         "content/pages/de: ", "unexpected folder in pages/"),
    case("unknown-data-file", write("content/partner.yml", "partners: []\n"),
         "content/partner.yml: ", "not part of the content"),
    case("text-file-among-pages", write("content/pages/it/appunti.txt", "appunti"),
         "content/pages/it/appunti.txt: ", "only Markdown files (.md) belong here"),
    case("data-file-missing", remove("content/settings.yml"),
         "content/settings.yml: ", "the data file settings.yml is missing"),
    case("home-page-missing", remove("content/pages/it/index.md", "content/pages/en/index.md"),
         "content/pages/", "index.md"),

    # The real content
    case("real-duplicate-key",
         edit("content/calendar.yml", "    kind: course\n", "    kind: course\n    kind: training\n"),
         At("content/calendar.yml", "    kind: training\n    title"), "'kind' appears twice", base="real"),
    case("real-missing-italian-page", remove("content/pages/it/privacy.md"),
         "content/pages/en/privacy.md: ", "there is no Italian version of this file", base="real"),
    case("real-unknown-partner",
         edit("content/calendar.yml", "organizers: [probrixia]", "organizers: [probrixia, pro-brixia]"),
         At("content/calendar.yml", "pro-brixia"), "unknown partner 'pro-brixia'", base="real"),
    case("real-javascript-link", edit("content/pages/en/contatti.md", "carries out the project.",
                                      "carries out the project.\n\n[Write to us](javascript:alert(document.cookie))"),
         At("content/pages/en/contatti.md", "javascript:"), "is not allowed", base="real"),
    case("real-impossible-deadline", edit("content/project.yml", "deadline: 2012-12-31", "deadline: 2012-12-32"),
         At("content/project.yml", "2012-12-32"), "is not a real date", base="real"),
    case("real-bom", recode("content/settings.yml", lambda text: b"\xef\xbb\xbf" + text.encode()),
         "content/settings.yml:1: ", "UTF-8", base="real"),
]


# ---------------------------------------------------------------------------------------------
# Running a case


def tree(folder: Path) -> dict[str, object]:
    """Every file, folder and link under `folder`: bytes, 'folder' or the link's target (links not followed)."""
    found: dict[str, object] = {}
    for parent, folders, files in os.walk(folder):
        for name in folders + files:
            path = Path(parent) / name
            key = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[key] = ("link", os.readlink(path))
            elif path.is_dir():
                found[key] = "folder"
            else:
                found[key] = path.read_bytes()
    return found


@pytest.fixture(scope="module")
def built_sites(tmp_path_factory) -> dict[str, dict[str, bytes]]:
    """The site each base content builds into, by a real successful run of build.py (once per module)."""
    sites = {}
    for base, content in BASES.items():
        work = tmp_path_factory.mktemp(f"built-{base}")
        result = run_build("--content", str(content), "--output", "site", "--today", TODAY, cwd=work)
        assert result.code == 0, result.err
        sites[base] = snapshot(work / "site")
    return sites


def prepare(work: Path, bad_input: Case, built_sites) -> list[str]:
    """A work folder with the base content, its templates if the case edits them, and the site it built."""
    shutil.copytree(BASES[bad_input.base], work / "content")
    arguments = ["--content", "content", "--output", "site", "--today", TODAY]
    if bad_input.templates:
        shutil.copytree(TEMPLATES, work / "templates")
        arguments += ["--templates", "templates"]
    for path, data in built_sites[bad_input.base].items():  # the output of the successful build, as it was
        (work / "site" / path).parent.mkdir(parents=True, exist_ok=True)
        (work / "site" / path).write_bytes(data)
    return arguments


def problem_lines(stderr: str) -> list[str]:
    """The problems printed before the closing summary (continuation lines of long advice excluded)."""
    problems, _, _ = stderr.partition("\n\nThe site was not built")
    return [line for line in problems.splitlines() if line and not line[0].isspace()]


def assert_refused(result, where: str, says: str) -> None:
    """Exit 1, a problem line starting with `where` that mentions `says` and gives advice, no traceback."""
    shown = f"\n--- stdout:\n{result.out}\n--- stderr:\n{result.err}"
    assert "Traceback" not in result.out + result.err, shown
    assert result.code == 1, shown
    assert "Built" not in result.out, shown
    lines = problem_lines(result.err)
    matching = [line for line in lines if line.startswith(where)]
    assert matching, f"no problem starts with {where!r}{shown}"
    assert any(says in line for line in matching), f"no problem at {where!r} says {says!r}{shown}"
    for line in lines:  # every problem says what to do
        assert re.search(r" — \S.{2,}", line), f"no advice after ' — ' in: {line}{shown}"
    assert "The site was not built" in result.err and "The previous site is unchanged." in result.err, shown


@pytest.mark.parametrize("bad_input", CASES)
def test_bad_input_stops_the_build_and_keeps_the_previous_site(bad_input: Case, tmp_path, built_sites):
    work = tmp_path / "work"
    work.mkdir()
    arguments = prepare(work, bad_input, built_sites)
    bad_input.change(work)
    where = bad_input.where.prefix(work) if isinstance(bad_input.where, At) else bad_input.where
    site_before, everything_before = snapshot(work / "site"), tree(work)

    started = time.perf_counter()
    result = run_build(*arguments, cwd=work)
    elapsed = time.perf_counter() - started

    assert_refused(result, where, bad_input.says)
    assert snapshot(work / "site") == site_before, "the failed build changed the previous site"
    assert tree(work) == everything_before, "the failed build added, removed or changed files beside the site"
    if bad_input.seconds is not None:
        assert elapsed < bad_input.seconds, f"took {elapsed:.1f} s"


def test_the_corpus_is_large_and_every_case_is_different():
    ids = [param.id for param in CASES]
    assert len(ids) >= 35 and len(set(ids)) == len(ids)


# ---------------------------------------------------------------------------------------------
# Special cases


def build_twice(work: Path, *changes: Change):
    """Build the basic site, apply `changes`, build again: (second run, site before, site after)."""
    built = run_build("--content", "content", "--output", "site", "--today", TODAY, cwd=work)
    assert built.code == 0, built.err
    before = snapshot(work / "site")
    for change in changes:
        change(work)
    result = run_build("--content", "content", "--output", "site", "--today", TODAY, cwd=work)
    return result, before, snapshot(work / "site")


def test_every_problem_in_every_file_is_reported_in_one_run(basic_site, tmp_path):
    result, before, after = build_twice(
        tmp_path,
        edit("content/project.yml", "  joined: 3", "\tjoined: 3"),
        recode("content/settings.yml", lambda text: b"\xef\xbb\xbf" + text.encode()),
        edit("content/calendar.yml", "start: 2012-10-05", "start: 2012-02-30"),
        edit("content/pages/it/aderire.md", "title: Come aderire", "titolo: Come aderire"))
    assert result.code == 1 and "Traceback" not in result.err
    starts = [line.split(" ", 1)[0] for line in problem_lines(result.err)]
    assert starts == ["content/calendar.yml:10:", "content/pages/it/aderire.md:2:", "content/pages/it/aderire.md:2:",
                      "content/project.yml:12:", "content/settings.yml:1:"], result.err
    assert "5 problems to fix" in result.err
    assert after == before


def test_unsafe_links_are_reported_with_the_other_problems(basic_site, tmp_path):
    result, before, after = build_twice(
        tmp_path,
        edit("content/project.yml", "  joined: 3", "\tjoined: 3"),
        edit("content/pages/it/progetto.md", "(https://example.com/)", "(javascript:alert(1))"))
    starts = [line.split(" ", 1)[0] for line in problem_lines(result.err)]
    assert starts == ["content/pages/it/progetto.md:14:", "content/project.yml:12:"], result.err
    assert after == before


def test_misspelt_data_file_suggests_the_right_name(basic_site, tmp_path):
    (basic_site / "partner.yml").write_text("partners: []\n")
    result = run_build("--content", "content", "--output", "site", "--today", TODAY, cwd=tmp_path)
    assert "content/partner.yml: this file or folder is not part of the content — did you mean partners.yml?" \
        in result.err, result.err


@pytest.mark.parametrize("change", [
    edit("content/news/it/presentazione.md", "title: Presentato il progetto", 'title: "Presentato\\v il progetto"'),
    edit("content/news/it/presentazione.md", "a Brescia.", "a\x0cBrescia."),
], ids=["escaped-vertical-tab-in-title", "form-feed-in-body"])
def test_control_characters_never_make_an_invalid_feed(basic_site, tmp_path, change):
    change(tmp_path)
    result = run_build("--content", "content", "--output", "site", "--today", TODAY, cwd=tmp_path)
    assert "Traceback" not in result.err
    if result.code == 1:  # refused: then with file and line
        assert any(line.startswith("content/news/it/presentazione.md:") for line in problem_lines(result.err))
    else:  # accepted: then the characters XML cannot carry are gone
        ET.parse(tmp_path / "site" / "it" / "feed.xml")


# ---------------------------------------------------------------------------------------------
# Huge pages

PARAGRAPH = ("Il progetto **DRIADE/DAFNE** sostiene le PMI lombarde dell'automotive nei mercati esteri, "
             "con corsi, missioni e [giornate tecnologiche](https://www.probrixia.it/) in tutta la regione. "
             "Leggi [il progetto](/it/progetto/) e contatta **PRO BRIXIA** per aderire.\n\n")
LAST_WORDS = "Fine della pagina lunghissima."


def huge_page(megabytes: float) -> str:
    body = PARAGRAPH * int(megabytes * 1_000_000 / len(PARAGRAPH.encode()))
    return f"---\ntitle: Come aderire\nfooter: 1\n---\n{body}{LAST_WORDS}\n"


def build_with_huge_page(work: Path, megabytes: float) -> float:
    """Build the basic site with a page of `megabytes` of prose; the build time the engine reports."""
    shutil.copytree(FIXTURES / "basic" / "content", work / "content")
    (work / "content" / "pages" / "it" / "aderire.md").write_text(huge_page(megabytes), encoding="utf-8")
    result = run_build("--content", "content", "--output", "site", "--today", TODAY, cwd=work)
    assert result.code == 0, result.err[-2000:]
    html = (work / "site" / "it" / "aderire" / "index.html").read_text(encoding="utf-8")
    assert LAST_WORDS in html and html.count("<strong>PRO BRIXIA</strong>") == huge_page(megabytes).count(
        "**PRO BRIXIA**"), "text was lost"
    return float(re.search(r" in (\d+\.\d+) s ", result.out).group(1))


def test_a_half_megabyte_page_builds(tmp_path):
    """Half a megabyte of prose dense with links and bold: far more than any page, within every bound."""
    seconds = build_with_huge_page(tmp_path, 0.5)
    assert seconds < 60, f"the 0.5 MB page took {seconds:.1f} s"


def test_a_ten_megabyte_page_is_refused_at_once_with_what_to_do(tmp_path):
    shutil.copytree(FIXTURES / "basic" / "content", tmp_path / "content")
    (tmp_path / "content" / "pages" / "it" / "aderire.md").write_text(huge_page(10), encoding="utf-8")
    started = time.monotonic()
    result = run_build("--content", "content", "--output", "site", "--today", TODAY, cwd=tmp_path)
    assert time.monotonic() - started < 30
    assert result.code == 1 and "Traceback" not in result.err
    assert problem_lines(result.err) == ["content/pages/it/aderire.md:5: the text is 10.0 MB long (10,000,021 "
                                         "characters) — split the page; a page may be at most 1 MB"]
    assert not (tmp_path / "site").exists()


def test_build_time_grows_linearly_with_page_size(tmp_path):
    small = build_with_huge_page(tmp_path / "small", 0.12)
    large = build_with_huge_page(tmp_path / "large", 0.48)
    assert large < 8 * small, f"0.12 MB: {small:.2f} s, 0.48 MB: {large:.2f} s"


def test_a_file_too_big_to_be_content_is_named_and_not_read(basic_site, tmp_path):
    huge = basic_site / "pages" / "it" / "video.md"
    with huge.open("wb") as handle:
        handle.truncate(65 * 2**20)  # sparse: takes no room on the disk
    result = run_build("--content", str(basic_site), "--output", str(tmp_path / "site"), "--today", TODAY)
    assert result.code == 1 and "Traceback" not in result.err
    assert [line for line in problem_lines(result.err) if "video.md" in line] == [
        f"{display_path(huge)}: this file cannot be read (larger than 64 MB) — move it out of content/: no page, "
        "data file or template is this big"]


# Hostile Markdown, generated: storms of the marks that make converters slow, nesting, long lines.
STORMS = ["[", "](", "![", "*", "_", "*a", "**a *", "`", "\\`", "<", "<div>", "&amp;", "> ", "- ", "    ", "\n",
          "\n\n", "# ", "x\n# ", "|", "{", "x  \n", "```\n"]
hostile_markdown = st.lists(st.one_of(
    st.sampled_from(STORMS).flatmap(lambda mark: st.integers(1, 30_000).map(lambda count: mark * count)),
    st.integers(100, 20_000).map(lambda count: "[" * count + "](" * count),
    st.integers(1, 400).map(lambda depth: "".join("  " * level + "- x\n" for level in range(depth))),
    st.integers(1, 200_000).map(lambda length: "parola " * (length // 7) + "\n"),
    st.text(max_size=50)), min_size=1, max_size=6).map("".join)


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(text=hostile_markdown)
def test_any_hostile_page_ends_quickly_built_or_refused_with_its_file(tmp_path_factory, text):
    content = tmp_path_factory.mktemp("hostile") / "content"
    shutil.copytree(FIXTURES / "basic" / "content", content)
    page = content / "pages" / "it" / "aderire.md"
    page.write_text(f"---\ntitle: Come aderire\n---\n{text}", encoding="utf-8")
    started = time.monotonic()
    try:
        render_site(BuildOptions(content, TEMPLATES, content.parent / "site", dt.date(2012, 11, 1)))
    except BuildError as error:
        assert all(problem.path == display_path(page) for problem in error.problems), error.problems
        assert all(problem.expected for problem in error.problems)
    assert time.monotonic() - started < 20
