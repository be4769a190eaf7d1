"""What each generated page's HTML depends on, as a fingerprint: two builds of the same project give a page the
same fingerprint exactly when its page model, the records it shows and what its templates look up beside them
are the same. A preview (``mkdocs serve``) compares them between rebuilds and renders only the pages whose
fingerprint changed (kooplab_mkdocs.preview); ``tests/test_preview.py`` proves the result equal to a full build.

A page's fingerprint is a digest of its model pickled (view, title, description, template, Markdown, search
facets, Quellen list), where each record (member, case study, event) stands as the digest of that record
pickled whole (a member with its case studies), each vocabulary term and, on list pages, each long list or mapping
as the digest of its contents, each made once per build (a split list's pages share their filter and counts), and a
list's filter as what a page shows of it (``Filters.form``: its records go into the filter's index file, not into a
page; ``tests/test_lists.py`` fails when a template reads them). Templates also look up the
names of a case study's partners and of an event's organisers in the catalog (``kl.catalog.members[slug].name``): those
names join the fingerprint of each page that shows the case study or event. What every page may read (the
vocabularies, the settings, the dates of the last commits) is one site-wide digest, and the figures of the
whole network (``kl.stats``, read by list pages) one more; the engine treats a change of either as a change of
every page it concerns. Pickling within one process is deterministic for equal values; a value that does not
pickle makes the page count as changed, never as unchanged.
"""

from __future__ import annotations

import copyreg
import hashlib
import io
import os
import pickle
from dataclasses import dataclass, field

from kooplab.pages.build import stats
from kooplab.pages.facets import Filters
from kooplab.parallel import in_shares, workers_for
from kooplab.records import Case, Event, Goal, Member, Network, Region, Term

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


SHARED_FROM = 64  # a list, tuple or mapping this long is pickled once per build (see _SharingPickler)
_CONTAINERS = (list, tuple, dict)
# the vocabularies' terms, which many pages hold: pickled once per build each
_VALUES = (Term, Region, Network, Goal)


def _stands_for(token: bytes):
    """Never called: a pickled page names it where a record or a shared value stands as its digest."""
    raise NotImplementedError


class _Memo:
    """What one build's fingerprints share: the digests of records, values and long containers (by id: they live
    as long as the site), the member slugs whose names each one makes templates look up, and the pickler at work
    (the dispatch table's functions add what they stand in for to its ``looked_up``)."""

    def __init__(self) -> None:
        self.tokens: dict[int, bytes] = {}
        self.looked_up_in: dict[int, frozenset[str]] = {}
        self.kept: list = []  # what has a token stays alive, so that no other object gets its id meanwhile
        self.current: _Pickler | None = None
        # pickle looks a type up here only for objects of other than built-in types, in C: a record page's
        # other objects (suggestions, SDG tags, Börse entries) cost no Python call
        self.table = dict(copyreg.dispatch_table)
        for cls in _RECORDS:
            self.table[cls] = self._record
        for cls in _VALUES:
            self.table[cls] = self._value
        self.table[Filters] = self._filter_form

    def _record(self, obj):
        return _stands_for, (self.token(obj, _record_digest),)

    def _value(self, obj):
        if obj is self.current.outer:  # the value being digested itself
            return obj.__reduce_ex__(pickle.HIGHEST_PROTOCOL)
        return _stands_for, (self.token(obj, self.contents_digest),)

    @staticmethod
    def _filter_form(filters: Filters):
        return _stands_for, (filters.form(),)

    def contents_digest(self, obj) -> tuple[bytes, set[str]]:
        """A shared value or long container pickled once, by the plain pickler: what it holds is digested with it,
        not shared again."""
        inner = _Pickler(self, outer=obj)
        inner.dump(obj)
        return _digest(inner.out.getvalue()), inner.looked_up

    def token(self, obj, make) -> bytes:
        key = id(obj)
        token = self.tokens.get(key)
        if token is None:
            token, looked_up = make(obj)
            self.tokens[key], self.looked_up_in[key] = token, frozenset(looked_up)
            self.kept.append(obj)
        self.current.looked_up |= self.looked_up_in[key]
        return token


class _Pickler(pickle.Pickler):
    """Pickles a page's inputs with each record and shared value replaced by its digest (through the memo's
    dispatch table), noting the member slugs whose names the templates look up beside the records (partners,
    organisers)."""

    def __init__(self, memo: _Memo, outer=None) -> None:
        self.out = io.BytesIO()
        super().__init__(self.out, protocol=pickle.HIGHEST_PROTOCOL)
        self.dispatch_table = memo.table
        self.memo_ = memo
        self.outer = outer  # the value or long container this pickler digests (not stood in for by itself)
        self.looked_up: set[str] = set()

    def dump(self, obj) -> None:
        before, self.memo_.current = self.memo_.current, self
        try:
            super().dump(obj)
        finally:
            self.memo_.current = before


class _SharingPickler(_Pickler):
    """For every page but a record's: each long list or mapping, often the same object on many pages (the entries
    and filters of a split list), is pickled once per build, then stood in for by its digest. (``persistent_id``
    is called for every object, so record pages, which hold no long containers, use the plain pickler.)"""

    def persistent_id(self, obj):
        if type(obj) in _CONTAINERS and obj is not self.outer and len(obj) >= SHARED_FROM:
            return self.memo_.token(obj, self.memo_.contents_digest)
        return None


def _record_digest(record) -> tuple[bytes, set[str]]:
    """A record pickled whole (a member with its case studies), and the member slugs whose names templates look
    up beside it."""
    if isinstance(record, Case):
        looked_up = {p.slug for p in record.partners if p.slug}
    elif isinstance(record, Event):
        looked_up = set(record.organisers)
    else:
        looked_up = {p.slug for case in record.cases for p in case.partners if p.slug}
    return _digest(_dump(record)), looked_up


PARALLEL_FROM = 4000  # pages: a site with as many has half of them fingerprinted by a second process


def fingerprints(site) -> Fingerprints:
    """The fingerprints of the generated pages of ``site`` (kooplab.outputs.site.Site)."""
    catalog = site.catalog
    site_wide = _digest(_dump((catalog.vocab, catalog.settings, site.changed)))
    figures = _digest(_dump(stats(catalog)))
    models = site.pages
    shares = workers_for(len(models), PARALLEL_FROM)
    found: dict[str, bytes] = {}
    for digests in in_shares(lambda share: _page_digests(site, models[share::shares]), shares):
        found.update(digests)
    pages = {model.src_uri: found[model.src_uri] for model in models}
    return Fingerprints(site_wide, figures, pages, frozenset(m.src_uri for m in models if m.record_page))


def _page_digests(site, models) -> dict[str, bytes]:
    names = {slug: member.name for slug, member in site.catalog.members.items()}
    memo = _Memo()
    pages: dict[str, bytes] = {}
    for model in models:
        pickler = (_Pickler if model.record else _SharingPickler)(memo)
        try:
            pickler.dump((model.view, model.title, model.description, model.template, model.markdown,
                          model.in_nav, model.search_facets, site.references.sources(model.src_uri)))
            pickler.dump(sorted((slug, names.get(slug)) for slug in pickler.looked_up))
        except Exception:  # noqa: BLE001 - a page whose inputs do not pickle is rendered every time
            pickler.out.write(os.urandom(16))
        pages[model.src_uri] = _digest(pickler.out.getvalue())
    return pages


def _dump(value) -> bytes:
    try:
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - what does not pickle counts as changed
        return os.urandom(16)
