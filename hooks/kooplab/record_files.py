"""Where the records of each kind live and which editors' template they start from (data/templates/):
shared by ``kooplab new`` and ``kooplab import``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RecordFile:
    template: str  # under data/templates/
    folder: str  # under the data folder
    suffix: str
    title_field: str
    date_fields: tuple[str, ...]  # set to the day of writing


RECORD_FILES = {
    "member": RecordFile("mitglied.yml", "members", ".yml", "name", ("reviewed",)),
    "case": RecordFile("fallbeispiel.md", "cases", ".md", "title", ("published", "reviewed")),
    "event": RecordFile("termin.yml", "events", ".yml", "title", ("reviewed",)),
}
