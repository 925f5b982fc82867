"""What staff can edit: the data files, the pages and news items in each language, the
records other fields may name, and everything still waiting for a translation."""

from __future__ import annotations

import os
from pathlib import Path

from ..load.content import DOCUMENT_FOLDERS, IGNORED_PREFIXES
from ..load.files import is_leftover
from ..load.text import read_data_file, read_document
from ..load.yamlsafe import ProblemList
from ..schema.fields import Group, ListOf, Translated
from ..schema.types import DATA_FILES, PAGE_KIND, RECORDS

LANGUAGE_FALLBACK = ("it", "en")


def languages(root: Path) -> tuple[str, ...]:
    """The site's languages as settings.yml lists them (the default first)."""
    values = _data(root, "settings.yml")
    found = values.get("languages") if isinstance(values, dict) else None
    return tuple(found) if isinstance(found, list) and all(isinstance(lang, str) for lang in found) \
        else LANGUAGE_FALLBACK


def entries(root: Path, langs: tuple[str, ...]) -> list[dict]:
    """Every page and news item: its file name and, per language, its title and draft flag."""
    found: dict[tuple, dict] = {}
    for folder in DOCUMENT_FOLDERS:
        for lang in langs:
            base = root / folder / lang
            if not base.is_dir() or base.is_symlink():
                continue
            for name in sorted(os.listdir(base)):
                if not name.endswith(".md") or name.startswith(IGNORED_PREFIXES) or is_leftover(name):
                    continue
                meta = _meta(base / name)
                entry = found.setdefault((folder, name[:-3]), {"folder": folder, "key": name[:-3], "languages": {}})
                entry["languages"][lang] = {"path": f"{folder}/{lang}/{name}",
                                            "title": str(meta.get("title") or name[:-3]),
                                            "draft": meta.get("draft") is True,
                                            "url": _address(root, folder, lang, name[:-3], meta)}
    return [found[key] for key in sorted(found)]


def missing_translations(root: Path, langs: tuple[str, ...], listed: list[dict]) -> list[dict]:
    """Each file or field with a language missing, empty, or the same text as the default language
    (a text copied to be translated later)."""
    missing = []
    for entry in listed:
        for lang in langs:
            if lang not in entry["languages"]:
                missing.append({"path": next(iter(entry["languages"].values()))["path"], "field": "",
                                "lang": lang, "reason": "missing"})
    for name, group in DATA_FILES.items():
        for field_path, texts in _translated(group, _data(root, name), ()):
            for lang in langs:
                text = texts.get(lang) if isinstance(texts, dict) else None
                if not isinstance(text, str) or not text.strip():
                    missing.append({"path": name, "field": field_path, "lang": lang, "reason": "missing"})
                elif lang != langs[0] and text == texts.get(langs[0]) and len(text.split()) > 2:
                    missing.append({"path": name, "field": field_path, "lang": lang, "reason": "same"})
    return missing


def _translated(kind, value, path: tuple):
    """(field path, value) for every Translated field inside a data file's value."""
    if isinstance(kind, Translated):
        yield "/".join(map(str, path)), value
    elif isinstance(kind, ListOf) and isinstance(value, list):
        for index, item in enumerate(value):
            yield from _translated(kind.inner, item, path + (index,))
    elif isinstance(kind, Group) and isinstance(value, dict):
        for spec in kind.fields:
            if spec.name in value:
                yield from _translated(spec.type, value[spec.name], path + (spec.name,))


def references(root: Path, listed: list[dict], langs: tuple[str, ...]) -> dict[str, list[dict]]:
    """What a Ref field may name, by kind: [{"id": ..., "label": ...}] (partners by name)."""
    choices = {}
    for records in RECORDS:
        items = _data(root, records.file).get(records.key) if isinstance(_data(root, records.file), dict) else None
        choices[records.kind] = [{"id": item["id"], "label": _label(item, langs)}
                                 for item in items or [] if isinstance(item, dict) and isinstance(item.get("id"), str)]
    choices[PAGE_KIND] = [{"id": entry["key"], "label": next(iter(entry["languages"].values()))["title"]}
                          for entry in listed if entry["folder"] == "pages"]
    return choices


def _label(item: dict, langs: tuple[str, ...]) -> str:
    for name in ("name", "title", "label"):
        value = item.get(name)
        if isinstance(value, dict):
            value = value.get(langs[0])
        if isinstance(value, str):
            return f"{value} ({item['id']})"
    return item["id"]


def _address(root: Path, folder: str, lang: str, key: str, meta: dict) -> str:
    """The page's address on the site, for links written in Markdown (`/it/progetto/`)."""
    slug = meta.get("slug") if isinstance(meta.get("slug"), str) else key
    if folder == "pages":
        return f"/{lang}/" if key == "index" else f"/{lang}/{slug}/"
    sections = _data(root, "settings.yml").get("sections") if isinstance(_data(root, "settings.yml"), dict) else None
    news = sections.get("news", {}).get(lang) if isinstance(sections, dict) and isinstance(sections.get("news"), dict) else None
    return f"/{lang}/{news or 'news'}/{slug}/"


def _data(root: Path, name: str):
    try:
        return read_data_file((root / name).read_bytes(), name)
    except (OSError, ProblemList):
        return {}


def _meta(path: Path) -> dict:
    try:
        return read_document(path.read_bytes(), path.name).meta
    except (OSError, ProblemList):
        return {}
