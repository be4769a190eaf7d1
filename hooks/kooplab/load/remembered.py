"""Record files read and checked by an earlier build of the same process, kept for the next one.

The preview of `make serve` (kooplab_mkdocs.preview) loads the whole catalog again after every save, and
nearly all files are as they were. With ``remember(True)`` the catalog keeps what each member and case file
gave (the record and its problems) under the file's size, time of change and inode and under everything else
its checks read: the settings, vocabularies and schemas, the day, and the names, sizes and times of the
logos and pictures. A file whose key is unchanged is not read again; any other change reads it anew. Off by
default: `kooplab validate` and `mkdocs build` read every file.

What later stages make from the whole catalog and that rarely changes with an edit (partner suggestions) is kept
the same way, under a digest of everything it reads (:func:`recall_made`, :func:`keep_made`).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

_files: dict[str, tuple[tuple, object, tuple]] | None = None  # rel -> (key, record, problems)
_made: dict[str, tuple[bytes, object]] = {}  # name -> (digest of its inputs, what was made of them)


def remember(on: bool) -> None:
    global _files
    _files = {} if on else None
    _made.clear()


def remembering() -> bool:
    return _files is not None


def listing(paths) -> list[tuple[str, int, int]]:
    """Every file under ``paths`` (folders or files, in order), with its size and time of change."""
    seen = []
    for top in paths:
        for dirpath, dirs, names in os.walk(top) if top.is_dir() else [(str(top.parent), [], [top.name])]:
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                try:
                    stat = os.stat(os.path.join(dirpath, name))
                except OSError:
                    continue
                seen.append((os.path.join(dirpath, name), stat.st_size, stat.st_mtime_ns))
    return seen


def digest(value) -> bytes:
    return hashlib.blake2b(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), digest_size=16).digest()


def context(root: Path, data_dir: str, *values) -> bytes:
    """A digest of what the checks of a record read beside its file: ``values`` and the logos and pictures."""
    return digest((values, listing([root / data_dir / "logos", root / data_dir / "images"])))


def key(path: Path, context_digest: bytes) -> tuple | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns, stat.st_ino, context_digest


def recall(rel: str, file_key: tuple | None):
    """(record, problems) that the file gave under this key, or None."""
    if _files is None or file_key is None:
        return None
    found = _files.get(rel)
    return (found[1], found[2]) if found is not None and found[0] == file_key else None


def recall_made(name: str, inputs: bytes):
    """What the last build made as ``name`` from inputs of this digest, or None (also when not remembering)."""
    found = _made.get(name) if _files is not None else None
    return found[1] if found is not None and found[0] == inputs else None


def keep_made(name: str, inputs: bytes, made) -> None:
    if _files is not None:
        _made[name] = (inputs, made)


def keep(rel: str, file_key: tuple | None, record, problems: tuple) -> None:
    if _files is not None and file_key is not None:
        _files[rel] = (file_key, record, problems)
