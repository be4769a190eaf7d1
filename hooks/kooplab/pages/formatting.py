"""German formatting of dates, periods and numbers, for templates (registered as Jinja filters).

Plain text in, plain text out: the templates decide the markup. The month names
and separators are German because the site's interface is German.
"""

from __future__ import annotations

import datetime as dt

from kooplab.collation import initial
from kooplab.records import Event, Period

MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember")


def date_de(value: dt.date) -> str:
    """2026-10-01 -> '1. Oktober 2026'."""
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


def period_de(value: Period) -> str:
    """A year or year-month as editors give it: 2024 -> '2024', 2024-04 -> 'April 2024'."""
    return f"{MONTHS[value.month - 1]} {value.year}" if value.month else str(value.year)


def number_de(value: float | int) -> str:
    """12000 -> '12.000', 1234.5 -> '1.234,5', 0.25 -> '0,25' (thousands dot, decimal comma)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        text = f"{value:,}"
    else:
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def size_de(size: int) -> str:
    """The size of a file as German readers write it: 857 -> '857 Byte', 24500 -> '24,5 kB', 3200000 -> '3,2 MB'."""
    if size < 1000:
        return f"{size} Byte"
    if size < 1_000_000:
        return f"{number_de(round(size / 1000, 1))} kB"
    return f"{number_de(round(size / 1_000_000, 1))} MB"


def iso_date(value: dt.date) -> str:
    """For the machine-readable ``datetime`` attribute of ``<time>``."""
    return value.isoformat()


def iso_period(value: Period) -> str:
    return str(value)


FILTERS = {
    "date_de": date_de,
    "period_de": period_de,
    "number_de": number_de,
    "size_de": size_de,
    "initial": initial,
    "iso_date": iso_date,
    "iso_period": iso_period,
}


# --- events ---------------------------------------------------------------------------------

WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")


def time_de(value: dt.datetime) -> str:
    """09:30 -> '9:30' (the word 'Uhr' is added where the sentence needs it)."""
    return f"{value.hour}:{value.minute:02d}"


def _day_de(value: dt.date) -> str:
    return f"{WEEKDAYS[value.weekday()]}, {date_de(value)}"


def _days_de(first: dt.date, last: dt.date) -> str:
    """'3. bis 4. Dezember 2026', '30. November bis 4. Dezember 2026', '30. Dezember 2026 bis 2. Januar 2027'."""
    if first.year != last.year:
        return f"{date_de(first)} bis {date_de(last)}"
    if first.month != last.month:
        return f"{first.day}. {MONTHS[first.month - 1]} bis {date_de(last)}"
    return f"{first.day}. bis {date_de(last)}"


def when_de(event: Event) -> str:
    """When an event takes place, in words:
    'Mittwoch, 25. November 2026, 14:00 bis 17:00 Uhr', 'Samstag, 26. September 2026' (all day),
    '30. November bis 4. Dezember 2026', 'Freitag, 20. November 2026, 10:00 Uhr bis Samstag, …, 15:00 Uhr'."""
    start, end = event.start, event.end
    if event.all_day:
        return _day_de(start) if not event.multi_day else _days_de(event.first_day, event.last_day)
    day = _day_de(start.date())
    if end is None:
        return f"{day}, {time_de(start)} Uhr"
    if end.date() == start.date():
        return f"{day}, {time_de(start)} bis {time_de(end)} Uhr"
    return f"{day}, {time_de(start)} Uhr bis {_day_de(end.date())}, {time_de(end)} Uhr"


def iso_when(value: dt.date | dt.datetime) -> str:
    """For ``<time datetime>``: '2026-11-30', or '2026-11-25T14:00+01:00' with the offset."""
    return value.isoformat(timespec="minutes") if isinstance(value, dt.datetime) else value.isoformat()


def webcal(path: str, site_url: str | None) -> str:
    """The subscription address of a calendar file: 'webcal://host/path/termine.ics' ('' without an absolute
    site_url: then only the download link is offered). Calendar programs subscribe to webcal:// addresses;
    an https link to an .ics file is downloaded once."""
    base = site_url or ""
    if not base.startswith(("https://", "http://")):
        return ""
    return "webcal://" + base.split("://", 1)[1].rstrip("/") + "/" + path.lstrip("/")


FILTERS.update(when_de=when_de, time_de=time_de, iso_when=iso_when, webcal=webcal)


# --- partner suggestions --------------------------------------------------------------------

def and_list(items: list[str]) -> str:
    """['a', 'b', 'c'] -> 'a, b und c'."""
    items = [str(i) for i in items]
    return f"{', '.join(items[:-1])} und {items[-1]}" if len(items) > 1 else (items[0] if items else "")


def reason_de(reason, vocab, neuter=()) -> str:
    """Why a member is suggested, in words (kooplab.pages.scoring.Reason), from the reader's side:
    'bietet Know-how, das Sie suchen', 'beide in Bremen', 'rund 12 km entfernt', 'beide SDG 4 und 12',
    'beide im Netzwerk …', 'Unternehmen und Verein ergänzen sich'. ``neuter``: the categories whose
    label takes 'das' (the others are plural labels and take 'die'); partials/kl-suggestions.html
    passes them. A filter rather than a macro: a 10,000-member site words 200,000 reasons."""
    kind, detail = reason.kind, reason.detail
    if kind in ("offers", "needs"):
        label = vocab.exchange[detail[0]].label
        pronoun = "das" if detail[0] in neuter else "die"
        return f"bietet {label}, {pronoun} Sie suchen" if kind == "offers" else f"sucht {label}, {pronoun} Sie anbieten"
    if kind == "city":
        return f"beide in {detail[0]}"
    if kind == "region":
        return f"beide in {vocab.regions[detail[0]].label}"
    if kind == "distance":
        return f"rund {number_de(detail[0])} km entfernt"
    if kind == "sdgs":
        return f"beide SDG {and_list([str(g) for g in detail])}"
    if kind == "networks":
        names = [vocab.networks[n].label for n in detail]
        return f"{'beide im Netzwerk' if len(names) == 1 else 'beide in den Netzwerken'} {and_list(names)}"
    if kind == "kinds":
        return f"{vocab.kinds[detail[0]].label} und {vocab.kinds[detail[1]].label} ergänzen sich"
    return ""


FILTERS.update(reason_de=reason_de)
