"""A spreadsheet as rows of text cells, each with the row number and column letter the office sees.

``.xlsx`` is read with openpyxl, ``.ods`` with python-calamine, ``.csv`` with the standard library
(``,``, ``;`` or tab; UTF-8 with or without BOM, else Windows-1252 as Excel writes it in Germany).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

SUFFIXES = (".csv", ".xlsx", ".ods")


class SheetError(Exception):
    """The file cannot be read as a table at all (the message is for the office, in German)."""


@dataclass(frozen=True)
class Row:
    number: int  # the spreadsheet's own row number (1 = first row)
    cells: tuple[str, ...]  # text of each cell, '' for an empty one

    def get(self, index: int) -> str:
        return self.cells[index] if index < len(self.cells) else ""

    @property
    def empty(self) -> bool:
        return not any(self.cells)


@dataclass(frozen=True)
class Sheet:
    file: str  # as given on the command line, for messages
    rows: tuple[Row, ...]
    encoding: str = ""  # of a CSV file
    delimiter: str = ""  # of a CSV file


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_text(value: object) -> str:
    """A cell as text: whole numbers without '.0', dates in ISO form, date-times as 'YYYY-MM-DD HH:MM'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def _delimiter(text: str) -> str:
    """The separator that splits the first lines most evenly (quoted cells counted as one)."""
    sample = "\n".join(text.splitlines()[:20])
    best, best_score = ",", -1
    for delimiter in (";", "\t", ","):
        counts = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if any(r)]
        if not counts:
            continue
        score = min(counts) * 10 + (max(counts) == min(counts))
        if max(counts) > 1 and score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(path: Path) -> Sheet:
    text, encoding = _decode(path.read_bytes())
    delimiter = _delimiter(text)
    rows = [Row(i, tuple(cell_text(c) for c in cells))
            for i, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1)]
    return Sheet(str(path), tuple(rows), encoding, delimiter)


def _read_xlsx(path: Path, sheet: str | None) -> Sheet:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, data_only=True)  # values of formulas as Excel last saved them
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise SheetError(f"{path}: keine lesbare Excel-Datei ({exc})") from exc
    try:
        ws = book[sheet] if sheet else book.worksheets[0]
    except KeyError:
        raise SheetError(f"{path}: kein Tabellenblatt „{sheet}“ (vorhanden: {', '.join(book.sheetnames)})") from None
    rows = [Row(i, tuple(cell_text(v) for v in values))
            for i, values in enumerate(ws.iter_rows(min_row=1, min_col=1, values_only=True), start=1)]
    return Sheet(str(path), tuple(rows))


def _read_ods(path: Path, sheet: str | None) -> Sheet:
    from python_calamine import CalamineError, CalamineWorkbook, WorksheetNotFound

    try:
        book = CalamineWorkbook.from_path(str(path))
        ws = book.get_sheet_by_name(sheet) if sheet else book.get_sheet_by_index(0)
        values = ws.to_python(skip_empty_area=False)
    except WorksheetNotFound:
        raise SheetError(f"{path}: kein Tabellenblatt „{sheet}“") from None
    except (CalamineError, OSError, ValueError) as exc:
        raise SheetError(f"{path}: keine lesbare OpenDocument-Tabelle ({exc})") from exc
    return Sheet(str(path), tuple(Row(i, tuple(cell_text(v) for v in cells))
                                  for i, cells in enumerate(values, start=1)))


def read_sheet(path: Path, sheet: str | None = None) -> Sheet:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise SheetError(f"{path}: Datei nicht gefunden")
    if suffix == ".csv":
        return _read_csv(path)
    if suffix == ".xlsx":
        return _read_xlsx(path, sheet)
    if suffix == ".ods":
        return _read_ods(path, sheet)
    raise SheetError(f"{path}: unbekanntes Format „{suffix}“; lesbar sind {', '.join(SUFFIXES)} "
                     "(ältere .xls-Dateien bitte in Excel als .xlsx speichern)")
