"""The whole build in one place: load -> validate -> model -> render -> write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .assemble import assemble
from .config import BuildOptions, normalize_base_url
from .content import load_content
from .errors import BuildError, Problem, display_path
from .i18n import load_translations
from .outputs import prepare_outputs, render_outputs
from .render import load_assets, make_environment, page_context, render_page, template_names
from .urls import Urls
from .validate import cross_check
from .write import write_site


@dataclass
class BuildResult:
    files: dict[str, bytes]  # path inside site/ -> bytes
    pages: int


def render_site(options: BuildOptions) -> BuildResult:
    """Every output file of the site, in memory; BuildError lists every problem found."""
    content = load_content(options.content, include_drafts=options.drafts)
    problems = _check_templates_folder(options.templates)
    languages, translation_problems = load_translations(options.templates, content.languages)
    problems += translation_problems
    problems += cross_check(content, template_names(options.templates))
    if problems:
        raise BuildError(problems)
    urls = Urls(normalize_base_url(options.base_url or content.data["settings.yml"]["base_url"]))
    assembled = assemble(content, urls, languages, options.today)
    if assembled.problems:
        raise BuildError(assembled.problems)
    prepare_outputs(assembled, urls, options.today)
    environment = make_environment(options.templates)
    assets = load_assets(options.templates)
    files: dict[str, bytes] = {path: data for path, data in assets.files.values()}
    contexts = {lang: page_context(site, assembled.sites, languages, assets) for lang, site in assembled.sites.items()}
    for page in assembled.pages:
        html, problem = render_page(environment, page, contexts[page.lang])
        if problem:
            problems.append(problem)
        else:
            files[page.output] = html.encode("utf-8")
    if problems:
        raise BuildError(problems)
    files.update(render_outputs(assembled, urls, options.today, languages))
    return BuildResult(files, len(assembled.pages))


def build_site(options: BuildOptions) -> BuildResult:
    """Render the site and swap it into the output folder; on any problem the folder is untouched."""
    _check_output_folder(options)
    result = render_site(options)
    write_site(result.files, options.output)
    return result


def _check_templates_folder(templates: Path) -> list[Problem]:
    if not templates.is_dir():
        return [Problem(display_path(templates), None, "the templates folder does not exist",
                        "pass the right folder with --templates")]
    return []


def _check_output_folder(options: BuildOptions) -> None:
    """Refuse an output folder whose replacement would destroy the sources."""
    output = options.output.resolve()
    for source in (options.content, options.templates, Path.cwd()):
        source = source.resolve()
        if output == source or source.is_relative_to(output):
            raise BuildError([Problem(display_path(options.output), None,
                                      "the output folder contains the sources and would be replaced by the site",
                                      "choose another --output, such as site/")])
