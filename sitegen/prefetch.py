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


class Helper:
    """A forked process doing `work(results, stop)`: it writes marshal records to the
    anonymous file `results` and may stop early once the pipe `stop` reads as closed.
    It dies with the build; if it fails, the build simply has no records from it."""

    def __init__(self, work):
        self.pid = None
        if not hasattr(os, "fork"):
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
                work(self._results, self._stop_read)
                self._results.flush()
            except BaseException:  # noqa: BLE001 - the build does the work itself instead
                status = 1
            os._exit(status)
        os.close(self._stop_read)

    def records(self) -> list:
        """Tell the helper to stop, wait for it, and read what it wrote."""
        if self.pid is None:
            return []
        os.close(self._stop_write)
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        found = []
        if status == 0:
            self._results.seek(0)
            while True:
                try:
                    found.append(marshal.load(self._results))
                except EOFError:
                    break
                except (ValueError, TypeError):
                    found = []
                    break
        self._results.close()
        return found

    def cancel(self) -> None:
        """Stop the helper and drop its work (the build failed)."""
        if self.pid is not None:
            os.kill(self.pid, signal.SIGKILL)
            self.records()


class Prefetch(Helper):
    """A helper converting the Markdown texts under `content`, with `renderer`."""

    def __init__(self, content: Path, renderer):
        paths = _markdown_files(content) if hasattr(os, "fork") else []
        if len(paths) < MINIMUM_FILES:  # starting a helper costs more than it saves
            self.pid = None
            return
        super().__init__(lambda results, stop: _convert_until_stopped(paths, renderer, results, stop))

    def collect(self) -> dict[str, tuple]:
        """Stop the helper; the conversions it finished (text digest -> base stage)."""
        return dict(self.records())


class CompiledAhead(Helper):
    """A helper compiling every template under `templates` (Jinja bytecode)."""

    def __init__(self, templates: Path):
        super().__init__(lambda results, stop: marshal.dump(_compile_all(templates), results))

    def collect(self) -> dict:
        """Wait for the helper; the compiled templates (Jinja bytecode cache key -> bytes)."""
        records = self.records()
        return records[0] if records else {}


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
