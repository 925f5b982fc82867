"""The content schema: every file staff edit, and every field it may hold.

The staff reference (content/RIFERIMENTO.md) is generated from these declarations,
so the documentation cannot drift from what validation accepts.
"""

from __future__ import annotations

from dataclasses import dataclass

from .fields import (Boolean, Choice, Date, Field, FilePath, Group, Integer, ListOf, Markdown, Number, Ref, Slug,
                     Text, Time, Translated, Url)

PARTNER_ROLES = ("promoter", "commissioner", "network-member", "beneficiary", "executor",
                 "strategic", "venue", "founder")
EVENT_KINDS = ("course", "training", "technology-day", "mission", "deadline", "meeting")
EVENT_STATUSES = ("scheduled", "postponed", "cancelled")

FUNDER = Group([
    Field("name", Translated(examples=("Unione europea", "European Union")), True,
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
    Field("languages", ListOf(Choice("it", "en", "de", "fr", "es"), min_items=1), True,
          help="Lingue del sito; la prima è quella predefinita (a cui porta `/`)."),
    Field("sections", Group([
        Field("events", Translated(Slug(), ("attivita", "activities")), True, help="Cartella delle pagine delle attività, per lingua."),
        Field("news", Translated(Slug(), ("notizie", "news")), True, help="Cartella delle notizie, per lingua."),
    ]), True, help="Nomi delle cartelle che contengono le attività e le notizie."),
    Field("publisher", Ref("partner", "probrixia"), True,
          help="Id del partner che pubblica il sito (citato a piè di pagina e nei dati strutturati)."),
    Field("contact", Group([
        Field("website", Url(), True, help="Sito dell'ente da contattare."),
        Field("email", Text("info@example.org"), help="Indirizzo di posta (solo se ufficiale)."),
        Field("phone", Text("+39 030 0000000"), help="Telefono (solo se ufficiale)."),
    ]), True, help="Recapiti mostrati nella pagina Contatti."),
    Field("funders", FUNDERS, help="I finanziatori, mostrati in fondo a ogni pagina: loghi e dichiarazione "
          "di finanziamento. Se manca, il blocco non c'è."),
])

MEMBERSHIP = Group([
    Field("deadline", Date(), True, help="Ultimo giorno per aderire."),
    Field("joined", Integer(), True, help="Numero di imprese che hanno aderito finora."),
    Field("contact", Ref("partner", "probrixia"), True, help="Id del partner a cui rivolgersi per aderire."),
    Field("page", Ref("page", "aderire"), help="Nome del file (senza .md) della pagina che spiega come aderire."),
])

PROJECT = Group([
    Field("name", Text("DRIADE/DAFNE"), True, help="Nome del progetto."),
    Field("tagline", Translated(), True, help="Frase che riassume il progetto, in ogni lingua."),
    Field("summary", Translated(), True, help="Uno o due periodi che spiegano il progetto."),
    Field("promoter", Ref("partner", "regione-lombardia"), True, help="Id del partner che promuove il progetto."),
    Field("executor", Ref("partner", "probrixia"), True, help="Id del partner che esegue il progetto."),
    Field("membership", MEMBERSHIP, True, help="Adesioni delle imprese al progetto."),
])

PARTNER = Group([
    Field("id", Slug(), True, help="Identificativo unico, usato dagli altri file per citarlo."),
    Field("name", Text("ANFIA"), True, help="Nome (o sigla) come lo scrive l'ente."),
    Field("full_name", Translated(), help="Nome per esteso, in ogni lingua."),
    Field("roles", ListOf(Choice(*PARTNER_ROLES), min_items=1), True,
          help="Ruoli nel progetto: promoter (promotore), commissioner (committente), network-member "
               "(membro di una rete), beneficiary (per conto di chi), executor (esecutore), strategic "
               "(partner strategico), venue (sede della presentazione), founder (promotore dal 2009)."),
    Field("description", Translated(), True, help="Che cos'è l'ente e che cosa fa nel progetto."),
    Field("city", Text("Brescia"), help="Città (solo se indicata dalle fonti)."),
    Field("url", Url(), help="Sito web (solo se indicato dalle fonti)."),
    Field("members", ListOf(Ref("partner", "csmt")), help="Id dei partner che ne fanno parte (per una rete)."),
    Field("logo", FilePath("loghi/anfia.png"), help="Il logo, in `content/files/` (solo se l'ente lo fornisce); "
          "se manca la scheda mostra il nome."),
])

FIGURE = Group([
    Field("id", Slug(), True, help="Identificativo unico del dato."),
    Field("value", Number(), True, help="Il valore (per un intervallo, il minimo)."),
    Field("value_max", Number(), help="Il massimo, se il dato è un intervallo (15-20)."),
    Field("qualifier", Choice("exact", "over", "about"), default="exact",
          help="exact (esatto), over (oltre), about (circa)."),
    Field("unit", Translated(examples=("miliardi di euro", "billion euro")), help="Unità dopo il numero, in ogni lingua (per esempio: miliardi di euro)."),
    Field("label", Translated(), True, help="Che cosa misura il dato, in ogni lingua."),
    Field("chart", Choice("none", "share", "rank"), default="none",
          help="Grafico: share (quota su 100, per le percentuali), rank (posizione in classifica), none."),
    Field("source", Ref("partner", "anfia"), help="Id del partner che fornisce il dato, se indicato."),
    Field("key", Boolean(), default=False, help="true per mostrarlo tra i numeri chiave della home."),
])

STATISTICS = Group([
    Field("figures", ListOf(FIGURE, min_items=1), True, help="I dati del cluster, nell'ordine in cui mostrarli."),
])

EVENT_IMAGE = Group([
    Field("file", FilePath("foto/technology-day-milano.jpg"), True, help="La foto, in `content/files/`."),
    Field("alt", Translated(examples=("Il pubblico in sala durante la presentazione",
                                      "The audience in the hall during the presentation")), True,
          help="Testo alternativo in ogni lingua: che cosa mostra la foto (capitolo 12 di LEGGIMI.md)."),
])

EVENT = Group([
    Field("id", Slug(), True, help="Identificativo unico; è anche l'indirizzo della pagina dell'attività."),
    Field("kind", Choice(*EVENT_KINDS), True,
          help="course (corso), training (modulo formativo), technology-day, mission (missione), "
               "deadline (scadenza), meeting (incontro)."),
    Field("title", Translated(), True, help="Titolo, in ogni lingua."),
    Field("summary", Translated(), True, help="Una frase che descrive l'attività, in ogni lingua."),
    Field("description", Translated(Markdown()), help="Testo più lungo, in Markdown, in ogni lingua."),
    Field("start", Date(), help="Data (o primo giorno). Senza data l'attività è «data da definire»."),
    Field("end", Date(), help="Ultimo giorno, se dura più giorni."),
    Field("time", Time(), help="Ora di inizio, ora italiana (solo con `start`)."),
    Field("end_time", Time(), help="Ora di fine, ora italiana (solo con `time`)."),
    Field("city", Translated(examples=("Milano", "Milan")), help="Città, in ogni lingua (Milano / Milan)."),
    Field("venue", Text("Camera di Commercio di Brescia"), help="Sede (solo se annunciata)."),
    Field("address", Text("Via Orzinuovi 1, 25125 Brescia"), help="Indirizzo della sede (solo se annunciato)."),
    Field("organizers", ListOf(Ref("partner", "probrixia")), help="Id dei partner che la organizzano."),
    Field("status", Choice(*EVENT_STATUSES), default="scheduled",
          help="scheduled (prevista), postponed (rinviata), cancelled (annullata)."),
    Field("image", EVENT_IMAGE, help="Una foto dell'attività, mostrata nella sua pagina (solo foto vere, "
          "con il permesso di pubblicarle)."),
])

CALENDAR = Group([
    Field("events", ListOf(EVENT), True, help="Le attività e le scadenze del progetto."),
])

PAGE = Group([
    Field("title", Text("Il progetto"), True, help="Titolo della pagina."),
    Field("description", Text("Obiettivi, promotori e storia del progetto."),
          help="Riassunto per motori di ricerca e anteprime (una o due frasi)."),
    Field("slug", Slug(), help="Indirizzo della pagina; se manca si usa il nome del file."),
    Field("template", Text("page.html"), default="page.html",
          help="Modello grafico: page.html, home.html, activities.html, partners.html, cluster.html, "
               "news.html, contact.html."),
    Field("menu", Integer(minimum=1), help="Posizione nel menu principale (1, 2, 3...); se manca non è nel menu."),
    Field("menu_title", Text("Progetto"), help="Voce di menu più breve del titolo."),
    Field("footer", Integer(minimum=1), help="Posizione tra i collegamenti a piè di pagina; se manca non c'è."),
    Field("draft", Boolean(), default=False, help="true: la pagina si vede solo nell'anteprima (serve)."),
])

NEWS = Group([
    Field("title", Text("Presentato il progetto DRIADE/DAFNE"), True, help="Titolo della notizia."),
    Field("summary", Text("Una frase che riassume la notizia."), True, help="Riassunto (elenchi, feed, anteprime)."),
    Field("date", Date(), help="Data di pubblicazione; se manca la notizia è mostrata senza data."),
    Field("updated", Date(), help="Data dell'ultimo aggiornamento, se diversa."),
    Field("slug", Slug(), help="Indirizzo della notizia; se manca si usa il nome del file."),
    Field("author", Text("PRO BRIXIA"), help="Autore, se noto; se manca non è indicato."),
    Field("draft", Boolean(), default=False, help="true: la notizia si vede solo nell'anteprima (serve)."),
])


PARTNERS = Group([
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
)
PAGE_KIND = "page"  # Ref("page", ...) names a page by its file name, without .md
