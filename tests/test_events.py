"""The events: laid out by the build's date, in each language's CLDR forms, with one
located warning per mistake, a calendar feed that reads back, and schema.org data.

The ``events`` root (``tests/roots/test-events``) is dated around 2025-06-15, the
day ``SOURCE_DATE_EPOCH`` gives its builds here.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import sys

import pytest
import yaml
from bs4 import BeautifulSoup
from helpers import ROOT, another_hash_seed, built, shared_build, warnings_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

#: CLDR's dash in a range, and the thin space around it where a language has one.
DASH, THIN = "\u2013", "\u2009"
#: 2025-06-15 12:00 UTC, a Sunday: the build's "today".
SUNDAY = "1749988800"
MONDAY = str(int(SUNDAY) + 86400)

ENGLISH = shared_build("events")
FRENCH = shared_build("events", confoverrides={"language": "fr"})
SWAHILI = shared_build("events", confoverrides={"language": "sw"})


@pytest.fixture
def events(app, monkeypatch):
    """The ``events`` root built on 2025-06-15 (a build that several tests share)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SUNDAY)
    return built(app)


def page(app, docname: str = "index") -> BeautifulSoup:
    path = app.outdir / ("" if docname == "index" else docname) / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def data(app, name: str = "events") -> list[dict]:
    return yaml.safe_load((app.srcdir / "data" / f"{name}.yaml").read_text(encoding="utf-8"))


def layout(soup: BeautifulSoup) -> list[str]:
    """The headings and event names of the events, in the order the page shows them."""
    found = soup.select(".bpd-event-listing .rubric, .bpd-event-listing .bpd-event-name")
    return [f"{node.name}: {node.get_text()}" if node.name != "p" else node.get_text()
            for node in found]  # fmt: skip


# -- the order ---------------------------------------------------------------------------------


@ENGLISH
def test_upcoming_soonest_first_then_past_by_year_newest_first(events):
    """On 2025-06-15: the summit ends that day (still on), Coffee and Code meets next on
    Friday the 20th, PyCon Africa in October; the meetup of the 14th is past."""
    assert layout(page(events)) == [
        "h3: Upcoming events",
        "Summit 2025", "Coffee and Code", "PyCon Africa 2025",
        "h3: Past events",
        "h4: 2025", "Accra Meetup",
        "h4: 2024", "PyCon Uganda 2024",
        "h4: 2023", "Python Brasil 2023",
    ]  # fmt: skip


@pytest.mark.sphinx("dirhtml", testroot="events", srcdir="events-next-day")
def test_the_next_day_moves_an_event_to_the_past(app, make_app, monkeypatch):
    """No source changed: the page is written again because the day did."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SUNDAY)
    app.build()
    assert layout(page(app))[1] == "Summit 2025"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", MONDAY)
    again = make_app("dirhtml", srcdir=app.srcdir)
    again.build()
    shown = layout(page(again))
    assert shown[1:3] == ["Coffee and Code", "PyCon Africa 2025"]
    # Past, and the last of 2025 to end: first of its year.
    assert shown[shown.index("h4: 2025") + 1 : shown.index("h4: 2024")] == [
        "Summit 2025", "Accra Meetup",
    ]  # fmt: skip


@pytest.mark.sphinx("dirhtml", testroot="events", srcdir="events-twice")
def test_two_builds_of_one_day_are_the_same_byte_for_byte(app, monkeypatch, tmp_path):
    """The second build is ``python -m sphinx`` in a Python of its own, with another
    hash seed (``helpers.another_hash_seed``): a set's order would show."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SUNDAY)
    app.build()
    again = tmp_path / "again"
    environment = another_hash_seed()
    environment["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT / "_ext"), environment.get("PYTHONPATH")])
    )
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "dirhtml", "-d", str(tmp_path / "doctrees"),
         "-D", "html_theme=basic",  # as Sphinx's test application builds it
         str(app.srcdir), str(again)],
        env=environment, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    for name in ("index.html", "events.ics"):
        assert (again / name).read_bytes() == (app.outdir / name).read_bytes(), name


# -- CLDR, in two languages --------------------------------------------------------------------


def cards(soup: BeautifulSoup) -> dict[str, tuple[str, str | None]]:
    """Each event's name: its dates and its place, as shown."""
    shown = {}
    for card in soup.select(".bpd-event"):
        place = card.select_one(".bpd-event-place")
        shown[card.select_one(".bpd-event-name").get_text()] = (
            card.select_one(".bpd-event-when").get_text(),
            place.get_text() if place else None,
        )
    return shown


@FRENCH
def test_dates_and_countries_in_french(events):
    """CLDR's French, read by eye: no space around the dash within a month, thin
    spaces across two; abbreviated months with their full stop; "Ouganda"."""
    shown = cards(page(events))
    assert shown["PyCon Uganda 2024"] == (f"9{DASH}13 oct. 2024", "Kampala, Ouganda")
    assert shown["PyCon Africa 2025"] == (
        f"25 oct.{THIN}{DASH}{THIN}2 nov. 2025",
        "Johannesburg, Afrique du Sud",
    )
    assert shown["Accra Meetup"] == ("14 juin 2025", "Accra, Ghana")
    assert shown["Python Brasil 2023"][1] == "Caxias do Sul, Brésil"
    # The interface strings, from the language's sphinx.po, written in at write time.
    assert shown["Coffee and Code"] == ("Tous les vendredis, 17:00 UTC-05:00", None)
    kinds = {kind.get_text() for kind in page(events).select(".bpd-event-kind")}
    assert kinds == {"En présentiel", "En ligne", "In person and online"}
    assert layout(page(events))[0] == "h3: Événements à venir"


@SWAHILI
def test_dates_and_countries_in_swahili(events):
    """CLDR's Swahili: the day first, months as "Okt", "Nov"; "Afrika Kusini".

    Across two months CLDR's Swahili range format names only the second month
    ("25 - 2 Nov 2025"): each day is written whole instead."""
    shown = cards(page(events))
    assert shown["PyCon Uganda 2024"] == (f"9{THIN}{DASH}{THIN}13 Okt 2024", "Kampala, Uganda")
    assert shown["PyCon Africa 2025"] == (
        f"25 Okt 2025{THIN}{DASH}{THIN}2 Nov 2025",
        "Johannesburg, Afrika Kusini",
    )
    assert shown["Summit 2025"][1] == "Durham, North Carolina, Marekani"
    assert shown["Python Brasil 2023"] == (
        f"30 Okt 2023{THIN}{DASH}{THIN}5 Nov 2023",
        "Caxias do Sul, Brazili",
    )


# -- mistakes ----------------------------------------------------------------------------------

#: (line in data/mistakes.yaml, what the warning says): each at its field's line, or at
#: the entry's for a key that is missing.
MISTAKES = [
    (6, "'start': '2025-13-01' is not a date (YYYY-MM-DD, such as 2024-10-09); entry skipped"),
    (11, "'end': 2025-07-01 is before 'start' (2025-07-10); entry skipped"),
    (17, "'country': 'XY' is not an ISO 3166-1 country code (two letters, such as 'GH' or 'BR')"),
    (19, "duplicate event 'good event' on 2025-07-01 (first at line 1); entry skipped"),
    (25, "'kind': 'online' is not a kind of event: in-person, virtual or hybrid"),
    (28, "'start': '2025-07-01 10:00' is not a date"),
    (31, "missing required key 'start' (or 'recurring', for a weekly meeting)"),
    (34, "missing required key 'country' (every in-person event has one: its ISO code"),
    (41, "'country' must be text, not a boolean (YAML reads yes, no, on, off, true and false "
         "so: put the value in quotes)"),
    (44, "'recurring': 'weekly on Friday at 17:00': give the time's UTC offset"),
    (48, "'recurring': 'monthly on Friday' is not a weekly meeting"),
    (54, "'speakers': speaker 1: unknown key 'title' (allowed: name, talk)"),
    (58, "event 'GOOD-event' on 2025-07-01 has the address #event-good-event and the calendar "
         "entry of another: make the names differ in their letters or digits (first at line 1)"),
    (62, "missing required key 'country' (every hybrid event has one: its ISO code"),
    (69, "'city': a virtual event has no place: take it out, or make it 'hybrid'"),
    (72, "'start': 2025-07-01 is a Tuesday, and the meeting is on Fridays: write the day of "
         "its first meeting"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("weekly on Monday at 18:00 WAT", "'WAT' is not a UTC offset, such as 'UTC+1'"),
        ("weekly on Monday at 18:00 Africa/Lagos", "'Africa/Lagos' is not a UTC offset"),
        ("weekly on Monday at 18:00 Z", "'Z' is not a UTC offset"),
        ("weekly on Monday at 6pm UTC+1", "'6pm' is not a time on the 24-hour clock"),
        ("weekly on Mon", "'Mon' is not a day: write 'weekly on Monday'"),
        ("weekly on Fridays at 17:00 UTC", "'Fridays' is not a day: write 'weekly on Friday at "
         "17:00 UTC'"),
        ("weekly on Fryday at 17:00 UTC", "'Fryday' is not a day: write 'weekly on Friday'"),
        ("every Friday", "'every Friday' is not a weekly meeting: write 'weekly on Friday'"),
    ],
)  # fmt: skip
def test_a_weekly_meeting_written_otherwise_is_told_which_part_is_wrong(written, said):
    """It said only "is not a weekly meeting", whatever was wrong: a zone's name, a
    time with "pm", a day cut short (found by a contributor)."""
    from bpd.grids.events import _recurring

    recurrence, problem = _recurring(written)
    assert recurrence is None and said in problem, problem


@ENGLISH
def test_each_mistake_is_one_warning_at_its_fields_line(events):
    ours = [w for w in warnings_of(events) if "[bpd." in w]
    for line, text in MISTAKES:
        where = f"mistakes.yaml:{line}: WARNING: event-grid: "
        assert [w for w in ours if where in w and text in w and w.endswith("[bpd.events]")], (
            line, text, ours,
        )  # fmt: skip
    assert len(ours) == len(MISTAKES), ours
    assert not [w for w in warnings_of(events) if "[bpd." not in w]


@ENGLISH
def test_each_event_has_an_anchor_of_its_own(events):
    """Names in other scripts (the ``hostile`` page) each have their own anchor, as
    their own calendar UID (``test_the_calendar_reads_back_with_every_event``): the
    Latin letters of a name alone gave two of them one, and a name of none, none."""
    for name in ("index", "mistakes", "hostile"):
        anchors = [node["id"] for node in page(events, name).select("[id^='event-']")]
        assert len(anchors) == len(cards(page(events, name))), anchors
        assert len(set(anchors)) == len(anchors), anchors
        assert all(len(anchor) > len("event-") for anchor in anchors), anchors


@ENGLISH
def test_the_good_entry_and_the_other_pages_still_build(events):
    assert [name for name in cards(page(events, "mistakes"))] == ["Good Event"]
    assert len(cards(page(events))) == len(data(events))


# -- the calendar feed -------------------------------------------------------------------------


def feed(app):
    import icalendar

    return icalendar.Calendar.from_ical((app.outdir / "events.ics").read_bytes())


@ENGLISH
def test_the_calendar_reads_back_with_every_event(events):
    calendar = feed(events)
    entries = {str(entry["SUMMARY"]): entry for entry in calendar.walk("VEVENT")}
    written = data(events)
    # Every event of every page: the data file's, and the other pages'.
    shown = [cards(page(events, name)) for name in ("index", "mistakes", "hostile")]
    assert sorted(entries) == sorted(name for names in shown for name in names)
    assert {event["name"] for event in written} <= set(entries)
    assert len({str(entry["UID"]) for entry in entries.values()}) == len(entries)
    assert str(calendar["X-WR-CALNAME"]) == "Black Python Devs events"
    for event in written:
        entry = entries[event["name"]]
        assert str(entry["DESCRIPTION"]) == event["summary"].replace("'", "\u2019")
        assert entry["DTSTAMP"].dt == datetime.datetime(2025, 6, 15, tzinfo=datetime.UTC)
        if "recurring" in event:
            continue
        assert entry["DTSTART"].dt == event["start"]
        # DTEND is the day after the last (RFC 5545: the end is not part of the event).
        assert entry["DTEND"].dt == event.get("end", event["start"]) + datetime.timedelta(1)
        assert "RRULE" not in entry
        assert str(entry["LOCATION"]).startswith(event["city"])
        assert str(entry["URL"]).startswith(("https://", "http://"))


def feed_of(*events) -> dict:
    """The entries of the feed ``bpd.grids.events.calendar`` writes of ``events`` (its
    ``Event``), built on 2025-06-15, by name."""
    import icalendar

    from bpd.grids.events import Listed, calendar

    class Urls:
        def of(self, listed: Listed) -> str:
            return listed.event.url or f"https://example.org/events/#{listed.anchor}"

    listed = [(Listed(event, event.name, f"{event.name}@example.org"), event.summary, Urls())
              for event in events]  # fmt: skip
    written = calendar(listed, name="Events", project="BPD", language="en",
                       today=datetime.date(2025, 6, 15))  # fmt: skip
    return {str(e["SUMMARY"]): e for e in icalendar.Calendar.from_ical(written).walk("VEVENT")}


def test_a_weekly_meeting_without_its_time_leaves_the_day_free():
    """'weekly on Friday', no time: a day in the feed, which calendars held busy, the whole
    of every Friday, where a conference's days stay busy."""
    from bpd.grids.events import Event, Recurrence

    entries = feed_of(
        Event("Coffee and Code", "virtual", "A call.", recurring=Recurrence(weekday=4)),
        Event("PyCon", "in-person", "Talks.", start=datetime.date(2025, 8, 28)),
    )
    assert entries["Coffee and Code"]["DTSTART"].dt == datetime.date(2025, 6, 20)
    assert str(entries["Coffee and Code"]["TRANSP"]) == "TRANSPARENT"
    assert "TRANSP" not in entries["PyCon"]  # busy, as calendars take it


def test_the_calendar_s_url_is_a_uri_where_the_page_s_is_an_iri():
    """RFC 5545's URL is a URI: a page's letters beyond ASCII are escaped in the feed."""
    from bpd.grids.events import Event

    url = "https://fr.wikipedia.org/wiki/Côte_d'Ivoire?q=1#x"
    entry = feed_of(Event("PyCon", "virtual", "Talks.", url=url,
                          start=datetime.date(2025, 8, 28)))["PyCon"]  # fmt: skip
    assert str(entry["URL"]) == "https://fr.wikipedia.org/wiki/C%C3%B4te_d'Ivoire?q=1#x"


@pytest.mark.parametrize("name", ["Python Łódź", "PyCon Straße", "São Paulo Meetup", "PyHo 2024"])
def test_a_name_in_latin_letters_keeps_the_address_it_had(name):
    """Its calendar UID stays what it was (a new UID is a new event to a subscriber):
    docutils' id, which spells ß, Ł and ã in Latin letters."""
    from docutils import nodes

    from bpd.grids.events import address

    assert address(name) == nodes.make_id(name)


def test_names_in_other_scripts_have_addresses_of_their_own():
    from bpd.grids.events import address

    names = ["ፓይቶን ቀን", "パイソンの日", "PyCon 日本", "PyCon 한국",
             "PyCon Ðakovo", "PyCon ٣"]  # fmt: skip
    addresses = [address(name) for name in names]
    assert len(set(addresses)) == len(names) and all(addresses), addresses
    assert address("PyCon 日本") == address("PyCon 日本")  # the same in every build


@pytest.mark.parametrize("offset", [-5 * 60, 0, 60])
def test_a_weekly_meeting_ends_with_its_meeting_on_its_last_day(offset):
    """Thursdays at 23:00 until 2027-01-28, a Thursday: that meeting is the feed's last,
    whatever the offset. At UTC-5 it is on the 29th in UTC, which an end at midnight
    UTC left out."""
    from bpd.grids.events import Event, Recurrence

    last = datetime.date(2027, 1, 28)
    weekly = Recurrence(weekday=3, time="23:00", offset=offset)
    entry = feed_of(Event("Late call", "virtual", "A call.", recurring=weekly,
                          start=datetime.date(2026, 1, 1), end=last))["Late call"]  # fmt: skip
    first, until = entry["DTSTART"].dt, entry["RRULE"]["UNTIL"][0]
    meetings = [first + datetime.timedelta(weeks=n) for n in range(60)]
    held = [meeting for meeting in meetings if meeting <= until]  # UNTIL is the last one's
    zone = datetime.timezone(datetime.timedelta(minutes=offset))
    assert held[-1].astimezone(zone) == datetime.datetime(2027, 1, 28, 23, 0, tzinfo=zone)
    assert held[0].astimezone(zone) == datetime.datetime(2026, 1, 1, 23, 0, tzinfo=zone)


@ENGLISH
def test_a_weekly_meeting_repeats_every_week_from_its_next_meeting(events):
    """17:00 at UTC-5 on Fridays: 22:00 UTC, a Friday, from the 20th (the next one)."""
    entry = next(e for e in feed(events).walk("VEVENT") if str(e["SUMMARY"]) == "Coffee and Code")
    assert entry["RRULE"]["FREQ"] == ["WEEKLY"]
    assert entry["DTSTART"].dt == datetime.datetime(2025, 6, 20, 22, 0, tzinfo=datetime.UTC)
    assert str(entry["UID"]) == "coffee-and-code-weekly@example.org"
    assert str(entry["URL"]) == "https://example.org/site/#event-coffee-and-code"


@ENGLISH
def test_the_page_links_the_calendar(events):
    link = page(events).select_one(".bpd-event-calendar a")
    assert link["href"] == "events.ics"
    assert (events.outdir / link["href"]).is_file()


@FRENCH
def test_the_calendar_is_in_the_pages_language(events):
    calendar = feed(events)
    assert str(calendar["X-WR-CALNAME"]) == "Événements de Black Python Devs"
    entries = {str(entry["SUMMARY"]): entry for entry in calendar.walk("VEVENT")}
    assert str(entries["Coffee and Code"]["DESCRIPTION"]) == "Un appel hebdomadaire."
    assert str(entries["PyCon Uganda 2024"]["LOCATION"]) == "Kampala, Ouganda"


# -- structured data ---------------------------------------------------------------------------

ATTENDANCE = {
    "in-person": "https://schema.org/OfflineEventAttendanceMode",
    "virtual": "https://schema.org/OnlineEventAttendanceMode",
    "hybrid": "https://schema.org/MixedEventAttendanceMode",
}


def structured(soup: BeautifulSoup) -> dict[str, dict]:
    scripts = soup.select('script[type="application/ld+json"]')
    found = [json.loads(script.string) for script in scripts]
    return {item["name"]: item for item in found}


def iso(value: str) -> datetime.date | datetime.datetime:
    parse = datetime.datetime if "T" in value else datetime.date
    return parse.fromisoformat(value)


@ENGLISH
def test_each_event_has_the_data_googles_event_results_require(events):
    """Google's Event rich result: required name, startDate, location (a Place with
    an address, or a VirtualLocation with a URL); recommended description, endDate,
    eventAttendanceMode, eventStatus, organizer (name, url), performer."""
    found = structured(page(events))
    written = data(events)
    assert sorted(found) == sorted(event["name"] for event in written)
    for event in written:
        item = found[event["name"]]
        assert (item["@context"], item["@type"]) == ("https://schema.org", "Event")
        assert item["description"] == event["summary"].replace("'", "\u2019")
        assert item["eventAttendanceMode"] == ATTENDANCE[event["kind"]]
        assert item["eventStatus"] == "https://schema.org/EventScheduled"
        assert item["url"].startswith("https://")
        start = iso(item["startDate"])
        if "recurring" not in event:
            assert start == event["start"]
            assert iso(item["endDate"]) == event.get("end", event["start"])
        places = item["location"] if isinstance(item["location"], list) else [item["location"]]
        kinds = sorted(place["@type"] for place in places)
        expected = {"in-person": ["Place"], "virtual": ["VirtualLocation"],
                    "hybrid": ["Place", "VirtualLocation"]}[event["kind"]]  # fmt: skip
        assert kinds == expected
        for place in places:
            if place["@type"] == "Place":
                assert place["address"]["@type"] == "PostalAddress"
                assert place["address"]["addressCountry"] == event["country"]
                assert place["address"]["addressLocality"] == event["city"]
                assert place["name"]
            else:
                assert place["url"].startswith("https://")
        if "organizer" in event:
            assert item["organizer"]["name"] == event["organizer"]
            assert item["organizer"]["url"] == "https://example.org/site/"
        else:
            assert "organizer" not in item
        speakers = [s if isinstance(s, str) else s["name"] for s in event.get("speakers", [])]
        assert [person["name"] for person in item.get("performer", [])] == speakers


@ENGLISH
def test_a_weekly_meeting_has_its_schedule_and_next_meeting(events):
    item = structured(page(events))["Coffee and Code"]
    assert item["startDate"] == "2025-06-20T17:00:00-05:00"
    assert item["eventSchedule"] == {
        "@type": "Schedule", "repeatFrequency": "P1W",
        "byDay": "https://schema.org/Friday", "startTime": "17:00:00",
    }  # fmt: skip


@ENGLISH
def test_a_site_path_is_a_page_in_the_language_and_an_absolute_url_for_search_engines(events):
    soup = page(events)
    link = next(a for a in soup.select(".bpd-event-name a") if a.get_text() == "Summit 2025")
    assert link["href"] == "about/#about"
    assert structured(soup)["Summit 2025"]["url"] == "https://example.org/site/about/#about"


@FRENCH
def test_a_summary_not_translated_yet_says_it_is_english_and_nothing_else_does(events):
    """The summary is the one message: until it is translated it is marked English (and
    counted by the notice); names, dates, places and kinds are the page's language."""
    soup = page(events)
    for card in soup.select(".bpd-event"):
        name = card.select_one(".bpd-event-name").get_text()
        summary = card.select_one(".bpd-event-summary")
        assert summary.get("lang") == (None if name == "Coffee and Code" else "en"), name
        marked = [node for node in card.select("[lang]") if node is not summary]
        assert marked == [], name


@FRENCH
def test_the_structured_data_is_in_the_pages_language(events):
    assert structured(page(events))["Coffee and Code"]["description"] == "Un appel hebdomadaire."


@ENGLISH
def test_json_ld_cannot_end_its_script_element(events):
    """A name or summary holding "</script>", "<!--" or "&" stays inside the element and
    reads back as written (the page shows it as text)."""
    html = (events.outdir / "hostile" / "index.html").read_text(encoding="utf-8")
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    assert not set("<>&") & set(script)
    item = json.loads(script)
    assert item["name"] == "</script><script>alert(1)</script>"
    assert item["description"].startswith("Ends </script> & opens <!")
    shown = page(events, "hostile").select_one(".bpd-event-name").get_text()
    assert shown == "</script><script>alert(1)</script>"
    assert "<script>alert(1)" not in html.replace(script, "")


# -- translation -------------------------------------------------------------------------------


@pytest.mark.sphinx("gettext", testroot="events", srcdir="events-one-more")
def test_adding_an_event_adds_one_message_its_summary(app, make_app):
    """Names, places, countries, dates and kinds are no messages: an event added in
    English reaches every language at once, with its summary to translate."""

    def messages(application) -> set[str]:
        pot = (application.outdir / "index.pot").read_text(encoding="utf-8")
        return set(re.findall(r'^msgid "(.+)"$', pot, re.MULTILINE))

    app.build()
    before = messages(app)
    data_file = app.srcdir / "data" / "events.yaml"
    data_file.write_text(
        data_file.read_text(encoding="utf-8")
        + "\n- name: PyCon Ghana 2025\n  start: 2025-08-28\n  end: 2025-08-30\n"
        "  kind: in-person\n  city: Accra\n  country: GH\n"
        "  summary: Ghana's Python conference.\n",
        encoding="utf-8",
    )
    again = make_app("gettext", srcdir=app.srcdir)
    again.build()
    assert messages(again) - before == {"Ghana's Python conference."}
    assert before - messages(again) == set()
    for not_a_message in ("PyCon Ghana 2025", "Accra", "GH", "Ghana", "in-person", "2025"):
        assert not_a_message not in messages(again)


# -- no input crashes the build ------------------------------------------------------------------

HOSTILE = ["<script>alert(1)</script>", "</script>", "javascript:alert(1)", "\u202eevil", ""]
KEYS = ["name", "url", "start", "end", "kind", "city", "country", "summary", "speakers",
        "sponsored", "recurring", "organizer", "host", "onclick"]  # fmt: skip
VALUES = [
    datetime.date(2025, 6, 14), datetime.date(2025, 6, 20), "2025-13-01", "2025-06-30",
    "in-person", "virtual", "hybrid", "GH", "gh", "XY", True, False, "/about/", "/nowhere/",
    "https://example.org", "weekly on Friday", "weekly on Monday at 09:30 UTC+5:30",
    "weekly on Sunday at 25:00 UTC", [{"name": "Ada", "talk": "<b>x</b>"}], ["Bo"], [3],
    [{"name": None}],
]  # fmt: skip
value = st.one_of(st.sampled_from(VALUES), st.sampled_from(HOSTILE), st.text(max_size=30),
                  st.integers(), st.none())  # fmt: skip
entry = st.dictionaries(st.sampled_from(KEYS), value, max_size=9)
SAFE_TAGS = {"div", "ul", "li", "p", "a", "h1", "h2", "h3", "h4", "section", "script", "span"}


@pytest.mark.sphinx("html", testroot="events", srcdir="events-any")
@settings(
    max_examples=30,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),  # as test_properties: the same examples on CI
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(entries=st.lists(entry, max_size=4))
def test_any_events_data_builds_safely(app, entries):
    (app.srcdir / "data" / "events.yaml").write_text(
        yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8"
    )
    app.warning.seek(0)
    app.warning.truncate()
    app.build()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    listing = BeautifulSoup(html, "html.parser").select_one('div[role="main"] section section')
    for element in listing.find_all(True):
        assert element.name in SAFE_TAGS, element
        if element.name == "script":
            assert element["type"] == "application/ld+json"
            json.loads(element.string)
    for warning in warnings_of(app):
        assert re.search(r"(events|mistakes)\.yaml:\d+: WARNING: |\.md:\d+: WARNING: ", warning), (
            warning
        )
        assert "Traceback" not in warning and "Exception" not in warning
