"""The problems in German (kooplab.problems_de): every message an editor can meet has its German wording.

The checks write English; editors read German (the default of ``kooplab validate`` and of the build).
A message without German wording would reach an editor in English, so the corpus of bad inputs
(tests/bad/) is read once more here, in-process, and every message and hint of it must have its
German wording. The table's templates are checked for consistency, and the German of a message is
never half English.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from pathlib import Path

import pytest
from kooplab.load.catalog import load_catalog
from kooplab.problems import ERROR, Problem, Problems, render
from kooplab.problems_de import PHRASES, TEXTS, german
from test_bad_inputs import NAMES, make_project


def test_every_message_and_hint_of_the_corpus_has_its_german_wording():
    missing = set()
    with tempfile.TemporaryDirectory() as tmp:
        for i, name in enumerate(NAMES):
            _, problems = load_catalog(make_project(Path(tmp) / str(i), name))
            for p in problems:
                if german(p.message) is None:
                    missing.add(("message", name, p.message))
                if p.hint and not p.hint_de and german(p.hint) is None:
                    missing.add(("hint", name, p.hint))
    assert not missing, "\n".join(map(str, sorted(missing)))


@pytest.mark.parametrize("english, german_", TEXTS + PHRASES)
def test_a_german_template_uses_only_the_placeholders_of_its_english_one(english, german_):
    names = re.compile(r"\{([a-z_]+)\}")
    assert set(names.findall(german_)) - {"wert"} <= set(names.findall(english)), (english, german_)


def test_values_are_placed_as_written_and_phrases_are_translated():
    assert german("'a.*(b)' is not a network") == "„a.*(b)“ ist kein Netzwerk"  # no regular expression in a value
    assert german("expected text or a list, found the number 5") == "erwartet: Text oder eine Liste, gefunden: die Zahl 5"
    assert german("slug '{x}' is already used by data/members/{x}.yml") == \
        "der Dateiname „{x}“ wird schon von data/members/{x}.yml verwendet"


def test_no_half_translated_text():
    """A message whose inner part has no German wording stays English as a whole."""
    assert german("expected something new, found the number 5") is None
    assert german("YAML syntax error: a brand-new libyaml message") is None


def test_the_output_in_both_languages():
    problems = Problems()
    problems.error("data/members/x.yml", (6, 11), "location.region", "'DE-XX' is not a German state",
                   "did you mean 'DE-HB'? (see data/vocab/regions.yml)")
    problems.warning("data/members/x.yml", (13, 11), "reviewed", "2027-01-01 lies in the future",
                     "use the date on which it happened")
    assert render(problems, "text", "de").splitlines() == [
        "data/members/x.yml:6:11: Fehler: location.region: „DE-XX“ ist kein Bundesland",
        "    Hinweis: meinten Sie „DE-HB“? (siehe data/vocab/regions.yml)",
        "data/members/x.yml:13:11: Warnung: reviewed: 2027-01-01 liegt in der Zukunft",
        "    Hinweis: geben Sie das Datum an, an dem es geschah",
        "1 Fehler, 1 Warnung"]
    assert render(problems, "text", "en").splitlines()[0] == \
        "data/members/x.yml:6:11: error: location.region: 'DE-XX' is not a German state"
    assert render(problems, "text", "en").splitlines()[-1] == "1 error, 1 warning"
    with pytest.raises(ValueError):
        render(problems, "text", "fr")


def test_a_hint_from_the_projects_labels_is_german_only():
    p = Problem("data/members/x.yml", 1, 1, ERROR, "", "missing required field 'name'",
                "Name of the organisation.", hint_de="Name der Organisation – So, wie er erscheinen soll.")
    assert p.text("de").endswith("Hinweis: Name der Organisation – So, wie er erscheinen soll.")
    assert p.text("en").endswith("hint: Name of the organisation.")


def test_the_pitfalls_in_contributing_show_the_messages_editors_get():
    """CONTRIBUTING.md's table of pitfalls quotes messages: each must be what the corpus of bad inputs gets."""
    from conftest import REPO
    from test_bad_inputs import BAD

    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    table = text.split("### Die häufigsten Stolperstellen", 1)[1].split("###", 1)[0]
    said = unicodedata.normalize("NFC", "\n".join((path / "expected.txt").read_text(encoding="utf-8")
                                                  for path in BAD.iterdir() if (path / "expected.txt").is_file()))
    quoted = [cells[2] for row in table.splitlines() if row.startswith("| ")
              and len(cells := row.split(" | ")) >= 4 and cells[2].startswith("`")]
    assert len(quoted) >= 12
    for cell in quoted:
        for message in re.findall(r"`([^`]+)`", cell):
            for part in message.split("…"):
                assert part.strip() in said, (part, cell)
