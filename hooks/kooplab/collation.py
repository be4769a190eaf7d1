"""German A–Z order for names and titles (DIN 5007-1), shared by the loader (the catalog's order) and the
page models (A–Z lists and their letters)."""

from __future__ import annotations

import unicodedata


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
