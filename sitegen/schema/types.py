"""The content schema: every file staff edit, and every field it may hold.

The staff reference (content/RIFERIMENTO.md) is generated from these declarations,
so the documentation cannot drift from what validation accepts.
"""

from __future__ import annotations

from dataclasses import dataclass

from .fields import (Boolean, Choice, Date, Field, FilePath, Group, Integer, LanguageCode, ListOf, Markdown, Number,
                     Ref, Slug, Text, Time, TimeZoneName, Translated, Url)

# Partner roles and event kinds are declared by each site, with their labels, in partners.yml
# (`roles`) and calendar.yml (`kinds`): a partner's `roles` and an event's `kind` name them (Ref).
EVENT_STATUSES = ("scheduled", "postponed", "cancelled")

FUNDER = Group([
    Field("name", Translated(examples=("Ente finanziatore", "Funding body"), every_language=True), True,
          help="Nome del finanziatore, in ogni lingua: è il testo alternativo del logo."),
    Field("logo", FilePath("loghi/ue.png"), True, help="Il logo, in `content/files/` (PNG, SVG o JPEG)."),
    Field("emblem", Boolean(), default=False,
          help="true per l'emblema dell'Unione europea: non può essere disegnato più piccolo degli altri loghi."),
    Field("height", Integer(minimum=24), default=64, help="Altezza del logo nel blocco, in pixel (almeno 24)."),
])

FUNDERS = Group([
    Field("statement", Translated(), True,
          help="La dichiarazione di finanziamento per esteso, in ogni lingua (per esempio «Progetto cofinanziato "
               "dall'Unione europea»)."),
    Field("logos", ListOf(FUNDER, min_items=1), True, help="I loghi dei finanziatori, nell'ordine in cui mostrarli."),
])

SETTINGS = Group([
    Field("name", Translated(), True, help="Nome del sito in ogni lingua, mostrato nell'intestazione e nei titoli."),
    Field("description", Translated(), True, help="Descrizione breve del sito (motori di ricerca, anteprime)."),
    Field("base_url", Url(), True, help="Indirizzo pubblico del sito, con la barra finale. "
          "Si può sostituire al momento della pubblicazione con `--base-url`."),
    Field("languages", ListOf(LanguageCode(), min_items=1), True,
          help="Lingue del sito, come codici di due lettere (it, en, fr…); la prima è quella predefinita "
               "(a cui porta `/`). Per ognuna il tema deve avere le sue parole (templates/translations/). "
               "Con una sola lingua gli indirizzi non hanno il prefisso della lingua."),
    Field("sections", Group([
        Field("events", Translated(Slug(), ("attivita", "activities")), True, help="Cartella delle pagine delle attività, per lingua."),
        Field("news", Translated(Slug(), ("notizie", "news")), True, help="Cartella delle notizie, per lingua."),
    ]), True, help="Nomi delle cartelle che contengono le attività e le notizie."),
    Field("publisher", Ref("partner", "ente-promotore"), True,
          help="Id del partner che pubblica il sito (citato a piè di pagina e nei dati strutturati)."),
    Field("contact", Group([
        Field("website", Url(), True, help="Sito dell'ente da contattare."),
        Field("email", Text("info@example.org"), help="Indirizzo di posta (solo se ufficiale)."),
        Field("phone", Text("+39 030 0000000"), help="Telefono (solo se ufficiale)."),
    ]), True, help="Recapiti mostrati nella pagina Contatti."),
    Field("funders", FUNDERS, help="I finanziatori, mostrati in fondo a ogni pagina: loghi e dichiarazione "
          "di finanziamento. Se manca, il blocco non c'è."),
    Field("timezone", TimeZoneName(), default="UTC",
          help="Fuso orario del sito: ore delle attività, date delle notizie, data della generazione "
               "(per esempio Europe/Rome)."),
    Field("country", Text("IT"), help="Paese delle sedi delle attività, come codice ISO di due lettere "
          "(per esempio IT), per i dati strutturati."),
    Field("logo", FilePath("logo.svg"), help="Logo del sito: nome di un file in files/ (SVG o PNG quadrato); "
          "se manca, l'intestazione mostra solo il nome."),
    Field("favicon", FilePath("favicon.svg"), help="Icona del sito per le schede del browser: nome di un file "
          "in files/ (SVG)."),
    Field("preview_image", Group([
        Field("file", FilePath("anteprima.png"), True, help="Nome di un file PNG o JPEG in files/, "
              "di 1200 × 630 pixel."),
        Field("alt", Translated(every_language=True), True, help="Che cosa mostra l'immagine, in ogni lingua."),
    ]), help="Immagine mostrata quando si condivide una pagina; se manca, per ogni pagina se ne disegna "
             "una con il nome del sito e il titolo della pagina."),
])

MEMBERSHIP = Group([
    Field("deadline", Date(), True, help="Ultimo giorno per aderire."),
    Field("joined", Integer(), True, help="Numero di imprese che hanno aderito finora."),
    Field("audience", Translated(examples=("Le imprese della provincia", "Businesses of the province")), True,
          help="Chi può aderire, in ogni lingua: «{audience} possono aderire fino al …»."),
    Field("members", Translated(examples=("imprese", "businesses")), True,
          help="Come si chiamano gli aderenti, al plurale, in ogni lingua: «Hanno aderito finora 19 {members}»."),
    Field("contact", Ref("partner", "ente-promotore"), True, help="Id del partner a cui rivolgersi per aderire."),
    Field("page", Ref("page", "aderire"), help="Nome del file (senza .md) della pagina che spiega come aderire."),
])

PROJECT = Group([
    Field("name", Text("Progetto Esempio"), True, help="Nome del progetto."),
    Field("tagline", Translated(), True, help="Frase che riassume il progetto, in ogni lingua."),
    Field("summary", Translated(), True, help="Uno o due periodi che spiegano il progetto."),
    Field("promoter", Ref("partner", "comune"), True, help="Id del partner che promuove il progetto."),
    Field("executor", Ref("partner", "ente-promotore"), True, help="Id del partner che esegue il progetto."),
    Field("membership", MEMBERSHIP, help="Adesioni al progetto; se manca, il sito non parla di adesioni."),
])

PARTNER = Group([
    Field("id", Slug(), True, help="Identificativo unico, usato dagli altri file per citarlo."),
    Field("name", Text("ACME"), True, help="Nome (o sigla) come lo scrive l'ente."),
    Field("full_name", Translated(), help="Nome per esteso, in ogni lingua."),
    Field("roles", ListOf(Ref("role", "promoter"), min_items=1), True,
          help="Ruoli nel progetto: id dei ruoli dichiarati in `roles` in cima a partners.yml."),
    Field("description", Translated(), True, help="Che cos'è l'ente e che cosa fa nel progetto."),
    Field("city", Text("Verona"), help="Città (solo se indicata dalle fonti)."),
    Field("url", Url(), help="Sito web (solo se indicato dalle fonti)."),
    Field("members", ListOf(Ref("partner", "universita")), help="Id dei partner che ne fanno parte (per una rete)."),
    Field("logo", FilePath("loghi/acme.png"), help="Il logo, in `content/files/` (solo se l'ente lo fornisce); "
          "se manca la scheda mostra il nome."),
])

FIGURE = Group([
    Field("id", Slug(), True, help="Identificativo unico del dato."),
    Field("value", Number(), True, help="Il valore (per un intervallo, il minimo)."),
    Field("value_max", Number(), help="Il massimo, se il dato è un intervallo (15-20)."),
    Field("qualifier", Choice("exact", "over", "about"), default="exact",
          help="exact (esatto), over (oltre), about (circa)."),
    Field("unit", Translated(examples=("milioni di euro", "million euro")), help="Unità dopo il numero, in ogni lingua (per esempio: milioni di euro)."),
    Field("label", Translated(), True, help="Che cosa misura il dato, in ogni lingua."),
    Field("chart", Choice("none", "share", "rank"), default="none",
          help="Grafico: share (quota su 100, per le percentuali), rank (posizione in classifica), none."),
    Field("source", Ref("partner", "istituto"), help="Id del partner che fornisce il dato, se indicato."),
    Field("key", Boolean(), default=False, help="true per mostrarlo tra i numeri chiave della home."),
])

STATISTICS = Group([
    Field("title", Translated(examples=("Il progetto in cifre", "The project in figures")), True,
          help="Titolo dei numeri chiave nella home, in ogni lingua."),
    Field("more", Translated(examples=("Tutti i dati", "All the figures")), True,
          help="Testo del collegamento dalla home alla pagina dei dati, in ogni lingua."),
    Field("caption", Translated(examples=("I dati del progetto", "The project's figures")), True,
          help="Didascalia della tabella dei dati, in ogni lingua."),
    Field("default_source", Translated(examples=("relazione annuale", "annual report")),
          help="Fonte dei dati che non ne indicano una, in ogni lingua."),
    Field("figures", ListOf(FIGURE), True, help="I dati, nell'ordine in cui mostrarli."),
])

EVENT_IMAGE = Group([
    Field("file", FilePath("foto/sala.jpg"), True, help="La foto, in `content/files/`."),
    Field("alt", Translated(examples=("Il pubblico in sala durante la presentazione",
                                      "The audience in the hall during the presentation"), every_language=True), True,
          help="Testo alternativo in ogni lingua: che cosa mostra la foto (capitolo 12 di LEGGIMI.md)."),
])

EVENT = Group([
    Field("id", Slug(), True, help="Identificativo unico; è anche l'indirizzo della pagina dell'attività."),
    Field("kind", Ref("kind", "course"), True,
          help="Tipo di attività: id di uno dei tipi dichiarati in `kinds` in cima a calendar.yml."),
    Field("title", Translated(), True, help="Titolo, in ogni lingua."),
    Field("summary", Translated(), True, help="Una frase che descrive l'attività, in ogni lingua."),
    Field("description", Translated(Markdown()), help="Testo più lungo, in Markdown, in ogni lingua."),
    Field("start", Date(), help="Data (o primo giorno). Senza data l'attività è «data da definire»."),
    Field("end", Date(), help="Ultimo giorno, se dura più giorni."),
    Field("time", Time(), help="Ora di inizio, nel fuso orario del sito (solo con `start`)."),
    Field("end_time", Time(), help="Ora di fine, nel fuso orario del sito (solo con `time`)."),
    Field("city", Translated(examples=("Venezia", "Venice")), help="Città, in ogni lingua (Venezia / Venice)."),
    Field("venue", Text("Sala conferenze"), help="Sede (solo se annunciata)."),
    Field("address", Text("Via Roma 1, 37121 Verona"), help="Indirizzo della sede (solo se annunciato)."),
    Field("organizers", ListOf(Ref("partner", "ente-promotore")), help="Id dei partner che la organizzano."),
    Field("status", Choice(*EVENT_STATUSES), default="scheduled",
          help="scheduled (prevista), postponed (rinviata), cancelled (annullata)."),
    Field("image", EVENT_IMAGE, help="Una foto dell'attività, mostrata nella sua pagina (solo foto vere, "
          "con il permesso di pubblicarle)."),
])

KIND = Group([
    Field("id", Slug(), True, help="Identificativo del tipo, usato dal campo `kind` delle attività."),
    Field("label", Translated(examples=("Corso", "Course")), True, help="Nome del tipo, in ogni lingua."),
    Field("place", Boolean(), default=True,
          help="false per ciò che non si svolge in un luogo (una scadenza): la pagina non indica il luogo, "
               "i dati strutturati non la presentano come evento, il calendario non occupa la giornata."),
    Field("abroad", Boolean(), default=False,
          help="true per ciò che si svolge fuori dal paese del sito (`country` in settings.yml)."),
])

ROLE = Group([
    Field("id", Slug(), True, help="Identificativo del ruolo, usato dal campo `roles` dei partner."),
    Field("label", Translated(examples=("Promotore", "Promoter")), True,
          help="Titolo della sezione della pagina dei partner, in ogni lingua."),
])

CALENDAR = Group([
    Field("kinds", ListOf(KIND),
          help="I tipi di attività, con il loro nome in ogni lingua."),
    Field("events", ListOf(EVENT), True, help="Le attività e le scadenze del progetto."),
])

PAGE = Group([
    Field("title", Text("Il progetto"), True, help="Titolo della pagina."),
    Field("description", Text("Obiettivi, promotori e storia del progetto."),
          help="Riassunto per motori di ricerca e anteprime (una o due frasi)."),
    Field("slug", Slug(), help="Indirizzo della pagina; se manca si usa il nome del file."),
    Field("template", Text("page.html"), default="page.html",
          help="Modello grafico: page.html, home.html, activities.html, partners.html, statistics.html, "
               "news.html, contact.html."),
    Field("menu", Integer(minimum=1), help="Posizione nel menu principale (1, 2, 3...); se manca non è nel menu."),
    Field("menu_title", Text("Progetto"), help="Voce di menu più breve del titolo."),
    Field("footer", Integer(minimum=1), help="Posizione tra i collegamenti a piè di pagina; se manca non c'è."),
    Field("draft", Boolean(), default=False, help="true: la pagina si vede solo nell'anteprima (serve)."),
])

NEWS = Group([
    Field("title", Text("Presentato il progetto"), True, help="Titolo della notizia."),
    Field("summary", Text("Una frase che riassume la notizia."), True, help="Riassunto (elenchi, feed, anteprime)."),
    Field("date", Date(), help="Data di pubblicazione; se manca la notizia è mostrata senza data."),
    Field("updated", Date(), help="Data dell'ultimo aggiornamento, se diversa."),
    Field("slug", Slug(), help="Indirizzo della notizia; se manca si usa il nome del file."),
    Field("author", Text("Redazione"), help="Autore, se noto; se manca non è indicato."),
    Field("draft", Boolean(), default=False, help="true: la notizia si vede solo nell'anteprima (serve)."),
])


PARTNERS = Group([
    Field("roles", ListOf(ROLE),
          help="I ruoli dei partner, nell'ordine delle sezioni della pagina dei partner."),
    Field("partners", ListOf(PARTNER, min_items=1), True, help="Gli enti del progetto, nell'ordine in cui mostrarli."),
])


# Data files of content/, in the order they are loaded, with the schema of each.
DATA_FILES = {
    "settings.yml": SETTINGS,
    "project.yml": PROJECT,
    "partners.yml": PARTNERS,
    "statistics.yml": STATISTICS,
    "calendar.yml": CALENDAR,
}


@dataclass(frozen=True)
class Records:
    """A list of records in a data file, each with an `id` unique in the list, by which
    Ref fields anywhere name them."""

    kind: str  # what a Ref names: Ref("partner", ...)
    file: str
    key: str  # the list's field in the file

    @property
    def group(self) -> Group:
        return next(spec.type.inner for spec in DATA_FILES[self.file].fields if spec.name == self.key)


RECORDS = (
    Records("partner", "partners.yml", "partners"),
    Records("figure", "statistics.yml", "figures"),
    Records("event", "calendar.yml", "events"),
    Records("kind", "calendar.yml", "kinds"),
    Records("role", "partners.yml", "roles"),
)
PAGE_KIND = "page"  # Ref("page", ...) names a page by its file name, without .md
