"""The staff reference of every content field, in Italian, generated from the schema (records.py).

`python build.py reference` rewrites content/RIFERIMENTO.md; a test keeps the committed
file equal to what the schema says.
"""

from __future__ import annotations

from .types import DATA_FILES, NEWS, PAGE, PAGE_KIND, RECORDS
from .fields import (Boolean, Choice, Date, Field, FilePath, Group, Integer, LanguageCode, ListOf, Markdown, Number,
                     Ref, Slug, Text, Time, TimeZoneName, Translated, Url)

INTRODUCTION = """\
# Riferimento dei campi

Questo file è generato dallo schema del sito (`sitegen/records.py`) con
`python3 build.py reference`: non modificarlo a mano. Per una guida passo per passo
leggi `LEGGIMI.md`.

Per ogni file: i campi ammessi, il tipo, se è obbligatorio, i valori possibili e un
esempio. Un campo non elencato è un errore (di solito un errore di battitura).
"""


RECORD_NAMES = {"partner": "partner", "figure": "dato", "event": "attività", "kind": "tipo di attività",
                "role": "ruolo"}  # in Italian, for staff


def describe(kind) -> str:
    """The type of a field, in Italian."""
    if isinstance(kind, Translated):
        return f"testo in ogni lingua (`it:` e `en:`), ciascuno {describe(kind.inner)}"
    if isinstance(kind, ListOf):
        return f"elenco; ogni voce: {describe(kind.inner)}"
    if isinstance(kind, Choice):
        return "uno tra: " + ", ".join(f"`{value}`" for value in kind.values)
    if isinstance(kind, Ref):
        if kind.kind == PAGE_KIND:
            return "nome del file di una pagina (in pages/, senza .md)"
        where = next(records for records in RECORDS if records.kind == kind.kind)
        return f"id di un {RECORD_NAMES.get(kind.kind, kind.kind)} (in {where.file})"
    if isinstance(kind, Group):
        return "gruppo di campi (vedi sotto)"
    names = {Markdown: "testo in Markdown", Text: "testo", Date: "data AAAA-MM-GG", Time: "ora HH:MM tra virgolette (nel fuso orario del sito)",
             Integer: "numero intero", Number: "numero (decimali con il punto)", Boolean: "`true` o `false`",
             Slug: "identificativo: lettere minuscole a-z, cifre e trattini",
             Url: "indirizzo che inizia con https://, http://, mailto:, tel: oppure / (pagina del sito)",
             FilePath: "percorso di un file dentro `content/files/`, con / tra le cartelle",
             TimeZoneName: "fuso orario, come Area/Città", LanguageCode: "codice di lingua di due lettere minuscole"}
    return names.get(type(kind), kind.description)


def example(kind) -> str:
    if isinstance(kind, Translated):
        return f"`it: {kind.examples[0]}` / `en: {kind.examples[1]}`"
    if isinstance(kind, Time):
        return f'`"{kind.example}"`'
    if isinstance(kind, Group):
        return ""
    return f"`{kind.example}`" if kind.example else ""


def _table(fields: list[Field], prefix: str = "") -> list[str]:
    lines = ["| campo | tipo | obbligatorio | esempio | a che cosa serve |", "|---|---|---|---|---|"]
    nested = []
    for spec in fields:
        lines.append(f"| `{prefix}{spec.name}` | {describe(spec.type)} | {'sì' if spec.required else 'no'} | "
                     f"{example(spec.type)} | {spec.help} |")
        inner = spec.type.inner if isinstance(spec.type, ListOf) else spec.type
        if isinstance(inner, Group):
            nested.append((spec, inner))
    for spec, group in nested:
        lines += ["", f"Campi di ogni voce di `{prefix}{spec.name}`:" if isinstance(spec.type, ListOf)
                  else f"Campi di `{prefix}{spec.name}`:", ""]
        lines += _table(group.fields, prefix=f"{prefix}{spec.name}." if not isinstance(spec.type, ListOf) else "")
    return lines


def render_reference() -> str:
    """The whole reference as Markdown."""
    lines = [INTRODUCTION]
    for name, group in DATA_FILES.items():
        lines += [f"## `{name}`", ""] + _table(group.fields) + [""]
    lines += ["## Pagine: `pages/it/*.md`, `pages/en/*.md` (front matter)", "",
              "La pagina e la sua traduzione hanno lo stesso nome di file nelle due cartelle; "
              "`index.md` è la pagina iniziale della lingua.", ""] + _table(PAGE.fields) + [""]
    lines += ["## Notizie: `news/it/*.md`, `news/en/*.md` (front matter)", ""] + _table(NEWS.fields) + [""]
    return "\n".join(lines)
