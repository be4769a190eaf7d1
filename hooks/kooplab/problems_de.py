"""The problems in German, the editors' language (English, the source text, with ``--lang en``).

Checks write their messages and hints in English; this table gives each its German wording. An
English text is a template: ``{name}`` stands for any text (a value, a file, a number), which the
German template places where German puts it. A placeholder whose English text is itself a phrase of
the table (what was found, what was expected: ``{found}``, ``{what}``, ``{words}``) is translated too.
Templates are tried in order and must match the whole text, so the specific ones come first.
A text that no template matches stays as it is (messages of ``kooplab import`` are German already);
``tests/test_wording.py`` makes sure that every message of the corpus of bad inputs has its German.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

import yaml

# the table (English template -> German template), data beside this module
_TABLE = yaml.load((Path(__file__).parent / "wording_de.yml").read_text(encoding="utf-8"),
                   Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
PHRASES: list[tuple[str, str]] = [(en, de) for en, de in _TABLE["phrases"]]
TEXTS: list[tuple[str, str]] = [(en, de) for en, de in _TABLE["texts"]]

LANGUAGES = ("de", "en")
SEVERITY = {"de": {"error": "Fehler", "warning": "Warnung"}, "en": {"error": "error", "warning": "warning"}}
HINT = {"de": "Hinweis", "en": "hint"}

# placeholders whose text is a phrase of the table itself
NESTED = {"found", "what", "words", "phrase", "inner", "negated"}


def language() -> str:
    """The language of the messages: KOOPLAB_LANG when it names one of LANGUAGES, else German."""
    chosen = os.environ.get("KOOPLAB_LANG", "")
    return chosen if chosen in LANGUAGES else "de"


def _regex(template: str) -> re.Pattern:
    parts = re.split(r"(\{[a-z_]+\})", template)
    pattern = "".join(f"(?P<{p[1:-1]}>.*?)" if re.fullmatch(r"\{[a-z_]+\}", p) else re.escape(p) for p in parts)
    return re.compile(pattern, re.S)


_TEXTS = [(_regex(en), de) for en, de in TEXTS]
_PHRASES = [(_regex(en), de) for en, de in PHRASES]


@lru_cache(maxsize=4096)
def german(text: str, phrase: bool = False) -> str | None:
    """The German wording of an English message or hint (or, with ``phrase``, of a part of one); None when the
    table has none."""
    for pattern, template in (_PHRASES + _TEXTS) if phrase else _TEXTS:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        values = {name: german(value, True) if name in NESTED else value for name, value in match.groupdict().items()}
        if None in values.values():
            continue  # a part without German wording: no half-translated text
        return re.sub(r"\{([a-z_]+)\}", lambda m: values.get(m.group(1), m.group(0)), template)
    return None


def worded(text: str, lang: str) -> str:
    """``text`` in ``lang`` (de or en): a text without German wording stays as it is."""
    if lang == "en" or not text:
        return text
    return german(text) or text
