"""What each generated page's HTML depends on, as a fingerprint: two builds of the same project give a page the
same fingerprint exactly when its page model, the records it shows and what its templates look up beside them
are the same. A preview (``mkdocs serve``) compares them between rebuilds and renders only the pages whose
fingerprint changed (kooplab_mkdocs.preview); ``tests/test_preview.py`` proves the result equal to a full build.

A page's fingerprint is a digest of its model pickled (view, title, description, template, Markdown, search
facets, Quellen list), where each record (member, case study, event) stands as the digest of that record
pickled whole (a member with its case studies), made once per build. Templates also look up the names of a
case study's partners and of an event's organisers in the catalog (``kl.catalog.members[slug].name``): those
names join the fingerprint of each page that shows the case study or event. What every page may read (the
vocabularies, the settings, the dates of the last commits) is one site-wide digest, and the figures of the
whole network (``kl.stats``, read by list pages) one more; the engine treats a change of either as a change of
every page it concerns. Pickling within one process is deterministic for equal values; a value that does not
pickle makes the page count as changed, never as unchanged.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
from dataclasses import dataclass, field

from kooplab.pages.build import stats
from kooplab.records import Case, Event, Member

_RECORDS = (Member, Case, Event)


@dataclass
class Fingerprints:
    site_wide: bytes  # what every page may read: vocabularies, settings, last-commit dates
    figures: bytes  # the whole network's figures (kl.stats), read by list pages
    pages: dict[str, bytes] = field(default_factory=dict)  # a generated page's src_uri -> its digest
    record_pages: frozenset[str] = frozenset()  # the src_uris of record pages (they do not read kl.stats)

    def changed_pages(self, before: "Fingerprints") -> set[str] | None:
        """The generated pages to render again after ``before``; None: all of them (something site-wide
        changed, or a page is gone, which leaves files behind that only a clean build removes)."""
        if self.site_wide != before.site_wide or not before.pages.keys() <= self.pages.keys():
            return None
        lists = self.figures != before.figures
        return {src for src, digest in self.pages.items()
                if before.pages.get(src) != digest or (lists and src not in self.record_pages)}


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


class _Pickler(pickle.Pickler):
    """Pickles a page's inputs with each record replaced by its digest, noting the member slugs whose names
    the templates look up beside the records (partners, organisers)."""

    def __init__(self, out: io.BytesIO, tokens: dict[int, bytes]) -> None:
        super().__init__(out, protocol=pickle.HIGHEST_PROTOCOL)
        self.tokens = tokens
        self.looked_up: set[str] = set()

    def persistent_id(self, obj):
        if not isinstance(obj, _RECORDS):
            return None
        if isinstance(obj, Case):
            self.looked_up.update(p.slug for p in obj.partners if p.slug)
        elif isinstance(obj, Event):
            self.looked_up.update(obj.organisers)
        elif isinstance(obj, Member):
            for case in obj.cases:
                self.looked_up.update(p.slug for p in case.partners if p.slug)
        token = self.tokens.get(id(obj))
        if token is None:
            try:
                token = self.tokens[id(obj)] = _digest(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))
            except Exception:  # noqa: BLE001 - a record that does not pickle: never equal to an earlier one
                token = self.tokens[id(obj)] = os.urandom(16)
        return token


def fingerprints(site) -> Fingerprints:
    """The fingerprints of the generated pages of ``site`` (kooplab.outputs.site.Site)."""
    catalog = site.catalog
    names = {slug: member.name for slug, member in catalog.members.items()}
    site_wide = _digest(_dump((catalog.vocab, catalog.settings, site.changed)))
    figures = _digest(_dump(stats(catalog)))
    tokens: dict[int, bytes] = {}  # id of a record -> its digest (the records live as long as the site)
    pages: dict[str, bytes] = {}
    for model in site.pages:
        out = io.BytesIO()
        pickler = _Pickler(out, tokens)
        try:
            pickler.dump((model.view, model.title, model.description, model.template, model.markdown,
                          model.in_nav, model.search_facets, site.references.sources(model.src_uri)))
            pickler.dump(sorted((slug, names.get(slug)) for slug in pickler.looked_up))
        except Exception:  # noqa: BLE001 - a page whose inputs do not pickle is rendered every time
            out.write(os.urandom(16))
        pages[model.src_uri] = _digest(out.getvalue())
    return Fingerprints(site_wide, figures, pages, frozenset(m.src_uri for m in site.pages if m.record_page))


def _dump(value) -> bytes:
    try:
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - what does not pickle counts as changed
        return os.urandom(16)
