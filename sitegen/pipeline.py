"""The build, in one place: load -> validate -> assemble -> render -> write.

`build_site` is the whole path; `check_site` and the preview server (serve.py) share its
first stages through `make_site`, and render the same pages with the same functions.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .config import BuildOptions, normalize_base_url
from .errors import BuildError, Problem, display_path
from .load.content import Content, ParseMemo, load_content
from .load.files import Sources
from .load.theme import Theme, load_theme
from .media.catalogue import Catalogue
from .media.site_media import attach_media, link_files, prepare_media
from .model.assemble import Assembled, assemble
from .model.link_targets import link_targets
from .model.urls import Urls
from .outputs import pages_shown_in_full, prepare_outputs, render_outputs
from .outputs.preview_images import drawn_previews, prepare_previews
from .render.file_links import LinkTargets
from .render.markdown import MarkdownConverter
from .render.pages import Job, Rendered, render_pages
from .reuse import (build_key, engine_fingerprint, file_states, output_is_current, remember_output,
                    written_file_states)
from .site_files import FOLDER as SITE_FILES_FOLDER
from .validate import cross_check, translation_report
from .write import Staging, remove_stale_folders


@dataclass
class LoadedSite:
    """A site ready to render: its model, its theme and the address it is built for."""

    assembled: Assembled
    theme: Theme
    urls: Urls
    sources: Sources
    options: BuildOptions
    converter: MarkdownConverter  # the model's pages convert their Markdown with it
    content: Content
    media: Catalogue = field(default_factory=Catalogue)  # content/files/ examined, with the images' versions
    images_processed: int = 0  # images this build had to decode and resize (none found in the cache)
    translations: list[Problem] = field(default_factory=list)  # what is not translated yet (it builds)


@dataclass
class BuildResult:
    pages: int
    count: int  # files in the site
    written: bool = True  # False when the output folder already held exactly these files
    rendered: bool = True  # False when nothing had to be rendered (nothing changed)
    files: dict[str, bytes] = field(default_factory=dict)  # in memory (check_site)
    base_url: str = ""
    seconds: float = 0.0
    images_processed: int = 0  # images decoded and resized by this build (the others came from the cache)
    translations: list[Problem] = field(default_factory=list)  # the translation report (validate.py)


def build_site(options: BuildOptions) -> BuildResult:
    """Build the site and swap it into the output folder; on any problem the folder is untouched."""
    started = time.perf_counter()
    refuse_output_holding_sources(options)
    sources = scan(options)  # load: every file, content/ hashed as it is read
    if options.cache and output_is_current(options.cache, options.output, lambda: build_key(sources, options)):
        remove_stale_folders(options.output)  # what a killed build may have left beside it
        return BuildResult(0, 0, written=False, rendered=False, seconds=time.perf_counter() - started)
    staging = Staging(options.output)
    try:
        site = make_site(options, sources)  # validate and assemble
        rendered = render_pages(_job(site, staging.root), options.jobs, options.start_method)  # render
        for path, data in other_files(site, rendered).items():
            staging.write(path, data)
        for path, digest in rendered.digests.items():
            staging.record(path, digest)
        written = not staging.unchanged()  # write
        recorded = options.cache and sources.complete  # what the output holds, for the next build
        files = _output_states(staging, options.output, written) if recorded else None
        if written:
            staging.swap()
        if recorded:
            remember_output(options.cache, options.output, build_key(sources, options), files)
    finally:
        staging.discard()
    return BuildResult(len(site.assembled.pages), len(staging.digests), written, base_url=site.urls.base_url,
                       seconds=time.perf_counter() - started, images_processed=site.images_processed,
                       translations=site.translations)


def _output_states(staging: Staging, output: Path, written: bool) -> dict | None:
    """The files the output folder will hold, as reuse records them (taken before the swap)."""
    if written:
        return written_file_states(staging.root, staging.digests)
    return file_states(output, staging.digests)


def make_site(options: BuildOptions, sources: Sources, memo: ParseMemo | None = None,
              converter: MarkdownConverter | None = None) -> LoadedSite:
    """Load and validate the content and theme in `sources`, and assemble the model;
    BuildError lists every problem found."""
    content = _load(options, sources, memo)
    theme, problems = load_theme(options.templates, sources, content.languages)
    problems += cross_check(content, theme.names)
    if problems:
        raise BuildError(problems + _link_problems(content))
    urls = Urls(normalize_base_url(options.base_url or content.data["settings.yml"]["base_url"]))
    media, processed, problems = prepare_media(options, content, memo.images if memo else None)
    if problems:  # with the lines that show or link a file refused
        raise BuildError(problems + _link_problems(content, media))
    if converter is None or converter.base_path != urls.base_path:
        converter = MarkdownConverter(urls.base_path)
    converter.use_media(link_files(media, urls.base_path, theme.languages, options.content))
    converter.use_links(link_targets(content))
    assembled = assemble(content, urls, theme.languages, options.today, converter)
    if assembled.problems:
        raise BuildError(assembled.problems)
    attach_media(assembled, media, urls)
    prepare_outputs(assembled, urls, options.today)
    prepare_previews(assembled, urls, content.site_files)
    return LoadedSite(assembled, theme, urls, sources, options, converter, content, media, processed,
                      translation_report(content))


def render_site(options: BuildOptions) -> BuildResult:
    """Every output file of the site, in memory."""
    site = make_site(options, scan(options))
    files = render_files(site)
    return BuildResult(len(site.assembled.pages), len(files), written=False, files=files,
                       base_url=site.urls.base_url)


def render_files(site: LoadedSite) -> dict[str, bytes]:
    """Every file of a site, in memory, by its path inside the output folder."""
    rendered = render_pages(_job(site, None), site.options.jobs, site.options.start_method)
    return {**rendered.files, **other_files(site, rendered)}


def other_files(site: LoadedSite, rendered: Rendered) -> dict[str, bytes]:
    """What a site holds besides its pages: the machine-readable outputs, the theme's assets
    and content/files/ (which may not take the place of a file the build makes)."""
    for request, converted in rendered.conversions:  # made by the workers for the feeds: not made twice
        site.converter.keep(request, converted)
    made = render_outputs(site.assembled, site.urls, site.options.today, site.theme.languages)
    made.update(site.theme.assets.files.values())
    made.update(site.media.files())  # the images' versions, under media/
    made.update(drawn_previews(site.assembled, site.options.cache))
    pages = {page.output for page in site.assembled.pages}
    clashes = [Problem(display_path(site.options.content / SITE_FILES_FOLDER / name), None,
                       f"this file would take the place of {name}, which the build makes",
                       "rename it or remove it") for name in site.content.site_files if name in made or name in pages]
    if clashes:
        raise BuildError(clashes)
    return {**made, **site.content.site_files}


def check_site(options: BuildOptions) -> BuildResult:
    """Everything a build checks, plus every internal link, without writing anything."""
    from .links import check_links

    site = make_site(options, scan(options))
    files = render_files(site)
    shown = {page.output: page.source for page in site.assembled.pages if page.source}
    problems = check_links(files, site.urls.base_url, shown)
    if problems:
        raise BuildError(problems)
    return BuildResult(len(site.assembled.pages), len(files), written=False, files=files,
                       base_url=site.urls.base_url, translations=site.translations)


def scan(options: BuildOptions) -> Sources:
    """content/ and templates/ as a one-off build reads them: content/ parsed once, not held."""
    return Sources.scan(options.content, options.templates, unheld=(options.content,))


def _job(site: LoadedSite, staging: Path | None) -> Job:
    """The rendering of a site's pages; the feeds' texts come back converted."""
    wanted = frozenset(page.source for page in pages_shown_in_full(site.assembled))
    cache = site.options.cache
    compiled = cache / "templates" / engine_fingerprint()[:16] if cache else None  # a new engine compiles anew
    return Job(site.assembled, site.theme, site.sources, staging, wanted, compiled)


def _load(options: BuildOptions, sources: Sources, memo: ParseMemo | None) -> Content:
    try:
        return load_content(options.content, sources, options.drafts, memo)
    except BuildError as error:
        raise BuildError(error.problems + _link_problems(getattr(error, "content", None))) from None


def _link_problems(content: Content | None, media: Catalogue | None = None) -> list[Problem]:
    """Bad links in Markdown, so that they are reported with the other problems of a failed build;
    files are known by their names only, unless `media` says what they are."""
    if content is None:
        return []
    media = media or Catalogue(frozenset(content.site_files), checked=False)
    # Some pages may be missing (not loaded): links to pages are checked once the other problems are fixed.
    converter = MarkdownConverter("/", remember=0, media=link_files(media, "/", {}, content.root),
                                  links=LinkTargets((), checked=False))
    return [problem for entry in content.entries
            for problem in converter.convert(entry.body, entry.lang, entry.source, entry.body_line).problems]


def refuse_output_holding_sources(options: BuildOptions) -> None:
    """Refuse an output folder whose replacement would destroy the sources."""
    output = options.output.resolve()
    for source in (options.content, options.templates, Path.cwd()):
        source = source.resolve()
        if output == source or source.is_relative_to(output):
            raise BuildError([Problem(display_path(options.output), None,
                                      "the output folder contains the sources and would be replaced by the site",
                                      "choose another --output, such as site/")])
