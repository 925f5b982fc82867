"""The editor's own page and the headers of everything the editor serves.

The page holds no inline script or style: its script and stylesheet are files of this
package (static/), allowed by a Content-Security-Policy that allows nothing else to run.
It has no `</head>` end tag (optional in HTML): the preview server's live-reload script is
added before that tag, and the editor must not reload itself while staff are typing.
"""

from __future__ import annotations

import html
from pathlib import Path

STATIC = Path(__file__).parent / "static"
ASSET_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
               ".svg": "image/svg+xml"}
EDITOR_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                 "connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; "
                 "frame-ancestors 'none'")
# The live preview of a page: the site's own HTML, with no script at all (not even live reload).
PREVIEW_POLICY = ("default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self' data:; "
                  "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'")
COMMON_HEADERS = [("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"),
                  ("Cache-Control", "no-store"), ("Cross-Origin-Resource-Policy", "same-origin")]
TITLES = {"it": "Editor del sito", "en": "Site editor"}
NAVIGATION = {"it": "Lingua dell'editor e anteprima", "en": "Editor language and preview"}
NOSCRIPT = {"it": "L'editor ha bisogno di JavaScript. Senza, si possono sempre modificare i file "
                  "di content/ con un editor di testo (vedi content/LEGGIMI.md).",
            "en": "The editor needs JavaScript. Without it, the files in content/ can still be "
                  "edited with a text editor (see content/LEGGIMI.md)."}


def editor_headers(kind: str, policy: str = EDITOR_POLICY) -> list[tuple[str, str]]:
    return [("Content-Type", kind), ("Content-Security-Policy", policy), ("X-Frame-Options", "DENY"),
            *COMMON_HEADERS]


def preview_headers() -> list[tuple[str, str]]:
    return [("Content-Type", "text/html; charset=utf-8"), ("Content-Security-Policy", PREVIEW_POLICY),
            ("X-Frame-Options", "SAMEORIGIN"), *COMMON_HEADERS]


def editor_page(lang: str, token: str) -> bytes:
    """The page the editor's script fills in, in Italian or English."""
    lang = lang if lang in TITLES else "it"
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="editor-token" content="{html.escape(token)}">
<title>{TITLES[lang]}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/_editor/static/editor.css">
<script type="module" src="/_editor/static/editor.js"></script>
<body>
<a class="skip" href="#main">{'Vai al contenuto' if lang == 'it' else 'Skip to content'}</a>
<header class="bar">
<p class="brand"><a href="/_editor/{'?lang=en' if lang == 'en' else ''}">{TITLES[lang]}</a></p>
<nav aria-label="{NAVIGATION[lang]}">
<a href="/_editor/" lang="it"{' aria-current="true"' if lang == 'it' else ''}>Italiano</a>
<a href="/_editor/?lang=en" lang="en"{' aria-current="true"' if lang == 'en' else ''}>English</a>
<a href="/" target="_blank" rel="noopener">{'Anteprima del sito' if lang == 'it' else 'Site preview'}</a>
</nav>
</header>
<main id="main" tabindex="-1">
<h1>{TITLES[lang]}</h1>
<noscript><p>{NOSCRIPT[lang]}</p></noscript>
<p id="status" role="status" aria-live="polite"></p>
<div id="app"></div>
</main>
</body>
</html>
""".encode("utf-8")


def asset(name: str) -> tuple[bytes, str] | None:
    """A file of the editor's static/ folder and its type; None for any other name."""
    path = STATIC / name
    if "/" in name or name.startswith(".") or path.suffix not in ASSET_TYPES or not path.is_file():
        return None
    return path.read_bytes(), ASSET_TYPES[path.suffix]
