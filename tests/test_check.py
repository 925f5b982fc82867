"""`build.py check` validates everything a build does, plus internal links, and writes nothing."""

from conftest import run_build

from sitegen.links import check_links


def test_check_passes_on_a_good_site_and_writes_nothing(basic_site, tmp_path):
    result = run_build("check", "--content", str(basic_site), "--output", str(tmp_path / "site"),
                       "--today", "2012-11-01")
    assert result.code == 0, result.err
    assert "no problems" in result.out
    assert not (tmp_path / "site").exists()


def test_check_reports_a_broken_internal_link_with_its_source(basic_site):
    page = basic_site / "pages/it/progetto.md"
    page.write_text(page.read_text() + "\n[altrove](/it/non-esiste/)\n")
    result = run_build("check", "--content", str(basic_site), "--today", "2012-11-01")
    assert result.code == 1
    assert "pages/it/progetto.md:16: the link /it/non-esiste/ leads to no page of the site" in result.err


def test_check_reports_content_errors_like_build(basic_site):
    (basic_site / "project.yml").write_text("name: [a, b\n")
    result = run_build("check", "--content", str(basic_site), "--today", "2012-11-01")
    assert result.code == 1
    assert "project.yml:1: the bracket [ or brace { opened on this line is never closed" in result.err


def test_link_checker_follows_fragments_prefixes_and_refuses_localhost():
    files = {
        "index.html": b'<a href="/pre/a/#top">ok</a><a href="/pre/a/#nowhere">bad fragment</a>'
                      b'<a href="http://localhost:8000/">local</a><a href="https://other.org/x">other site</a>'
                      b'<img src="/pre/missing.png" alt="">',
        "a/index.html": b'<h1 id="top">A</h1><a href="../index.html">up</a><a href="b.html">missing</a>',
    }
    problems = sorted(str(p) for p in check_links(files, "https://example.org/pre/"))
    assert problems == [
        "site/a/index.html:1: broken link: b.html — fix the address, or create the page it points to",
        "site/index.html:1: broken link: /pre/a/#nowhere (no element with id 'nowhere' on a/index.html) — fix "
        "the address, or create the page it points to",
        "site/index.html:1: broken link: /pre/missing.png — fix the address, or create the page it points to",
        "site/index.html:1: link to this computer: http://localhost:8000/ — fix the address, or create the page "
        "it points to",
    ]
