"""Links by file name (issue 16): rewritten to the page's address in the text's language, and
checked by build, check and serve with file:line and the nearest name."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import TEMPLATES, run_build

from sitegen.config import BuildOptions
from sitegen.errors import BuildError
from sitegen.pipeline import check_site, render_site
from sitegen.serve import Preview

TODAY = dt.date(2012, 11, 1)


def options(content, **more):
    return BuildOptions(content, TEMPLATES, content.parent / "site", TODAY, **more)


def append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")


def links_in(html: bytes) -> dict[str, str]:
    """Link text -> address, for the links of a page's text."""
    return {text: href for href, text in re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>', html.decode())}


def problems_of(content, **more) -> list[str]:
    with pytest.raises(BuildError) as caught:
        render_site(options(content, **more))
    return [str(problem).replace(str(content), "content") for problem in caught.value.problems]


def test_links_by_file_name_lead_to_the_page_in_the_language_of_the_text(basic_site):
    append(basic_site / "pages/it/aderire.md", "[P](progetto.md#obiettivi) [N](../news/presentazione.md) "
                                               "[E](../calendar.yml#corso) [H](/it/) [L](../it/progetto.md)")
    append(basic_site / "pages/en/aderire.md", "[P](progetto.md#aims) [N](../news/presentazione.md) "
                                               "[E](../calendar.yml#corso)")
    files = render_site(options(basic_site)).files
    italian, english = links_in(files["it/aderire/index.html"]), links_in(files["en/join/index.html"])
    assert (italian["P"], italian["N"], italian["E"], italian["H"], italian["L"]) == (
        "/it/progetto/#obiettivi", "/it/notizie/presentazione/", "/it/eventi/corso/", "/it/", "/it/progetto/")
    assert (english["P"], english["N"], english["E"]) == ("/en/about/#aims", "/en/news/presentation/",
                                                          "/en/events/corso/")


def test_links_by_file_name_carry_the_base_path(basic_site):
    append(basic_site / "pages/it/aderire.md", "[P](progetto.md#obiettivi)")
    files = render_site(options(basic_site, base_url="https://example.org/driade/")).files
    assert links_in(files["it/aderire/index.html"])["P"] == "/driade/it/progetto/#obiettivi"


def add_description(content, it: str, en: str):
    calendar = content / "calendar.yml"
    text = calendar.read_text(encoding="utf-8")
    old = "    start: 2013-01-10\n"
    assert old in text
    calendar.write_text(text.replace(old, f"    description:\n      it: {it}\n      en: {en}\n" + old, 1),
                        encoding="utf-8")
    return text[:text.index(old)].count("\n") + 2  # the line of `it:`


def test_a_data_file_text_links_by_file_name_from_the_content_folder(basic_site):
    add_description(basic_site, '"[Q](pages/progetto.md#obiettivi)"', '"[Q](pages/progetto.md#aims)"')
    files = render_site(options(basic_site)).files
    assert links_in(files["it/eventi/corso/index.html"])["Q"] == "/it/progetto/#obiettivi"
    assert links_in(files["en/events/corso/index.html"])["Q"] == "/en/about/#aims"


def test_a_broken_link_in_a_data_file_text_names_its_line(basic_site):
    line = add_description(basic_site, '"[Q](pages/progeto.md)"', '"[Q](pages/progetto.md)"')
    assert problems_of(basic_site) == [
        f"content/calendar.yml:{line}: the link pages/progeto.md names a file that does not exist — write the "
        "name of a page's Markdown file, did you mean pages/progetto.md?"]


@pytest.mark.parametrize("written, line_says", [
    ("[x](progeto.md)", "the link progeto.md names a file that does not exist — write the name of a page's "
                        "Markdown file, did you mean progetto.md?"),
    ("[x](progetto.md#obietivi)", "the link progetto.md#obietivi names the heading #obietivi, which "
                                  "content/pages/it/progetto.md does not have — did you mean #obiettivi?"),
    ("[x](../en/progetto.md)", "the link ../en/progetto.md leads to the English version of a page, in a text in "
                               "Italian — write the file name without the language folder, progetto.md"),
    ("[x](progetto.html)", "the link progetto.html names an .html file — link to the Markdown file the page "
                           "comes from, did you mean progetto.md?"),
    ("[x](../calendar.yml#corsi)", "the link ../calendar.yml#corsi names the event 'corsi', which calendar.yml "
                                   "does not hold — did you mean ../calendar.yml#corso?"),
    ("[x](/it/progeto/)", "the link /it/progeto/ leads to no page of the site — did you mean /it/progetto/?"),
])
def test_a_broken_internal_link_is_refused_with_its_line_and_the_nearest_name(basic_site, written, line_says):
    page = basic_site / "pages/it/aderire.md"
    line = page.read_text(encoding="utf-8").count("\n") + 2
    append(page, written)
    problems = problems_of(basic_site)
    assert len(problems) == 1 and problems[0].startswith(f"content/pages/it/aderire.md:{line}: {line_says}")


def test_build_and_check_refuse_a_broken_link_through_the_command_line(basic_site, tmp_path):
    append(basic_site / "pages/en/aderire.md", "See [the project](progetto.md#obiettivi).")
    for command in ("build", "check"):
        run = run_build(command, "--content", str(basic_site), "--output", str(tmp_path / "site"), "--no-cache",
                        "--today", "2012-11-01")
        assert run.code == 1, run.err
        assert "aderire.md:" in run.err and "the link progetto.md#obiettivi names the heading #obiettivi" in run.err
        assert "its headings are: #aims" in run.err and "Traceback" not in run.err
    assert not (tmp_path / "site").exists()


def test_the_preview_shows_a_link_broken_by_renaming_the_heading_it_names(basic_site):
    append(basic_site / "pages/it/aderire.md", "[P](progetto.md#obiettivi)")
    preview = Preview(options(basic_site, base_url="http://127.0.0.1:8000/", drafts=True), log=lambda *_: None)
    preview.poll()
    status, _, body = preview.respond("/it/aderire/")
    assert status == "200 OK" and b'href="/it/progetto/#obiettivi"' in body
    target = basic_site / "pages/it/progetto.md"
    target.write_text(target.read_text(encoding="utf-8").replace("## Obiettivi", "## Scopi"), encoding="utf-8")
    preview.poll()
    status, _, body = preview.respond("/it/aderire/")
    assert status.startswith("500") and b"names the heading #obiettivi" in body and b"#scopi" in body


def test_check_passes_on_links_by_file_name(basic_site):
    append(basic_site / "pages/it/aderire.md", "[P](progetto.md#obiettivi) [E](../calendar.yml#corso)")
    assert check_site(options(basic_site)).pages > 0


def test_a_site_path_may_name_an_id_the_template_gives_and_check_still_reads_it(basic_site):
    """#partner-ente is made by partners.html, not by any Markdown: the build cannot know it; check can."""
    append(basic_site / "pages/it/aderire.md", "[E](/it/progetto/#obiettivi) [T](/it/#key-figures)")
    assert check_site(options(basic_site)).pages > 0
    append(basic_site / "pages/it/aderire.md", "[X](/it/progetto/#nessuno)")
    render_site(options(basic_site))  # the build leaves it to check
    with pytest.raises(BuildError) as caught:
        check_site(options(basic_site))
    assert "no element with id 'nessuno' on it/progetto/index.html" in str(caught.value)
