"""Markdown to safe HTML: stock Python-Markdown with its extensions, an allow-list sanitiser, link policy.

Policy for raw HTML in Markdown: staff may use a small set of harmless tags (see
ALLOWED_TAGS); anything else (script, style, iframe, forms, event handlers, inline
styles) is removed, and a link or image address with a scheme other than http(s),
mailto or tel is reported as an error.
"""

from __future__ import annotations

import html
import importlib
import re
from collections import OrderedDict
from dataclasses import dataclass, field

import nh3

from ..errors import Problem
from ..schema.fields import Invalid, check_url
from ..limits import markdown_limit_problems
from .file_links import LinkTargets, element_ids
from .slugs import slugify
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


EXTENSIONS = ["tables", "attr_list", "sane_lists", "fenced_code", "toc"]
EXTENSION_CONFIGS = {"toc": {"slugify": slugify, "toc_depth": "2-4"}}
# The class of each extension in its module of markdown.extensions. Python-Markdown takes an
# Extension instance as it is; a name makes it look the name up among the entry points of every
# installed package first (about 20 ms of each build's first conversion).
EXTENSION_CLASSES = {"tables": "TableExtension", "attr_list": "AttrListExtension",
                     "sane_lists": "SaneListExtension", "fenced_code": "FencedCodeExtension", "toc": "TocExtension"}
# Parts of Python-Markdown that change nothing in a text holding none of these strings: a
# text without them is converted by an instance made without them (extensions left out,
# inline patterns removed with the public `deregister`), which gives the same HTML sooner.
# Its link patterns are replaced by quicker ones that give the same HTML (link_brackets.py).
# tests/test_properties.py compares the HTML with stock Python-Markdown's.
UNNEEDED_EXTENSIONS = {"tables": ("|",), "attr_list": ("{",), "fenced_code": ("```", "~~~")}
UNNEEDED_PATTERNS = {"backtick": ("`",), "escape": ("\\",), "autolink": ("<",), "automail": ("<",),
                     "html": ("<",), "entity": ("&",), "image_link": ("![",), "image_reference": ("![",),
                     "short_image_ref": ("![",), "linebreak": ("  \n",)}

_UNNEEDED = UNNEEDED_EXTENSIONS | UNNEEDED_PATTERNS


def markdown_for(text: str, made: dict, extend=None):
    """A Python-Markdown instance for `text`, from `made` (instances by what they leave out);
    `extend(instance)` is called on each instance when it is made."""
    key = frozenset(name for name, needs in _UNNEEDED.items() if not any(string in text for string in needs))
    instance = made.get(key)
    if instance is None:
        import markdown  # not imported by a build that converts nothing

        from .link_brackets import use_quicker_link_patterns

        instance = markdown.Markdown(extensions=[_extension(name) for name in EXTENSIONS if name not in key],
                                     output_format="html")
        for name in key & UNNEEDED_PATTERNS.keys():
            instance.inlinePatterns.deregister(name)
        use_quicker_link_patterns(instance)
        if extend is not None:
            extend(instance)
        made[key] = instance
    instance.reset()
    return instance


def _extension(name: str):
    """A new instance of the extension `name`, configured as EXTENSION_CONFIGS says; its module
    is imported only when a text needs it (fenced_code's imports Pygments, when installed)."""
    module = importlib.import_module(f"markdown.extensions.{name}")
    return getattr(module, EXTENSION_CLASSES[name])(**EXTENSION_CONFIGS.get(name, {}))


@dataclass
class Converted:
    html: str
    problems: list[Problem] = field(default_factory=list)
    links: tuple = ()  # (address as written, Outcome) of each link resolved against the site (file_links.py)

LINK_TREEPROCESSOR_PRIORITY = 15  # after the inline patterns (20) have made the links, before prettify (10)


class MarkdownConverter:
    """Converts the Markdown of one site (one base path). Each process has its own copy: the
    Python-Markdown instance and the conversions already made are not sent along."""

    def __init__(self, base_path: str, remember: int | None = 256, media=None, links: LinkTargets | None = None):
        """`remember`: how many conversions to keep, or None for all (the preview server);
        `media`: the files texts may show or link to (media.references.MediaLinks), if any;
        `links`: the site's pages, against which links by file name and site paths are resolved."""
        self.base_path = base_path
        self.remember = remember
        self.media = media
        self.links = links
        self.resolver = None  # while a text is converted: its links' resolution (LinkTreeprocessor)
        self._made: dict = {}  # Python-Markdown instances, see markdown_for
        self._made_plain: dict = {}  # instances without link resolution, for the ids a text makes
        self._anchors: OrderedDict[str, set] = OrderedDict()
        self._kept: OrderedDict[tuple, Converted] = OrderedDict()
        self._last_text: tuple = (None, None)  # the last text and its language-independent HTML

    def __getstate__(self) -> dict:
        return {"base_path": self.base_path, "remember": self.remember, "media": self.media, "links": self.links}

    def __setstate__(self, state: dict) -> None:
        self.__init__(**state)

    def convert(self, text: str, lang: str, source: str, first_line: int = 1) -> Converted:
        """Safe HTML for a Markdown text; problems (bad links, texts too costly to convert)
        are reported against `source` from `first_line` on."""
        request = (text, lang, source, first_line)
        converted = self._kept.get(request)
        if converted is not None and self._still_resolved(converted, lang, source):
            self._kept.move_to_end(request)
            return converted
        # The last text converted was within the limits, which depend on the text alone.
        problems = [] if text == self._last_text[0] else markdown_limit_problems(text, source, first_line)
        if problems:
            converted = Converted("", problems)
        else:
            links: list = []
            if self._last_text[0] != text or self._last_text[1][3]:  # the same text in two languages is
                self.resolver = self._resolver(lang, source, links)  # converted once, unless it has links
                try:                                                # the site resolves
                    self._last_text = (text, (*self._sanitised(text, source, first_line), tuple(links)))
                finally:
                    self.resolver = None
            converted = self._finish(*self._last_text[1], text, lang, source, first_line)
        self.keep(request, converted)
        return converted

    def use_media(self, media) -> None:
        """Resolve files against `media` from now on; conversions made with other files are forgotten."""
        if media != self.media:
            self.media = media
            self._kept.clear()

    def use_links(self, links: LinkTargets | None) -> None:
        """Resolve links against `links` from now on (conversions kept are checked again when used)."""
        self.links = links
        self._anchors.clear()

    def _resolver(self, lang: str, source: str, found: list):
        def resolve(href):
            if self.links is None or href is None:
                return None
            outcome = self.links.resolve(href, lang, source, self.anchors_of)
            if outcome is not None:
                found.append((href, outcome))
            return outcome
        return resolve

    def _still_resolved(self, converted: Converted, lang: str, source: str) -> bool:
        """A kept conversion whose links lead where they led then (pages may have moved since)."""
        return all(self.links is not None and self.links.resolve(href, lang, source, self.anchors_of) == outcome
                   for href, outcome in converted.links)

    def anchors_of(self, text: str) -> set[str]:
        """The ids of the elements (headings) the Markdown `text` makes."""
        ids = self._anchors.get(text)
        if ids is None:
            ids = set()
            if not markdown_limit_problems(text, "", 1):
                try:
                    raw_html = markdown_for(text, self._made_plain).convert(text)
                except RecursionError:
                    self._made_plain = {}
                else:
                    ids = element_ids(raw_html)
            self._anchors[text] = ids
            if len(self._anchors) > 1024:
                self._anchors.popitem(last=False)
        return ids

    def keep(self, request: tuple, converted: Converted) -> None:
        """Remember a conversion (also one made by another process)."""
        self._kept[request] = converted
        if self.remember is not None and len(self._kept) > self.remember:
            self._kept.popitem(last=False)

    def _sanitised(self, text: str, source: str, first_line: int) -> tuple[str, list, list[Problem]]:
        """The language-independent work on a text: Markdown, the sanitiser, our link fixes;
        with the addresses it links to (as written, as read)."""
        try:
            raw_html = markdown_for(text, self._made, self._extend).convert(text)
        except BaseException as error:  # Python-Markdown keeps state from a failed text: start afresh
            self._made = {}
            if not isinstance(error, RecursionError):
                raise
            return "", [], [Problem(source, first_line, "the text is nested too deeply to be converted",
                                    "nest lists and quotes less deeply")]
        # The sanitiser drops anything the link check would refuse, should the check miss it.
        clean = nh3.clean(raw_html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, link_rel=None,
                          url_schemes={"http", "https", "mailto", "tel"}, strip_comments=True)
        return _TAG_WITH_URL.sub(self._fix_link, clean), _addresses(raw_html), []

    def _extend(self, instance) -> None:
        from .link_treeprocessor import LinkTreeprocessor

        instance.treeprocessors.register(LinkTreeprocessor(instance, self), "sitegen_links",
                                         LINK_TREEPROCESSOR_PRIORITY)

    def _finish(self, html_text: str, addresses: list, problems: list[Problem], links: tuple, text: str,
                lang: str, source: str, first_line: int) -> Converted:
        problems = list(problems)
        handled = set()
        refused = {href: outcome for href, outcome in links if outcome.href is None}
        for href, outcome in refused.items():
            problems.append(Problem(source, line_of(text, href, first_line), outcome.message, outcome.expected))
        if self.media is not None:  # images and links to files of content/files/
            rewritten = self.media.rewrite(html_text, text, lang, source, first_line)
            html_text, handled = rewritten.html, rewritten.handled
            problems += rewritten.problems
        for written, address in addresses:
            if address in handled:
                continue
            try:
                check_url(address)
            except Invalid as error:
                line = line_of(text, written if written in text else address, first_line)
                problems.append(Problem(source, line, f"link: {error.message}", error.expected))
        return Converted(smarten_html(html_text, lang), problems, links)

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


def line_of(text: str, needle: str, first_line: int) -> int:
    """The file line where `needle` first stands in `text` (which starts at `first_line`); its first line if nowhere."""
    index = text.find(needle)
    return first_line + (text[:index].count("\n") if index >= 0 else 0)
