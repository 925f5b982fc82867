"""`build.py new DIR`: a minimal content folder that builds and passes every check, to start from.

Its data files are commented in Italian for staff; its texts are placeholders to rewrite (in
Italian and English; another language gets the English text to translate).
"""

from __future__ import annotations

from pathlib import Path

from .errors import BuildError, Problem, display_path

SETTINGS = """\
# Impostazioni del sito. Ogni campo è spiegato in RIFERIMENTO.md (python3 build.py reference).

# Nome e descrizione del sito, in ogni lingua.
name:
{name}
description:
{description}

# Indirizzo pubblico; si può sostituire alla pubblicazione con --base-url.
base_url: https://example.org/

# Lingue del sito: la prima è quella predefinita, obbligatoria per ogni pagina.
languages: [{languages}]

# Cartelle delle attività e delle notizie, per lingua.
sections:
  events:
{events}
  news:
{news}

# Chi pubblica il sito: l'id di un partner di partners.yml.
publisher: ente

contact:
  website: https://www.example.com/

# Fuso orario (ore delle attività, data della generazione).
timezone: Europe/Rome

# Logo, icona e immagine di anteprima sono facoltativi: file della cartella files/.
# Senza immagine di anteprima, per ogni pagina se ne disegna una con il suo titolo.
# logo: logo.svg
# favicon: favicon.svg
"""

PROJECT = """\
# Il progetto: nome, frase di presentazione e riassunto in ogni lingua.
name: Nuovo progetto
tagline:
{tagline}
summary:
{summary}

# Chi promuove e chi esegue il progetto: id di partner di partners.yml.
promoter: ente
executor: ente

# Se il progetto raccoglie adesioni, togli i # qui sotto e completa i campi.
# membership:
#   deadline: 2030-12-31
#   joined: 0
#   audience: {{it: Le imprese del territorio, en: Local businesses}}
#   members: {{it: imprese, en: businesses}}
#   contact: ente
"""

PARTNERS = """\
# I ruoli dei partner, nell'ordine delle sezioni della pagina dei partner.
roles:
  - id: promoter
    label:
{role}

# Gli enti del progetto.
partners:
  - id: ente
    name: Ente promotore
    roles: [promoter]
    description:
{partner}
"""

STATISTICS = """\
# I dati del progetto. Finché l'elenco è vuoto, la home non mostra numeri.
title:
{figures_title}
more:
{figures_more}
caption:
{figures_caption}
figures: []
"""

CALENDAR = """\
# I tipi di attività, con il nome in ogni lingua (place: false per le scadenze).
kinds:
  - id: meeting
    label:
{kind}

# Le attività. Esempio:
#  - id: primo-incontro
#    kind: meeting
#    title: {{it: Primo incontro, en: First meeting}}
#    summary: {{it: Presentazione del progetto., en: Presentation of the project.}}
#    start: 2030-01-15
events: []
"""

TEXTS = {
    "it": {
        "name": "Nuovo sito", "description": "Il sito di un nuovo progetto.",
        "tagline": "Una frase che presenta il progetto", "summary": "Uno o due periodi che spiegano il progetto.",
        "role": "Promotore", "partner": "Che cos'è l'ente e che cosa fa nel progetto.",
        "figures_title": "Il progetto in cifre", "figures_more": "Tutti i dati",
        "figures_caption": "I dati del progetto",
        "kind": "Incontro", "events": "attivita", "news": "notizie",
        "home": ("Benvenuti", "Scrivi qui la presentazione del progetto. Leggi [chi siamo](chi-siamo.md)."),
        "page": ("Chi siamo", "Chi promuove il progetto e perché.", "## Il progetto\n\nScrivi qui chi siete."),
        "listing": "Notizie",
        "item": ("Il sito è online", "Il nuovo sito del progetto è online.",
                 "Da oggi il progetto ha il suo sito. Leggi [chi siamo](../pages/chi-siamo.md#il-progetto)."),
    },
    "en": {
        "name": "New site", "description": "The website of a new project.",
        "tagline": "A sentence that presents the project", "summary": "One or two sentences explaining the project.",
        "role": "Promoter", "partner": "What the organisation is and what it does in the project.",
        "figures_title": "The project in figures", "figures_more": "All the figures",
        "figures_caption": "The project's figures", "kind": "Meeting", "events": "activities", "news": "news",
        "home": ("Welcome", "Write the presentation of the project here. Read [about us](chi-siamo.md)."),
        "page": ("About us", "Who promotes the project, and why.", "## The project\n\nWrite who you are here."),
        "listing": "News",
        "item": ("The website is online", "The project's new website is online.",
                 "From today the project has its website. Read [about us](../pages/chi-siamo.md#the-project)."),
    },
}


def new_site(folder: Path, languages: tuple[str, ...] = ("it",)) -> list[Path]:
    """Write a minimal content folder into `folder` (absent or empty); the files written."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BuildError([Problem(display_path(folder), None, "this folder exists and is not empty",
                                  "choose a new folder: nothing is written over existing files")])
    texts = {lang: TEXTS.get(lang, TEXTS["en"]) for lang in languages}

    def per_language(key: str, indent: str = "    ") -> str:
        return "\n".join(f"{indent}{lang}: {_quoted(texts[lang][key])}" for lang in languages)

    values = {key: per_language(key) for key in ("tagline", "summary", "role", "partner", "figures_title",
                                                 "figures_more", "figures_caption", "kind")}
    values |= {key: per_language(key, "  ") for key in ("name", "description")}
    files = {
        "settings.yml": SETTINGS.format(name=values["name"], description=values["description"],
                                        languages=", ".join(languages), events=per_language("events"),
                                        news=per_language("news")),
        "project.yml": PROJECT.format(tagline=values["tagline"].replace("    ", "  "),
                                      summary=values["summary"].replace("    ", "  ")),
        "partners.yml": PARTNERS.format(role=values["role"].replace("    ", "      "),
                                        partner=values["partner"].replace("    ", "      ")),
        "statistics.yml": STATISTICS.format(figures_title=values["figures_title"].replace("    ", "  "),
                                            figures_more=values["figures_more"].replace("    ", "  "),
                                            figures_caption=values["figures_caption"].replace("    ", "  ")),
        "calendar.yml": CALENDAR.format(kind=values["kind"].replace("    ", "      ")),
    }
    for lang in languages:
        text = texts[lang]
        files[f"pages/{lang}/index.md"] = _document({"title": text["home"][0], "template": "home.html", "menu": 1},
                                                   text["home"][1])
        files[f"pages/{lang}/chi-siamo.md"] = _document({"title": text["page"][0], "description": text["page"][1],
                                                        "menu": 2}, text["page"][2])
        listing = {"title": text["listing"], "template": "news.html", "menu": 3}
        if text["news"] != "notizie":  # the list of news is the page at the news section's address
            listing["slug"] = text["news"]
        files[f"pages/{lang}/notizie.md"] = _document(listing, "")
        files[f"news/{lang}/sito-online.md"] = _document({"title": text["item"][0], "summary": text["item"][1],
                                                         "date": "2030-01-01"}, text["item"][2])
    written = []
    (folder / "files").mkdir(parents=True)  # published as it is: CNAME, logo, images
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _document(meta: dict, body: str) -> str:
    header = "".join(f"{key}: {_quoted(value) if isinstance(value, str) else value}\n" for key, value in meta.items())
    return f"---\n{header}---\n{body}\n" if body else f"---\n{header}---\n"
