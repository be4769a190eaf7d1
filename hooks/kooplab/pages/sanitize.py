"""Raw HTML in editors' Markdown, made safe: what an editor writes may not run in a reader's browser."""

from __future__ import annotations

import re

import nh3

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
_URL_SCHEMES = {"http", "https", "mailto"}  # other links lose their href; relative addresses stay
# Material's scripts look up their elements by ids starting with "__" (__config, __search, __drawer, …).
# An element of an editor's text with such an id would come first in the page and take their place:
# a <div id="__config"> would hand Material another configuration, with a search worker of its own.
_RESERVED_ID = "__"
# Images come from the site itself: one from another host would be a request the reader did not ask for
# (the site makes none); browsers read "\\host/x" as "//host/x".
_OTHER_HOST = re.compile(r"^[\x00-\x20]*([a-z][a-z0-9+.-]*:|[/\\][\x00-\x20]*[/\\])", re.I)


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id" and value.strip().startswith(_RESERVED_ID):
        return None
    if tag == "img" and attribute == "src" and _OTHER_HOST.match(value.replace("\t", "").replace("\n", "")):
        return None
    return value


def sanitize(html: str) -> str:
    """The HTML of a record's rendered Markdown with only the allowed tags, attributes and addresses."""
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_URL_SCHEMES, link_rel="noopener",
                     filter_style_properties=_STYLES, attribute_filter=_attribute_filter)
