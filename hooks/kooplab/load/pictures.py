"""The picture of a case study (``image:`` with ``src``, ``alt`` and an optional ``credit``): a JPEG or PNG file
in data/images/, no larger than ``image_max_kb``, described for readers who cannot see it. Its pixel size is read
from the file, so that pages reserve its space before it loads (no layout shift)."""

from __future__ import annotations

import struct
from pathlib import Path, PurePosixPath

from kooplab.load.document import Document, dotted
from kooplab.problems import Problems
from kooplab.records import Picture

FOLDER = "images"  # in the data folder; published as kooperationen/bilder/<name>
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"


def pixel_size(head: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG or JPEG from its first bytes; None when it is neither or its size is not found."""
    if head.startswith(_PNG) and head[12:16] == b"IHDR":
        return struct.unpack(">II", head[16:24])
    if head.startswith(_JPEG):
        at = 2
        while at + 9 < len(head):
            if head[at] != 0xFF:
                return None
            marker = head[at + 1]
            if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
                at += 2
                continue
            length = struct.unpack(">H", head[at + 2:at + 4])[0]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # a start of frame
                height, width = struct.unpack(">HH", head[at + 5:at + 9])
                return width, height
            at += 2 + length
    return None


def check_picture(doc: Document, path: tuple, value: dict, data: Path, data_dir: str, max_kb: int,
                  problems: Problems) -> Picture | None:
    """The checked picture of ``image:`` (the schema has checked its fields), or None after a problem."""
    src = value["src"]
    where, field = doc.pos(path + ("src",)), dotted(path + ("src",))
    written = PurePosixPath(src)
    if written.is_absolute() or ".." in written.parts or len(written.parts) != 2 or written.parts[0] != FOLDER:
        problems.error(doc.rel, where, field, f"'{src}' is not a file in {data_dir}/{FOLDER}/",
                       f"put the picture into {data_dir}/{FOLDER}/ and write src: {FOLDER}/<name>.jpg")
        return None
    if written.suffix.lower() not in (".jpg", ".jpeg", ".png"):
        problems.error(doc.rel, where, field, f"'{src}' is not a JPEG or PNG file",
                       "save the picture as JPEG (photos) or PNG (drawings)")
        return None
    file = data / src
    if not file.is_file() or file.is_symlink():
        problems.error(doc.rel, where, field, f"the picture '{src}' does not exist",
                       f"add it to {data_dir}/{FOLDER}/ or remove 'image'")
        return None
    size = file.stat().st_size
    if size > max_kb * 1024:
        problems.error(doc.rel, where, field, f"the picture is {size // 1024} KB; the limit is {max_kb} KB",
                       "make it smaller, e.g. 1200 pixels wide as JPEG of quality 80")
        return None
    with file.open("rb") as f:
        head = f.read(65536)  # a JPEG's size stands after its metadata
    pixels = pixel_size(head)
    if pixels is None or 0 in pixels:
        problems.error(doc.rel, where, field, f"'{src}' is not a JPEG or PNG image", "export the picture again")
        return None
    return Picture(src=src, alt=value["alt"].strip(), credit=value.get("credit", "").strip(), width=pixels[0],
                   height=pixels[1])
