"""Kooplab: the domain core (no MkDocs imports) and the MkDocs adapter."""
