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


BEFORE_THE_REDESIGN = "2690e3c"  # the engine before the redesign of issue 14


def git_has(ref: str, cwd=ROOT) -> bool:
    return subprocess.run(["git", "-C", str(cwd), "cat-file", "-e", f"{ref}^{{commit}}"],
                          capture_output=True).returncode == 0


def test_quick_benchmark_against_the_engine_before_the_redesign():
    arguments = (ROOT / "bench" / "run.py", "--quick", "--tools", "ours", "--baseline", BEFORE_THE_REDESIGN)
    if not git_has(BEFORE_THE_REDESIGN):  # a shallow clone, as CI may make: the option says why it cannot run
        completed = subprocess.run([sys.executable, *map(str, arguments)], cwd=ROOT, capture_output=True, text=True,
                                   timeout=60)
        assert completed.returncode == 2
        assert f"--baseline {BEFORE_THE_REDESIGN}: no commit {BEFORE_THE_REDESIGN} in this clone" in completed.stderr
        return
    output = run(*arguments, timeout=90)  # about 25 s on a busy machine
    for row in ("before ", "before --no-cache ", "before rebuild ", "real site before ", "real site before rebuild "):
        assert f"\n{row}" in output
    assert f"serve before ({BEFORE_THE_REDESIGN}), edit one page: " in output
    table = output.split("\nBefore → after: ", 1)[1].split("\nTargets", 1)[0]
    for measure in ("first default build", "--no-cache", "rebuild, nothing changed", "serve: one edit shown, median",
                    "serve: peak memory", "peak memory, first default build"):
        assert f" {measure} " in table
    assert "\nsite   first default build " in table
    assert "—" not in table  # every figure measured, before and after


def test_baseline_in_a_shallow_clone_fails_with_a_clear_message(tmp_path):
    if not git_has("HEAD"):
        pytest.skip("not a git clone")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", "--depth", "1", f"file://{ROOT}", str(clone)], check=True,
                   capture_output=True, timeout=60)
    (clone / "bench" / "run.py").write_bytes((ROOT / "bench" / "run.py").read_bytes())  # this tree's runner
    completed = subprocess.run([sys.executable, str(clone / "bench" / "run.py"), "--quick", "--tools", "ours",
                                "--baseline", BEFORE_THE_REDESIGN], capture_output=True, text=True, timeout=60)
    assert completed.returncode == 2, completed.stdout + completed.stderr
    assert completed.stderr == (f"run.py: --baseline {BEFORE_THE_REDESIGN}: no commit {BEFORE_THE_REDESIGN} in this "
                                "clone (it is a shallow clone: `git fetch --unshallow` brings the history)\n")


def test_an_engine_copy_imports_no_module_of_the_working_tree(tmp_path):
    """The copies of ours and of the engine before run without the editable install's import hook,
    which would find in the working tree any sitegen module the copy lacks."""
    engine = tmp_path / "engine"
    (engine / "sitegen").mkdir(parents=True)
    (engine / "sitegen" / "__init__.py").write_text("", encoding="utf-8")
    (engine / "probe.py").write_text("import importlib.util, sitegen\nprint(sitegen.__file__)\n"
                                     "print(importlib.util.find_spec('sitegen.pipeline'))\n", encoding="utf-8")
    # run.py's own wrapper, taken from run.py in a process of its own (importing it here would change sys.path)
    runner, probe = str(ROOT / "bench" / "run.py"), str(engine / "probe.py")
    launch = (f"import runpy, subprocess, sys\n"
              f"command = runpy.run_path({runner!r})['snapshot_python']({probe!r})\n"
              f"sys.exit(subprocess.run([str(part) for part in command]).returncode)\n")
    completed = subprocess.run([sys.executable, "-c", launch], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert completed.stdout.splitlines() == [str(engine / "sitegen" / "__init__.py"), "None"], completed.stderr


def test_only_the_untimed_memory_run_samples_every_process(tmp_path):
    """Sampling /proc slows some builds: timed runs go without it, and their tree figure stays 0."""
    holder = tmp_path / "hold.py"  # a parent and a forked child, each holding 20 MB of its own for a second
    holder.write_text("import os, time\nblock = bytearray(b'x' * 20 * 2**20)\npid = os.fork()\n"
                      "block[::4096] = b'y' * len(block[::4096]) if pid == 0 else block[::4096]\ntime.sleep(1)\n"
                      "os._exit(0) if pid == 0 else os.waitpid(pid, 0)\n", encoding="utf-8")
    runner = str(ROOT / "bench" / "run.py")
    launch = (f"import os, runpy, sys\nfrom pathlib import Path\n"
              f"run_child = runpy.run_path({runner!r})['run_child']\n"
              f"command, here = [sys.executable, {str(holder)!r}], Path({str(tmp_path)!r})\n"
              f"timed = run_child(command, here, dict(os.environ), here / 'a.log', 60)\n"
              f"sampled = run_child(command, here, dict(os.environ), here / 'b.log', 60, sample=True)\n"
              f"print(timed.ok, timed.tree_pss, sampled.ok, sampled.tree_pss)\n")
    completed = subprocess.run([sys.executable, "-c", launch], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    timed_ok, timed_tree, sampled_ok, sampled_tree = completed.stdout.split()
    assert (timed_ok, timed_tree, sampled_ok) == ("True", "0", "True"), completed.stderr
    assert int(sampled_tree) > 40 * 2**20  # both processes' blocks: the child wrote to every page of its copy
