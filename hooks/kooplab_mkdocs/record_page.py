"""Record pages (members, case studies, events, redirects): generated, outside the navigation, many."""

from __future__ import annotations

import functools
import logging
import re
from urllib.parse import urljoin, urlsplit

import markdown as markdown_lib
from mkdocs.structure.pages import (
    Page,
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import get_toc

log = logging.getLogger("mkdocs.hooks.kooplab")


_PLAIN = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*/?")  # a last segment that joins as it is: no dots alone, no ?#


@functools.lru_cache(maxsize=256)
def _folder(base: str, folder: str) -> tuple[str, str]:
    joined = urljoin(base, folder)
    return joined, urlsplit(joined).path


def joined(base: str, ref: str) -> tuple[str, str]:
    """``urljoin(base, ref)`` and its path, with each folder of ``ref`` joined once per process: 10,000 record
    pages lie in a few folders. A last segment with anything but letters, digits, ``._-`` is joined whole."""
    folder, slash, _ = ref.rstrip("/").rpartition("/")
    tail = ref[len(folder) + len(slash):]
    if not slash or not _PLAIN.fullmatch(tail):
        url = urljoin(base, ref)
        return url, urlsplit(url).path
    url, path = _folder(base, folder + slash)
    return url + tail, path + tail


class RecordPage(Page):
    """A record's page, rendered like any page, except that its Markdown (the record's description or
    narrative) is converted by one Markdown instance per build, reset between pages, instead of a new
    instance with all extensions for every page; MkDocs' own per-page processors (links, anchors, title)
    are registered afresh for each page, so links are checked and rewritten as usual (the same steps as
    ``Page.render`` in MkDocs 1.6, whose private processors this uses)."""

    _markdown: tuple[int, markdown_lib.Markdown] | None = None  # (id of the config, the instance)

    elsewhere = False  # rendered by the second process (kooplab_mkdocs.second_process): nothing to convert here

    def _set_canonical_url(self, base: str | None) -> None:
        """As MkDocs sets it (``urljoin``), joined by folder (:func:`joined`)."""
        if not base:
            return super()._set_canonical_url(base)
        self.canonical_url, self.abs_url = joined(base if base.endswith("/") else base + "/", self.url)

    def _set_edit_url(self, repo_url: str | None, edit_uri: str | None = None,
                      edit_uri_template: str | None = None) -> None:
        """As MkDocs sets it for a repository and an ``edit_uri`` (``urljoin``), joined by folder; every other
        setting by MkDocs itself."""
        src_uri = self.file.edit_uri
        if not repo_url or not edit_uri or edit_uri_template or src_uri is None or \
                (edit_uri + src_uri).startswith(("?", "#")):
            return super()._set_edit_url(repo_url, edit_uri, edit_uri_template)
        self.edit_url = joined(repo_url if repo_url.endswith("/") else repo_url + "/", edit_uri + src_uri)[0]

    def render(self, config, files) -> None:
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        if self.elsewhere:
            self.content, self.toc, self._title_from_render, self.present_anchor_ids = "", get_toc([]), None, set()
            return
        cached = RecordPage._markdown
        if cached is None or cached[0] != id(config):
            cached = RecordPage._markdown = (id(config), markdown_lib.Markdown(
                extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {}))
        md = cached[1]
        md.reset()
        raw_html_ext = _RawHTMLPreprocessor()
        raw_html_ext._register(md)
        extract_anchors_ext = _ExtractAnchorsTreeprocessor(self.file, files, config)
        extract_anchors_ext._register(md)
        relative_path_ext = _RelativePathTreeprocessor(self.file, files, config)
        relative_path_ext._register(md)
        extract_title_ext = _ExtractTitleTreeprocessor()
        extract_title_ext._register(md)
        self.content = md.convert(self.markdown) if self.markdown.strip() else ""
        self.toc = get_toc(getattr(md, "toc_tokens", []))
        self._title_from_render = extract_title_ext.title
        self.present_anchor_ids = extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
        if log.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = relative_path_ext.links_to_anchors
