"""Links in editors' Markdown (kooplab.load.links): validation treats them as the strict build does."""

from __future__ import annotations

import pytest
import yaml

from conftest import REPO
from kooplab.load.links import EXTENSIONS, MarkdownLinks
from kooplab.problems import Problems


def test_the_extensions_are_the_sites():
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    names = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    assert sorted(names) == sorted(EXTENSIONS)


@pytest.mark.parametrize("text, expected", [
    ("[a](https://example.org) [b](mailto:a@example.org) [c](tel:+49421)", []),
    ("Fußnote[^1]\n\n[^1]: Text", []),
    ("## Ziele {#ziele}\n\n[oben](#ziele)", []),
    ("## Unsere Ziele\n\n[oben](#unsere-ziele)", []),  # the id the toc extension gives the heading
    ("[x](#fehlt)", ["error: the link '#fehlt' names no heading of this text"]),
    ("[x](datei.pdf)", ["error: the link 'datei.pdf' is not a whole web address"]),
    ("[x][r]\n\n[r]: ../seite/", ["error: the link '../seite/' is not a whole web address"]),
    ("![x](bild.jpg)", ["error: the picture 'bild.jpg' is not a whole web address"]),
    ("[x](http://[::1)", ["error: 'http://[::1' is not a web address"]),
    ('<div markdown="1">[x](innen.pdf)</div>', ["error: the link 'innen.pdf' is not a whole web address"]),
    ("![x](https://example.org/a.png)", ["warning: the picture 'https://example.org/a.png' comes from another "
                                         "website and is not shown"]),
    ("[x](javascript:alert(1))", ["warning: the link 'javascript:alert(1)' is removed ('javascript:' is not allowed)"]),
    ('<a href="datei.pdf">roh</a>', []),  # raw HTML: the build does not resolve it, the sanitiser keeps it inert
    # the fast path (only whole addresses: no rendering) must not hide what the rendering finds
    ("[a](https://example.org) und [b](datei.pdf)", ["error: the link 'datei.pdf' is not a whole web address"]),
    ("[a](https://example.org)\n\n[r]: #fehlt\n\n[x][r]", ["error: the link '#fehlt' names no heading of this text"]),
])
def test_links_are_judged_as_the_build_judges_them(text, expected):
    problems = Problems()
    MarkdownLinks().check(text, "data/members/x.yml", 5, "description", problems)
    assert [f"{p.severity}: {p.message}" for p in problems] == expected
