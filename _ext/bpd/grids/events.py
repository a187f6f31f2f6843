"""The community's events: ``event-grid``, its calendar feed and its structured data.

An event is data (``_data/events.yaml``): its name as publicised, dates, kind,
place, a summary, speakers. The directive reads it as the other grids read theirs
(``data``, ``schema``, ``GridDirective``: a located warning at the field's line
for each bad entry, the others still drawn) and lays the events out by the build's
date: upcoming first, soonest first, then past ones by year, newest first.

Nothing but the summary is a message. Dates, date ranges, times and country names
come from CLDR through babel, in the page's language; a meeting's day ("Every
Friday"), its kind ("In person"), the headings and the links are interface
strings (``sphinx.po``), written in when the page is written (``EventTexts``).

"Today" is the build's date: ``SOURCE_DATE_EPOCH`` if set (so two builds of one
commit are the same, byte for byte), else the day in UTC. A page of events read on
another day is written again (``pages_to_rewrite_another_day``): an event moves to
the past the day after it ends, in an incremental build too. The events are laid
out when the page is written (``EventLayout``); what a page reads does not depend
on the day.

The build also writes, per language:

- ``events.ics`` at the root of the language (``write_calendar``), an RFC 5545
  feed written with ``icalendar``, each event with a ``UID`` that stays the same
  from build to build, a weekly meeting with its ``RRULE``;
- schema.org ``Event`` data in JSON-LD, a ``<script>`` in each event's card
  (``link_calendar_and_describe_events``), what search engines read for their
  event results.

``bpd.grids.__init__`` registers all of it (``setup_events``).
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from babel import Locale
from babel.dates import format_interval, format_skeleton, format_time
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import traverse_parent
from sphinx.util.osutil import relative_uri

from ..languages.links import current_language
from ..rebuilds import PageNotes
from ..translations import _
from . import build_date, cards
from .directives import GridDirective, Repeat, Where, country_name
from .schema import (
    MAX_TEXT_LENGTH,
    Field,
    Schema,
    clean_text,
    country,
    is_site_path,
    kind_of,
    web_url,
)

#: The kinds of event, and the attendance mode schema.org gives each.
KINDS = {
    "in-person": "https://schema.org/OfflineEventAttendanceMode",
    "virtual": "https://schema.org/OnlineEventAttendanceMode",
    "hybrid": "https://schema.org/MixedEventAttendanceMode",
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: Each language's calendar feed, at the root of the language ("/sw/events.ics").
CALENDAR = "events.ics"
ONE_DAY = datetime.timedelta(days=1)


# -- the data ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recurrence:
    """Every week on ``weekday`` (0: Monday), at ``time`` ("17:00") ``offset`` minutes
    from UTC where a time is published."""

    weekday: int
    time: str | None = None
    offset: int = 0

    def on(self, day: datetime.date) -> datetime.datetime | datetime.date:
        """The meeting of ``day``: its time, with its offset, if known; else the day."""
        if self.time is None:
            return day
        hour, minute = map(int, self.time.split(":"))
        zone = datetime.timezone(datetime.timedelta(minutes=self.offset))
        return datetime.datetime.combine(day, datetime.time(hour, minute), zone)

    def on_or_after(self, day: datetime.date) -> datetime.date:
        return day + datetime.timedelta(days=(self.weekday - day.weekday()) % 7)


_RECURRING = re.compile(
    r"weekly on (?P<day>[a-z]+)(?: at (?P<hour>\d{1,2}):(?P<minute>\d{2})"
    r"(?P<zone> ?(?:UTC|GMT)(?:(?P<sign>[+-])(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?)?)?)?",
    re.IGNORECASE,
)
_RECURRING_FORM = "'weekly on Friday', or with its time: 'weekly on Friday at 17:00 UTC+1'"


def _recurring(value: object) -> tuple[Recurrence | None, str | None]:
    if not isinstance(value, str):
        return None, f"must be text ({_RECURRING_FORM}), not {kind_of(value)}"
    text = clean_text(value).replace("\u2212", "-")  # a typographic minus sign
    found = _RECURRING.fullmatch(text)
    if not found or found["day"].lower() not in WEEKDAYS:
        wrong = _wrong_part(text)
        if wrong:
            return None, f"{value!r}: {wrong}"
        return None, f"{value!r} is not a weekly meeting: write {_RECURRING_FORM}"
    weekday = WEEKDAYS.index(found["day"].lower())
    if found["hour"] is None:
        return Recurrence(weekday), None
    hour, minute = int(found["hour"]), int(found["minute"])
    if hour > 23 or minute > 59:
        return None, f"{value!r}: {hour}:{found['minute']} is not a time of day"
    if not found["zone"]:
        return None, f"{value!r}: give the time's UTC offset ({_RECURRING_FORM})"
    hours, minutes = int(found["hours"] or 0), int(found["minutes"] or 0)
    if hours > 14 or minutes > 59:
        return None, f"{value!r}: UTC{found['sign']}{found['hours']} is not a UTC offset"
    offset = (hours * 60 + minutes) * (-1 if found["sign"] == "-" else 1)
    return Recurrence(weekday, f"{hour:02d}:{minute:02d}", offset), None


def _wrong_part(text: str) -> str | None:
    """Which part of a weekly meeting is not written as it may be, and what to write, if
    it has the shape of one ("weekly on <day> at <time> <offset>")."""
    shape = re.fullmatch(r"weekly on (\S+)(?: at (\S+)(?: (.+))?)?", text, re.IGNORECASE)
    if shape is None:
        return None
    day, time, zone = shape.groups()
    if day.lower() not in WEEKDAYS:  # "Mon", "Fridays", "Friday." meant one
        typed = day.lower().rstrip(".,")
        meant = [name for name in WEEKDAYS if len(typed) > 1
                 and (name.startswith(typed) or typed.startswith(name))]  # fmt: skip
        if meant:
            return f"{day!r} is not a day: write {text.replace(day, meant[0].title(), 1)!r}"
        return f"{day!r} is not a day: write {_RECURRING_FORM}"
    if time and not re.fullmatch(r"\d{1,2}:\d{2}", time):
        return f"{time!r} is not a time on the 24-hour clock, such as '18:00': write " + (
            _RECURRING_FORM
        )
    if zone:
        # A zone's name ('WAT', 'Africa/Lagos') is not taken: an offset is what the
        # calendar feed writes, and a zone with summer time has two of them.
        return f"{zone!r} is not a UTC offset, such as 'UTC+1': write {_RECURRING_FORM}"
    return None


def _date(value: object) -> tuple[datetime.date | None, str | None]:
    if isinstance(value, datetime.datetime):
        return None, (
            f"{value.isoformat(sep=' ')} has a time: write the day alone (YYYY-MM-DD); "
            "a weekly meeting's time goes in 'recurring'"
        )
    if isinstance(value, datetime.date):
        return value, None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return datetime.date.fromisoformat(value.strip()), None
        except ValueError:
            pass  # 2024-13-01: said below
    return None, f"{value!r} is not a date (YYYY-MM-DD, such as 2024-10-09)"


def _yes_or_no(value: object) -> tuple[bool | None, str | None]:
    if isinstance(value, bool):
        return value, None
    return None, f"must be true or false, not {kind_of(value)}"


Speakers = tuple[tuple[str, str | None], ...]


def _speakers(value: object) -> tuple[Speakers | None, str | None]:
    """Names, each with its talk's title where known. A title is kept as given, as a
    name is: it is how the talk was announced, in the language it was given in."""
    form = "a list of speakers, each '- name: ...' with 'talk: ...' where known"
    if not isinstance(value, list) or not value:
        return None, f"must be {form}"
    speakers = []
    for number, item in enumerate(value, 1):
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, dict):
            return None, f"speaker {number} is {kind_of(item)}: it must be {form}"
        if unknown := sorted(str(key) for key in item if key not in ("name", "talk")):
            return None, f"speaker {number}: unknown key {unknown[0]!r} (allowed: name, talk)"
        texts = []
        for key in ("name", "talk"):
            text = item.get(key)
            if text is None and key == "talk":
                texts.append(None)
            elif not isinstance(text, str) or not clean_text(text):
                return None, f"speaker {number}: its {key} must be text"
            elif len(clean_text(text)) > MAX_TEXT_LENGTH:
                return None, f"speaker {number}: its {key} is longer than {MAX_TEXT_LENGTH}"
            else:
                texts.append(clean_text(text))
        speakers.append((texts[0], texts[1]))
    return tuple(speakers), None


def _kind(value: str) -> str | None:
    if value in KINDS:
        return None
    return f"{value!r} is not a kind of event: in-person, virtual or hybrid"


EVENTS = Schema(
    kind="events",
    fields=(
        Field("name", required=True),  # as the event publicised it: never translated
        Field("url", check=web_url),
        Field("start", parse=_date),
        Field("end", parse=_date),  # absent: a one-day event
        Field("kind", required=True, check=_kind),
        Field("city"),  # as written
        Field("country", check=country),
        Field("summary", required=True, translatable=True),  # the one message
        Field("speakers", parse=_speakers),
        Field("sponsored", parse=_yes_or_no),
        Field("recurring", parse=_recurring),
        Field("organizer"),
        Field("host"),
    ),
)


@dataclass(frozen=True)
class Event:
    """One clean entry."""

    name: str
    kind: str
    summary: str
    url: str | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    city: str | None = None
    country: str | None = None
    speakers: Speakers = ()
    sponsored: bool = False
    recurring: Recurrence | None = None
    organizer: str | None = None
    host: str | None = None

    def next_day(self, today: datetime.date) -> datetime.date | None:
        """The day it takes place on next (its first, if it is on now); None when over."""
        if self.recurring is None:
            return self.start if (self.end or self.start) >= today else None
        day = self.recurring.on_or_after(max(today, self.start or today))
        return day if self.end is None or day <= self.end else None

    def first_day(self, today: datetime.date) -> datetime.date:
        """Its first day; a weekly meeting's first meeting (the next one, if the data
        says not when it began), or its last if it is over."""
        if self.recurring is None:
            return self.start
        if self.start is not None:
            return self.recurring.on_or_after(self.start)
        next_day = self.next_day(today)
        if next_day is not None:
            return next_day
        return self.end - datetime.timedelta(days=(self.end.weekday() - self.recurring.weekday) % 7)


def address(name: str) -> str:
    """An event's name as its anchor and its calendar UID write it: docutils' id of it
    (its Latin letters and digits, accents dropped), and a digest of the name where
    letters of another script would be dropped ("PyCon 日本", "ፓይቶን ቀን"), which
    would make two names one, or none. The same in every build and language."""
    kept = nodes.make_id(name)
    # A letter or digit the id drops ("日", "Ð"), not one it spells in Latin ("ß": "sz").
    if not any(c.isalnum() and nodes.make_id("a" + c) == "a" for c in name):
        return kept
    digest = hashlib.sha256(unicodedata.normalize("NFC", name).encode()).hexdigest()[:8]
    return f"{kept}-{digest}" if kept else digest


# -- the directive -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Listed:
    """An event as its page lists it: its anchor on the page, its calendar ``UID``, and
    the page its ``url`` leads to (and "#fragment") when that is a site path."""

    event: Event
    anchor: str
    uid: str
    page: tuple[str, str] | None = None


# -- the directive -----------------------------------------------------------------------------


class EventGridDirective(GridDirective):
    """``event-grid``: the events of a YAML list (or ``:file:``), as cards, in the
    data's order until the page is written (``EventLayout``): what a page reads does
    not depend on the day, so neither do its messages' order and its doctree."""

    schema = EVENTS
    default_columns = "1 1 2 2"

    def checks(self, entry: dict[str, object]) -> list[tuple[str | None, str]]:
        problems = super().checks(entry)
        start, end = entry.get("start"), entry.get("end")
        if start is None and "recurring" not in entry:
            problems.append(
                (None, "missing required key 'start' (or 'recurring', for a weekly meeting)")
            )
        if start is not None and end is not None and end < start:
            problems.append(("end", f"'end': {end} is before 'start' ({start})"))
        if entry["kind"] != "virtual" and "country" not in entry:
            problems.append(
                (None, f"missing required key 'country' (every {entry['kind']} event has one: "
                       "its ISO code, such as 'GH')")
            )  # fmt: skip
        # The page showed a virtual event's place, where its calendar entry and its
        # schema.org data (a virtual location) had none.
        problems += [
            (key, f"'{key}': a virtual event has no place: take it out, or make it 'hybrid'")
            for key in ("city", "country")
            if entry["kind"] == "virtual" and key in entry
        ]
        # The calendar moved a weekly meeting's first day to its weekday, where its
        # schema.org data kept the day written.
        recurring = entry.get("recurring")
        if recurring is not None and start is not None and start.weekday() != recurring.weekday:
            written, meets = (WEEKDAYS[day].title() for day in (start.weekday(), recurring.weekday))
            problems.append(("start", f"'start': {start} is a {written}, and the meeting is on "
                                      f"{meets}s: write the day of its first meeting"))  # fmt: skip
        return problems

    def repeats(self, entry: dict[str, object]) -> list[Repeat]:
        name, start = str(entry["name"]), entry.get("start")
        on = f" on {start}" if start else ""
        key = ("event", " ".join(name.casefold().split()), start)
        slug = address(name)
        return [
            ("name", key, f"duplicate event {name!r}{on}"),
            # Names apart only in case or punctuation ("PyCon-Africa"): one anchor, and
            # one UID, so a subscriber's calendar would keep only one of them.
            ("name", ("event address", slug, start),
             f"event {name!r}{on} has the address #event-{slug} and the calendar entry "
             "of another: make the names differ in their letters or digits"),
        ]  # fmt: skip

    def render(
        self, clean: list[tuple[dict[str, object], Where]], columns: list[str]
    ) -> list[nodes.Element]:
        host = urlsplit(self.config.bpd_base_url).hostname or "localhost"
        anchors: set[str] = set()
        made = []
        for values, where in clean:
            event = Event(**values)  # type: ignore[arg-type]
            slug = address(event.name)
            anchor = "event-" + slug
            if anchor in anchors:  # another event of the same name: its day tells them apart
                anchor = f"{anchor}-{event.start or 'weekly'}"
            anchors.add(anchor)
            url = event.url
            listed = Listed(
                event,
                anchor,
                # The same from build to build, and in every language: a subscriber's
                # calendar updates the event rather than adding it again.
                uid=f"{slug}-{event.start or 'weekly'}@{host}",
                page=self.page_of(url) if url and is_site_path(url) else None,
            )
            made.append(self._card(listed, where))
        listing = nodes.container(classes=["bpd-event-listing"], bpd_columns=columns)
        listing += cards.grid(self.schema.kind, columns, made)
        return [listing]

    @property
    def language(self) -> str:
        return current_language(self.config).code

    def _card(self, listed: Listed, where: Where) -> nodes.container:
        event, language = listed.event, self.language
        title = ["bpd-event-name", "sd-card-title", "sd-font-weight-bold"]
        children: list[nodes.Element] = [
            self.link(event.url, event.name, title)
            if event.url
            else cards.text(event.name, title, translatable=False)
        ]
        when = nodes.paragraph(classes=["bpd-event-when", "sd-card-text"])
        if event.recurring is None:
            when += nodes.Text(date_range(event.start, event.end or event.start, language))
        else:  # its time, if it has one, is written with the day (EventLayout)
            when += _placeholder(f"every-{WEEKDAYS[event.recurring.weekday]}")
        children.append(when)
        if place := _place(event, language):
            children.append(
                cards.text(place, ["bpd-event-place", "sd-card-text"], translatable=False)
            )
        children.append(_line(_placeholder(event.kind), "bpd-event-kind"))
        summary = cards.text(
            event.summary, ["bpd-event-summary", "sd-card-text"], translatable=True
        )
        summary.line = where.line
        children.append(summary)
        if event.speakers:
            children.append(_line(_placeholder("speakers"), "bpd-event-speakers"))
            listing = nodes.bullet_list(classes=["bpd-event-speakers-list"])
            for speaker, talk in event.speakers:
                said = nodes.Text(speaker) if talk is None else _placeholder(
                    "speaker-talk", speaker=speaker, talk=talk
                )  # fmt: skip
                listing += nodes.list_item("", nodes.paragraph("", "", said))
            children.append(listing)
        if event.host:
            children.append(_line(_placeholder("hosted-by", host=event.host), "bpd-event-host"))
        if event.sponsored:
            sponsor = _placeholder("sponsored", project=self.config.project)
            children.append(_line(sponsor, "bpd-event-sponsored"))
        for child in children:
            if child is not summary:  # the one message; the rest is no page text
                # Paragraphs only: Sphinx removes an inline marked so (a placeholder).
                for paragraph in child.findall(nodes.paragraph):
                    paragraph["translatable"] = False
        card = cards.card(["bpd-event"], children)
        card["ids"].append(listed.anchor)
        card["bpd_event"] = listed
        return card


def _place(event: Event, language: str) -> str:
    """ "Kampala, Ouganda": the city as written, the country as CLDR names it."""
    country = event.country and country_name(event.country, language)
    return ", ".join(filter(None, [event.city, country]))


def _line(content: nodes.Node, kind: str) -> nodes.paragraph:
    return nodes.paragraph("", "", content, classes=[kind, "sd-card-text"])


def date_range(start: datetime.date, end: datetime.date, language: str) -> str:
    """One day, or a range of days, as CLDR writes it in ``language``: "Oct 9 - 13, 2024",
    "9-13 oct. 2024", "2024 Okt 9-13" (with CLDR's dashes and spaces).

    CLDR's range formats write only what differs on their left; where a language's
    format leaves out the very field that differs (Swahili's across two months:
    "25 - 2 Nov 2024" for 25 October to 2 November), each day is written whole.
    """
    if start == end:
        return format_skeleton("yMMMd", start, locale=language)
    locale = Locale.parse(language)
    formats = locale.interval_formats.get("yMMMd") or {}
    differs = "y" if start.year != end.year else "M" if start.month != end.month else "d"
    left = re.sub(r"'[^']*'", "", (formats.get(differs) or [""])[0])
    if differs in left:
        return format_interval(start, end, "yMMMd", locale=locale)
    fallback = str(locale.interval_formats.get(None) or "{0} \u2013 {1}")
    first, last = (format_skeleton("yMMMd", day, locale=locale) for day in (start, end))
    return fallback.replace("{0}", first).replace("{1}", last)


def time_with_offset(moment: datetime.datetime, language: str) -> str:
    """A time of day with its UTC offset, as CLDR writes them: "5:00 PM GMT-05:00",
    "17:00 UTC-05:00"."""
    pattern = Locale.parse(language).time_formats["short"].pattern
    return format_time(moment, f"{pattern} ZZZZ", locale=language)


def _placeholder(message: str, **values: str) -> nodes.inline:
    """Where an interface string goes, written in when the page is written (``EventTexts``)."""
    return nodes.inline("", "", bpd_message=message, bpd_values=values)


# -- when the page is written -------------------------------------------------------------------


class EventLayout(SphinxPostTransform):
    """The events by the build's date: a link to the calendar feed; upcoming events,
    soonest first; then past ones by year, newest first. Each heading is a level below
    the section the events are in."""

    default_priority = 390  # before EventTexts, which writes the headings' words
    formats = ("html",)

    def run(self, **kwargs) -> None:
        today = build_date()
        language = current_language(self.config).code
        for listing in list(self.document.findall(_is_listing)):
            listed = [card for card in listing.findall(nodes.container) if "bpd_event" in card]
            for card in listed:
                card.parent.remove(card)
                _with_time(card, today, language)
            upcoming = sorted(
                (card for card in listed if _event(card).next_day(today)),
                key=lambda card: (_event(card).next_day(today), _event(card).name),
            )
            # By the year they began; in a year, the last to end first.
            past = sorted(
                (card for card in listed if not _event(card).next_day(today)),
                key=lambda card: _past_order(_event(card), today),
            )
            depth = len(list(traverse_parent(listing, nodes.section)))
            columns = listing["bpd_columns"]
            laid = [_calendar_link(), _heading("upcoming", depth + 1, "upcoming-events")]
            if upcoming:
                laid.append(cards.grid("events", columns, upcoming))
            else:
                laid.append(nodes.paragraph("", "", _placeholder("no-upcoming")))
            if past:
                laid.append(_heading("past", depth + 1, "past-events"))
            by_year = itertools.groupby(past, key=lambda card: _event(card).first_day(today).year)
            for year, group in by_year:
                heading = _heading(None, depth + 2, f"events-{year}")
                heading += nodes.Text(
                    format_skeleton("y", datetime.date(year, 1, 1), locale=language)
                )
                laid += [heading, cards.grid("events", columns, list(group))]
            listing.children = []
            listing.extend(laid)


def _past_order(event: Event, today: datetime.date) -> tuple[int, int, str]:
    first = event.first_day(today)
    last = event.end or event.start or first
    return (-first.year, -last.toordinal(), event.name)


def _is_listing(node: nodes.Node) -> bool:
    return isinstance(node, nodes.container) and "bpd_columns" in node


def _event(card: nodes.Element) -> Event:
    return card["bpd_event"].event


def _with_time(card: nodes.Element, today: datetime.date, language: str) -> None:
    """A weekly meeting's time, with its UTC offset, after its day: its next meeting's
    (an offset's wording can depend on the date)."""
    event = _event(card)
    if event.recurring is None or event.recurring.time is None:
        return
    when = next(
        node for node in card.findall(nodes.paragraph) if "bpd-event-when" in node["classes"]
    )
    if len(when.children) == 1:
        moment = event.recurring.on(event.next_day(today) or event.first_day(today))
        when += nodes.Text(", " + time_with_offset(moment, language))


def _heading(message: str | None, level: int, anchor: str) -> nodes.rubric:
    heading = nodes.rubric("", "", ids=[anchor])
    heading["heading-level"] = min(level, 6)
    if message is not None:
        heading += _placeholder(message)
    return heading


def _calendar_link() -> nodes.paragraph:
    link = nodes.reference("", "", _placeholder("calendar"), internal=True, refuri=CALENDAR)
    link["bpd_calendar"] = True
    return nodes.paragraph("", "", link, classes=["bpd-event-calendar"])


def interface_messages(project: str) -> dict[str, str]:
    """The events' interface strings, in the page's language (looked up when a page is
    written, never when the module is imported: ``_`` translates once a catalog is loaded)."""
    return {
        "upcoming": _("Upcoming events"),
        "past": _("Past events"),
        "no-upcoming": _("No upcoming event is listed yet."),
        "calendar": _("Add these events to your calendar (iCalendar)"),
        "in-person": _("In person"),
        "virtual": _("Online"),
        "hybrid": _("In person and online"),
        "speakers": _("Speakers"),
        # Translators: a speaker and the title of their talk, which is kept as announced.
        "speaker-talk": _("%(speaker)s: %(talk)s"),
        # Translators: the company or group whose place an event was held at.
        "hosted-by": _("Hosted by %(host)s"),
        "sponsored": _("Sponsored by %(project)s"),
        "every-monday": _("Every Monday"),
        "every-tuesday": _("Every Tuesday"),
        "every-wednesday": _("Every Wednesday"),
        "every-thursday": _("Every Thursday"),
        "every-friday": _("Every Friday"),
        "every-saturday": _("Every Saturday"),
        "every-sunday": _("Every Sunday"),
        # Translators: the name of the calendar a reader subscribes to.
        "calendar-name": _("%(project)s events") % {"project": project},
    }


class EventTexts(SphinxPostTransform):
    """The events' interface strings, in the reader's language."""

    default_priority = 400
    formats = ("html",)

    def run(self, **kwargs) -> None:
        messages = None
        for placeholder in list(self.document.findall(nodes.inline)):
            key = placeholder.get("bpd_message")
            if key is not None:
                messages = messages or interface_messages(self.config.project)
                text = _filled(str(messages[key]), placeholder["bpd_values"])
                placeholder.replace_self(nodes.Text(text))


def _filled(pattern: str, values: dict[str, str]) -> str:
    if not values:
        return pattern
    try:
        return pattern % values
    except (KeyError, ValueError, TypeError):
        # The guard refuses a translation that changes a placeholder: should one get
        # through, the values are still shown.
        return " ".join(values.values())


def link_calendar_and_describe_events(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """When the page is written (the builder knows its URLs): the calendar link,
    relative to the page (the feed is at the root of the language); and schema.org
    ``Event`` data in JSON-LD in each event's card, in the reader's language.

    The JSON-LD is the one piece of HTML the site writes into a page, made here from
    the checked data (``RemoveRawHTML`` removes what pages and translations say, and
    runs before, when the page is read).
    """
    if app.builder.format != "html":
        return
    here = app.builder.get_target_uri(docname)
    for link in doctree.findall(nodes.reference):
        if link.get("bpd_calendar"):
            link["refuri"] = relative_uri(here, CALENDAR)
    urls, today = Urls(app, docname), build_date()
    for card in list(doctree.findall(nodes.container)):
        if "bpd_event" in card:
            data = structured_data(card["bpd_event"], _summary_of(card), urls, today)
            card += nodes.raw("", json_ld(data), format="html")


def _summary_of(card: nodes.Element) -> str:
    """The summary the card shows: translated, if the language has it."""
    found = (
        node for node in card.findall(nodes.paragraph) if "bpd-event-summary" in node["classes"]
    )
    summary = next(found, None)
    return summary.astext() if summary is not None else _event(card).summary


def json_ld(data: dict) -> str:
    """``data`` in a ``<script>`` element, safely: nothing in it ("</script>", "<!--")
    can end the element or be read as markup."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for character in "<>&\u2028\u2029":
        text = text.replace(character, f"\\u{ord(character):04x}")
    return f'<script type="application/ld+json">{text}</script>'


class Urls:
    """Absolute addresses, in the language being built, for the feed and search engines."""

    def __init__(self, app: Sphinx, docname: str) -> None:
        self.builder, self.config, self.docname = app.builder, app.config, docname
        # languages.links.configure points html_baseurl at the language (base URL, prefix).
        self.base = app.config.html_baseurl or app.config.bpd_base_url

    def page(self, docname: str) -> str:
        return self.base + self.builder.get_target_uri(docname)

    def of(self, listed: Listed) -> str:
        """The event's page: its site path's, in this language; its url; else its card."""
        if listed.page is not None:
            docname, fragment = listed.page
            return self.page(docname) + fragment
        if listed.event.url:
            return listed.event.url
        return f"{self.page(self.docname)}#{listed.anchor}"


def structured_data(listed: Listed, description: str, urls: Urls, today: datetime.date) -> dict:
    """One event as schema.org ``Event``, with what Google's event results require
    (name, startDate, location) and recommend (description, endDate,
    eventAttendanceMode, eventStatus, organizer, performer) where the data has it."""
    event, url = listed.event, urls.of(listed)
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.name,
        "description": description,
        "eventAttendanceMode": KINDS[event.kind],
        "eventStatus": "https://schema.org/EventScheduled",
        "url": url,
    }
    if event.recurring is None:
        data["startDate"] = event.start.isoformat()
        data["endDate"] = (event.end or event.start).isoformat()
    else:
        moment = event.recurring.on(event.next_day(today) or event.first_day(today))
        data["startDate"] = moment.isoformat()
        if event.recurring.time is None:
            data["endDate"] = moment.isoformat()
        schedule: dict[str, str] = {
            "@type": "Schedule",
            "repeatFrequency": "P1W",
            "byDay": f"https://schema.org/{WEEKDAYS[event.recurring.weekday].capitalize()}",
        }
        if event.recurring.time is not None:
            schedule["startTime"] = f"{event.recurring.time}:00"
        if event.start:
            schedule["startDate"] = event.start.isoformat()
        if event.end:
            schedule["endDate"] = event.end.isoformat()
        data["eventSchedule"] = schedule
    places: list[dict[str, object]] = []
    if event.kind != "virtual":
        address = {"@type": "PostalAddress", "addressCountry": event.country}
        if event.city:
            address["addressLocality"] = event.city
        place: dict[str, object] = {"@type": "Place", "address": address}
        if event.host or event.city:
            place["name"] = event.host or event.city
        places.append(place)
    if event.kind != "in-person":
        places.append({"@type": "VirtualLocation", "url": url})
    data["location"] = places[0] if len(places) == 1 else places
    if event.organizer:
        organizer = {"@type": "Organization", "name": event.organizer}
        if event.organizer == urls.config.project:  # the site's own: its address
            organizer["url"] = urls.config.bpd_base_url
        data["organizer"] = organizer
    if event.speakers:
        data["performer"] = [{"@type": "Person", "name": name} for name, _talk in event.speakers]
    return data


# -- across builds, and the calendar feed ---------------------------------------------------------


class EventNotes(PageNotes):
    """Each page's events as read, with their summaries in the page's language."""

    attribute = "bpd_events"

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        found = [
            (card["bpd_event"], _summary_of(card))
            for card in doctree.findall(nodes.container)
            if "bpd_event" in card
        ]
        if found:
            self.of(app.env)[app.env.docname] = found


def pages_to_rewrite_another_day(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Every page of events, when this build's day is not the last one's: what is
    upcoming and what is past changed, though no source did."""
    today = build_date()
    last = getattr(env, "bpd_events_day", None)
    env.bpd_events_day = today
    if last is None or last == today:
        return []
    return sorted(EventNotes.of(env))


def write_calendar(app: Sphinx, exception: Exception | None) -> None:
    """``events.ics`` at the root of the language: every event of every page."""
    if exception is not None or app.builder.format != "html":
        return
    path = Path(app.outdir, CALENDAR)
    noted = EventNotes.of(app.env)
    pages = [docname for docname in sorted(noted) if docname in app.env.found_docs]
    if not pages:
        path.unlink(missing_ok=True)
        return
    language = current_language(app.config).code
    feed = calendar(
        [
            (listed, summary, Urls(app, docname))
            for docname in pages
            for listed, summary in noted[docname]
        ],
        name=interface_messages(app.config.project)["calendar-name"],
        project=app.config.project,
        language=language,
        today=build_date(),
    )
    if not path.is_file() or path.read_bytes() != feed:
        path.write_bytes(feed)


def calendar(
    events: list[tuple[Listed, str, Urls]],
    *,
    name: str,
    project: str,
    language: str,
    today: datetime.date,
) -> bytes:
    """An RFC 5545 calendar of ``events`` (each with its summary and its page's URLs)."""
    import icalendar

    feed = icalendar.Calendar()
    feed.add("prodid", f"-//{project}//Events//{language.upper()}")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("x-wr-calname", str(name))
    # The build's day, not the moment it ran: two builds of one commit are the same.
    stamp = datetime.datetime.combine(today, datetime.time(0), datetime.UTC)
    for listed, summary, urls in events:
        event = listed.event
        entry = icalendar.Event()
        entry.add("uid", listed.uid)
        entry.add("dtstamp", stamp)
        entry.add("summary", event.name)
        entry.add("description", summary)
        # A URI (RFC 5545), where a page's link may be an IRI ("/wiki/Côte_d'Ivoire").
        entry.add("url", quote(urls.of(listed), safe="!#$%&'()*+,/:;=?@[]~"))
        if event.kind != "virtual" and (place := _place(event, language)):
            entry.add("location", place)
        if event.recurring is None:
            entry.add("dtstart", event.start)
            entry.add("dtend", (event.end or event.start) + ONE_DAY)  # the day after
        else:
            first = event.recurring.on(event.first_day(today))
            rule: dict[str, object] = {"freq": "weekly"}
            if isinstance(first, datetime.datetime):
                # In UTC: an offset names no time zone. The meetings keep the first's
                # day of the week in UTC, which is the meeting's.
                if event.end:
                    # Until the time of a meeting on the last day, in UTC: at 23:00
                    # UTC-5 the last meeting is the next day in UTC.
                    rule["until"] = event.recurring.on(event.end).astimezone(datetime.UTC)
                entry.add("dtstart", first.astimezone(datetime.UTC))
            else:
                if event.end:
                    rule["until"] = event.end
                entry.add("dtstart", first)
                entry.add("dtend", first + ONE_DAY)
                # A meeting with no time given is no day-long one: the day stays free
                # (a calendar holds an event busy unless told, RFC 5545 3.8.2.7).
                entry.add("transp", "TRANSPARENT")
            entry.add("rrule", rule)
        feed.add_component(entry)
    return feed.to_ical()


def setup_events(app: Sphinx) -> None:
    app.add_directive("event-grid", EventGridDirective)
    app.add_post_transform(EventLayout)
    app.add_post_transform(EventTexts)
    app.connect("doctree-resolved", link_calendar_and_describe_events)
    app.add_env_collector(EventNotes)
    app.connect("env-get-updated", pages_to_rewrite_another_day)
    app.connect("build-finished", write_calendar)
