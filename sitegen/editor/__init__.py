"""The staff editor served by the preview at /_editor/ (see app.py): forms from the content
schema, saves checked by the build's own validation, written atomically and minimally."""

from __future__ import annotations

from .app import PREFIX, Editor
from .guard import LOOPBACK_HOSTS


def with_editor(app, options, host: str, port: int, log=print):
    """`app` (the preview's WSGI application) with the editor at /_editor/ when the server
    listens on the loopback address only (and every request checked for its Host); on any
    other address there is no editor."""
    if host != "127.0.0.1":
        log(f"No editor: it is served only with --host 127.0.0.1 (not {host}).")
        return app
    editor = Editor(options, port, log=log)

    def dispatch(environ, start_response):
        """Every request, the preview's pages too (they show drafts), must name this server's
        loopback address: a page elsewhere whose name was pointed at 127.0.0.1 is refused."""
        if editor.handles(environ.get("PATH_INFO", "")) or environ.get("HTTP_HOST") not in editor.guard.allowed_hosts:
            return editor.wsgi(environ, start_response)
        return app(environ, start_response)

    log(f"Editor at http://127.0.0.1:{port}{PREFIX}")
    return dispatch


__all__ = ["Editor", "LOOPBACK_HOSTS", "PREFIX", "with_editor"]
