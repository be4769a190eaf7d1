"""What the exports may say about people: named contact persons only with recorded consent, and only
when ``extra.kooplab.include_contacts`` is true; role mailboxes always."""

from __future__ import annotations

from dataclasses import replace

from kooplab.records import Contact, Member
from kooplab.settings import Settings


def public_contacts(member: Member, settings: Settings) -> tuple[Contact, ...]:
    """The contacts the exports may carry.

    By default only role contacts (no ``name``), with role and e-mail address. With
    ``include_contacts: true`` also named persons who gave their consent, with all details.
    """
    if settings.include_contacts:
        return member.published_contacts
    return tuple(Contact(role=c.role, email=c.email) for c in member.contacts if not c.name)


def public_member(member: Member, settings: Settings) -> Member:
    """The member as the exports show it (contacts filtered by :func:`public_contacts`)."""
    return replace(member, contacts=public_contacts(member, settings))
