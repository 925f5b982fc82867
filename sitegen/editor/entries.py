"""Create, rename and delete a page or news item together with its translations.

A new item starts as a draft (draft: true) in every language, so it shows only in the
preview until staff publish it. A rename moves every language's file; a deletion moves them
into content/.trash/. Either is undone at once if the build would then report a problem
the site did not have (a page another file names, for example)."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import display_path
from ..load.content import DOCUMENT_FOLDERS, invalid_to_problems
from ..load.text import read_document
from ..load.yamlsafe import ProblemList
from ..schema.fields import SLUG_PATTERN, Context, Invalid
from .documents import new_document
from .storage import move_aside, write_atomically
from .yamledit import reads_as_text

FIELDS_OF_NEW = {"pages": ("title", "description"), "news": ("title", "summary", "date")}


class EntryRefused(Exception):
    """A create, rename or delete that is not done, with the reason for staff."""


def entry_paths(root: Path, folder: str, key: str, langs: tuple[str, ...]) -> dict[str, Path]:
    """The file of the item in each language (existing or not)."""
    if folder not in DOCUMENT_FOLDERS:
        raise EntryRefused("si possono creare solo pagine e notizie")
    if not isinstance(key, str) or not SLUG_PATTERN.match(key):
        raise EntryRefused("il nome del file può contenere solo lettere minuscole a-z, cifre e trattini, "
                           "per esempio chi-siamo")
    return {lang: Path(os.path.join(os.fspath(root), folder, lang, key + ".md")) for lang in langs}


def new_files(root: Path, folder: str, key: str, langs: tuple[str, ...], texts: dict) -> dict[Path, bytes]:
    """The files of a new item, one per language, each a draft; checked by the build's own
    reading of front matter and its schema before anything is written."""
    paths = entry_paths(root, folder, key, langs)
    taken = [path for path in paths.values() if os.path.lexists(path)]
    if taken:
        raise EntryRefused(f"esiste già {taken[0].relative_to(root)}: scegli un altro nome")
    files, problems = {}, []
    for lang, path in paths.items():
        lines = []
        for name in FIELDS_OF_NEW[folder]:
            value = (texts.get(name) or {}).get(lang) if isinstance(texts.get(name), dict) else texts.get(name)
            if isinstance(value, str) and value.strip():
                lines.append(f"{name}: {_scalar(value.strip())}\n")
        lines.append("draft: true\n")
        data = new_document("".join(lines), "\n").encode("utf-8")
        shown = display_path(path)
        try:
            DOCUMENT_FOLDERS[folder].check(read_document(data, shown).meta, Context(langs))
        except ProblemList as errors:
            problems += errors.problems
        except Invalid as error:  # the schema's own words
            problems += invalid_to_problems(error, shown, default_line=2)
        files[path] = data
    if problems:
        raise EntryRefused("; ".join(map(str, problems)))
    return files


def _scalar(text: str) -> str:
    """A one-line text as YAML, quoted when the build would read it as something else."""
    import json

    return text if reads_as_text(text) and "\n" not in text else json.dumps(text, ensure_ascii=False)


def create(files: dict[Path, bytes]) -> None:
    for path, data in files.items():
        write_atomically(path, data)


def rename(paths: dict[str, Path], new_paths: dict[str, Path]) -> list[tuple[Path, Path]]:
    """Move each language's file to its new name; the moves made, to undo them."""
    moves = [(paths[lang], new_paths[lang]) for lang in paths if paths[lang].is_file()]
    if not moves:
        raise EntryRefused("non c'è nessun file con questo nome")
    for _, target in moves:
        if os.path.lexists(target):
            raise EntryRefused(f"esiste già un file {target.name}: scegli un altro nome")
    for source, target in moves:
        os.rename(source, target)
    return moves


def undo_rename(moves: list[tuple[Path, Path]]) -> None:
    for source, target in reversed(moves):
        os.rename(target, source)


def delete(root: Path, paths: dict[str, Path]) -> Path:
    """Move the item's files into content/.trash/; the folder they are in now."""
    found = [path for path in paths.values() if path.is_file()]
    if not found:
        raise EntryRefused("non c'è nessun file con questo nome")
    return move_aside(root, found)


def undo_delete(root: Path, folder: Path) -> None:
    for parent, _, names in os.walk(folder):
        for name in names:
            moved = Path(parent) / name
            os.replace(moved, Path(root) / moved.relative_to(folder))
