"""The MkDocs adapter: engine-specific machinery behind ``hooks/mkdocs_hooks.py``.

The core (``kooplab``) decides what the site contains and imports nothing of MkDocs; this package holds
what only MkDocs needs: the record page class, the second process that renders record pages, the
garbage-collector switch, the shared page frame, and the hand-over of the core's outputs.
"""
