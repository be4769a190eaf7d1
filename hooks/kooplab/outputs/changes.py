"""What each generated page's HTML depends on, as a fingerprint: two builds of the same project give a page the
same fingerprint exactly when its page model, the records it shows and what its templates look up beside them
are the same. A preview (``mkdocs serve``) compares them between rebuilds and renders only the pages whose
fingerprint changed (kooplab_mkdocs.preview); ``tests/test_preview.py`` proves the result equal to a full build.

A page's fingerprint is a digest of its model pickled (view, title, description, template, Markdown, search
facets, Quellen list), where each record (member, case study, event) stands as the digest of that record
pickled whole (a member with its case studies), and each long list or mapping as the digest of its contents,
each made once per build (a split list's pages share their entries and filters). Templates also look up the
names of a case study's partners and of an event's organisers in the catalog (``kl.catalog.members[slug].name``): those
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


SHARED_FROM = 64  # a list, tuple or mapping this long is pickled once per build (see _Pickler.persistent_id)
_CONTAINERS = (list, tuple, dict)


class _Memo:
    """What one build's fingerprints share: the digests of records and of long containers (by id: they live as
    long as the site), and the member slugs whose names each long container's records make templates look up."""

    def __init__(self) -> None:
        self.tokens: dict[int, bytes] = {}
        self.looked_up_in: dict[int, set[str]] = {}
        self.kept: list = []  # what has a token stays alive, so that no other object gets its id meanwhile


class _Pickler(pickle.Pickler):
    """Pickles a page's inputs with each record replaced by its digest, noting the member slugs whose names
    the templates look up beside the records (partners, organisers)."""

    def __init__(self, memo: _Memo, outer=None) -> None:
        self.out = io.BytesIO()
        super().__init__(self.out, protocol=pickle.HIGHEST_PROTOCOL)
        self.memo_ = memo
        self.outer = outer  # the long container this pickler digests (not to be stood in for by itself)
        self.looked_up: set[str] = set()

    def persistent_id(self, obj):
        if type(obj) in _CONTAINERS and obj is not self.outer and len(obj) >= SHARED_FROM:
            # a long list or mapping, often the same object on many pages (the entries and filters of a split
            # list): pickled once per build, then stood in for by its digest
            key = id(obj)
            token = self.memo_.tokens.get(key)
            if token is None:
                inner = _Pickler(self.memo_, outer=obj)
                inner.dump(obj)
                token = self.memo_.tokens[key] = _digest(inner.out.getvalue())
                self.memo_.looked_up_in[key] = inner.looked_up
                self.memo_.kept.append(obj)
            self.looked_up |= self.memo_.looked_up_in[key]
            return token
        if not isinstance(obj, _RECORDS):
            return None
        if isinstance(obj, Case):
            self.looked_up.update(p.slug for p in obj.partners if p.slug)
        elif isinstance(obj, Event):
            self.looked_up.update(obj.organisers)
        elif isinstance(obj, Member):
            for case in obj.cases:
                self.looked_up.update(p.slug for p in case.partners if p.slug)
        token = self.memo_.tokens.get(id(obj))
        if token is None:
            token = self.memo_.tokens[id(obj)] = _digest(_dump(obj))
            self.memo_.kept.append(obj)
        return token


def fingerprints(site) -> Fingerprints:
    """The fingerprints of the generated pages of ``site`` (kooplab.outputs.site.Site)."""
    catalog = site.catalog
    names = {slug: member.name for slug, member in catalog.members.items()}
    site_wide = _digest(_dump((catalog.vocab, catalog.settings, site.changed)))
    figures = _digest(_dump(stats(catalog)))
    memo = _Memo()
    pages: dict[str, bytes] = {}
    for model in site.pages:
        pickler = _Pickler(memo)
        try:
            pickler.dump((model.view, model.title, model.description, model.template, model.markdown,
                          model.in_nav, model.search_facets, site.references.sources(model.src_uri)))
            pickler.dump(sorted((slug, names.get(slug)) for slug in pickler.looked_up))
        except Exception:  # noqa: BLE001 - a page whose inputs do not pickle is rendered every time
            pickler.out.write(os.urandom(16))
        pages[model.src_uri] = _digest(pickler.out.getvalue())
    return Fingerprints(site_wide, figures, pages, frozenset(m.src_uri for m in site.pages if m.record_page))


def _dump(value) -> bytes:
    try:
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - what does not pickle counts as changed
        return os.urandom(16)
