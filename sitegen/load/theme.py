"""Load templates/: the template names, the interface strings of each language and the assets."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, display_path
from ..render.i18n import Language, load_translations
from ..render.templates import Assets, load_assets, template_names
from .files import Sources


@dataclass
class Theme:
    folder: Path
    names: set[str]  # every template file
    languages: dict[str, Language]  # lang -> interface strings
    assets: Assets


def load_theme(folder: Path, sources: Sources, languages: tuple[str, ...]) -> tuple[Theme, list[Problem]]:
    """The theme in `folder` as scanned, and its problems (a missing folder, missing strings)."""
    folder = Path(folder)
    if not folder.is_dir():
        return Theme(folder, set(), {}, Assets({})), [Problem(
            display_path(folder), None, "the templates folder does not exist", "pass the right folder with --templates")]
    strings, problems = load_translations(folder, languages, sources)
    return Theme(folder, template_names(folder, sources), strings, load_assets(folder, sources)), problems
