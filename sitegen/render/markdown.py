"""Markdown to safe HTML: one configured converter per language, an allow-list sanitiser, link policy.

Policy for raw HTML in Markdown: staff may use a small set of harmless tags (see
ALLOWED_TAGS); anything else (script, style, iframe, forms, event handlers, inline
styles) is removed, and a link or image address with a scheme other than http(s),
mailto or tel is reported as an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
import html

import hashlib
from dataclasses import astuple

import nh3

from .errors import Problem
from .schema import Invalid, check_url
from .sources import StoredText, text_digest
from .converter import make_converter
from .typography import smarten_html

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "dfn", "div",
    "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd",
    "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "lang", "title", "dir"},
    "a": {"href", "hreflang", "rel"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "scope", "align"},
    "ol": {"start", "reversed", "type"},
    "time": {"datetime"},
    "abbr": {"title"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
_TAG_WITH_URL = re.compile(r"<(?:a|img)\b[^>]*>")
_SITE_PATH = re.compile(r'\b(href|src)="/(?!/)')
_EXTERNAL_HREF = re.compile(r'\bhref="(?:https?:)?//')


@dataclass
class Converted:
    html: str
    problems: list[Problem] = field(default_factory=list)


class MarkdownRenderer:
    """Converts Markdown of one site; make one per build (converters are reused, not shared)."""

    def __init__(self, base_path: str, store=None, salt: str = "", remember: bool = True):
        """`store`: a RenderCache keeping conversions between builds; `remember`: keep every
        conversion in memory too (the preview server does; a one-off build need not)."""
        self.base_path = base_path
        self.remember = remember
        self._markdown = None
        self._done: dict[tuple, Converted] = {}  # conversions kept for rebuilds
        self._last: tuple = (None, None, None)  # the last text, as a string, and its language-independent conversion
        self._recent: tuple = (None, None)  # the last request and its conversion
        self._store, self._salt = store, salt
        self.early: dict[str, tuple] = {}  # text digest -> base_stage, made ahead by another process

    def _converter(self):
        """The one Python-Markdown converter of this renderer (the language only matters after it)."""
        if self._markdown is None:
            self._markdown = make_converter()
        return self._markdown

    def prepare(self) -> None:
        """Make the converter now, so that worker processes forked later inherit it."""
        self._converter()

    def convert(self, text: str | StoredText, lang: str, source: str, first_line: int = 1) -> Converted:
        """Safe HTML for a Markdown text; bad link addresses are reported against `source`.
        Raises ProblemList if a StoredText cannot be read back."""
        request = (text, lang, source, first_line)
        if self._recent[0] == request:
            return self._recent[1]
        converted = self._done.get(request)
        if converted is None:
            converted = self._restore(request) if self._store is not None else None
            if converted is None:
                if self._last[0] != text:  # the same text in two languages is converted once
                    plain = _text_of(text)
                    self._last = (text, plain, self._sanitised(plain))
                converted = self._finish(*self._last[2], self._last[1], lang, source, first_line)
                if self._store is not None:
                    self._store.write_markdown(self.store_key(request), {
                        "html": converted.html, "problems": [list(astuple(p)) for p in converted.problems]})
            if self.remember:
                self._done[request] = converted
        self._recent = (request, converted)
        return converted

    def keep(self, request: tuple, converted: Converted) -> None:
        """Remember a conversion made elsewhere (by a worker process)."""
        self._done[request] = converted

    def converted_ahead(self, text: str | StoredText) -> bool:
        """Whether a helper process already converted this text (see prefetch.py)."""
        if not self.early:
            return False
        return (text.digest if isinstance(text, StoredText) else text_digest(text)) in self.early

    def store_key(self, request: tuple) -> str:
        return hashlib.blake2b(repr((request, self.base_path, self._salt)).encode("utf-8"),
                               digest_size=20).hexdigest()

    def _restore(self, request: tuple) -> Converted | None:
        stored = self._store.read_markdown(self.store_key(request))
        if not stored:
            return None
        return Converted(stored["html"], [Problem(*fields) for fields in stored["problems"]])

    def forget_except(self, keep: set) -> None:
        """Drop conversions of texts that are gone, so a long `serve` session does not grow."""
        self._done = {key: value for key, value in self._done.items() if key[2] in keep}

    def _sanitised(self, text: str) -> tuple[str, list[tuple[str, str]]]:
        """The language-independent work on a text: Markdown, the sanitiser, our link fixes;
        with the addresses it links to (as written, as read)."""
        stage = self.early.pop(text_digest(text), None) if self.early else None
        clean, addresses = stage or self.base_stage(text)
        return _TAG_WITH_URL.sub(self._fix_link, clean), addresses

    def base_stage(self, text: str) -> tuple[str, list[tuple[str, str]]]:
        """What the converted text does not owe to this site: clean HTML and its addresses."""
        converter = self._converter()
        converter.reset()
        raw_html = converter.convert(text)
        # The sanitiser drops anything the link check would refuse, should the check miss it.
        clean = nh3.clean(raw_html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, link_rel=None,
                          url_schemes={"http", "https", "mailto", "tel"}, strip_comments=True)
        return clean, _addresses(raw_html)

    def _finish(self, html_text: str, addresses: list, text: str, lang: str, source: str,
                first_line: int) -> Converted:
        problems: list[Problem] = []
        for written, address in addresses:
            try:
                check_url(address)
            except Invalid as error:
                line = _line_of(text, written if written in text else address, first_line)
                problems.append(Problem(source, line, f"link: {error.message}", error.expected))
        return Converted(smarten_html(html_text, lang), problems)

    def _fix_link(self, match: re.Match) -> str:
        """Give site paths the base path, and external links rel=noopener."""
        tag = _SITE_PATH.sub(lambda m: f'{m.group(1)}="{self.base_path}', match.group(0))
        if tag.startswith("<a") and _EXTERNAL_HREF.search(tag) and " rel=" not in tag:
            tag = tag[:-1] + ' rel="noopener">'
        return tag


_URL_ATTRIBUTE = re.compile(r"""\s(?:href|src|cite)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.IGNORECASE)


def _addresses(html_text: str) -> list[tuple[str, str]]:
    """Every link, image and citation address in an HTML fragment: (as written, as the browser reads it)."""
    found = []
    for tag in re.finditer(r"<[a-zA-Z][^>]*>", html_text):
        for match in _URL_ATTRIBUTE.finditer(tag.group(0)):
            written = next(group for group in match.groups() if group is not None)
            found.append((written, html.unescape(written)))
    return found


def _text_of(text: str | StoredText) -> str:
    return text.read() if isinstance(text, StoredText) else text


def _line_of(text: str, needle: str, first_line: int) -> int:
    index = text.find(needle)
    return first_line + (text[:index].count("\n") if index >= 0 else 0)
