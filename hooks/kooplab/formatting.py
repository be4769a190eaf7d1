"""German formatting of dates, periods and numbers, for templates (registered as Jinja filters).

Plain text in, plain text out: the templates decide the markup. The month names
and separators are German because the site's interface is German.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from .records import Period

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


def sort_key(name: str) -> str:
    """German A–Z order (DIN 5007-1): umlauts sort as their base letter, case is ignored.
    'Börde' comes before 'Brückenwerk', 'Öko' among the O's, 'Straße' as 'strasse'."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def initial(name: str) -> str:
    """The letter a name is filed under in an A–Z list: 'Ökohaus' -> 'O', '3D-Druck' -> '0–9'."""
    for char in name:
        base = unicodedata.normalize("NFKD", char)[0].upper()
        if base.isdigit():
            return "0–9"
        if "A" <= base <= "Z":
            return base
    return "#"


def iso_date(value: dt.date) -> str:
    """For the machine-readable ``datetime`` attribute of ``<time>``."""
    return value.isoformat()


def iso_period(value: Period) -> str:
    return str(value)


FILTERS = {
    "date_de": date_de,
    "period_de": period_de,
    "number_de": number_de,
    "initial": initial,
    "iso_date": iso_date,
    "iso_period": iso_period,
}
