"""MkDocs hooks: MkDocs' events mapped to calls of the Kooplab core and its MkDocs adapter.

Nothing here decides what the site contains (that is ``kooplab``, which imports nothing of MkDocs), nor
how MkDocs is driven (that is ``kooplab_mkdocs``). The build's state is one object (``kooplab_mkdocs.build.
Build``) that on_config makes anew, so ``mkdocs serve`` rebuilds start from fresh data.
"""

from __future__ import annotations

from kooplab_mkdocs.build import Build, Session

_session = Session()  # the process: command, --dirty, the collector
_build: Build | None = None  # the current build


def on_startup(command, dirty):
    global _session
    _session = Session(command, dirty)


def on_config(config):
    global _build
    _session.collector.off()  # until on_post_build (kooplab_mkdocs.collector)
    if _session.preview is not None:
        _session.preview.settle()  # the last rebuild's data files, made beside the server, are written
    _build = None
    _build = Build.load(config, _session)
    return config


def on_files(files, config):
    """Add the core's outputs: pages, logos, downloads, filter indexes, calendars."""
    _build.add_outputs(files, config)
    return files


def on_nav(nav, config, files):
    _build.start_second_process(config, files, nav)
    return nav


def on_page_markdown(markdown, page, config, files):
    return _build.prepare_page(page, markdown) if _build else markdown


def on_page_content(html, page, config, files):
    return _build.sanitize(html, page) if _build else html


def on_env(env, config, files):
    return _build.template_environment(env, config) if _build else env


def on_page_context(context, page, config, nav):
    return _build.page_context(context, page) if _build else context


def on_post_build(config):
    if _build is not None:
        _build.finish(config)
    _session.collector.back()


def on_build_error(error):
    """A failed build does not leave its second process behind (nor the collector off), and the preview's next
    build renders every page."""
    _session.collector.back()
    if _session.preview is not None:
        _session.preview.forget()
    if _build is not None:
        _build.second.stop()
