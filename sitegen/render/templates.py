"""The Jinja2 environment and the function that renders one page.

Autoescape is on and undefined names are errors. A template mistake becomes a
Problem naming the template file and line, never a traceback.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from .errors import Problem, display_path
from .i18n import Language
from .model import Page, Site

STATIC_FOLDER = "static"
TEMPLATE_SUFFIXES = (".html", ".xml", ".txt", ".svg")


@dataclass
class Assets:
    """Theme files copied to site/ under names that carry a hash of their bytes."""

    files: dict[str, tuple[str, bytes]]  # logical name -> (fingerprinted output path, bytes)

    def link(self, name: str, base_path: str) -> str:
        if name not in self.files:
            raise MissingAsset(f"there is no file '{name}' in the templates' static/ folder")
        return base_path + self.files[name][0]


class MissingAsset(LookupError):
    """A template asked for a static file that does not exist."""


def load_assets(templates: Path) -> Assets:
    """Read templates/static/: style.css becomes static/style.<hash>.css, and so on for every file."""
    files = {}
    root = templates / STATIC_FOLDER
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")):
            name = path.relative_to(root).as_posix()
            data = path.read_bytes()
            digest = hashlib.sha256(data).hexdigest()[:10]
            stem, dot, suffix = name.rpartition(".")
            fingerprinted = f"{stem}.{digest}.{suffix}" if dot else f"{name}.{digest}"
            files[name] = (f"{STATIC_FOLDER}/{fingerprinted}", data)
    return Assets(files)


def make_environment(templates: Path, cache: Path | None = None, watch: bool = True,
                     compiled: dict | None = None) -> jinja2.Environment:
    """A Jinja2 environment over `templates/`; one per build. With a cache folder, compiled
    templates are kept there (keyed by their source) so that the next build need not compile them.
    `watch`: the environment lives on (serve) and checks for edited templates at every use.
    `compiled`: templates compiled ahead (see prefetch.py), checked against their source when used."""
    folder = _bytecode_folder(cache) if cache else None
    if compiled is not None:
        bytecode = MemoryBytecodeCache(compiled)
    else:
        bytecode = jinja2.FileSystemBytecodeCache(str(folder)) if folder else None
    environment = jinja2.Environment(
        bytecode_cache=bytecode,
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=jinja2.select_autoescape(["html", "xml", "svg"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=watch,
    )
    environment.filters["json_script"] = json_for_script
    return environment


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates in a dict (Jinja checks each against its source before use)."""

    def __init__(self, store: dict):
        self.store = store

    def load_bytecode(self, bucket) -> None:
        data = self.store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


def _bytecode_folder(cache: Path) -> Path | None:
    """templates/ inside the cache folder, if it can be written (else templates are compiled each time)."""
    folder = Path(cache) / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None


def json_for_script(value) -> Markup:
    """JSON safe inside <script>: '<', '>' and '&' are escaped so '</script>' cannot end the block."""
    text = json.dumps(value, ensure_ascii=False, indent=None, sort_keys=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


def template_names(templates: Path) -> set[str]:
    """Names a page may choose as its template."""
    if not templates.is_dir():
        return set()
    return {p.relative_to(templates).as_posix() for p in templates.rglob("*.html")}


def render_page(environment: jinja2.Environment, page: Page, context: dict) -> tuple[str | None, Problem | None]:
    """The page's HTML, or the template problem that stopped it."""
    try:
        template = environment.get_template(page.template)
        return template.render(context, page=page), None
    except jinja2.TemplateSyntaxError as error:
        path = display_path(Path(error.filename)) if error.filename else page.template
        return None, Problem(path, error.lineno, f"template syntax error: {error.message}",
                             "fix the Jinja2 syntax on this line (every {% block %} needs its {% endblock %}, "
                             "every {{ needs }})")
    except jinja2.TemplateNotFound as error:
        path, line = _template_location(sys.exc_info()[2], page.template)
        return None, Problem(path, line, f"the template '{error.name}' does not exist",
                             "check the name in this include, import or extends")
    except Exception as error:  # any other failure inside a template: find the template line
        path, line = _template_location(sys.exc_info()[2], page.template)
        return None, Problem(path, line, f"while rendering {page.output}: {_describe(error)}",
                             "fix the template at this line, or the content it uses")


def page_context(site: Site, sites: dict[str, Site], languages: dict[str, Language], assets: Assets) -> dict:
    """What every template sees besides `page`."""
    return {
        "site": site,
        "sites": sites,
        "t": languages[site.lang],
        "languages": languages,
        "lang": site.lang,
        "today": site.today,
        "asset": lambda name: assets.link(name, site.base_path),
    }


def _template_location(traceback, fallback: str) -> tuple[str, int | None]:
    """The innermost template file and line in a Jinja traceback."""
    found = (fallback, None)
    while traceback is not None:
        frame = traceback.tb_frame
        filename = frame.f_code.co_filename
        if filename.endswith(TEMPLATE_SUFFIXES):
            found = (display_path(Path(filename)), traceback.tb_lineno)
        traceback = traceback.tb_next
    return found


def _describe(error: Exception) -> str:
    if isinstance(error, jinja2.UndefinedError):
        return f"{error.message} (a name used in the template is not defined)"
    if isinstance(error, MissingAsset):
        return str(error)
    if isinstance(error, KeyError):
        return f"there is no {error} here (an interface string missing from translations.yml, or a page, " \
               f"partner or other record the template expects)"
    return f"{type(error).__name__}: {error}"
