"""The benchmark's own tools keep working: the corpus generator, the importer, the smoke run."""

import subprocess
import sys

import pytest
from conftest import ROOT, run_build


def run(*arguments):
    completed = subprocess.run([sys.executable, *map(str, arguments)], cwd=ROOT, capture_output=True, text=True,
                               timeout=300)
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


def test_quick_benchmark_of_our_engine_runs():
    output = run(ROOT / "bench" / "run.py", "--quick", "--tools", "ours")
    assert "real site full build incl. start-up" in output
