"""Shared helpers: fixture sites copied to a temporary folder, builds through the real command line."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TEMPLATES = ROOT / "templates"


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_build(*arguments: str, cwd: Path | None = None, env: dict | None = None) -> Run:
    """Run `python build.py ...` as a person would, and capture what it prints."""
    completed = subprocess.run([sys.executable, str(ROOT / "build.py"), *arguments], cwd=cwd or ROOT,
                               capture_output=True, text=True, env=env, timeout=120)
    return Run(completed.returncode, completed.stdout, completed.stderr)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def basic_site(tmp_path) -> Path:
    """A writable copy of the basic fixture site's content folder."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURES / "basic" / "content", target)
    return target


@pytest.fixture
def real_content(tmp_path) -> Path:
    """A writable copy of the real site's content folder."""
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target
