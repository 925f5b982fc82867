"""Where the gates' outside tools live, and a loud error naming the one that is missing."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
NODE_MODULES = ROOT / ".cache" / "node" / "node_modules"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL_HINT = "run .ci/install-gate-tools to install it"


class MissingGateTool(RuntimeError):
    """A tool a gate needs is not installed; the gate fails rather than skips."""

    def __init__(self, tool: str, where: str):
        super().__init__(f"quality gate tool missing: {tool} ({where}); {INSTALL_HINT}")


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


def require_file(tool: str, path: Path) -> Path:
    """A file an npm package installs, such as axe.min.js or vnu.jar."""
    if not path.is_file():
        raise MissingGateTool(tool, f"no {path.relative_to(ROOT)}")
    return path


def require_playwright():
    """The Python playwright package's sync API entry point."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise RuntimeError("quality gate tool missing: the Python package playwright; "
                           "install the test extra: python3 -m pip install -e '.[test]'") from error
    return sync_playwright
