"""Record pages (members, case studies, events, redirects): generated, outside the navigation, many."""

from __future__ import annotations

import logging

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


class RecordPage(Page):
    """A record's page, rendered like any page, except that its Markdown (the record's description or
    narrative) is converted by one Markdown instance per build, reset between pages, instead of a new
    instance with all extensions for every page; MkDocs' own per-page processors (links, anchors, title)
    are registered afresh for each page, so links are checked and rewritten as usual (the same steps as
    ``Page.render`` in MkDocs 1.6, whose private processors this uses)."""

    _markdown: tuple[int, markdown_lib.Markdown] | None = None  # (id of the config, the instance)

    elsewhere = False  # rendered by the second process (kooplab_mkdocs.second_process): nothing to convert here

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
