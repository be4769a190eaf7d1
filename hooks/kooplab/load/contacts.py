"""Contacts of members, regions and networks: named persons only with recorded consent, never before it."""

from __future__ import annotations

import datetime as dt

from kooplab.load.document import Document, dotted
from kooplab.problems import Problems
from kooplab.records import Contact


def check_contacts(doc: Document, path: tuple, contacts: object, today: dt.date, problems: Problems) -> None:
    """A named person needs the date of their written consent, and that date has come."""
    if not isinstance(contacts, list):
        return  # the schema reports it
    for i, contact in enumerate(contacts):
        if not isinstance(contact, dict):
            continue
        if contact.get("name") and not contact.get("consent"):
            problems.error(doc.rel, doc.pos(path + (i, "name"), key=True), dotted(path + (i, "name")),
                           "a named person is published only with recorded consent",
                           "add 'consent: YYYY-MM-DD' (the date of the written consent) or remove the name "
                           "and give a role mailbox instead")
        consent = contact.get("consent")
        where = path + (i, "consent")
        if isinstance(consent, str) and where not in doc.reported:
            try:
                given = dt.date.fromisoformat(consent)
            except ValueError:
                continue  # the schema reports dates that are not dates
            if given > today:
                problems.error(doc.rel, doc.pos(where), dotted(where),
                               f"consent on {given.isoformat()} lies in the future: the name is not published "
                               "before the person has agreed", "give the date on which the person agreed in writing")


def contacts_of(values: list | None) -> tuple[Contact, ...]:
    """The checked ``contacts`` list of a record or vocabulary entry as records."""
    return tuple(Contact(role=c["role"], name=c.get("name", ""), email=c.get("email", ""), phone=c.get("phone", ""),
                         consent=dt.date.fromisoformat(str(c["consent"])) if c.get("consent") else None)
                 for c in values or ())
