"""Live preview for staff: build, serve from memory, rebuild on save, reload the open pages.

The site is served by the livereload package from the files of the last good build,
kept in memory. A content or template problem does not stop the server: every page
then shows the problems with file and line, until the next good save.
"""

from __future__ import annotations

import html
import logging
import mimetypes
import time
from dataclasses import dataclass, field, replace

from .config import BuildOptions
from .errors import BuildError, Problem
from .pipeline import Builder, BuildResult
from .snapshot import take_snapshot

POLL_MILLISECONDS = 100


@dataclass
class Preview:
    """What the preview server shows: the last good files, or the problems of the last build."""

    builder: Builder
    files: dict[str, bytes] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    log: callable = print

    snapshot: dict | None = None  # the source folders at the last build

    def poll(self) -> str | None:
        """Build again if a source file changed since the last build; the first changed path."""
        options = self.builder.options
        snapshot = take_snapshot(options.content, options.templates)
        if snapshot == self.snapshot:
            return None
        before, self.snapshot = self.snapshot or {}, snapshot
        changed = sorted(set(before.items()) ^ set(snapshot.items()))
        where = changed[0][0] if changed else str(options.content)
        self.rebuild(where, snapshot)
        return where

    def rebuild(self, changed: str | None = None, snapshot: dict | None = None) -> None:
        """Build again; on problems keep the last good files and show the problems instead."""
        started = time.perf_counter()
        try:
            result: BuildResult = self.builder.render(snapshot=snapshot)
        except BuildError as error:
            self.problems = error.problems
            self.log(f"{len(error.problems)} problem(s); the browser shows them:")
            for problem in error.problems:
                self.log(f"  {problem}")
            return
        except Exception as error:  # never let an engine failure stop the preview
            self.problems = [Problem("build", None, f"the build failed: {type(error).__name__}: {error}",
                                     "this is a bug in the generator; please report it")]
            self.log(self.problems[0])
            return
        self.files, self.problems = result.files, []
        elapsed = (time.perf_counter() - started) * 1000
        shown = ", ".join(result.rendered[:5]) + (" …" if len(result.rendered) > 5 else "")
        self.log(f"Rebuilt {len(result.rendered)} of {result.pages} pages in {elapsed:.0f} ms"
                 + (f" after a change in {changed}" if changed else "") + (f": {shown}" if shown else ""))

    def respond(self, path: str) -> tuple[str, str, bytes]:
        """(status, content type, body) for a request path."""
        relative = path.lstrip("/")
        base = self.base_path.lstrip("/")
        if base and relative.startswith(base):
            relative = relative[len(base):]
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        if self.problems and relative.endswith(".html"):
            return "500 Internal Server Error", "text/html; charset=utf-8", error_page(self.problems)
        if relative not in self.files and relative + "/index.html" in self.files:
            relative += "/index.html"
        if relative in self.files:
            kind = mimetypes.guess_type(relative)[0] or "application/octet-stream"
            if kind.startswith("text/") or kind in ("application/xml", "image/svg+xml", "application/json"):
                kind += "; charset=utf-8"
            return "200 OK", kind, self.files[relative]
        return "404 Not Found", "text/html; charset=utf-8", self.files.get("404.html", b"<h1>404</h1>")

    @property
    def base_path(self) -> str:
        from urllib.parse import urlsplit

        return urlsplit(self.builder.options.base_url or "/").path or "/"

    def wsgi(self, environ, start_response):
        status, kind, body = self.respond(environ.get("PATH_INFO", "/"))
        start_response(status, [("Content-Type", kind), ("Content-Length", str(len(body))),
                                ("Cache-Control", "no-store")])
        return [body]


def error_page(problems: list[Problem]) -> bytes:
    """A page listing build problems, shown in place of every page while they last."""
    items = "\n".join(f"<li><code>{html.escape(str(problem))}</code></li>" for problem in problems)
    count = len(problems)
    return f"""<!DOCTYPE html>
<html lang="it">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Problemi nel sito ({count})</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 0; background: #fff5f5; color: #1b1f24; }}
main {{ max-width: 60rem; margin: 2rem auto; padding: 1.5rem 2rem; background: #fff; border-top: 8px solid #b00020; }}
h1 {{ color: #b00020; }}
li {{ margin: 0.75rem 0; line-height: 1.5; }}
code {{ white-space: pre-wrap; font-size: 1rem; }}
</style>
</head>
<body>
<main>
<h1>Il sito non è stato generato: {count} {'problema' if count == 1 else 'problemi'} da correggere</h1>
<p>Ogni riga indica il file e la riga, che cosa non va e la forma attesa.
Correggi e salva: questa pagina si aggiornerà da sola.</p>
<ul>
{items}
</ul>
</main>
</body>
</html>
""".encode("utf-8")


def serve(options: BuildOptions, host: str, port: int, log=print) -> None:
    """Build, then serve on host:port until Ctrl-C, rebuilding and reloading on every save."""
    import livereload
    from livereload.handlers import LiveReloadHandler
    from tornado import ioloop

    logging.getLogger("tornado.access").setLevel(logging.ERROR)
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0  # reload after every save, even quick successive ones
    local = replace(options, base_url=f"http://{host}:{port}/", drafts=True)
    preview = Preview(Builder(local), log=log)
    preview.snapshot = take_snapshot(options.content, options.templates)
    preview.rebuild(snapshot=preview.snapshot)

    class SnapshotWatcher(livereload.watcher.Watcher):
        """Every POLL_MILLISECONDS, one scan of the source folders, shared with the build."""

        def start(self, callback):
            ioloop.PeriodicCallback(callback, POLL_MILLISECONDS).start()
            return True

        def examine(self):
            return preview.poll(), None

    server = livereload.Server(app=preview.wsgi, watcher=SnapshotWatcher())
    server._setup_logging = lambda: logging.getLogger("livereload").setLevel(logging.WARNING)  # we print our own
    log(f"Preview at http://{host}:{port}/ — edit content/ or templates/ and save; Ctrl-C stops.")
    server.serve(host=host, port=port, restart_delay=0, debug=False)
