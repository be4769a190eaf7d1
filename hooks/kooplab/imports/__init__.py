"""Spreadsheets -> record files: ``kooplab import`` (the way back from a network office's member list)."""
