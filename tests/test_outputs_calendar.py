"""iCalendar outputs: every .ics parses with the icalendar library and round-trips; dates, zones and ids are right."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from conftest import FIXTURES, ROOT, run_build

BASE_URL = "https://example.org/driade/"
TODAY = "2012-11-01"
ROME = ZoneInfo("Europe/Rome")


def build(content: Path, output: Path, today: str = TODAY) -> Path:
    result = run_build("--content", str(content), "--output", str(output), "--base-url", BASE_URL, "--today", today)
    assert result.code == 0, result.err
    return output


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> Path:
    return build(FIXTURES / "basic" / "content", tmp_path_factory.mktemp("basic") / "site")


@pytest.fixture(scope="module")
def real_site(tmp_path_factory) -> Path:
    return build(ROOT / "content", tmp_path_factory.mktemp("real") / "site")


def read_calendar(path: Path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def events_by_uid(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.mark.parametrize("which", ["fixture_site", "real_site"])
def test_every_ics_parses_and_round_trips_byte_for_byte(which, request):
    site = request.getfixturevalue(which)
    files = sorted(site.rglob("*.ics"))
    assert len(files) >= 4  # two calendars and at least one event file per language
    for path in files:
        data = path.read_bytes()
        calendar = icalendar.Calendar.from_ical(data)
        assert calendar.name == "VCALENDAR"
        assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
        assert list(calendar.walk("VEVENT")), f"{path} has no event"
        assert calendar.to_ical() == data, f"{path} does not round-trip"


@pytest.mark.parametrize("which", ["fixture_site", "real_site"])
def test_lines_end_with_crlf_and_are_folded_at_75_octets(which, request):
    for path in request.getfixturevalue(which).rglob("*.ics"):
        data = path.read_bytes()
        assert data.endswith(b"\r\n")
        lines = data.split(b"\r\n")[:-1]
        assert all(b"\n" not in line and b"\r" not in line for line in lines), f"bare line break in {path}"
        assert max(len(line) for line in lines) <= 75, f"unfolded line in {path}"
        data.decode("utf-8")  # folding never cuts a character in two


def test_subscribable_calendar_has_dated_events_and_deadline_but_not_tba(fixture_site):
    calendar = read_calendar(fixture_site / "it" / "calendar.ics")
    uids = set(events_by_uid(calendar))
    assert uids == {"giornata-milano@example.org/driade", "corso@example.org/driade", "scadenza@example.org/driade"}
    assert "Missione" not in (fixture_site / "it" / "calendar.ics").read_text()
    assert str(calendar["X-WR-CALNAME"]) == "PROVA – Calendario delle attività"
    assert str(read_calendar(fixture_site / "en" / "calendar.ics")["X-WR-CALNAME"]) == "PROVA – Activities calendar"


def test_uids_are_the_same_in_both_languages_and_across_builds(fixture_site, tmp_path):
    again = build(FIXTURES / "basic" / "content", tmp_path / "again")
    for lang in ("it", "en"):
        first = (fixture_site / lang / "calendar.ics").read_bytes()
        assert (again / lang / "calendar.ics").read_bytes() == first
    assert set(events_by_uid(read_calendar(fixture_site / "it" / "calendar.ics"))) == \
        set(events_by_uid(read_calendar(fixture_site / "en" / "calendar.ics")))


def test_dtstamp_is_the_build_date_at_midnight_utc(fixture_site, tmp_path):
    for path in fixture_site.rglob("*.ics"):
        for event in read_calendar(path).walk("VEVENT"):
            assert event.decoded("DTSTAMP") == dt.datetime(2012, 11, 1, tzinfo=dt.timezone.utc)
    later = build(FIXTURES / "basic" / "content", tmp_path / "later", today="2012-11-02")
    text = (later / "it" / "calendar.ics").read_text()
    assert "DTSTAMP:20121102T000000Z" in text and "DTSTAMP:20121101" not in text


def test_all_day_events_are_dates_with_exclusive_end(fixture_site):
    events = events_by_uid(read_calendar(fixture_site / "it" / "calendar.ics"))
    course = events["corso@example.org/driade"]
    assert course.decoded("DTSTART") == dt.date(2013, 1, 10)
    assert course.decoded("DTEND") == dt.date(2013, 1, 12)  # last day 11 January, plus one
    deadline = events["scadenza@example.org/driade"]
    assert deadline.decoded("DTSTART") == dt.date(2012, 12, 31)
    assert deadline.decoded("DTEND") == dt.date(2013, 1, 1)
    assert not isinstance(deadline.decoded("DTSTART"), dt.datetime)
    raw = (fixture_site / "it" / "calendar.ics").read_bytes().decode("utf-8")
    assert "DTSTART;VALUE=DATE:20121231\r\nDTEND;VALUE=DATE:20130101\r\n" in raw


def test_timed_event_uses_europe_rome_and_ships_its_vtimezone(fixture_site):
    path = fixture_site / "it" / "eventi" / "giornata-milano" / "giornata-milano.ics"
    calendar = read_calendar(path)
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Rome"]
    assert calendar.get_missing_tzids() == set()
    event = calendar.walk("VEVENT")[0]
    assert event["DTSTART"].params["TZID"] == "Europe/Rome"
    assert event.decoded("DTSTART") == dt.datetime(2012, 10, 5, 14, 30, tzinfo=ROME)
    assert event.decoded("DTEND") == dt.datetime(2012, 10, 5, 18, 0, tzinfo=ROME)
    assert event.decoded("DTSTART").utcoffset() == dt.timedelta(hours=2)  # summer time in October
    assert "DTSTART;TZID=Europe/Rome:20121005T143000\r\n" in path.read_bytes().decode("utf-8")


def test_event_carries_location_url_description_status(fixture_site):
    event = read_calendar(fixture_site / "en" / "calendar.ics").walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Day in Milan"
    assert str(event["LOCATION"]) == "Milan"
    assert str(event["URL"]) == "https://example.org/driade/en/events/giornata-milano/"
    assert str(event["DESCRIPTION"]) == "A day of meetings.\n\nhttps://example.org/driade/en/events/giornata-milano/"
    assert str(event["STATUS"]) == "CONFIRMED"


def test_event_page_links_its_own_ics_and_tba_event_has_none(fixture_site):
    page = (fixture_site / "it" / "eventi" / "corso" / "index.html").read_text()
    link = re.search(r'<a class="button" href="([^"]+\.ics)"', page).group(1)
    assert link == "/driade/it/eventi/corso/corso.ics"
    assert (fixture_site / link.removeprefix("/driade/")).is_file()
    assert 'href="/driade/it/calendar.ics"' in page
    tba = (fixture_site / "it" / "eventi" / "missione" / "index.html").read_text()
    assert ".ics" not in tba.split("</head>")[1]
    assert not list((fixture_site / "it" / "eventi" / "missione").glob("*.ics"))


def test_real_membership_deadline_is_an_all_day_item(real_site):
    calendar = read_calendar(real_site / "it" / "calendar.ics")
    events = events_by_uid(calendar)
    assert list(events) == ["adesioni-scadenza@example.org/driade"]  # the other activities have no date yet
    deadline = events["adesioni-scadenza@example.org/driade"]
    assert deadline.decoded("DTSTART") == dt.date(2012, 12, 31)
    assert deadline.decoded("DTEND") == dt.date(2013, 1, 1)
    assert str(deadline["TRANSP"]) == "TRANSPARENT"
    own = real_site / "en" / "activities" / "adesioni-scadenza" / "adesioni-scadenza.ics"
    assert str(read_calendar(own).walk("VEVENT")[0]["SUMMARY"]) == "Deadline for joining the project"


def test_commas_semicolons_backslashes_and_newlines_are_escaped_and_round_trip(basic_site, tmp_path):
    calendar_file = basic_site / "calendar.yml"
    text = calendar_file.read_text()
    text = text.replace("it: Giornata a Milano", "it: 'Giornata, prova; con \\ barra'")
    text = text.replace("it: Una giornata di incontri.", 'it: "Incontri, prove; righe\\nnuove \\\\ fine"')
    calendar_file.write_text(text)
    site = build(basic_site, tmp_path / "site")
    path = site / "it" / "eventi" / "giornata-milano" / "giornata-milano.ics"
    raw = path.read_bytes()
    unfolded = raw.replace(b"\r\n ", b"").decode("utf-8")
    assert "SUMMARY:Giornata\\, prova\\; con \\\\ barra\r\n" in unfolded
    assert "DESCRIPTION:Incontri\\, prove\\; righe\\nnuove \\\\ fine\\n\\nhttps:" in unfolded
    event = read_calendar(path).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Giornata, prova; con \\ barra"
    assert str(event["DESCRIPTION"]).startswith("Incontri, prove; righe\nnuove \\ fine\n\n")
    assert icalendar.Calendar.from_ical(raw).to_ical() == raw


def test_cancelled_event_stays_in_the_calendar_as_cancelled(basic_site, tmp_path):
    calendar_file = basic_site / "calendar.yml"
    calendar_file.write_text(calendar_file.read_text().replace("    start: 2013-01-10\n",
                                                               "    start: 2013-01-10\n    status: cancelled\n"))
    site = build(basic_site, tmp_path / "site")
    events = events_by_uid(read_calendar(site / "it" / "calendar.ics"))
    assert str(events["corso@example.org/driade"]["STATUS"]) == "CANCELLED"
    assert str(events["giornata-milano@example.org/driade"]["STATUS"]) == "CONFIRMED"


def test_base_url_without_path_gives_uids_and_urls_at_the_host_root(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "basic" / "content", content)
    result = run_build("--content", str(content), "--output", str(tmp_path / "site"), "--today", TODAY)
    assert result.code == 0, result.err
    events = events_by_uid(read_calendar(tmp_path / "site" / "it" / "calendar.ics"))
    assert "corso@example.org" in events
    assert str(events["corso@example.org"]["URL"]) == "https://example.org/it/eventi/corso/"
