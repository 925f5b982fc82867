"""The real DRIADE/DAFNE site: every fact of the press release, in both languages, and nothing invented."""

import html
import re

import pytest
from conftest import run_build

FACTS = {
    "it": [
        "oltre 1.000", "circa 15–20 miliardi di euro", "circa 50.000", "7°", "settimo cluster automotive europeo",
        "90%", "PMI", "fornitori di primo, secondo e terzo livello", "circa 40%", "ANFIA",
        "Associazione Nazionale Filiera Industria Automobilistica", "esportazioni", "DRIADE/DAFNE",
        "Regione Lombardia", "Direzione Generale Industria ed Artigianato, Edilizia e Cooperazione",
        "Camera di Commercio di Brescia", "Dipartimento di Meccanica del Politecnico di Milano",
        "capofila del Sistema Produttivo Automotive Lombardo", "Sistema Brescia", "contratto di rete",
        "AQM", "CSEAB", "CSMT", "ISFOR2000", "Università & Impresa", "Filiera Automotive Lombardia Orientale",
        "PRO BRIXIA", "Azienda Speciale", "AIB (per delega di Confindustria Lombardia)", "Confindustria Bergamo",
        "Kilometro Rosso", "CSMT/Università di Brescia", "Fondazione Politecnico di Milano", "ComunImprese",
        "Gruppo Impresa Finance", "ISO TS", "VDA 6.3",
        "«Logistica integrata per l’internazionalizzazione»",
        "«Organizzazione aziendale per l’internazionalizzazione»",
        "Technology Day", "Milano", "Bergamo", "Brescia", "Paese europeo", "19 PMI", "31 dicembre 2012",
        "www.probrixia.it", "2009", "Arese", "Comunicato stampa",
    ],
    "en": [
        "over 1,000", "about 15–20 billion euro", "about 50,000", "7th", "seventh", "90%", "SMEs",
        "tier-1, tier-2 and tier-3 suppliers", "about 40%", "ANFIA", "exports", "DRIADE/DAFNE",
        "Regione Lombardia", "Direzione Generale Industria ed Artigianato, Edilizia e Cooperazione",
        "Brescia Chamber of Commerce", "Department of Mechanical Engineering of the Politecnico di Milano",
        "Sistema Produttivo Automotive Lombardo", "Sistema Brescia", "network contract", "AQM", "CSEAB", "CSMT",
        "ISFOR2000", "Università & Impresa", "Filiera Automotive Lombardia Orientale", "PRO BRIXIA",
        "special agency", "AIB (on behalf of Confindustria Lombardia)", "Confindustria Bergamo", "Kilometro Rosso",
        "CSMT/Università di Brescia", "Fondazione Politecnico di Milano", "ComunImprese", "Gruppo Impresa Finance",
        "ISO TS", "VDA 6.3", "“Logistica integrata per l’internazionalizzazione”",
        "“Organizzazione aziendale per l’internazionalizzazione”", "Technology Day", "Milan", "Bergamo",
        "European country", "19 SMEs", "31 December 2012", "www.probrixia.it", "2009", "Arese", "Press release",
    ],
}
MONTHS = "gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre|" \
         "January|February|March|April|May|June|July|August|September|October|November|December"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    def build(today):
        output = tmp_path_factory.mktemp("site") / "site"
        result = run_build("--output", str(output), "--today", today, "--no-cache")
        assert result.code == 0, result.err
        return output
    return build


def visible_text(folder, keep_as_of: bool = True) -> str:
    parts = []
    for page in sorted(folder.rglob("*.html")):
        source = re.sub(r"<(script|style)\b.*?</\1>", " ", page.read_text(encoding="utf-8"), flags=re.S)
        if not keep_as_of:
            source = AS_OF.sub(" ", source)
        parts.append(html.unescape(re.sub(r"<[^>]+>", " ", source)))
    return re.sub(r"\s+", " ", " ".join(parts))


@pytest.mark.parametrize("lang", ["it", "en"])
def test_every_fact_of_the_press_release_is_on_the_site(built, lang):
    text = visible_text(built("2012-11-26") / lang)
    missing = [fact for fact in FACTS[lang] if fact not in text]
    assert missing == []


AS_OF = re.compile(r'<p class="as-of">(.*?)</p>')  # the build date, beside what depends on it


def test_nothing_invented_no_other_dates_phones_or_emails(built):
    site = built("2012-11-26")
    text = visible_text(site)
    dates = set(re.findall(rf"\b\d{{1,2}}(?:°)? (?:{MONTHS}) \d{{4}}\b", visible_text(site, keep_as_of=False)))
    assert dates == {"31 dicembre 2012", "31 December 2012"}
    assert not re.search(r"\+39|\b0\d{1,3}[ /.-]?\d{5,8}\b", text), "a phone number that the release does not give"
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text), "an e-mail address that the release does not give"
    links = set(re.findall(r'href="(https?://[^"]+)"', "".join(p.read_text() for p in site.rglob("*.html"))))
    assert {link for link in links if "example.org" not in link} == {"https://www.probrixia.it/"}


def test_activities_without_a_date_are_to_be_announced(built):
    site = built("2012-11-26")
    italian = (site / "it/attivita/index.html").read_text()
    english = (site / "en/activities/index.html").read_text()
    assert italian.count("data da definire") >= 7 and english.count("date to be announced") >= 7
    assert "Technology Day a Milano" in italian or "Technology Day Milano" in italian


def test_before_the_deadline_the_home_invites_to_join_with_days_left(built):
    site = built("2012-11-26")
    italian, english = (site / "it/index.html").read_text(), (site / "en/index.html").read_text()
    assert "Aderisci al progetto" in italian and "Mancano 36 giorni alla scadenza." in italian
    assert "Join the project" in english and "36 days left to join." in english


def test_what_depends_on_the_build_date_says_which_date_it_was(built):
    site = built("2012-11-26")
    for page, words in (("it/index.html", "Situazione al 26 novembre 2012."), ("en/index.html", "As of 26 November 2012."),
                        ("it/attivita/index.html", "Situazione al 26 novembre 2012."),
                        ("en/activities/index.html", "As of 26 November 2012.")):
        assert words in AS_OF.findall((site / page).read_text(encoding="utf-8")), page
    assert not AS_OF.search((site / "it/progetto/index.html").read_text(encoding="utf-8"))


def test_on_the_last_day_the_home_says_so(built):
    italian = (built("2012-12-31") / "it/index.html").read_text()
    assert "oggi è l’ultimo giorno utile" in italian


def test_after_the_deadline_membership_is_closed(built):
    site = built("2013-01-01")
    italian, english = (site / "it/index.html").read_text(), (site / "en/index.html").read_text()
    assert "Adesioni chiuse" in italian and "Le adesioni si sono chiuse il 31 dicembre 2012." in italian
    assert "Membership closed" in english and "Membership closed on 31 December 2012." in english
    assert "Mancano" not in italian and "days left" not in english


def test_every_page_carries_its_language_and_both_languages_exist(built):
    site = built("2012-11-26")
    for lang in ("it", "en"):
        pages = list((site / lang).rglob("index.html"))
        assert len(pages) >= 19
        for page in pages:
            assert f'<html lang="{lang}"' in page.read_text()
    assert len(list((site / "it").rglob("index.html"))) == len(list((site / "en").rglob("index.html")))


def test_charts_have_text_alternatives_and_the_figures_are_also_a_table(built):
    page = (built("2012-11-26") / "it/cluster/index.html").read_text()
    charts = re.findall(r"<svg\b[^>]*>.*?</svg>", page, flags=re.S)
    assert len(charts) >= 3
    for chart in charts:
        assert 'role="img"' in chart and "<title id=" in chart
    assert "<table" in page and "circa 40%" in page.split("<table", 1)[1]


def test_html_and_css_of_every_page_stay_under_50_kb(built):
    site = built("2012-11-26")
    css = sum(p.stat().st_size for p in (site / "static").glob("*.css"))
    for page in site.rglob("*.html"):
        assert page.stat().st_size + css < 50_000, page
