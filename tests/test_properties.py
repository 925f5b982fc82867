"""Properties over arbitrary text (issue 7): whatever staff type, the outputs stay escaped, well formed and intact.

Each property runs on a thousand texts made by Hypothesis: any Unicode (control characters
included, surrogates excluded), mixed with fragments that have broken generators before
(`</script>`, `]]>`, `&`, quotes, line breaks, `javascript:`). The outputs are made by the
engine's own functions on a model of the basic fixture site, not by full builds, to stay fast.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from html import unescape
from html.parser import HTMLParser

import icalendar
import pytest
import yaml
from conftest import FIXTURES, TEMPLATES
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from sitegen.config import BuildOptions, UsageError, normalize_base_url
from sitegen.load.files import Sources
from sitegen.load.text import read_text
from sitegen.load.yamlsafe import ProblemList
from sitegen.load.yamlsafe import parse_yaml
from sitegen.pipeline import make_site
from sitegen.render.markdown import MarkdownConverter
from sitegen.outputs.calendar import render_event_calendar
from sitegen.outputs.feeds import render_feed
from sitegen.outputs.sitemap import INDEXED_KINDS, render_sitemap
from sitegen.render.templates import json_for_script, make_environment
from sitegen.schema.fields import Context, Invalid, Slug, Text
from sitegen.render.slugs import slugify
from sitegen.model.urls import Urls

TODAY = dt.date(2012, 11, 1)
BASE_URL = "https://example.org/driade/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
CONTEXT = Context(("it", "en"))
# Derandomized: the same 1,000 examples on every run, so that CI is reproducible; to explore
# new examples locally, run with HYPOTHESIS_EXPLORE=1.
THOROUGH = settings(max_examples=1000, deadline=None,
                    derandomize=not os.environ.get("HYPOTHESIS_EXPLORE"))

FRAGMENTS = [
    "</script>", "</SCRIPT >", "<script>alert(1)</script>", "<!--", "-->", "]]>", "<![CDATA[", "&", "&amp;",
    "&#0;", "&lt;", "<", ">", '"', "'", "`", "\\", ",", ";", ":", "\n", "\r\n", "\r", "\t", " ", "\x00", "\x07",
    "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff", "é", "ß", "€",
    "🚗", "\U0010ffff", "javascript:alert(1)", "JaVaScRiPt:", "data:text/html,", "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>', "[x](javascript:alert(1))", '<p style="color:red">', "<svg onload=x>",
    "**", "_", "#", "- ", "> ", "    ", "|", "{{ x }}", "{% if %}", "%s", "{0}",
]

# Any Unicode text (Hypothesis leaves surrogates out), and texts built from the fragments above.
hostile_text = st.one_of(
    st.text(),
    st.lists(st.one_of(st.text(max_size=4), st.sampled_from(FRAGMENTS)), max_size=12).map("".join),
)


def xml_character(character: str) -> bool:
    """Whether XML 1.0 can carry the character at all (its production 'Char')."""
    code = ord(character)
    return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or code >= 0x10000


def line_ends_as_read(text: str) -> str:
    """XML and iCalendar readers give CR LF and a lone CR back as LF (XML 1.0 §2.11); content files never hold CR."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


@functools.cache
def environment():
    return make_environment(TEMPLATES, Sources.scan(TEMPLATES))


@functools.cache
def model():
    """The basic fixture site as the engine sees it just before rendering, and its Urls and Languages."""
    content = FIXTURES / "basic" / "content"
    options = BuildOptions(content, TEMPLATES, content.parent / "site", TODAY, base_url=BASE_URL)
    site = make_site(options, Sources.scan(content, TEMPLATES))
    return site.assembled, site.urls, site.theme.languages


def italian():
    assembled, urls, languages = model()
    return assembled.sites["it"], urls, languages["it"]


# ---------------------------------------------------------------------------------------------
# HTML


class Parsed(HTMLParser):
    """The start tags (with their attributes, unescaped) and the text of an HTML fragment."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list]] = []
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def inner_html(html: str, opening: str, closing: str) -> str:
    """The markup between `opening` and the first `closing` after it."""
    start = html.index(opening) + len(opening)
    return html[start:html.index(closing, start)]


@THOROUGH
@given(title=hostile_text, summary=hostile_text)
def test_event_title_and_summary_are_escaped_in_the_event_card(title, summary):
    site, _, language = italian()
    event = replace(site.events[0], title=title, summary=summary)
    template = environment().get_template("partials/event-card.html")
    html = template.render(event=event, t=language)
    plain = template.render(event=replace(event, title="T", summary="S"), t=language)
    title_html = inner_html(html, f'<a href="{event.url}">', "</a></h3>")
    summary_html = inner_html(html, '<p class="event-card__summary">', "</p>")
    assert unescape(title_html) == title and unescape(summary_html) == summary
    assert "<" not in title_html + summary_html and ">" not in title_html + summary_html
    assert html.count("<") == plain.count("<")  # no tag came from the text


TEXT_AND_ATTRIBUTES = ('<h1 title="{{ page.title }}">{{ page.title }}</h1>'
                       '<meta name="description" content="{{ page.description }}">')


@THOROUGH
@given(title=hostile_text, description=hostile_text)
def test_page_title_and_description_are_escaped_in_text_and_attributes(title, description):
    site, _, _ = italian()
    page = replace(site.home, title=title, description=description)
    html = environment().from_string(TEXT_AND_ATTRIBUTES).render(page=page)
    parsed = Parsed(html)
    assert parsed.tags == [("h1", [("title", title)]), ("meta", [("name", "description"), ("content", description)])]
    assert "".join(parsed.text) == title
    assert html.count("<") == 3 and html.count(">") == 3


# ---------------------------------------------------------------------------------------------
# JSON-LD

json_values = st.recursive(
    hostile_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(hostile_text, inner, max_size=3),
    max_leaves=6,
)


@THOROUGH
@given(value=st.dictionaries(hostile_text, json_values, max_size=5))
def test_json_for_script_cannot_end_the_script_and_reads_back(value):
    text = str(json_for_script(value))
    assert "</" not in text and "<!--" not in text and "<" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == value


# ---------------------------------------------------------------------------------------------
# XML: Atom feed and sitemap


def feed_with(name: str, description: str, title: str, summary: str) -> ET.Element:
    site, urls, _ = italian()
    item = replace(site.news[0], title=title, description=summary)
    return ET.fromstring(render_feed(replace(site, name=name, description=description, news=[item]), urls, TODAY))


def feed_texts(feed: ET.Element) -> tuple[str, str, str, str]:
    entry = feed.find(f"{ATOM}entry")
    elements = (feed.find(f"{ATOM}title"), feed.find(f"{ATOM}subtitle"),
                entry.find(f"{ATOM}title"), entry.find(f"{ATOM}summary"))
    return tuple((element.text or "") for element in elements)


xml_safe_text = hostile_text.map(lambda text: "".join(filter(xml_character, text)))


@THOROUGH
@given(name=xml_safe_text, description=xml_safe_text, title=xml_safe_text, summary=xml_safe_text)
def test_feed_is_well_formed_and_reads_back_the_same_text(name, description, title, summary):
    site, _, _ = italian()
    listing = site.page_with_template("news.html")
    feed = feed_with(name, description, title, summary)
    expected = (f"{listing.title} · {name}", description, title, summary)
    assert feed_texts(feed) == tuple(map(line_ends_as_read, expected))


def accepted_text(text: str) -> str | None:
    """The text as the schema's Text field keeps it, or None if the schema refuses it."""
    try:
        return Text().check(text, CONTEXT)
    except Invalid:
        return None


@THOROUGH
@given(title=hostile_text, summary=hostile_text)
@example(title="Presentato\x0b il progetto", summary="ok")
def test_feed_is_well_formed_for_any_text_the_schema_accepts(title, summary):
    title, summary = accepted_text(title), accepted_text(summary)
    if title is None or summary is None:
        return  # refused with a message: never reaches the feed
    feed = feed_with("Sito", "Descrizione", title, summary)  # raises ParseError if not well formed
    kept = "".join(filter(xml_character, title)), "".join(filter(xml_character, summary))
    assert feed_texts(feed)[2:] == tuple(map(line_ends_as_read, kept))


def sitemap_under(base_url: str) -> tuple[bytes, set[str]]:
    """The sitemap of the basic site published at `base_url`, and the page addresses it must list."""
    assembled, old, _ = model()
    new = Urls(base_url)

    def moved(link: str) -> str:
        return new.base_path + link[len(old.base_path):]

    pages = [replace(page, url=moved(page.url), absolute_url=new.absolute(moved(page.url)),
                     translations={lang: moved(link) for lang, link in page.translations.items()})
             for page in assembled.pages]
    expected = {page.absolute_url for page in pages if page.kind in INDEXED_KINDS}
    return render_sitemap(pages, assembled.sites, new), expected


def base_url_with_path(path: str) -> str | None:
    """https://example.org/<path>/ if the command line accepts it as --base-url, else None."""
    try:
        return normalize_base_url(f"https://example.org/{path}/")
    except UsageError:
        return None


@THOROUGH
@given(path=xml_safe_text)
def test_sitemap_is_well_formed_and_lists_every_page_under_any_base_path(path):
    base_url = base_url_with_path(path)
    if base_url is None:
        return
    data, expected = sitemap_under(base_url)
    urlset = ET.fromstring(data)
    listed = {line_ends_as_read(loc.text) for loc in urlset.iter(f"{SITEMAP}loc")}
    assert listed == set(map(line_ends_as_read, expected))


@THOROUGH
@given(path=hostile_text)
@example(path="driade\x07")
def test_sitemap_is_well_formed_for_any_base_url_the_command_line_accepts(path):
    base_url = base_url_with_path(path)
    if base_url is None:
        return
    data, _ = sitemap_under(base_url)
    ET.fromstring(data)


# ---------------------------------------------------------------------------------------------
# iCalendar


def event_calendar_with(title: str, summary: str) -> tuple[bytes, icalendar.Event, str]:
    """The .ics file of a dated event with this title and summary, the event read back, and the event's URL."""
    site, urls, language = italian()
    event = replace(next(event for event in site.events if event.start), title=title, summary=summary)
    data = render_event_calendar(site, event, language, urls, TODAY)
    [read] = icalendar.Calendar.from_ical(data).walk("VEVENT")
    return data, read, event.absolute_url


@THOROUGH
@given(title=hostile_text, summary=hostile_text)
@example(title="a, b; c\\d\ne", summary="\\n is not a line break; \\, neither")
@example(title="typed \\N and \\n", summary="C:\\Nuova cartella; a, b")  # not line breaks
def test_event_calendar_reads_back_the_same_text_in_folded_crlf_lines(title, summary):
    assume(not title.startswith("\ufeff") and not summary.startswith("\ufeff"))  # see the test below
    data, read, url = event_calendar_with(title, summary)
    assert str(read["SUMMARY"]) == line_ends_as_read(title)
    assert str(read["DESCRIPTION"]) == line_ends_as_read(f"{summary}\n\n{url}")
    assert data.endswith(b"\r\n")
    for line in data.split(b"\r\n")[:-1]:
        assert b"\r" not in line and b"\n" not in line, line
        assert len(line) <= 75, line


@THOROUGH
@given(title=hostile_text)
def test_text_with_a_zero_width_no_break_space_is_refused_before_it_reaches_a_calendar(title):
    """The icalendar library drops a leading U+FEFF (pasted from Word), so content may not carry one."""
    with pytest.raises(Invalid, match="U\\+FEFF"):
        Text().check("\ufeff" + title + "x", CONTEXT)


# ---------------------------------------------------------------------------------------------
# Slugs

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
valid_slugs = st.lists(st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8),
                      min_size=1, max_size=4).map("-".join)
near_slugs = st.tuples(st.sampled_from(["", " ", "-", "/", "../", "\n", "é", "A"]), valid_slugs,
                       st.sampled_from(["", " ", "-", "/", "\n", "\r\n", ".md", "é", "A"])).map("".join)


@THOROUGH
@given(text=st.one_of(hostile_text, near_slugs))
def test_slugify_always_makes_a_valid_slug(text):
    slug = slugify(text)
    assert SLUG.fullmatch(slug) and len(slug) <= 80


@THOROUGH
@given(text=st.one_of(hostile_text, near_slugs))
def test_slug_field_accepts_what_slugify_makes(text):
    assert Slug().check(slugify(text), CONTEXT) == slugify(text)


@THOROUGH
@given(text=st.one_of(hostile_text, near_slugs))
@example(text="about\n")
def test_slug_field_accepts_exactly_the_slug_pattern(text):
    try:
        Slug().check(text, CONTEXT)
        accepted = True
    except Invalid:
        accepted = False
    assert accepted == bool(SLUG.fullmatch(text)), repr(text)


# ---------------------------------------------------------------------------------------------
# Markdown

DANGEROUS_TAGS = {"script", "style", "iframe", "object", "embed", "svg", "math", "form", "input", "button",
                  "base", "link", "meta", "frame", "frameset", "template", "noscript"}
URL_ATTRIBUTES = {"href", "src", "cite", "action", "formaction", "poster", "background", "xlink:href"}
markdown_text = st.one_of(
    hostile_text,
    st.lists(st.one_of(st.text(max_size=6), st.sampled_from(FRAGMENTS + [
        "<a href='jav&#x61;script:x'>", "<a href=\"java\tscript:x\">", "[a](<javascript:x>)", "![i](data:x)",
        "[r]: javascript:x\n", "[r]", "<div onclick='x'>", "<span style=x>", "<p onmouseover=x>", "<IMG SRC=x>",
        "<scr<script>ipt>", "<object data=x>", "<iframe src=x>", "{: onclick=\"x\" }", "{: style=\"x\" }",
        "\n\n", "`", "```\n", "<a title='a><img src=x onerror=alert(1)>' href='https://e.com/'>"])),
        max_size=14).map("".join),
)


def as_a_browser_reads(url: str) -> str:
    """The address as the WHATWG URL parser sees it: C0 controls and spaces trimmed, tabs and newlines dropped."""
    return re.sub(r"[\t\n\r]", "", url.strip("".join(map(chr, range(0x21))))).lower()


renderer = MarkdownConverter("/")


@THOROUGH
@given(text=markdown_text)
@example(text="{: onclick=\"alert(1)\" style=\"x\" }\n# Title")
def test_markdown_never_yields_scripts_handlers_styles_or_javascript_links(text):
    html = renderer.convert(text, "it", "x.md").html
    assert "<script" not in html.lower()
    for tag, attributes in Parsed(html).tags:
        assert tag not in DANGEROUS_TAGS, html
        for name, value in attributes:
            assert not name.startswith("on") and name != "style", html
            if name in URL_ATTRIBUTES:
                address = as_a_browser_reads(value or "")
                assert not address.startswith(("javascript:", "vbscript:", "data:")), html


# Markdown written with every character an inline pattern starts with, in every arrangement.
inline_markdown = st.lists(st.one_of(st.text(max_size=5), st.sampled_from([
    "*", "**", "_", "__", "`", "``", "\\", "\\\\", "[", "]", "(", ")", "![", "<", ">", "&", ";", "&amp;", "&#35;",
    "  \n", "\n", "\n\n", " ", "#", "## ", "- ", "1. ", "> ", "    ", "| a | b |\n|---|---|\n", "```\n",
    "{: #x }", "{: .c }", "<https://e.org/>", "<a@b.it>", "<em>", "</em>", "<!-- c -->", "[a](/b)", "[a][r]",
    "[r]: /x\n", "![i](/i.png)", "[TOC]", "\n[TOC]\n\n## T\n", "\n===\n", "\n---\n", "***", "___", "- - -",
    "Titolo\n======\n", "a | b\n-|-\n", "| x |\n|---|\n", ">", "\x02", "\x03", "é", "€"])), max_size=20).map("".join)


# Markdown written with every string a part of Python-Markdown needs, in every arrangement.
markdown_with_every_trigger = st.lists(st.one_of(st.text(max_size=5), st.sampled_from([
    "*", "**", "_", "__", "`", "``", "\\", "\\\\", "[", "]", "(", ")", "![", "<", ">", "&", ";", "&amp;", "&#35;",
    "  \n", "\n", "\n\n", " ", "#", "## ", "- ", "1. ", "> ", "    ", "| a | b |\n|---|---|\n", "```\n", "~~~\n",
    "{: #x }", "{: .c }", "{", "}", "<https://e.org/>", "<a@b.it>", "<em>", "</em>", "<!-- c -->", "[a](/b)",
    "[a][r]", "[r]: /x\n", "![i](/i.png)", "[TOC]", "\n[TOC]\n\n## T\n", "\n===\n", "\n---\n", "***", "___",
    "- - -", "Titolo\n======\n", "a | b\n-|-\n", "| x |\n|---|\n", "|", "\x02", "\x03", "é", "€"])),
    max_size=24).map("".join)


@functools.cache
def stock_markdown():
    import markdown

    from sitegen.render.markdown import EXTENSION_CONFIGS, EXTENSIONS

    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")


@THOROUGH
@given(text=st.one_of(markdown_with_every_trigger, markdown_text))
@example(text="a *b* `c` [d](/e) ![f](/g.png) <h@i.it> &amp; __j__  \nk | l\n-|-\n{: .x }\n```\ncode\n```")
@example(text="[a [b] c](/d) [e [f](/g) ![h [i]](/j.png) [k]] [l][m] [m] ![n][m]\n\n[m]: /o\n")
@example(text="[" * 70 + "a](/b) " + "]" * 30 + " [" + "[x]" * 70 + "](/y) " + "[z" * 100)  # more than LOOKAHEAD
def test_the_instance_chosen_for_a_text_gives_exactly_stock_python_markdowns_html(text):
    from sitegen.render.markdown import markdown_for

    stock = stock_markdown()
    stock.reset()
    assert markdown_for(text, {}).convert(text) == stock.convert(text)


@THOROUGH
@given(text=hostile_text)
@example(text="caffè\u200bcon\ufeffzucchero\x7f")
def test_a_text_is_refused_exactly_when_it_holds_an_invisible_control_character(text):
    invisible = re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]", text)
    assume(not text.startswith("\ufeff"))  # a byte-order mark at the start has its own message
    if invisible is None:
        assert read_text(text.encode("utf-8"), "x.md") == text.replace("\r\n", "\n").replace("\r", "\n")
    else:
        with pytest.raises(ProblemList) as refused:
            read_text(text.encode("utf-8"), "x.md")
        [problem] = refused.value.problems
        assert f"U+{ord(invisible.group()):04X}" in problem.message
        assert problem.line == text[:invisible.start()].count("\n") + 1


@THOROUGH
@given(st.dictionaries(st.from_regex(r"[a-z][a-z_]{0,12}", fullmatch=True),
                       st.one_of(hostile_text, st.lists(hostile_text, max_size=3)), max_size=4))
def test_a_data_file_reads_back_the_texts_pyyaml_wrote_with_each_keys_line(value):
    # Markdown's ** and texts with & go through the same fast parser as the rest.
    written = yaml.safe_dump(value, allow_unicode=False, width=1000)
    read = parse_yaml(written, "content/data.yml")
    assert read == value
    lines = written.split("\n")
    for key in value:
        assert lines[read.line_of(key) - 1].startswith(yaml.safe_dump(key).split("\n")[0].removesuffix("..."))
