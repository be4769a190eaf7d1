"""Long lists split into pages: the directory A–Z (/verzeichnis/seite/N/), pages about a term or the lab,
and the Börse, so that no page grows with the network. Every page keeps the whole filter."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter

from kooplab import urls
from kooplab.collation import initial, sort_key
from kooplab.load.catalog import Catalog
from kooplab.pages.boerse import BoardEntry, board, boerse_filters
from kooplab.pages.facets import Filters, directory_filters
from kooplab.pages.views import BoerseView, CategoryCount, Count, Group, LetterLink, ListView, PageModel, PagerLink
from kooplab.records import Member


def by_initial(members: list[Member]) -> list[Group]:
    """Members under their initial letter, letters A–Z, members A–Z in German order within each letter."""
    letters: dict[str, list[Member]] = {}
    for m in sorted(members, key=lambda m: (sort_key(m.name), m.slug)):
        letters.setdefault(initial(m.name), []).append(m)
    return [Group(letter, letters[letter]) for letter in sorted(letters)]


def _span(first: Member, last: Member) -> str:
    """What a page of the directory spans: 'A–C', or 'Ba–Bi' when it starts and ends with one letter."""
    a, b = initial(first.name), initial(last.name)
    if a == b and len(a) == 1:
        return f"{first.name[:2].title()}–{last.name[:2].title()}"
    return a if a == b else f"{a}–{b}"


def directory_pages(catalog: Catalog, members: list[Member], filters: Filters | None = None) -> list[PageModel]:
    """/verzeichnis/: every member A–Z. Above ``directory_page_size`` members the list is split into
    pages of that size (/verzeichnis/seite/2/, …) so that no page grows with the network; each page
    has the whole filter (kooplab-filter.js searches the index of all members and draws the cards of
    the hits itself) and links to every letter and every page. ``filters``: directory_filters(), when the
    caller has it."""
    v = catalog.vocab
    data = catalog.settings.data_dir
    size = catalog.settings.directory_page_size
    chunks = [members[i:i + size] for i in range(0, len(members), size)] if len(members) > size else [members]
    kind_counts = Counter(m.kind for m in members)
    counts = [Count(k, members=kind_counts[k.id]) for k in v.kinds if kind_counts[k.id]]
    filters = directory_filters(catalog) if filters is None else filters
    if len(chunks) > 1:  # the script draws the cards of hits on other pages from this file
        filters = card_data(filters)
    groups = [by_initial(chunk) for chunk in chunks]
    home: dict[str, int] = {}  # letter -> the first page that lists it
    for n, page_groups in enumerate(groups, start=1):
        for g in page_groups:
            home.setdefault(g.label, n)
    out = []
    for n, (chunk, page_groups) in enumerate(zip(chunks, groups), start=1):
        pager = [PagerLink(i, _span(c[0], c[-1]), urls.directory_page(i), i == n)
                 for i, c in enumerate(chunks, start=1) if c] if len(chunks) > 1 else []
        own = {g.label for g in page_groups}
        letters = [LetterLink(label, f"buchstabe-{label.lower()}",
                              None if label in own else urls.directory_page(first))
                   for label, first in home.items()]
        view = ListView(members=chunk, member_total=len(members), groups=page_groups, counts=counts, filters=filters,
                        pager=pager, letters=letters)
        if n == 1:
            out.append(PageModel(urls.src_uri(urls.DIRECTORY), "Verzeichnis", "directory.html", f"{data}/members/",
                                 view, in_nav=True,
                                 description=f"Alle {len(members)} Mitglieder des Netzwerks von A bis Z."))
        else:
            out.append(PageModel(urls.src_uri(urls.directory_page(n)), f"Verzeichnis, Seite {n}: {pager[n - 1].label}",
                                 "directory.html", f"{data}/members/", view, searchable=False,
                                 description=f"Mitglieder von {pager[n - 1].label}, Seite {n} von {len(chunks)}."))
    return out


def card_data(filters: Filters) -> Filters:
    """The filter of a list split into pages: it searches all pages and draws the cards of hits on the
    others itself, from card data beside its index (``verzeichnis/cards.json``, …; facets.Filters.cards)."""
    return dataclasses.replace(filters, cards=filters.index.rsplit("/", 1)[0] + "/cards.json")


def _split_pages(first: PageModel, views: list, labels: list[str], what: str) -> list[PageModel]:
    """The pages of a split list: ``views`` (one per page, each with its share) get a pager to all pages;
    the first page keeps the address, the others are …/seite/2/, … out of the navigation and the search
    index, with their number in the title and without the first page's text."""
    count = len(views)
    addresses = [urls.list_page(first.url, n) for n in range(1, count + 1)]
    out = []
    for n, view in enumerate(views, start=1):
        view.pager = [PagerLink(i, labels[i - 1], addresses[i - 1], i == n) for i in range(1, count + 1)]
        out.append(dataclasses.replace(first, view=view) if n == 1 else dataclasses.replace(
            first, src_uri=urls.src_uri(addresses[n - 1]), title=f"{first.title}, Seite {n} von {count}",
            view=view, markdown="", in_nav=False, searchable=False,
            description=f"{first.title}: Seite {n} von {count} der {what}."))
    return out


def split_list_page(model: PageModel, size: int) -> list[PageModel]:
    """A page about one term (a region, network, SDG or format), or the lab, whose members or case studies
    number more than ``size``: split into pages of at most ``size`` of each (…/seite/2/, …; the members
    A–Z, the case studies newest first), so that no page grows with the network. The first page keeps the
    text, the map, the upcoming events and the featured case studies; every page has the whole counts and
    the filter (over all pages)."""
    view: ListView = model.view
    members = [view.members[i:i + size] for i in range(0, len(view.members), size)]
    cases = [view.cases[i:i + size] for i in range(0, len(view.cases), size)]
    count = max(len(members), len(cases))
    if count <= 1:
        return [model]
    filters = card_data(view.filters) if view.filters is not None else None
    views, labels = [], []
    for n in range(count):
        page_view = dataclasses.replace(view, members=members[n] if n < len(members) else [],
                                        cases=cases[n] if n < len(cases) else [], member_total=len(view.members),
                                        case_total=len(view.cases), filters=filters)
        if n:
            page_view.map, page_view.events, page_view.featured = None, [], []
        views.append(page_view)
        labels.append(f"Mitglieder {_span(members[n][0], members[n][-1])}" if n < len(members)
                      else f"Kooperationen {n * size + 1}–{n * size + len(cases[n])}")
    return _split_pages(model, views, labels, "Mitglieder und Kooperationen")


def boerse_pages(catalog: Catalog, today: dt.date, entries: list[BoardEntry] | None = None,
                 filters: Filters | None = None) -> list[PageModel]:
    """/boerse/: every current offer and need, filterable like the directory; above
    ``directory_page_size`` entries split into pages (/boerse/seite/2/, …) like the directory. ``entries``
    and ``filters``: board() and boerse_filters() of ``today``, when the caller has them."""
    entries = board(catalog, today) if entries is None else entries
    offers = [e for e in entries if e.side == "angebot"]
    needs = [e for e in entries if e.side == "gesuch"]
    tally = Counter((e.side, e.entry.category) for e in entries)
    counts = [CategoryCount(t, offers=tally["angebot", t.id], needs=tally["gesuch", t.id])
              for t in catalog.vocab.exchange if tally["angebot", t.id] or tally["gesuch", t.id]]
    first = PageModel(urls.src_uri(urls.BOERSE), "Kooperationsbörse", "boerse.html",
                      f"{catalog.settings.data_dir}/members/",
                      BoerseView(offers=offers, needs=needs, counts=counts, total=len(entries),
                                 filters=boerse_filters(catalog, entries) if filters is None else filters),
                      in_nav=True, description="Was die Mitglieder anbieten und suchen – helfende Hände, Know-how, "
                                               "Sachmittel, Kontakte – und wer gut zusammenpassen könnte.")
    size = catalog.settings.directory_page_size
    if len(entries) <= size:
        return [first]
    # more entries than a page holds: pages of `size` entries (offers first, then needs, as on one page)
    chunks = [entries[i:i + size] for i in range(0, len(entries), size)]
    filters = card_data(first.view.filters)
    views = [dataclasses.replace(first.view, filters=filters, offers=[e for e in c if e.side == "angebot"],
                                 needs=[e for e in c if e.side == "gesuch"]) for c in chunks]
    labels = [f"Einträge {n * size + 1}–{n * size + len(c)}" for n, c in enumerate(chunks)]
    return _split_pages(first, views, labels, "Angebote und Gesuche")
