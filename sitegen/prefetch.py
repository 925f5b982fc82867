"""Work done ahead on the idle core while the main process loads and checks the content:
converting Markdown (Prefetch) and compiling templates (CompiledAhead).

Until the pages are rendered in parallel, a build runs in one process: reading every file,
checking it, assembling the model. Meanwhile a helper process reads the Markdown files
on its own and converts their texts (the part of the work that depends on the text
alone); when the main process is ready to render, it stops the helper and takes what it
finished. Whatever the helper did not reach is converted as usual, so the site is the
same with or without it.
"""

from __future__ import annotations

import marshal
import os
import select
import signal
import tempfile
from pathlib import Path

from .content import DOCUMENT_FOLDERS, IGNORED_PREFIXES, IGNORED_SUFFIXES
from .parallel import die_with_parent
from .sources import read_document, text_digest


MINIMUM_FILES = 64


class Prefetch:
    """A helper process converting the Markdown texts under `content`, with `renderer`."""

    def __init__(self, content: Path, renderer):
        self.pid = None
        paths = _markdown_files(content) if hasattr(os, "fork") else []
        if len(paths) < MINIMUM_FILES:  # starting a helper costs more than it saves
            return
        self._results = tempfile.TemporaryFile()
        self._stop_read, self._stop_write = os.pipe()
        parent = os.getpid()
        self.pid = os.fork()
        if self.pid == 0:  # the helper: never returns
            die_with_parent(parent)
            os.close(self._stop_write)
            status = 0
            try:
                _convert_until_stopped(paths, renderer, self._results, self._stop_read)
            except BaseException:  # noqa: BLE001 - the build goes on without the helper's work
                status = 1
            os._exit(status)
        os.close(self._stop_read)

    def collect(self) -> dict[str, tuple]:
        """Stop the helper; the conversions it finished (text digest -> base stage)."""
        if self.pid is None:
            return {}
        os.close(self._stop_write)  # the helper stops after the text it is converting
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        found = {}
        if status == 0:
            self._results.seek(0)
            while True:
                try:
                    digest, stage = marshal.load(self._results)
                except EOFError:
                    break
                found[digest] = stage
        self._results.close()
        return found

    def cancel(self) -> None:
        """Stop the helper and drop its work (the build failed)."""
        if self.pid is not None:
            os.kill(self.pid, signal.SIGKILL)
            self.collect()


def _markdown_files(content: Path) -> list[Path]:
    found = []
    for folder in DOCUMENT_FOLDERS:
        for path in sorted((content / folder).glob("*/*.md")):
            if not path.name.startswith(IGNORED_PREFIXES) and not path.name.endswith(IGNORED_SUFFIXES):
                found.append(path)
    return found


def _convert_until_stopped(paths: list[Path], renderer, results, stop: int) -> None:
    done = set()
    for path in paths:
        if select.select([stop], [], [], 0)[0]:  # the main process is ready: stop here
            break
        try:
            body = read_document(path, str(path)).body
        except Exception:  # noqa: BLE001 - the main process reports bad files
            continue
        digest = text_digest(body)
        if digest not in done:
            done.add(digest)
            marshal.dump((digest, renderer.base_stage(body)), results)
    results.flush()


class CompiledAhead:
    """A helper process compiling every template under `templates` (Jinja bytecode)."""

    def __init__(self, templates: Path):
        self.pid = None
        if not hasattr(os, "fork"):
            return
        self._results = tempfile.TemporaryFile()
        parent = os.getpid()
        self.pid = os.fork()
        if self.pid == 0:  # the helper: never returns
            die_with_parent(parent)
            status = 0
            try:
                marshal.dump(_compile_all(templates), self._results)
                self._results.flush()
            except BaseException:  # noqa: BLE001 - the build compiles what the helper did not
                status = 1
            os._exit(status)

    def collect(self) -> dict:
        """Wait for the helper; the compiled templates (Jinja bytecode cache key -> bytes)."""
        if self.pid is None:
            return {}
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        store = {}
        if status == 0:
            self._results.seek(0)
            try:
                store = marshal.load(self._results)
            except (EOFError, ValueError, TypeError):
                store = {}
        self._results.close()
        return store

    def cancel(self) -> None:
        if self.pid is not None:
            os.kill(self.pid, signal.SIGKILL)
            self.collect()


def _compile_all(templates: Path) -> dict:
    from .render import make_environment, template_names

    store: dict = {}
    environment = make_environment(templates, None, watch=False, compiled=store)
    for name in sorted(template_names(templates)):
        try:
            environment.get_template(name)
        except Exception:  # noqa: BLE001 - the build reports template errors with file and line
            continue
    return store
