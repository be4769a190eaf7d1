"""The YAML reader (kooplab.load.yaml_reader): its fast path reads and reports exactly what the careful
path does."""

from __future__ import annotations

import pytest

from kooplab.load import source, yaml_reader
from kooplab.problems import Problems

from conftest import REPO


def test_fast_yaml_path_reads_what_the_careful_path_reads(synthetic60, monkeypatch):
    net, _, _ = synthetic60
    paths = [*sorted((REPO / "data/members").glob("*.yml")), *sorted((net.root / "data/members").glob("*.yml"))[:20],
             *sorted((REPO / "data/events").glob("*.yml"))]
    fast = {p: source.read_yaml(p, p.name, Problems()) for p in paths}
    monkeypatch.setattr(yaml_reader, "_parse_fast", lambda *args: None)
    for p in paths:
        careful = source.read_yaml(p, p.name, Problems())
        assert careful is not None and fast[p] is not None
        assert (fast[p].data, fast[p].value_pos, fast[p].key_pos, fast[p].texts) == \
            (careful.data, careful.value_pos, careful.key_pos, careful.texts), p.name


@pytest.mark.parametrize("text", [
    "name: a\nname: b\n",  # duplicate key: both paths report it
    "a: &x 1\nb: *x\n",  # anchors: refused by the careful path
    "a: " + "[" * 40 + "]" * 40 + "\n",  # deep nesting
    "a: 2026-02-30\n",  # an impossible date
    "a: !!python/object:os.system x\n",  # a tag
    "a: b: c\n",  # a syntax error
])
def test_fast_yaml_path_reports_exactly_what_the_careful_path_reports(text, monkeypatch):
    fast = Problems()
    doc_fast = yaml_reader.parse_yaml(text, "x.yml", fast)
    monkeypatch.setattr(yaml_reader, "_parse_fast", lambda *args: None)
    careful = Problems()
    doc_careful = yaml_reader.parse_yaml(text, "x.yml", careful)
    assert [p.text() for p in fast.sorted()] == [p.text() for p in careful.sorted()]
    assert (doc_fast is None) == (doc_careful is None)
    if doc_fast is not None:
        assert doc_fast.data == doc_careful.data


