"""Missing tools make the gates fail with the tool's name and the installer, never skip."""

from __future__ import annotations

from pathlib import Path

import pytest

from . import tools

pytestmark = pytest.mark.gates


def test_missing_chromium_names_the_browser_and_the_installer(monkeypatch):
    monkeypatch.setattr(tools, "CHROMIUM", Path("/nonexistent/chromium"))
    with pytest.raises(tools.MissingGateTool, match=r"chromium .*\.ci/install-gate-tools"):
        tools.require_chromium()


def test_missing_java_names_java_and_the_installer(monkeypatch):
    monkeypatch.setattr(tools.shutil, "which", lambda name: None)
    with pytest.raises(tools.MissingGateTool, match=r"java .*\.ci/install-gate-tools"):
        tools.require_java()


def test_missing_npm_package_names_the_file_and_the_installer():
    missing = tools.NODE_MODULES / "axe-core" / "no-such-file.js"
    with pytest.raises(tools.MissingGateTool, match=r"axe-core .*no-such-file\.js.*\.ci/install-gate-tools"):
        tools.require_file("axe-core (npm package)", missing)
