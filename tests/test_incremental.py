"""Rebuilding after an edit renders again exactly the pages that depend on it."""

import datetime as dt

from conftest import TEMPLATES

from sitegen.config import BuildOptions
from sitegen.errors import BuildError
from sitegen.pipeline import Builder


def builder_for(content, templates=TEMPLATES):
    return Builder(BuildOptions(content, templates, content.parent / "site", dt.date(2012, 11, 1)))


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_nothing_changed_renders_nothing(basic_site):
    builder = builder_for(basic_site)
    first = builder.render()
    assert len(first.rendered) == first.pages
    second = builder.render()
    assert second.rendered == []
    assert second.files == first.files


def test_body_edit_renders_only_that_page(basic_site):
    builder = builder_for(basic_site)
    builder.render()
    edit(basic_site / "pages/it/progetto.md", "Vedi [il sito", "Nuovo testo. Vedi [il sito")
    result = builder.render()
    assert result.rendered == ["it/progetto/index.html"]
    assert b"Nuovo testo." in result.files["it/progetto/index.html"]


def test_menu_title_edit_renders_every_page_showing_the_menu(basic_site):
    builder = builder_for(basic_site)
    total = builder.render().pages
    edit(basic_site / "pages/it/progetto.md", "title: Il progetto", "title: Il nostro progetto")
    result = builder.render()
    assert len(result.rendered) == total
    assert b"Il nostro progetto" in result.files["it/eventi/index.html"]


def test_calendar_edit_renders_event_listings_and_the_event_not_plain_pages(basic_site):
    builder = builder_for(basic_site)
    builder.render()
    edit(basic_site / "calendar.yml", "      en: Two-day course", "      en: Two-day intensive course")
    result = builder.render()
    assert "en/events/corso/index.html" in result.rendered
    assert "en/events/index.html" in result.rendered
    assert "en/index.html" in result.rendered  # the home lists next activities
    assert "en/about/index.html" not in result.rendered
    assert b"Two-day intensive course" in result.files["en/events/corso/index.html"]


def test_template_edit_renders_the_pages_that_use_it(basic_site, tmp_path):
    import shutil

    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    builder = builder_for(basic_site, templates)
    builder.render()
    edit(templates / "article.html", '<article class="prose article">', '<article class="prose article news">')
    result = builder.render()
    assert sorted(result.rendered) == ["en/news/presentation/index.html", "it/notizie/presentazione/index.html"]


def test_incremental_output_equals_a_fresh_build(basic_site):
    builder = builder_for(basic_site)
    builder.render()
    edit(basic_site / "partners.yml", "Esegue il progetto.", "Esegue e coordina il progetto.")
    edit(basic_site / "news/en/presentazione.md", "in Brescia.", "in Brescia, Italy.")
    incremental = builder.render().files
    fresh = builder_for(basic_site).render().files
    assert incremental == fresh


def fresh_files(content):
    return Builder(BuildOptions(content, TEMPLATES, content.parent / "site", dt.date(2012, 11, 1))).render().files


def test_text_edit_of_a_news_item_renders_its_page_and_feed_and_equals_a_fresh_build(basic_site):
    builder = builder_for(basic_site)
    first = builder.render()
    edit(basic_site / "news/it/presentazione.md", "presentato a Brescia", "presentato a Brescia e Milano")
    result = builder.render()
    assert result.rendered == ["it/notizie/presentazione/index.html"]
    assert b"Brescia e Milano" in result.files["it/feed.xml"]
    assert result.files["en/feed.xml"] == first.files["en/feed.xml"]
    assert result.files == fresh_files(basic_site)


def test_front_matter_edit_after_a_text_edit_takes_the_full_path_and_stays_exact(basic_site):
    builder = builder_for(basic_site)
    builder.render()
    edit(basic_site / "news/it/presentazione.md", "presentato a Brescia", "presentato a Brescia oggi")
    builder.render()
    edit(basic_site / "news/it/presentazione.md", "summary: Il progetto è stato presentato.",
         "summary: Il progetto è stato presentato ufficialmente.")
    result = builder.render()
    assert "it/notizie/index.html" in result.rendered  # the listing shows the summary
    assert result.files == fresh_files(basic_site)


def test_text_edit_with_a_bad_link_is_reported_and_the_next_good_save_recovers(basic_site):
    builder = builder_for(basic_site)
    builder.render()
    path = basic_site / "news/it/presentazione.md"
    edit(path, "presentato a Brescia", "presentato a [Brescia](javascript:alert(1))")
    try:
        builder.render()
        raise AssertionError("the bad link was not reported")
    except BuildError as error:
        [problem] = error.problems
        assert problem.path.endswith("presentazione.md") and problem.line == 6 and "link" in problem.message
    edit(path, "[Brescia](javascript:alert(1))", "Brescia e Bergamo")
    result = builder.render()
    assert b"Brescia e Bergamo" in result.files["it/notizie/presentazione/index.html"]
    assert result.files == fresh_files(basic_site)


def test_new_file_after_text_edits_takes_the_full_path(basic_site):
    builder = builder_for(basic_site)
    builder.render()
    edit(basic_site / "news/it/presentazione.md", "presentato a Brescia", "presentato a Brescia ieri")
    builder.render()
    (basic_site / "news/it/presentazione.md").rename(basic_site / "news/it/presentazione-ufficiale.md")
    (basic_site / "news/en/presentazione.md").rename(basic_site / "news/en/presentazione-ufficiale.md")
    result = builder.render()
    assert result.files == fresh_files(basic_site)
