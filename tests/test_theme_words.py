"""The theme and the engine hold interface words only (issue 16): no word that names the real
site's project, sector, region or audience appears in templates/ or sitegen/.

"A word of the real site" is a word of the texts that describe the project in content/: the
site's and project's names, tagline and summary, the partners' names and descriptions, cities,
venues, figures, activity titles and kinds, partner roles and who may join; words of four
letters or more, less the common words any site's interface may use (COMMON, each a word of
the theme's own interface in some language, or of plain English prose in code comments).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from conftest import ROOT

WORD = re.compile(r"[^\W\d_]{4,}")
THEME_FILES = (".html", ".yml", ".css", ".svg", ".txt", ".xml")
# Words of the project's texts that are also plain interface or prose words.
COMMON = {
    "about", "activities", "activity", "alla", "alle", "also", "attività", "che", "come", "con", "contact",
    "date", "delle", "della", "dell", "from", "have", "into", "more", "news", "notizie", "only", "other",
    "partner", "partners", "progetto", "project", "sito", "site", "sono", "that", "their", "this", "with", "will",
    "where", "which", "joined", "join", "members", "member", "aderire", "adesioni", "scadenza", "deadline",
    "presentation", "promoter", "promotore", "training", "meeting", "incontro", "course", "corso", "figures",
    "website", "within", "through", "since", "data", "dati", "ogni", "each", "every", "their", "they",
    "questa", "stato", "state", "fonte", "source", "value", "carried", "chart", "rank", "share", "over", "oltre",
    "circa", "page", "pagina", "home", "time", "last", "days", "until", "quando", "when", "posizione", "hanno",
    "possono", "organised", "organizzazione", "status", "cookie", "cookies", "lingua", "menu", "main", "ultimo",
    "giorno", "oggi", "informazioni", "indirizzo", "realizzato", "promosso", "promoted", "parte", "important",
    "definire", "announced", "files", "file", "format", "full", "name", "named", "found", "does", "them",
    "there", "says", "keep", "level", "lead", "dicembre", "december", "commissioned", "behalf", "strategic",
    "strategici", "membri", "reti", "imprese", "business", "businesses", "networks", "abroad", "mission",
    "missione", "estero", "modulo", "module", "formativo", "certification", "certificazione",
    "been", "bodies", "carries", "dalla", "enti", "esegue", "gruppo", "image", "membership", "nell", "primo",
    "processes", "promuove", "release", "rete", "ricerca", "riferimento", "runs", "special", "started", "those",
    "together", "tutti", "working", "euro", "annual", "cifre", "presentato", "promotori",
    "organisation", "presentazione", "promotes", "among",
    "camera",  # a browser feature in Permissions-Policy (outputs/headers.py)
}


def project_texts(content: Path) -> list[str]:
    """The texts of content/ that describe the project (not the pages' ordinary prose)."""
    def load(name):
        return yaml.safe_load((content / name).read_text(encoding="utf-8"))

    texts: list[str] = []

    def add(value):
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                add(item)
        elif isinstance(value, list):
            for item in value:
                add(item)

    settings, project = load("settings.yml"), load("project.yml")
    add([settings["name"], settings["description"], settings.get("preview_image")])
    add([project["name"], project["tagline"], project["summary"], (project.get("membership") or {}).get("audience")])
    for partner in load("partners.yml")["partners"]:
        add([partner["name"], partner.get("full_name"), partner.get("city"), partner["description"]])
    add([role["label"] for role in load("partners.yml").get("roles", [])])
    calendar = load("calendar.yml")
    add([kind["label"] for kind in calendar.get("kinds", [])])
    for event in calendar["events"]:
        add([event["title"], event.get("city"), event.get("venue"), event.get("address")])
    statistics = load("statistics.yml")
    add([statistics.get(key) for key in ("title", "more", "caption", "default_source")])
    for figure in statistics["figures"]:
        add([figure["label"], figure.get("unit")])
    return texts


def words(text: str) -> set[str]:
    return {word.lower().replace("’", "'") for word in WORD.findall(text)}


def distinctive_words(content: Path) -> set[str]:
    found = set().union(*(words(text) for text in project_texts(content)))
    return {word for word in found if word not in COMMON}


def theme_and_engine_files() -> list[Path]:
    theme = [path for path in (ROOT / "templates").rglob("*") if path.suffix in THEME_FILES]
    return theme + sorted((ROOT / "sitegen").rglob("*.py")) + [ROOT / "build.py"]


def test_the_project_has_distinctive_words_to_look_for():
    found = distinctive_words(ROOT / "content")
    assert {"driade", "dafne", "lombardia", "brixia", "automotive", "lombardo", "brescia", "cluster"} <= found
    assert len(found) > 100


def test_no_word_of_the_real_site_is_in_the_theme_or_the_engine():
    project = distinctive_words(ROOT / "content")
    offending = {}
    for path in theme_and_engine_files():
        shared = words(path.read_text(encoding="utf-8")) & project
        if shared:
            offending[path.relative_to(ROOT).as_posix()] = sorted(shared)
    assert offending == {}


def test_the_check_finds_a_project_word_put_in_the_theme(tmp_path):
    """The test above can fail: a string naming the sector, in a copy of the theme, is found."""
    project = distinctive_words(ROOT / "content")
    strings = (ROOT / "templates" / "translations.yml").read_text(encoding="utf-8")
    spoiled = strings.replace("join_title: Join the project", "join_title: Join the automotive cluster")
    assert spoiled != strings
    assert words(spoiled) & project == {"automotive", "cluster"}
