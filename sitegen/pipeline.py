"""The whole build in one place: load -> validate -> model -> render -> write.

A Builder keeps what it read and rendered, so that building again after an edit reads
only the changed files and renders only the pages that depend on them (see
dependencies.py). `build` uses a fresh Builder; `serve` keeps one alive.
"""

from __future__ import annotations

import time
from functools import partial
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import __version__
from .assemble import assemble
from .cache import RenderCache, engine_fingerprint
from .config import BuildOptions, normalize_base_url
from .content import FileMemo, file_digest, load_content
from .dependencies import (
    RecordingSite,
    RecordingSites,
    fingerprint_of,
    fingerprints,
    own_dependencies,
    template_closure,
)
from .errors import BuildError, Problem, display_path
from .i18n import TRANSLATIONS_FILE, load_translations
from .links import check_links
from .markup import MarkdownRenderer
from .model import Body
from .outputs import pages_shown_in_full, prepare_outputs, render_outputs
from .outputs.feeds import feed_path, render_feed
from .outputs.structured_data import structured_data_for
from .parallel import MINIMUM_ITEMS_PER_WORKER, map_in_processes
from .parsed import ParsedFiles
from .prefetch import CompiledAhead, Prefetch
from .render import load_assets, make_environment, page_context, render_page, template_names
from .snapshot import changed_files, take_snapshot
from .sources import read_document
from .urls import Urls
from .validate import cross_check
from .write import Staging, content_digest, write_file
from .yamlsafe import ProblemList


@dataclass
class Rendered:
    """One rendered page and what it was made from."""

    dependencies: frozenset
    fingerprint: str
    data: bytes | None  # None until read from the disk cache
    digest: str = ""  # of the bytes, for pages that come from the disk cache


@dataclass
class BuildResult:
    files: dict[str, bytes]  # path inside site/ -> bytes
    pages: int
    rendered: list[str] = field(default_factory=list)  # pages rendered this time (the others were reused)
    seconds: float = 0.0
    base_url: str = ""
    sources: dict[str, str] = field(default_factory=dict)  # output path -> Markdown file it comes from
    written: bool = True  # False when the output folder already held exactly these files
    count: int = 0  # files in the site


class Builder:
    """Builds one site repeatedly, reusing unchanged work between builds."""

    def __init__(self, options: BuildOptions, again: bool = True):
        """`again`: the Builder will build again (serve), so it keeps what it made in memory."""
        self.options = options
        self.again = again
        self.memo = FileMemo()
        self.markdown: MarkdownRenderer | None = None
        self.rendered: dict[str, Rendered] = {}
        self.global_key: str | None = None
        self.disk = RenderCache(options.cache) if options.cache else None
        self.environment = None
        self.outputs: dict[str, bytes] = {}
        self.outputs_key = ""
        # What the disk cache is valid for; in memory, the engine cannot change under a Builder.
        self.engine = engine_fingerprint() if self.disk else __version__
        self.session: Session | None = None

    def render(self, staging: Staging | None = None, snapshot: dict | None = None) -> BuildResult:
        """Every output file of the site: in memory, or with `staging` written into its folder
        as each page is made (then `files` holds only the assets and feeds, sitemap and
        calendars). BuildError lists every problem found. `snapshot`: the source folders as
        the caller just scanned them (see snapshot.py), for a Builder that builds again."""
        started = time.perf_counter()
        options = self.options
        if self.again and snapshot is None:
            snapshot = take_snapshot(options.content, options.templates)
        if self.session is not None and staging is None:
            quick = self._render_text_changes(self.session, snapshot, started)
            if quick is not None:
                return quick
        self.session = None  # kept only from a good render
        prefetch = Prefetch(options.content, MarkdownRenderer("/")) if prefetching(self, options) else None
        # A one-off build without a cache compiles its templates on the idle core meanwhile.
        ahead = CompiledAhead(options.templates) if not self.again and options.cache is None else None
        try:
            return self._render(started, snapshot, staging, prefetch, ahead)
        finally:
            for helper in (prefetch, ahead):
                if helper is not None:
                    helper.cancel()

    def _render(self, started, snapshot, staging, prefetch, ahead) -> BuildResult:
        options = self.options
        parsed = ParsedFiles(self.disk.read_parsed(), self.engine) if self.disk and not self.again else None
        try:
            content = load_content(options.content, include_drafts=options.drafts, memo=self.memo,
                                   keep_texts=self.again, parsed=parsed)
        except BuildError as error:
            raise BuildError(error.problems + _link_problems(getattr(error, "content", None))) from None
        problems = _check_templates_folder(options.templates)
        languages, translation_problems = load_translations(options.templates, content.languages)
        problems += translation_problems
        names = template_names(options.templates)
        problems += cross_check(content, names)
        if problems:
            raise BuildError(problems + _link_problems(content))
        urls = Urls(normalize_base_url(options.base_url or content.data["settings.yml"]["base_url"]))
        if self.markdown is None or self.markdown.base_path != urls.base_path:
            self.markdown = MarkdownRenderer(urls.base_path, store=self.disk, salt=self.engine, remember=self.again)
        assembled = assemble(content, urls, languages, options.today, self.markdown)
        if self.again:
            self.markdown.forget_except({entry.source for entry in content.entries} | set(content.shown.values()))
        if assembled.problems:
            raise BuildError(assembled.problems)
        prepare_outputs(assembled, urls, options.today)
        if self.environment is None:  # kept between builds; it notices edited templates itself
            self.environment = make_environment(options.templates, options.cache, watch=self.again,
                                                compiled=ahead.collect() if ahead is not None else None)
        environment = self.environment
        assets = load_assets(options.templates)
        closure = template_closure(options.templates, sorted(names))
        current = fingerprints(content, options.templates, sorted(names), assets,
                               file_digest(options.templates / TRANSLATIONS_FILE), assembled.pages)
        global_key = fingerprint_of((), {}) + repr((self.engine, __version__, urls.base_url, options.today,
                                                   options.drafts, content.languages))
        if global_key != self.global_key:
            self.rendered, self.global_key = self._stored_pages(global_key), global_key
        files: dict[str, bytes] = {path: data for path, data in assets.files.values()}
        contexts = {lang: page_context(site, assembled.sites, languages, assets)
                    for lang, site in assembled.sites.items()}
        done, to_render = {}, []
        for page in assembled.pages:
            previous = self.rendered.get(page.output)
            if previous and fingerprint_of(previous.dependencies, current) == previous.fingerprint:
                if previous.data is None and staging is None:
                    previous.data = self.disk.read(previous.digest)
                if previous.data is not None or (staging is not None and self.disk.has(previous.digest)):
                    done[page.output] = previous
                    continue
            to_render.append(page)
        disk, staging_root = self.disk, staging.root if staging is not None else None

        markdown = self.markdown
        reused = self.again or disk is not None  # will a later build reuse the pages rendered now?
        shown_in_full = {page.output for page in pages_shown_in_full(assembled)}

        def render_one(page):
            body = None
            if isinstance(page.body, Body):  # its Markdown is converted here, in the worker
                try:
                    body = markdown.convert(*page.body.request)
                except ProblemList as error:
                    return page.output, None, error.problems, None
                if body.problems:
                    return page.output, None, body.problems, None
            if not reused and staging_root is not None:  # nothing will reuse the page: what it reads is not noted
                page.structured_data = structured_data_for(page, assembled.sites[page.lang])
                html, problem = render_page(environment, page, contexts[page.lang])
                if problem:
                    return page.output, None, [problem], None
                digest = write_file(staging_root, page.output, html.encode("utf-8"))
                return page.output, Rendered(frozenset(), "", None, digest), None, body_for_feeds(page, body)
            used = set()
            site = RecordingSite(assembled.sites[page.lang], used)
            page.structured_data = structured_data_for(page, site)
            context = dict(contexts[page.lang], site=site, sites=RecordingSites(assembled.sites, used))
            html, problem = render_page(environment, page, context)
            if problem:
                return page.output, None, [problem], None
            dependencies = frozenset(own_dependencies(page, closure) | used)
            record = Rendered(dependencies, fingerprint_of(dependencies, current), html.encode("utf-8"))
            record.digest = content_digest(record.data)
            if staging_root is not None:  # written as made, and into the cache: memory stays flat
                write_file(staging_root, page.output, record.data)
                disk.write_blob(record.digest, record.data)
                record.data = None
            return page.output, record, None, body_for_feeds(page, body)

        def body_for_feeds(page, body):
            return body if page.output in shown_in_full else None  # sent back for the feeds

        if options.jobs > 1 and len(to_render) >= 2 * MINIMUM_ITEMS_PER_WORKER:
            used = set().union(*(closure.get(page.template, {page.template}) for page in to_render))
            for name in sorted(used):  # compiled once here, inherited by the workers
                _compile(environment, name)
            markdown.prepare()
        if prefetch is not None:
            markdown.early = prefetch.collect()
        if staging is not None:
            staging.make_folders([page.output for page in to_render])
        rendered_now = []
        for page, (output, record, found, body) in zip(
                to_render, map_in_processes(render_one, to_render, options.jobs, group=_same_text,
                                            weight=partial(_expected_cost, markdown))):
            if body is not None:
                markdown.keep(page.body.request, body)
            if found:
                problems += found
            else:
                done[output] = record
                rendered_now.append(output)
        if problems:
            raise BuildError(problems)
        if self.disk and staging is None:
            for output in rendered_now:
                self.disk.write_blob(done[output].digest, done[output].data)
        if self.disk:  # the conversions stored by the workers that are still needed
            self.disk.markdown_used |= {markdown.store_key(page.body.request) for page in assembled.pages
                                        if isinstance(page.body, Body)}
        if parsed is not None and parsed.used.keys() != parsed.stored.keys():
            self.disk.write_parsed(parsed.used)
        if self.disk and (rendered_now or done.keys() != self.rendered.keys()):
            self.disk.save(global_key, {output: (record.dependencies, record.fingerprint, record.digest)
                                        for output, record in done.items()})
        self.rendered = done if self.again else {}
        page_files = {f"file:{entry.source}" for entry in content.entries if entry.kind == "pages"}
        outputs_key = global_key + fingerprint_of(
            [key for key in current if key not in page_files and not key.startswith("template:")], current)
        if outputs_key != self.outputs_key:  # feeds, sitemap and calendars do not show page bodies
            stored = self.disk.read_outputs(outputs_key) if self.disk else None
            self.outputs = stored or render_outputs(assembled, urls, options.today, languages)
            if self.disk and not stored:
                self.disk.write_outputs(outputs_key, self.outputs)
            self.outputs_key = outputs_key
        files.update(self.outputs)
        sources = {page.output: page.source for page in assembled.pages if page.source}
        result = BuildResult(files, len(assembled.pages), rendered_now, time.perf_counter() - started,
                             urls.base_url, sources, count=len(files) + len(done))
        if staging is None:
            files.update((output, record.data) for output, record in done.items())
            if self.again:
                self.session = Session(snapshot, content, assembled, urls, render_one, current,
                                       shown_in_full, result)
            return result
        for path, data in files.items():
            staging.write(path, data)
        for output, record in done.items():
            staging.record(output, record.digest)
        if staging.unchanged(self.disk.read_survey(staging.output) if self.disk else None):
            result.written = False
            return result
        damaged = []
        for output, record in done.items():
            if output not in rendered_now:  # a page from the cache: copied only now that it is needed
                data = self.disk.read(record.digest)
                if data is None:
                    damaged.append(output)
                else:
                    write_file(staging.root, output, data)
        for output, record, found, _ in map(render_one, [page for page in assembled.pages if page.output in damaged]):
            if found:
                raise BuildError(found)
            staging.record(output, record.digest)
            result.rendered.append(output)
        return result

    def _render_text_changes(self, session: Session, snapshot: dict, started: float) -> BuildResult | None:
        """The quick rebuild of the preview server, when the only edits since the last good
        render are to the text of Markdown files (not their front matter): only the pages
        that show those texts, and the feeds that carry them, are made again. None when the
        edit is of another kind, for the full path to handle."""
        changed = changed_files(session.snapshot, snapshot)
        if changed is None:
            return None
        entries = session.entry_index
        edits = []
        for path in changed:
            if path not in entries:
                return None  # a data file, a template, or a draft now shown
            entry = session.content.entries[entries[path]]
            try:
                document = read_document(Path(path), entry.source)
            except ProblemList:
                return None  # the full path reports it with everything else
            if document.meta != entry.lines or document.body_line != entry.body_line:
                return None
            edits.append((entries[path], replace(entry, body=document.body, digest=document.digest)))
        self.session = None  # until this render is good
        result = session.result
        rendered_now, problems = [], []
        shown_in_full = session.shown_in_full
        feeds = set()
        for index, entry in edits:
            session.content.entries[index] = entry
            session.current[f"file:{entry.source}"] = entry.digest
            key = f"file:{entry.source}"
            for page in session.pages_by_source.get(entry.source, ()):
                if isinstance(page.body, Body):
                    page.body = Body((entry.body, entry.lang, entry.source, entry.body_line), self.markdown)
                    if page.output in shown_in_full:
                        feeds.add(page.lang)
            for output, record in list(self.rendered.items()):
                if key in record.dependencies and output not in rendered_now:
                    rendered_now.append(output)
        pages = session.pages_by_output
        files = dict(result.files)
        for output in rendered_now:
            _, record, found, _ = session.render_one(pages[output])
            if found:
                problems += found
                continue
            self.rendered[output] = record
            files[output] = record.data
        if problems:
            raise BuildError(problems)
        for lang in sorted(feeds):
            files[feed_path(lang)] = render_feed(session.assembled.sites[lang], session.urls, self.options.today)
            self.outputs[feed_path(lang)] = files[feed_path(lang)]
        self.outputs_key = ""  # the next full render makes every output again
        result = replace(result, files=files, rendered=rendered_now, seconds=time.perf_counter() - started)
        session.snapshot, session.result = snapshot, result
        self.session = session
        return result

    def _stored_pages(self, global_key: str) -> dict[str, Rendered]:
        if not self.disk:
            return {}
        return {output: Rendered(dependencies, fingerprint, None, digest)
                for output, (dependencies, fingerprint, digest) in self.disk.load(global_key).items()}


@dataclass
class Session:
    """What the last good render of a preview server left, for quick rebuilds."""

    snapshot: dict  # the source folders, as they were when that render began
    content: object
    assembled: object
    urls: Urls
    render_one: object  # renders one page of that model
    current: dict  # dependency key -> fingerprint
    shown_in_full: set  # outputs whose whole body the feeds carry
    result: BuildResult
    entry_index: dict = field(default_factory=dict)  # file path -> index in content.entries
    pages_by_source: dict = field(default_factory=dict)  # Markdown file shown -> its pages
    pages_by_output: dict = field(default_factory=dict)

    def __post_init__(self):
        self.entry_index = {str(entry.path): index for index, entry in enumerate(self.content.entries)}
        for page in self.assembled.pages:
            self.pages_by_output[page.output] = page
            if page.source:
                self.pages_by_source.setdefault(page.source, []).append(page)


def _link_problems(content) -> list[Problem]:
    """Bad links in Markdown, so that they are reported with the other problems of a failed build."""
    if content is None:
        return []
    markdown = MarkdownRenderer("/")
    problems = []
    for entry in content.entries:
        try:
            problems += markdown.convert(entry.body, entry.lang, entry.source, entry.body_line).problems
        except ProblemList as error:
            problems += error.problems
    return problems


def prefetching(builder: Builder, options: BuildOptions) -> bool:
    """Whether a helper should convert Markdown while the content loads: in a one-off build
    with a spare core and no cache (with a cache, most texts need no conversion)."""
    return not builder.again and builder.disk is None and options.jobs > 1


def _expected_cost(markdown: MarkdownRenderer, page) -> float:
    """About how long a page takes to render, converting its Markdown counted 4 times as much,
    unless the text was converted ahead."""
    converts = isinstance(page.body, Body) and not markdown.converted_ahead(page.body.request[0])
    return 5.0 if converts else 1.0


def _same_text(page) -> str:
    """Pages showing the same Markdown text go to the same worker, which converts it once."""
    return page.body.request[0] if isinstance(page.body, Body) else page.output


def _compile(environment, name: str) -> None:
    try:
        environment.get_template(name)
    except Exception:  # noqa: BLE001 - render_page reports template problems with file and line
        pass


def render_site(options: BuildOptions) -> BuildResult:
    """Every output file of the site, in memory, from scratch."""
    return Builder(options, again=False).render()


def check_site(options: BuildOptions) -> BuildResult:
    """Everything a build checks, plus every internal link, without writing anything."""
    result = render_site(options)
    problems = check_links(result.files, result.base_url, result.sources)
    if problems:
        raise BuildError(problems)
    return result


def build_site(options: BuildOptions) -> BuildResult:
    """Render the site and swap it into the output folder; on any problem the folder is untouched."""
    check_output_folder(options)
    staging = Staging(options.output)
    try:
        builder = Builder(options, again=False)
        result = builder.render(staging)
        if result.written:
            staging.swap()
            if builder.disk:
                builder.disk.write_survey(staging.output, staging.survey())
    finally:
        staging.discard()
    return result


def _check_templates_folder(templates: Path) -> list[Problem]:
    if not templates.is_dir():
        return [Problem(display_path(templates), None, "the templates folder does not exist",
                        "pass the right folder with --templates")]
    return []


def check_output_folder(options: BuildOptions) -> None:
    """Refuse an output folder whose replacement would destroy the sources."""
    output = options.output.resolve()
    for source in (options.content, options.templates, Path.cwd()):
        source = source.resolve()
        if output == source or source.is_relative_to(output):
            raise BuildError([Problem(display_path(options.output), None,
                                      "the output folder contains the sources and would be replaced by the site",
                                      "choose another --output, such as site/")])
