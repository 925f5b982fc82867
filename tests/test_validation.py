"""Content mistakes are reported all at once, each as `path:line: what is wrong — the expected form`."""

import textwrap

import pytest
from conftest import TEMPLATES

from sitegen.config import BuildOptions
from sitegen.errors import BuildError
from sitegen.pipeline import render_site


def problems_of(content, today="2012-11-01"):
    import datetime as dt

    options = BuildOptions(content, TEMPLATES, content.parent / "site", dt.date.fromisoformat(today))
    with pytest.raises(BuildError) as caught:
        render_site(options)
    return [str(p).replace(str(content), "content") for p in caught.value.problems]


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def lines_with(messages, fragment):
    return [m for m in messages if fragment in m]


def test_valid_fixture_renders(basic_site):
    import datetime as dt

    result = render_site(BuildOptions(basic_site, TEMPLATES, basic_site.parent / "s", dt.date(2012, 11, 1)))
    assert "it/index.html" in result.files and "en/index.html" in result.files


def test_every_problem_is_reported_in_one_run(basic_site):
    edit(basic_site / "calendar.yml", "start: 2012-10-05", "start: 2012-02-30")
    edit(basic_site / "partners.yml", "    name: Regione", "    nome: Regione")
    edit(basic_site / "pages/it/progetto.md", "title: Il progetto", "titel: Il progetto")
    messages = problems_of(basic_site)
    assert messages == [
        "content/calendar.yml:10: 'start' \"2012-02-30\" is not a real date — check day and month; "
        "write a date as YYYY-MM-DD, for example 2012-12-31",
        "content/pages/it/progetto.md:2: the required field 'title' is missing — add a line 'title:' and write "
        "text, for example Il progetto",
        "content/pages/it/progetto.md:2: unknown field 'titel' — did you mean 'title'?",
        "content/partners.yml:2: the required field 'name' is missing — add a line 'name:' and write text, "
        "for example ACME",
        "content/partners.yml:3: unknown field 'nome' — did you mean 'name'?",
    ]
    assert lines_with(messages, "content/pages/it/progetto.md:2: unknown field 'titel' — did you mean 'title'?")


def test_duplicate_key_is_an_error_not_silently_the_last(basic_site):
    edit(basic_site / "project.yml", "joined: 3", "joined: 3\n  joined: 4")
    assert problems_of(basic_site) == [
        "content/project.yml:13: the key 'joined' appears twice (first on line 12) — keep only one of them"
    ]


def test_yaml_syntax_error_names_the_line_and_the_fix(basic_site):
    edit(basic_site / "project.yml", "  joined: 3", "\tjoined: 3")
    [message] = problems_of(basic_site)
    assert message.startswith("content/project.yml:12: a tab character is used for indentation")
    assert message.endswith("— indent with spaces, never with tabs")


def report_of(content) -> list[str]:
    import datetime as dt

    from sitegen.pipeline import check_site

    result = check_site(BuildOptions(content, TEMPLATES, content.parent / "site", dt.date(2012, 11, 1)))
    return [str(item).replace(str(content), "content") for item in result.translations]


def test_missing_english_text_builds_with_the_italian_text_and_is_reported(basic_site):
    """Issue 16: translations may lag; the default language may not."""
    edit(basic_site / "calendar.yml", "      en: Two-day course\n", "")
    assert report_of(basic_site) == ["content/calendar.yml:19: 'events.1.title' has no English text yet — the "
                                     "English pages show the Italian text"]


def test_missing_italian_text_is_refused(basic_site):
    edit(basic_site / "calendar.yml", "      it: Corso di due giorni\n", "")
    [message] = problems_of(basic_site)
    assert message == ("content/calendar.yml:19: 'title' is missing its Italian text ('it:') — "
                       "add a line 'it: ...' with the Italian text")


def test_end_before_start(basic_site):
    edit(basic_site / "calendar.yml", "end: 2013-01-11", "end: 2013-01-09")
    assert problems_of(basic_site) == ["content/calendar.yml:26: 'end' (2013-01-09) is before 'start' (2013-01-10) — "
                                       "the last day must be on or after the first"]


def test_reference_to_unknown_partner(basic_site):
    edit(basic_site / "calendar.yml", "organizers: [ente]", "organizers: [ente, anfia]")
    [message] = problems_of(basic_site)
    assert message == ("content/calendar.yml:16: 'organizers' names the unknown partner 'anfia' — "
                       "use the id of a partner in partners.yml: ente, regione")


def test_duplicate_ids_and_slugs(basic_site):
    edit(basic_site / "calendar.yml", "  - id: corso", "  - id: giornata-milano")
    (basic_site / "pages/en/aderire.md").write_text("---\ntitle: Join\nslug: about\n---\n")
    messages = problems_of(basic_site)
    assert "content/calendar.yml:17: the event id 'giornata-milano' is used twice (first on line 2) — " \
           "give each one its own id" in messages
    assert "content/pages/en/progetto.md:3: the address 'about' is already used by content/pages/en/aderire.md" \
           " — give one of them a different 'slug'" in messages


@pytest.mark.parametrize("slug", ["../../etc", "/tmp/x", "Chi Siamo", "a..b", "è-bello"])
def test_unsafe_slugs_are_refused(basic_site, slug):
    edit(basic_site / "pages/en/progetto.md", "slug: about", f'slug: "{slug}"')
    [message] = problems_of(basic_site)
    assert message.startswith("content/pages/en/progetto.md:3: 'slug' must be an identifier")
    assert "use only lowercase letters a-z, digits and single hyphens" in message


def test_missing_translation_file_builds_and_is_reported(basic_site):
    (basic_site / "pages/en/aderire.md").unlink()
    assert report_of(basic_site) == [
        "content/pages/it/aderire.md: not translated into English yet — until content/pages/en/aderire.md exists, "
        "the English site has no such page"]


def test_time_without_start_date(basic_site):
    edit(basic_site / "calendar.yml", "      en: Date still to be announced.\n",
         "      en: Date still to be announced.\n    time: \"10:00\"\n")
    assert problems_of(basic_site) == [
        "content/calendar.yml:35: 'time' is given but 'start' is not — add 'start: YYYY-MM-DD', or remove it: "
        "without a date the event is 'to be announced'"]


def test_template_error_names_template_file_and_line(basic_site, tmp_path):
    import shutil

    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    (templates / "page.html").write_text(textwrap.dedent("""\
        {% extends "base.html" %}
        {% block main %}
        <h1>{{ page.titel }}</h1>
        {% endblock %}
        """))
    import datetime as dt

    with pytest.raises(BuildError) as caught:
        render_site(BuildOptions(basic_site, templates, tmp_path / "s", dt.date(2012, 11, 1)))
    messages = [str(p) for p in caught.value.problems]
    assert any("templates/page.html:3: while rendering" in m and "has no attribute 'titel'" in m for m in messages), \
        messages


def test_draft_on_only_one_side_of_a_translation(basic_site):
    edit(basic_site / "news/en/presentazione.md", "slug: presentation", "slug: presentation\ndraft: true")
    assert report_of(basic_site) == [
        "content/news/it/presentazione.md: not translated into English yet (content/news/en/presentazione.md is a "
        "draft) — until content/news/en/presentazione.md exists, the English site has no such page"]


def test_numbers_with_thousands_dots_are_refused(basic_site):
    edit(basic_site / "statistics.yml", "value: 1000", "value: 1.000")
    assert problems_of(basic_site) == [
        "content/statistics.yml:3: '1.000' looks like a number written with dots between thousands — write it "
        "without dots (1000); in data files the dot is the decimal point"]


@pytest.mark.parametrize("address", ["javascript:alert(1)", "data:text/html,x", "vbscript:x", "JavaScript:x"])
def test_unsafe_link_in_markdown_is_an_error(basic_site, address):
    edit(basic_site / "pages/it/progetto.md", "(https://example.com/)", f"({address})")
    [message] = problems_of(basic_site)
    assert message.startswith(f"content/pages/it/progetto.md:14: link: the address \"{address}\" is not allowed")
    assert "links may start with https://, http://, mailto:, tel:, / (a page of this site) or #" in message


def test_link_hidden_behind_an_html_entity_is_an_error(basic_site):
    edit(basic_site / "pages/it/progetto.md", "Vedi [il sito esterno](https://example.com/).",
         '<a href="jav&#x61;script:alert(1)">x</a>')
    [message] = problems_of(basic_site)
    assert 'link: the address "javascript:alert(1)" is not allowed' in message


def test_unsafe_link_in_event_description_names_its_line(basic_site):
    edit(basic_site / "calendar.yml", "      en: Date still to be announced.\n",
         "      en: Date still to be announced.\n    description:\n      it: |\n        Testo.\n\n"
         "        [x](javascript:alert(1))\n      en: Text.\n")
    [message] = problems_of(basic_site)
    assert message.startswith("content/calendar.yml:39: link: the address \"javascript:alert(1)\" is not allowed")


def test_text_after_a_closing_quote_is_explained(basic_site):
    edit(basic_site / "pages/it/aderire.md", "title: Come aderire", 'title: "Come" aderire')
    assert problems_of(basic_site) == [
        "content/pages/it/aderire.md:2: text goes on after a closing quotation mark — put the whole value in "
        "quotes of the other kind, for example: title: '\"Contatti\" e recapiti'"]


def test_broken_link_in_an_event_description_names_the_calendar(basic_site):
    from conftest import run_build

    edit(basic_site / "calendar.yml", "      en: Date still to be announced.\n",
         "      en: Date still to be announced.\n    description:\n      it: Vedi [qui](/it/nessuna/).\n"
         "      en: See [here](/en/none/).\n")
    for command in ("check", "build"):  # build refuses it too, with the line (issue 16)
        result = run_build(command, "--content", str(basic_site), "--today", "2012-11-01", "--output",
                           str(basic_site.parent / "site"))
        assert result.code == 1
        assert "calendar.yml:36: the link /it/nessuna/ leads to no page of the site" \
            in result.err
