"""The Jinja2 environment, the theme's assets and the function that renders one page.

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

from ..errors import Problem, display_path
from .i18n import Language
from ..model.site import Page, Site

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


def load_assets(templates: Path, sources) -> Assets:
    """templates/static/: style.css becomes static/style.<hash>.css, and so on for every file."""
    files = {}
    root = os.fspath(templates / STATIC_FOLDER) + os.sep
    for path in sorted(p for p in sources.files if p.startswith(root)):
        name = path[len(root):].replace(os.sep, "/")
        if any(part.startswith(".") for part in name.split("/")):
            continue
        data = sources.read(path)
        digest = hashlib.sha256(data).hexdigest()[:10]
        stem, dot, suffix = name.rpartition(".")
        fingerprinted = f"{stem}.{digest}.{suffix}" if dot else f"{name}.{digest}"
        files[name] = (f"{STATIC_FOLDER}/{fingerprinted}", data)
    return Assets(files)


class SourcesLoader(jinja2.BaseLoader):
    """Templates from the files the build scanned (see load/files.py), not from the disk:
    the pages are made from the very bytes the build's key was made from. `sources` may be
    replaced by a later scan (serve); a template is then compiled again only if its bytes changed."""

    def __init__(self, templates: Path, sources):
        self.templates, self.sources = Path(templates), sources

    def get_source(self, environment, template: str):
        if "\\" in template or any(part in ("", ".", "..") for part in template.split("/")):
            raise jinja2.TemplateNotFound(template)
        path = os.fspath(self.templates / template)
        try:
            data = self.sources.read(path)
        except OSError:
            raise jinja2.TemplateNotFound(template) from None
        return data.decode("utf-8", errors="replace"), path, lambda: self._unchanged(path, data)

    def _unchanged(self, path: str, data: bytes) -> bool:
        try:
            return self.sources.read(path) is data or self.sources.read(path) == data
        except OSError:
            return False


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between builds (Jinja2's own bytecode cache, keyed by the template's
    name and a checksum of its source); a cache file that cannot be read or written is ignored."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged file (a disk error, a hand edit): compile the template again
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:  # a full or read-only disk costs speed, not the build
            pass


def make_environment(templates: Path, sources, compiled: Path | None = None,
                     reloading: bool = False) -> jinja2.Environment:
    """A Jinja2 environment over the templates folder as scanned in `sources`; with `compiled`,
    templates compiled by an earlier build are taken from that folder. `reloading`: whether
    `sources` may be replaced by a later scan (serve), so that a template must be checked
    each time it is used; a build's never change."""
    environment = jinja2.Environment(
        loader=SourcesLoader(templates, sources),
        auto_reload=reloading,
        bytecode_cache=_compiled_templates(compiled),
        # The optimizer folds constant expressions when compiling; these templates have few, and
        # without it a first build compiles them in about two thirds of the time (same output).
        optimized=False,
        autoescape=jinja2.select_autoescape(["html", "xml", "svg"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["json_script"] = json_for_script
    return environment


def _compiled_templates(folder: Path | None) -> CompiledTemplates | None:
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return CompiledTemplates(os.fspath(folder))


def json_for_script(value) -> Markup:
    """JSON safe inside <script>: '<', '>' and '&' are escaped so '</script>' cannot end the block."""
    text = json.dumps(value, ensure_ascii=False, indent=None, sort_keys=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


def template_names(templates: Path, sources) -> set[str]:
    """Names a page may choose as its template."""
    root = os.fspath(templates) + os.sep
    return {path[len(root):].replace(os.sep, "/") for path in sources.files
            if path.startswith(root) and path.endswith(".html")}


def render_page(environment: jinja2.Environment, page: Page, context: dict) -> tuple[str | None, Problem | None]:
    """The page's HTML, or the template problem that stopped it."""
    try:
        template = environment.get_template(page.template)
        return template.render(context, page=page), None
    except jinja2.TemplateSyntaxError as error:
        return None, template_problem(error, page.template)
    except jinja2.TemplateNotFound as error:
        path, line = _template_location(sys.exc_info()[2], page.template)
        return None, Problem(path, line, f"the template '{error.name}' does not exist",
                             "check the name in this include, import or extends")
    except Exception as error:  # any other failure inside a template: find the template line
        path, line = _template_location(sys.exc_info()[2], page.template)
        return None, Problem(path, line, f"while rendering {page.output}: {_describe(error)}",
                             "fix the template at this line, or the content it uses")


def template_problem(error: jinja2.TemplateSyntaxError, name: str) -> Problem:
    """A syntax error in a template, at its file and line."""
    path = display_path(Path(error.filename)) if error.filename else name
    return Problem(path, error.lineno, f"template syntax error: {error.message}",
                   "fix the Jinja2 syntax on this line (every {% block %} needs its {% endblock %}, "
                   "every {{ needs }})")


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
