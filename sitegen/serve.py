"""Live preview for staff: serve the site from memory, load again on save, reload the open pages.

Served with the livereload package. A content or template problem does not stop the
server: the pages then show the problems with file and line, until the next good save.
"""

from __future__ import annotations

import html
import logging
import mimetypes
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from .config import BuildOptions
from .errors import BuildError, Problem, display_path
from .load.content import ParseMemo
from .load.files import Sources
from .load.text import read_document, read_text
from .load.yamlsafe import ProblemList
from .model.link_targets import with_new_texts
from .model.site import Body
from .pipeline import LoadedSite, make_site, other_files
from .render.markdown import MarkdownConverter
from .render.pages import Job, PageRenderer, Rendered
from .render.templates import make_environment

POLL_MILLISECONDS = 100


@dataclass
class Preview:
    """What the preview server shows, made from the sources as last scanned.

    After each save the site model is made again from scratch (files whose bytes did not
    change are not parsed again, texts already converted are not converted again); a page
    is rendered when it is asked for, by the build's own renderer. So a page served is the
    page a build for the preview's address writes.
    """

    options: BuildOptions
    log: callable = print
    sources: Sources | None = None
    site: LoadedSite | None = None
    problems: list[Problem] = field(default_factory=list)
    pages: dict = field(default_factory=dict)  # output path -> Page
    served: dict[str, bytes] = field(default_factory=dict)  # what was rendered from this model
    memo: ParseMemo = field(default_factory=ParseMemo)
    converter: MarkdownConverter | None = None
    environment: object = None
    renderer: PageRenderer | None = None
    loaded_with: BuildOptions | None = None  # the options of the last load
    entry_index: dict | None = None  # Markdown file as shown -> its index in the model's entries
    pages_of: dict | None = None  # Markdown file as shown -> the pages showing its text

    def poll(self) -> str | None:
        """Load again if a source file changed since the last scan; the first changed path."""
        folders = (self.options.content, self.options.templates)
        if self.sources is None or self.loaded_with != self.options:
            sources, changed = Sources.scan(*folders, previous=self.sources), [os.fspath(self.options.content)]
        else:
            sources, changed = Sources.rescan(self.sources, *folders)
        if not changed:
            return None
        self.loaded_with = self.options
        self.reload(sources, changed)
        return changed[0]

    def reload(self, sources: Sources, changed: list[str]) -> None:
        """Make the model again; on problems show them instead of the pages until the next good save."""
        started = time.perf_counter()
        previous, self.sources, self.served = self.sources, sources, {}
        try:
            if not self._swap_texts(previous, sources, changed):
                self.site, self.entry_index, self.pages_of = None, None, None
                self.site = make_site(self.options, sources, self.memo, self.converter)
                self._index()
            self._prepare(changed)
        except BuildError as error:
            self.problems = error.problems
        except Exception as error:  # noqa: BLE001 - never let an engine failure stop the preview
            self.problems = [Problem("build", None, f"the engine failed: {type(error).__name__}: {error}",
                                     "this is a bug in sitegen; please report it")]
        if self.problems:
            self.log(f"{len(self.problems)} problem(s); the browser shows them:")
            for problem in self.problems:
                self.log(f"  {problem}")
            return
        for item in self.site.translations if self.site else ():
            self.log(f"  not translated yet: {item}")
        elapsed = (time.perf_counter() - started) * 1000
        self.log(f"Loaded {len(self.pages)} pages in {elapsed:.0f} ms after a change in {changed[0]}"
                 + (f" and {len(changed) - 1} other file(s)" if len(changed) > 1 else ""))

    def _swap_texts(self, previous: Sources | None, sources: Sources, changed: list[str]) -> bool:
        """When every change is to the text below the front matter of a page or news item
        the model holds, give its pages the new text and keep the rest of the model. A text
        reaches the model only as its pages' Body (model/assemble.py), so this is the model a
        full load makes, without loading 10,000 files again; any other change returns False."""
        if self.site is None or self.problems or previous is None:
            return False
        swaps = []
        for path in changed:
            index = self.entry_index.get(display_path(Path(path)))
            before, after = previous.files.get(path), sources.files.get(path)
            if index is None or before is None or after is None or before.data is None or after.data is None:
                return False
            entry = self.site.content.entries[index]
            try:
                text, document = read_text(after.data, entry.source), read_document(after.data, entry.source)
            except ProblemList:
                return False
            old_text = read_text(before.data, entry.source)
            if text[:len(text) - len(document.body)] != old_text[:len(old_text) - len(entry.body)]:
                return False  # the front matter changed too
            if self.site.media.names_unprocessed(document.body):
                return False  # it may show an image no text showed before: a full load processes it
            swaps.append((index, path, after.data, replace(entry, body=document.body)))
        for index, path, data, entry in swaps:
            old = self.site.content.entries[index]
            self.site.content.entries[index] = entry
            self.memo.get(Path(path), data, self.site.content.languages, lambda: (entry, []))
            for page in self.pages_of.get(old.source, ()):
                page.body = replace(page.body, text=entry.body)
        self.site.sources = sources
        links = with_new_texts(self.site.converter.links, self.site.content, [entry for *_, entry in swaps])
        self.site.converter.use_links(links)  # headings may have changed
        return True

    def _index(self) -> None:
        """Where each Markdown file is in the model just loaded, and its pages by address."""
        site = self.site
        self.entry_index = {entry.source: index for index, entry in enumerate(site.content.entries)}
        self.pages, self.pages_of = {}, {}
        for page in site.assembled.pages:
            self.pages[page.output] = page
            if isinstance(page.body, Body):
                self.pages_of.setdefault(page.body.source, []).append(page)

    def _prepare(self, changed: list[str]) -> None:
        """Pages by address, and the problems of what changed (its Markdown and its templates)."""
        site = self.site
        self.converter = site.converter
        if self.environment is None:
            self.environment = make_environment(site.theme.folder, site.sources, reloading=True)
        self.environment.loader.sources = site.sources
        self.renderer = PageRenderer(Job(site.assembled, site.theme, site.sources, None), environment=self.environment)
        problems, edited = [], {display_path(Path(path)) for path in changed}
        for source in edited:
            for page in self.pages_of.get(source, ()):
                problems += page.body.converted.problems
        for name in sorted(site.theme.names):
            if display_path(site.theme.folder / name) in edited:
                problems += _template_problems(self.environment, name)
        self.problems = sorted(set(problems))

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
        if relative not in self.pages and relative + "/index.html" in self.pages:
            relative += "/index.html"
        data, problems = self.file(relative)
        if problems:
            return "500 Internal Server Error", "text/html; charset=utf-8", error_page(problems)
        if data is None:
            not_found, _ = self.file("404.html")
            return "404 Not Found", "text/html; charset=utf-8", not_found or b"<h1>404</h1>"
        kind = mimetypes.guess_type(relative)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/xml", "image/svg+xml", "application/json"):
            kind += "; charset=utf-8"
        return "200 OK", kind, data

    def file(self, relative: str) -> tuple[bytes | None, list[Problem]]:
        """A file of the site as a build for this address writes it, made when first asked for."""
        if self.site is None:
            return None, []
        if relative in self.served:
            return self.served[relative], []
        if relative in self.pages:
            result = Rendered()
            self.renderer.render(self.pages[relative], result)
            if result.problems:
                return None, sorted(set(result.problems))
            self.served.update(result.files)
        else:
            if "sitemap.xml" not in self.served:  # outputs, assets and content/files/, made together
                try:
                    self.served.update(other_files(self.site, Rendered()))
                except BuildError as error:
                    return None, error.problems
        return self.served.get(relative), []

    @property
    def base_path(self) -> str:
        from urllib.parse import urlsplit

        return urlsplit(self.options.base_url or "/").path or "/"

    def wsgi(self, environ, start_response):
        status, kind, body = self.respond(environ.get("PATH_INFO", "/"))
        start_response(status, [("Content-Type", kind), ("Content-Length", str(len(body))),
                                ("Cache-Control", "no-store")])
        return [body]


def _template_problems(environment, name: str) -> list[Problem]:
    """Syntax errors of a template, found when it is saved rather than when a page uses it."""
    import jinja2

    from .render.templates import template_problem

    try:
        environment.get_template(name)
    except jinja2.TemplateError as error:
        return [template_problem(error, name)]
    return []


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
    """Load, then serve on host:port until Ctrl-C, loading again and reloading the open
    pages after every save."""
    import livereload
    from livereload.handlers import LiveReloadHandler
    from tornado import ioloop

    logging.getLogger("tornado.access").setLevel(logging.ERROR)
    logging.getLogger("livereload").addFilter(lambda record: record.levelno >= logging.WARNING)  # we print our own
    local = replace(options, base_url=f"http://{host}:{port}/", drafts=True)
    preview = Preview(local, log=log)
    preview.poll()

    class SourcesWatcher(livereload.watcher.Watcher):
        """Every POLL_MILLISECONDS, one scan of the source folders; open pages reload after a change."""

        def start(self, callback):
            def poll():
                if preview.poll() is not None:
                    LiveReloadHandler.reload_waiters()

            ioloop.PeriodicCallback(poll, POLL_MILLISECONDS).start()
            return True

    from .editor import with_editor

    app = with_editor(preview.wsgi, local, host, port, log)
    server = livereload.Server(app=app, watcher=SourcesWatcher())
    log(f"Preview at http://{host}:{port}/ — edit content/ or templates/ and save; Ctrl-C stops.")
    server.serve(host=host, port=port, restart_delay=0, debug=False)
