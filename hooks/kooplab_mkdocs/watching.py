"""`mkdocs serve` notices a saved file at once.

MkDocs (and ProperDocs) watch the project by polling: every half second they list and stat every watched file,
so a save waits 0.25 s on average before the rebuild starts, and at 10,000 members each poll (12,000 files of
``data/``) takes about 0.1 s of the interpreter, beside the rebuild it slows. During ``serve`` the server here
watches with the operating system's notifications instead (watchdog's native observer: inotify on Linux,
FSEvents on macOS, ReadDirectoryChangesW on Windows, polling where none exists), as Hugo and Jekyll do by
default. Where notifications do not arrive (some network drives and folders shared into containers),
``KOOPLAB_WATCH=poll`` keeps MkDocs' polling, like Hugo's ``--poll``.
"""

from __future__ import annotations

import os
import sys

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirModifiedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
)
from watchdog.observers import Observer

POLL = "poll"  # KOOPLAB_WATCH=poll: MkDocs' own polling
_SERVE_MODULES = ("mkdocs.commands.serve", "properdocs.commands.serve")
# what changes a file; notifications also tell of files opened and closed unchanged, which every build does
CHANGES = [FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent, FileClosedEvent,
           DirCreatedEvent, DirDeletedEvent, DirModifiedEvent, DirMovedEvent]


class ChangesObserver(Observer):
    """The native observer, passing on only the events that change a file."""

    def schedule(self, event_handler, path, *, recursive=False, event_filter=None):
        return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or CHANGES)


def notified(server_class: type) -> type:
    """A subclass of the engine's LiveReloadServer that watches with notifications."""

    class NotifiedServer(server_class):
        notified = True

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.observer = ChangesObserver()  # before any path is watched: serve() starts it

    NotifiedServer.__name__ = NotifiedServer.__qualname__ = f"Notified{server_class.__name__}"
    return NotifiedServer


def watch_with_notifications() -> bool:
    """Make the running engine's ``serve`` build its server with a native observer (called in on_startup, before
    the server is made); False when ``KOOPLAB_WATCH=poll`` asks for polling or no serve command is loaded."""
    if os.environ.get("KOOPLAB_WATCH", "").strip().lower() == POLL:
        return False
    done = False
    for name in _SERVE_MODULES:
        module = sys.modules.get(name)
        server_class = getattr(module, "LiveReloadServer", None)
        if server_class is not None:
            if not getattr(server_class, "notified", False):
                module.LiveReloadServer = notified(server_class)
            done = True
    return done
