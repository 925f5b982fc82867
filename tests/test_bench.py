"""The benchmark's own tools keep working: the corpus generator, the importer, the floor, the smoke run."""

import subprocess
import sys

import pytest
from conftest import ROOT, run_build


def run(*arguments, timeout=300):
    completed = subprocess.run([sys.executable, *map(str, arguments)], cwd=ROOT, capture_output=True, text=True,
                               timeout=timeout)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return completed.stdout


@pytest.mark.parametrize("kind", ["news", "pages"])
def test_generated_corpus_imports_and_builds(tmp_path, kind):
    run(ROOT / "bench" / "corpus.py", 12, tmp_path / "corpus")
    run(ROOT / "bench" / "import_markdown.py", "--as", kind, tmp_path / "corpus", tmp_path / "content")
    result = run_build("--content", str(tmp_path / "content"), "--output", str(tmp_path / "site"),
                       "--today", "2012-11-26", "--no-cache")
    assert result.code == 0, result.err
    pages = list((tmp_path / "site").rglob("index.html"))
    assert len(pages) >= 2 * 12


def test_corpus_is_deterministic(tmp_path):
    run(ROOT / "bench" / "corpus.py", 5, tmp_path / "a")
    run(ROOT / "bench" / "corpus.py", 5, tmp_path / "b")
    first = {p.name: p.read_bytes() for p in (tmp_path / "a").iterdir()}
    assert first == {p.name: p.read_bytes() for p in (tmp_path / "b").iterdir()}
    assert all(600 <= len(text.split()) <= 800 for text in (t.decode() for t in first.values()))


def test_floor_writes_two_pages_per_file_and_one_listing_per_language(tmp_path):
    run(ROOT / "bench" / "corpus.py", 3, tmp_path / "corpus")
    run(ROOT / "bench" / "floor.py", tmp_path / "corpus", tmp_path / "floor")
    slugs = [line.split(": ", 1)[1] for path in sorted((tmp_path / "corpus").iterdir())
             for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("slug: ")]
    written = sorted(path.relative_to(tmp_path / "floor").as_posix() for path in (tmp_path / "floor").rglob("*")
                     if path.is_file())
    assert written == sorted([f"{lang}/{slug}/index.html" for lang in ("it", "en") for slug in slugs]
                             + ["en/index.html", "it/index.html"])
    page = (tmp_path / "floor" / "en" / slugs[0] / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "<table>" in page and '<h2 id="' in page
    listing = (tmp_path / "floor" / "it" / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{slug}/"' in listing for slug in slugs)


def test_quick_benchmark_of_our_engine_runs():
    output = run(ROOT / "bench" / "run.py", "--quick", "--tools", "ours", timeout=60)  # about 10 s when idle
    for row in ("ours ", "ours --no-cache ", "ours rebuild ", "real site ", "real site rebuild "):
        assert f"\n{row}" in output
    assert "first default build at 100 files" in output
    assert "serve: one edit at 5,000 files shown in ≤ 100 ms [measured at 100 files]: " in output
    assert "real site, first default build incl. start-up ≤ 0.5 s: " in output
