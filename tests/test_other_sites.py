"""One engine and theme for any project (issue 16): a second project's sites, in one and in three
languages, with their own partner roles and event kinds, no membership, and translations that lag;
and `build.py new`, whose content builds as it is."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import FIXTURES, TEMPLATES, run_build

from sitegen.config import BuildOptions
from sitegen.errors import BuildError
from sitegen.pipeline import check_site, render_site

HARBOUR, HARBOUR_EN = FIXTURES / "harbour" / "content", FIXTURES / "harbour-en" / "content"
TODAY = dt.date(2013, 1, 20)


def files_of(content, **more) -> dict[str, str]:
    result = render_site(BuildOptions(content, TEMPLATES, content.parent / "site", TODAY, **more))
    return {path: data.decode("utf-8") for path, data in result.files.items() if path.endswith((".html", ".xml"))}


@pytest.fixture(scope="module")
def harbour():
    return files_of(HARBOUR)


@pytest.fixture(scope="module")
def harbour_en():
    return files_of(HARBOUR_EN)


def test_a_site_in_one_language_has_no_prefix_no_switcher_and_its_home_at_the_root(harbour_en):
    assert {"index.html", "about/index.html", "events/welding-basics/index.html", "news/launch/index.html",
            "feed.xml", "sitemap.xml", "404.html"} <= set(harbour_en)
    assert not any(path.startswith("en/") for path in harbour_en)
    home = harbour_en["index.html"]
    assert "<h1 class=\"hero__title\">Harbour Makers</h1>" in home and 'http-equiv="refresh"' not in home
    assert all("language-switcher" not in page for page in harbour_en.values())
    assert '<a href="/events/welding-basics/">' in home and '<link rel="canonical" href="https://example.org/">' in home


def test_roles_and_kinds_are_the_sites_own_with_their_labels(harbour):
    partners = harbour["en/partners/index.html"]
    assert [heading for heading in re.findall(r'<h2 id="role-([a-z-]+)">([^<]+)</h2>', partners)] == [
        ("lead", "Lead organisation"), ("funder", "Funded by"), ("host", "Workshops hosted by")]
    assert '<span class="tag">Atelier pratique</span>' in harbour["fr/evenements/welding-basics/index.html"]
    call = harbour["en/events/applications/index.html"]
    assert "Call for applications" in call and "<dt>Where</dt>" not in call  # place: false


def test_without_membership_the_home_says_nothing_of_joining(harbour, harbour_en):
    for home in (harbour["en/index.html"], harbour["it/index.html"], harbour_en["index.html"]):
        assert 'id="join-title"' not in home
    assert "The programme in numbers" in harbour["en/index.html"] and "Il programma in cifre" in harbour["it/index.html"]


def test_three_languages_each_with_its_interface_words(harbour):
    assert '<html lang="fr" dir="ltr">' in harbour["fr/index.html"]
    assert "Aller au contenu principal" in harbour["fr/index.html"] and "Vai al contenuto" in harbour["it/index.html"]
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', harbour["fr/index.html"], re.S).group(0)
    assert [name for name in re.findall(r'lang="[a-z]{2}"[^>]*>([^<]+)<', switcher)] == [
        "English", "Français", "Italiano"]
    assert "5–6 mars 2013, 18:30–21:00" in harbour["fr/evenements/welding-basics/index.html"]


def test_a_page_in_the_default_language_only_builds_and_says_so_on_it(harbour):
    about = harbour["en/about/index.html"]
    assert "fr/about/index.html" not in harbour and "it/about/index.html" not in harbour
    assert '<a href="/fr/" hreflang="fr" lang="fr">Français</a>' in about
    assert '<p class="container translation-note" lang="fr">Cette page n’est pas encore disponible en français' \
        in about
    assert 'hreflang="fr"' not in about.split("</head>")[0]
    # links by file name to it from another language lead to the page in the default language
    assert '<a href="/en/about/#who-can-take-part">' in harbour["en/news/launch/index.html"]


def test_check_prints_the_translation_report_and_passes(tmp_path):
    run = run_build("check", "--content", str(HARBOUR), "--today", "2013-01-20", "--no-cache")
    assert run.code == 0, run.err
    assert "Translation report: 2 item(s) not translated yet" in run.err
    assert "pages/en/about.md: not translated into French yet" in run.err
    result = check_site(BuildOptions(HARBOUR, TEMPLATES, tmp_path / "site", TODAY))
    assert len(result.translations) == 2


def test_a_data_file_text_may_lack_a_language_but_not_the_default_one(tmp_path):
    import shutil

    content = tmp_path / "content"
    shutil.copytree(HARBOUR, content)
    partners = content / "partners.yml"
    partners.write_text(partners.read_text(encoding="utf-8").replace("      it: Finanzia il programma.\n", ""),
                        encoding="utf-8")
    options = BuildOptions(content, TEMPLATES, tmp_path / "site", TODAY)
    result = check_site(options)
    assert any("'partners.0.description' has no Italian text yet" in str(item) for item in result.translations)
    assert "Funds the programme." in result.files["it/partners/index.html"].decode()
    partners.write_text(partners.read_text(encoding="utf-8").replace("      en: Funds the programme.\n", ""),
                        encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        check_site(options)
    assert "is missing its English text ('en:')" in str(caught.value)


def test_a_page_missing_in_the_default_language_is_refused(tmp_path):
    import shutil

    content = tmp_path / "content"
    shutil.copytree(HARBOUR, content)
    (content / "pages" / "fr" / "contact.md").rename(content / "pages" / "fr" / "only-french.md")
    with pytest.raises(BuildError) as caught:
        check_site(BuildOptions(content, TEMPLATES, tmp_path / "site", TODAY))
    assert "there is no English version of this file, and English is the site's default language" in str(caught.value)


@pytest.mark.parametrize("languages", ["it", "it,en", "en,fr,it"])
def test_build_py_new_writes_a_content_folder_that_builds_and_checks(tmp_path, languages):
    folder = tmp_path / "nuovo"
    made = run_build("new", str(folder), "--languages", languages)
    assert made.code == 0, made.err
    assert "# Impostazioni del sito" in (folder / "settings.yml").read_text(encoding="utf-8")
    for command in ("build", "check"):
        run = run_build(command, "--content", str(folder), "--output", str(tmp_path / "site"), "--no-cache",
                        "--today", "2030-01-02")
        assert run.code == 0, run.err
        assert "Translation report" not in run.err
    first = languages.split(",")[0]
    home = (tmp_path / "site" / ("index.html" if "," not in languages else f"{first}/index.html")).read_text()
    assert "chi-siamo/" in home and ".md" not in home


def test_build_py_new_never_writes_into_a_folder_with_files(tmp_path):
    (tmp_path / "mine.txt").write_text("mine")
    run = run_build("new", str(tmp_path))
    assert run.code == 1 and "this folder exists and is not empty" in run.err
    assert [path.name for path in tmp_path.iterdir()] == ["mine.txt"]


def test_the_preview_logs_the_translation_report_after_each_load():
    from sitegen.serve import Preview

    said: list[str] = []
    preview = Preview(BuildOptions(HARBOUR, TEMPLATES, HARBOUR.parent / "site", TODAY,
                                   base_url="http://127.0.0.1:8000/", drafts=True), log=said.append)
    preview.poll()
    assert preview.respond("/en/about/")[0] == "200 OK"
    assert any("not translated yet" in line and "pages/en/about.md: not translated into French" in line
               for line in said)
