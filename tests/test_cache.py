"""The render cache on disk never lies: what it reuses is exactly what a fresh build would make."""

import base64
import datetime as dt
import re
import shutil

import pytest
from conftest import TEMPLATES, run_build, snapshot

from sitegen import cache as cache_module
from sitegen.config import BuildOptions
from sitegen.pipeline import Builder, build_site


@pytest.fixture
def site(basic_site, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    return basic_site, templates, tmp_path / "cache"


def run(content, templates, cache, today=dt.date(2012, 11, 1)):
    """One build as a separate run would do it: a new Builder reading the cache on disk."""
    return Builder(BuildOptions(content, templates, content.parent / "site", today, cache=cache)).render()


def fresh(content, templates, today=dt.date(2012, 11, 1)):
    return Builder(BuildOptions(content, templates, content.parent / "site", today)).render().files


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_warm_build_reuses_everything_and_is_byte_identical(site):
    content, templates, cache = site
    cold = run(content, templates, cache)
    warm = run(content, templates, cache)
    assert len(cold.rendered) == cold.pages and warm.rendered == []
    assert warm.files == cold.files == fresh(content, templates)


def test_cold_and_warm_command_line_builds_are_identical(basic_site, tmp_path):
    common = ["--content", str(basic_site), "--cache", str(tmp_path / "cache"), "--today", "2012-11-01"]
    assert run_build(*common, "--output", str(tmp_path / "cold")).code == 0
    assert run_build(*common, "--output", str(tmp_path / "warm")).code == 0
    assert run_build(*common, "--output", str(tmp_path / "nocache"), "--no-cache").code == 0
    assert snapshot(tmp_path / "cold") == snapshot(tmp_path / "warm") == snapshot(tmp_path / "nocache")


def test_template_change_renders_only_the_pages_using_it(site):
    content, templates, cache = site
    run(content, templates, cache)
    edit(templates / "article.html", "<article class=\"prose article\">", "<article class=\"prose article x\">")
    result = run(content, templates, cache)
    assert sorted(result.rendered) == ["en/news/presentation/index.html", "it/notizie/presentazione/index.html"]
    assert result.files == fresh(content, templates)


def test_data_file_change_renders_the_pages_that_show_it(site):
    content, templates, cache = site
    before = run(content, templates, cache).files
    edit(content / "statistics.yml", "value: 1000", "value: 1200")
    result = run(content, templates, cache)
    assert result.files == fresh(content, templates)
    changed = {path for path in before if path.endswith(".html") and before[path] != result.files[path]}
    assert changed == {"it/index.html", "en/index.html"}  # the homes show the key figures
    assert changed <= set(result.rendered)
    assert "it/progetto/index.html" not in result.rendered


def test_translations_change_renders_every_page(site):
    content, templates, cache = site
    first = run(content, templates, cache)
    edit(templates / "translations.yml", "skip_to_content: Vai al contenuto principale",
         "skip_to_content: Salta al contenuto")
    result = run(content, templates, cache)
    assert len(result.rendered) == first.pages
    assert b"Salta al contenuto" in result.files["it/progetto/index.html"]
    assert result.files == fresh(content, templates)


def test_build_date_change_renders_again(site):
    content, templates, cache = site
    run(content, templates, cache, today=dt.date(2012, 11, 1))
    result = run(content, templates, cache, today=dt.date(2013, 1, 2))
    assert len(result.rendered) == result.pages
    assert "Le adesioni si sono chiuse" in result.files["it/index.html"].decode()
    assert result.files == fresh(content, templates, today=dt.date(2013, 1, 2))


def test_engine_change_empties_the_cache(site, monkeypatch):
    content, templates, cache = site
    run(content, templates, cache)
    monkeypatch.setattr("sitegen.pipeline.engine_fingerprint", lambda: "another engine")
    result = run(content, templates, cache)
    assert len(result.rendered) == result.pages


def test_damaged_cache_is_ignored(site):
    content, templates, cache = site
    first = run(content, templates, cache)
    for blob in (cache / cache_module.BLOBS).glob("*/*"):
        blob.write_bytes(b"tampered")
    (cache / "unrelated").write_text("x")
    result = run(content, templates, cache)
    assert result.files == first.files
    (cache / cache_module.INDEX).write_text("{not json")
    assert run(content, templates, cache).files == first.files


def build_into(content, templates, cache, output, today=dt.date(2012, 11, 1)):
    """A build as `build.py` does it: pages written to disk as they are made, then swapped in."""
    return build_site(BuildOptions(content, templates, output, today, cache=cache))


def test_build_written_page_by_page_equals_the_site_made_in_memory(site, tmp_path):
    content, templates, cache = site
    result = build_into(content, templates, None, tmp_path / "out")
    assert result.written and result.count == len(snapshot(tmp_path / "out"))
    assert snapshot(tmp_path / "out") == fresh(content, templates)


def test_warm_build_with_nothing_changed_leaves_every_file_as_it_was(site, tmp_path):
    content, templates, cache = site
    output = tmp_path / "out"
    build_into(content, templates, cache, output)
    before = {path: path.stat().st_mtime_ns for path in output.rglob("*")}
    result = build_into(content, templates, cache, output)
    assert not result.written and result.rendered == []
    assert {path: path.stat().st_mtime_ns for path in output.rglob("*")} == before


def test_a_page_changed_by_hand_in_the_site_is_noticed_even_with_the_same_size(site, tmp_path):
    content, templates, cache = site
    output = tmp_path / "out"
    build_into(content, templates, cache, output)
    expected = snapshot(output)
    page = output / "it" / "index.html"
    data = page.read_bytes()
    page.write_bytes(data.replace(b"<main", b"<MAIN", 1))  # same size, new bytes
    assert build_into(content, templates, cache, output).written
    assert snapshot(output) == expected


def test_partial_rebuild_copies_reused_pages_and_renders_damaged_ones_again(site, tmp_path):
    content, templates, cache = site
    output = tmp_path / "out"
    build_into(content, templates, cache, output)
    for blob in (cache / cache_module.BLOBS).glob("*/*"):
        blob.write_bytes(b"tampered")
    edit(content / "news" / "it" / "presentazione.md", "presentato", "presentato oggi")
    result = build_into(content, templates, cache, output)
    assert result.written and len(result.rendered) == result.pages
    assert snapshot(output) == fresh(content, templates)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "content", "out", "templates"]


def test_feeds_sitemap_and_calendars_come_from_the_cache_only_while_their_inputs_are_unchanged(site, tmp_path):
    content, templates, cache = site
    output = tmp_path / "out"
    build_into(content, templates, cache, output)
    stored = (cache / cache_module.OUTPUTS).read_bytes()
    build_into(content, templates, cache, output)
    assert (cache / cache_module.OUTPUTS).read_bytes() == stored  # reused, not made again
    edit(content / "news" / "it" / "presentazione.md", "presentato a Brescia", "presentato a Brescia e Lecco")
    build_into(content, templates, cache, output)
    assert b"Brescia e Lecco" in (output / "it" / "feed.xml").read_bytes()
    assert snapshot(output) == fresh(content, templates)


def test_tampered_stored_outputs_are_made_again(site, tmp_path):
    content, templates, cache = site
    output = tmp_path / "out"
    build_into(content, templates, cache, output)
    stored = (cache / cache_module.OUTPUTS).read_text(encoding="utf-8")
    forged = base64.b64encode(b"<urlset>forged</urlset>").decode("ascii")
    (cache / cache_module.OUTPUTS).write_text(re.sub(r'("sitemap.xml": \[")[^"]*', r"\g<1>" + forged, stored),
                                              encoding="utf-8")
    build_into(content, templates, cache, tmp_path / "again")
    assert snapshot(tmp_path / "again") == fresh(content, templates)
