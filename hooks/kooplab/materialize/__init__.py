"""The adapter for engines that run no hooks (Zensical): the whole site as a tree of plain files that such an
engine builds (``kooplab materialize``; :mod:`kooplab.materialize.tree`)."""
