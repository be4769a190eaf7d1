"""Raw HTML in editors' Markdown, made safe: what an editor writes may not run in a reader's browser."""

from __future__ import annotations

import re

import nh3

from kooplab.load.web import LINK_SCHEMES, loads_from_elsewhere

# Raw HTML in editors' Markdown: structure and emphasis are fine, anything active is not.
# Scripts, styles, iframes, forms, event handlers and javascript: links are removed (README.md,
# "HTML in Markdown"; tests/test_xss.py). Tags not listed are dropped, their text is kept.
_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd",
    "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"align", "colspan", "rowspan", "style"},
    "th": {"align", "colspan", "rowspan", "scope", "style"},
    "ol": {"start"},
}
_STYLES = {"text-align"}  # of a style attribute only this is kept: Markdown's table columns (| :---: |)
# Material's scripts look up their elements by ids starting with "__" (__config, __search, __drawer, …).
# An element of an editor's text with such an id would come first in the page and take their place:
# a <div id="__config"> would hand Material another configuration, with a search worker of its own.
_RESERVED_ID = "__"
# Images come from the site itself (kooplab.load.web.loads_from_elsewhere); validation warns about the others.


# Every element name of HTML (living standard, with the obsolete ones browsers still parse) and of SVG and
# MathML's root elements. Text in angle brackets that is none of them is no markup but an editor's
# placeholder ("<Projektleitung Umwelt>", "<Name>"): it is shown as written instead of being dropped.
_HTML_ELEMENTS = frozenset("""
    a abbr acronym address applet area article aside audio b base basefont bdi bdo bgsound big blink blockquote
    body br button canvas caption center cite code col colgroup data datalist dd del details dfn dialog dir div
    dl dt em embed fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header
    hgroup hr html i iframe image img input ins isindex kbd keygen label legend li link listing main map mark
    marquee math menu menuitem meta meter multicol nav nextid nobr noembed noframes noscript object ol optgroup
    option output p param picture plaintext portal pre progress q rb rp rt rtc ruby s samp script search section
    select slot small source spacer span strike strong style sub summary sup svg table tbody td template
    textarea tfoot th thead time title tr track tt u ul var video wbr xmp
""".split())
_TAG_START = re.compile(r"<(?=/?([A-Za-z][^\s/>]*))")


def _placeholders_as_text(html: str) -> str:
    return _TAG_START.sub(lambda m: "<" if m.group(1).lower() in _HTML_ELEMENTS else "&lt;", html)


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id" and value.strip().startswith(_RESERVED_ID):
        return None
    if tag == "img" and attribute == "src" and loads_from_elsewhere(value):
        return None
    return value


def sanitize(html: str) -> str:
    """The HTML of a record's rendered Markdown with only the allowed tags, attributes and addresses."""
    return nh3.clean(_placeholders_as_text(html), tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=set(LINK_SCHEMES), link_rel="noopener",
                     filter_style_properties=_STYLES, attribute_filter=_attribute_filter)
