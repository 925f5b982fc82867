#!/usr/bin/env python3
"""Build a sitegen site: `python build.py [build|serve|check|new] [options]`.

A thin command line over the sitegen engine: it parses options, runs the engine,
prints problems and sets the exit status (0 built, 1 content or template problems,
2 wrong usage).
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Build the site from content/ and templates/ into site/.",
        epilog="Exit status: 0 success, 1 problems in content or templates (each printed as "
               "file:line: problem — expected form), 2 wrong usage.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    build = commands.add_parser("build", help="build the site into the output folder (the default)",
                                description="Build the whole site; the output folder is replaced only if "
                                            "the build succeeds.")
    check = commands.add_parser("check", help="check content, templates and internal links without writing site/",
                                description="Validate content and templates, render every page in memory and "
                                            "check every internal link; nothing is written. Exit 0 if all is well.")
    serve = commands.add_parser("serve", help="preview the site with live reload while you edit",
                                description="Build the site (drafts included), serve it, rebuild on every save "
                                            "in content/ or templates/ and reload the open pages. Problems are "
                                            "shown in the browser; Ctrl-C stops.")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1, this computer only)")
    new = commands.add_parser("new", help="write a new, minimal content folder to start a site from",
                              description="Write into DIR (new or empty) a content folder that builds: settings, "
                                          "project, partners, figures and activities commented in Italian, a home, "
                                          "one page and one news item in each language.")
    new.add_argument("folder", type=Path, metavar="DIR", help="the new content folder")
    new.add_argument("--languages", default="it", metavar="CODES",
                     help="the site's languages, the default first, e.g. it,en (default: it)")
    reference = commands.add_parser("reference", help="rewrite the staff field reference (RIFERIMENTO.md in the "
                                                     "content folder) from the schema")
    _add_build_options(parser)
    _add_build_options(build, after_command=True)
    _add_build_options(reference, after_command=True)
    _add_build_options(serve, after_command=True)
    _add_build_options(check, after_command=True)
    return parser


def _add_build_options(parser: argparse.ArgumentParser, after_command: bool = False) -> None:
    """The options of every command; after the command word they override those before it."""
    def default(value):
        return argparse.SUPPRESS if after_command else value

    parser.add_argument("--content", type=Path, default=default(HERE / "content"), metavar="DIR",
                        help="folder of YAML data files and Markdown pages (default: content/)")
    parser.add_argument("--templates", type=Path, default=default(HERE / "templates"), metavar="DIR",
                        help="folder of Jinja2 templates, translations.yml and static/ (default: templates/)")
    parser.add_argument("--output", type=Path, default=default(HERE / "site"), metavar="DIR",
                        help="folder the site is written to, replaced as a whole (default: site/)")
    parser.add_argument("--base-url", default=default(None), metavar="URL",
                        help="public address of the site, e.g. https://example.org/prefix/ "
                             "(default: base_url in content/settings.yml)")
    parser.add_argument("--cache", type=Path, default=default(HERE / ".cache" / "render"), metavar="DIR",
                        help="folder where each build records what it wrote, so that a build when nothing "
                             "has changed has nothing to do (default: .cache/render)")
    parser.add_argument("--no-cache", action="store_true", default=default(False),
                        help="build the whole site even if nothing changed, without reading or writing the cache")
    parser.add_argument("--jobs", type=int, default=default(None), metavar="N",
                        help="processes that convert and render pages (default: the number of cores)")
    parser.add_argument("--today", default=default(None), metavar="YYYY-MM-DD",
                        help="the build date, for upcoming/past events and deadlines "
                             "(default: SOURCE_DATE_EPOCH if set, else today in the time zone of settings.yml)")


def main(argv: list[str] | None = None) -> int:
    arguments = make_parser().parse_args(argv)
    if arguments.command == "reference":
        return write_reference(arguments.content)
    if arguments.command == "new":
        return write_new_site(arguments.folder, arguments.languages)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    from sitegen.config import BuildOptions, UsageError, build_date, default_jobs, normalize_base_url
    from sitegen.errors import BuildError
    from sitegen.load.content import settings_timezone
    from sitegen.pipeline import build_site, check_site

    try:
        options = BuildOptions(
            content=arguments.content, templates=arguments.templates, output=arguments.output,
            today=build_date(arguments.today, timezone=settings_timezone(arguments.content)),
            base_url=normalize_base_url(arguments.base_url) if arguments.base_url else None,
            jobs=default_jobs() if arguments.jobs is None else arguments.jobs,
            cache=None if arguments.no_cache or arguments.command == "serve" else arguments.cache,
        )
        if options.jobs < 1:
            raise UsageError(f"--jobs must be 1 or more, got {options.jobs}")
    except UsageError as error:
        print(f"build.py: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    if arguments.command == "serve":
        return run_server(options, arguments.host, arguments.port)
    started = time.perf_counter()
    checking = arguments.command == "check"
    try:
        result = check_site(options) if checking else build_site(options)
    except BuildError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        count = len(error.problems)
        outcome = "Check failed" if checking else "The site was not built"
        print(f"\n{outcome}: {count} problem{'s' if count != 1 else ''} to fix."
              + ("" if checking else " The previous site is unchanged."), file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as error:
        print(f"The site was not built: {error}. The previous site is unchanged.", file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        print("\nInterrupted: the previous site is unchanged.", file=sys.stderr)
        return 130
    elapsed = time.perf_counter() - started
    print_translation_report(result.translations, full=checking)
    if checking:
        print(f"Checked {result.pages} pages and their links in {elapsed:.2f} s: no problems.")
        return EXIT_OK
    if not result.rendered:
        print(f"Nothing changed since the last build: {arguments.output} is up to date ({elapsed:.2f} s).")
    elif result.written:
        print(f"Built {result.pages} pages ({result.count} files) into {arguments.output} in {elapsed:.2f} s "
              f"(build date {options.today.isoformat()}{images_processed(result)}).")
    else:
        print(f"Built {result.pages} pages ({result.count} files) in {elapsed:.2f} s{images_processed(result)}: "
              f"{arguments.output} already held exactly these files, so it was left as it was.")
    return EXIT_OK


def images_processed(result) -> str:
    """", 3 images processed" when the build had to resize images (the others came from the cache)."""
    count = result.images_processed
    return f", {count} image{'s' if count != 1 else ''} processed" if count else ""


def print_translation_report(report: list, full: bool) -> None:
    """What is not translated yet: every item for `check`, a count and the first few for a build."""
    if not report:
        return
    shown = report if full else report[:5]
    print(f"Translation report: {len(report)} item(s) not translated yet (the site is built all the same):",
          file=sys.stderr)
    for item in shown:
        print(f"  warning: {item}", file=sys.stderr)
    if len(report) > len(shown):
        print(f"  … and {len(report) - len(shown)} more: `python3 build.py check` lists them all.", file=sys.stderr)


def run_server(options, host: str, port: int) -> int:
    from sitegen.serve import serve

    try:
        serve(options, host, port)
    except KeyboardInterrupt:
        print("\nPreview stopped.")
        return EXIT_OK
    except OSError as error:
        print(f"build.py serve: cannot listen on {host}:{port}: {error.strerror or error}. "
              f"Choose another port with --port.", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def write_new_site(folder: Path, languages: str) -> int:
    from sitegen.errors import BuildError
    from sitegen.new_site import new_site

    codes = tuple(code.strip() for code in languages.split(",") if code.strip())
    if not codes or any(len(code) != 2 or not code.isalpha() or not code.islower() for code in codes):
        print(f"build.py new: error: --languages must be two-letter codes separated by commas, such as it,en; "
              f"got {languages!r}", file=sys.stderr)
        return EXIT_USAGE
    try:
        written = new_site(folder, codes)
    except BuildError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"Wrote {len(written)} files into {folder}. Build it with: python3 build.py --content {folder}")
    return EXIT_OK


def write_reference(content: Path) -> int:
    from sitegen.schema.reference import render_reference

    target = content / "RIFERIMENTO.md"
    target.write_text(render_reference(), encoding="utf-8")
    print(f"Wrote {target}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
