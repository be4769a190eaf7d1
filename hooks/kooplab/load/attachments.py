"""Files attached to sources: ``file = {downloads/arbeitspapier.pdf}`` in data/references.bib names the working
paper, short info or guide that the literature page (/literatur/) offers for download. Like logos, they live in
the data folder, are checked for kind and size, and are published beside the literature page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kooplab.problems import Problems

FOLDER = "downloads"  # in the data folder; published as literatur/dateien/<name>
_ZIP = b"PK\x03\x04"
# suffix -> (what readers are told, media type, how the file begins: None for plain text)
KINDS: dict[str, tuple[str, str, bytes | None]] = {
    ".pdf": ("PDF", "application/pdf", b"%PDF-"),
    ".odt": ("OpenDocument-Text", "application/vnd.oasis.opendocument.text", _ZIP),
    ".ods": ("OpenDocument-Tabelle", "application/vnd.oasis.opendocument.spreadsheet", _ZIP),
    ".odp": ("OpenDocument-Präsentation", "application/vnd.oasis.opendocument.presentation", _ZIP),
    ".docx": ("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    ".xlsx": ("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    ".pptx": ("PowerPoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation", _ZIP),
    ".epub": ("EPUB", "application/epub+zip", _ZIP),
    ".csv": ("CSV", "text/csv", None),
    ".txt": ("Text", "text/plain", None),
}


@dataclass(frozen=True)
class Attachment:
    """A file attached to a source."""

    path: str  # relative to the data folder: downloads/arbeitspapier.pdf
    kind: str  # what readers are told: PDF, Word, …
    media_type: str
    size: int  # bytes

    @property
    def name(self) -> str:
        return PurePosixPath(self.path).name


def check_attachments(value: str, data: Path, data_dir: str, rel: str, line: int, max_kb: int,
                      problems: Problems) -> tuple[Attachment, ...] | None:
    """The files of a ``file`` field (several separated by ';'), or None after reporting what is wrong."""
    out = []
    for written in [part.strip() for part in value.split(";") if part.strip()]:
        def wrong(message: str, hint: str) -> None:
            problems.error(rel, (line, 1), "file", message, hint)

        path = PurePosixPath(written)
        if path.is_absolute() or ".." in path.parts or len(path.parts) != 2 or path.parts[0] != FOLDER:
            wrong(f"'{written}' is not a file in {data_dir}/{FOLDER}/",
                  f"put the file into {data_dir}/{FOLDER}/ and write file = {{{FOLDER}/<name>}}")
            return None
        suffix = path.suffix.lower()
        if suffix not in KINDS:
            wrong(f"'{written}' is not a kind of file the site offers",
                  f"offer one of {', '.join(s.lstrip('.') for s in KINDS)} (a PDF suits most readers)")
            return None
        file = data / written
        if not file.is_file() or file.is_symlink():
            wrong(f"the file '{written}' does not exist", f"add it to {data_dir}/{FOLDER}/ or remove the field")
            return None
        size = file.stat().st_size
        if size > max_kb * 1024:
            wrong(f"'{written}' is {size // 1024} KB; the limit is {max_kb} KB",
                  "make the file smaller (e.g. export the PDF for the screen) or link it with url = {…}")
            return None
        kind, media_type, start = KINDS[suffix]
        with file.open("rb") as f:
            head = f.read(8)
        if start is not None and not head.startswith(start):
            wrong(f"'{written}' is not a {kind} file", f"save it again as {suffix.lstrip('.').upper()}")
            return None
        out.append(Attachment(path=written, kind=kind, media_type=media_type, size=size))
    return tuple(out)
