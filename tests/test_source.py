"""Reading files: encodings, YAML pitfalls and hostile YAML, each with its line."""

from __future__ import annotations

from kooplab.problems import Problems
from kooplab.load.source import read_front_matter, read_yaml
from kooplab.load.yaml_reader import parse_yaml


def read(tmp_path, content: bytes):
    path = tmp_path / "x.yml"
    path.write_bytes(content)
    problems = Problems()
    doc = read_yaml(path, "x.yml", problems)
    return doc, [p.text().split("\n")[0] for p in problems]


def test_positions_of_values_and_keys(tmp_path):
    doc, msgs = read(tmp_path, b"name: A\nlocation:\n  city: Bremen\n  region: DE-HB\nsdgs:\n  - goal: 13\n")
    assert msgs == []
    assert doc.pos(("location", "region")) == (4, 11)
    assert doc.pos(("location", "region"), key=True) == (4, 3)
    assert doc.pos(("sdgs", 0, "goal")) == (6, 11)
    # a missing child is reported at its parent's key
    assert doc.pos(("location", "postcode")) == (2, 1)


def test_bom_and_windows_line_endings_are_accepted(tmp_path):
    doc, msgs = read(tmp_path, b"\xef\xbb\xbfname: A\r\nkind: verein\r\n")
    assert msgs == []
    assert doc.data == {"name": "A", "kind": "verein"}
    assert doc.pos(("kind",)) == (2, 7)


def test_non_utf8_bytes_name_the_line(tmp_path):
    _, msgs = read(tmp_path, b"name: A\ncity: M\xfcnchen\n")
    assert msgs == ["x.yml:2:8: error: not valid UTF-8 (byte 0xFC)"]


def test_empty_file(tmp_path):
    _, msgs = read(tmp_path, b"  \n\n")
    assert msgs == ["x.yml:1:1: error: file is empty"]


def test_tab_indentation_gets_a_hint(tmp_path):
    path = tmp_path / "x.yml"
    path.write_bytes(b"name: A\nlocation:\n\tcity: Bremen\n")
    problems = Problems()
    assert read_yaml(path, "x.yml", problems) is None
    (problem,) = problems
    assert (problem.line, problem.severity) == (3, "error")
    assert problem.hint == "indent with spaces, not tabs"


def test_syntax_error_line(tmp_path):
    _, msgs = read(tmp_path, b"name: A\nsummary: \"not closed\nkind: verein\n")
    assert len(msgs) == 1 and msgs[0].startswith("x.yml:") and "YAML syntax error" in msgs[0]


def test_duplicate_key_is_an_error_and_the_rest_is_still_read(tmp_path):
    doc, msgs = read(tmp_path, b"name: A\nkind: verein\nname: B\nreviewed: 2026-02-30\n")
    assert msgs == [
        "x.yml:3:1: error: name: duplicate key 'name' (first at line 1)",
        "x.yml:4:11: error: reviewed: '2026-02-30' is not a real date",
    ]
    assert doc.data["name"] == "A"  # the first value is what the editor sees reported, nothing is lost silently


def test_python_tags_are_refused(tmp_path):
    _, msgs = read(tmp_path, b"name: !!python/object/apply:os.system ['echo hacked']\n")
    assert msgs == ["x.yml:1:7: error: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"]


def test_alias_bomb_is_refused_quickly(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        prev = f"*a{i-1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    _, msgs = read(tmp_path, ("\n".join(lines) + "\n").encode())
    assert len(msgs) == 1
    assert "anchors and aliases" in msgs[0] and msgs[0].startswith("x.yml:1:")


def test_file_size_limit(tmp_path):
    _, msgs = read(tmp_path, b"description: " + b"x" * (300 * 1024) + b"\n")
    assert msgs == ["x.yml:1:1: error: file is 300 KB; the limit is 256 KB"]


def test_front_matter_lines_count_from_the_file_start(tmp_path):
    path = tmp_path / "c.md"
    path.write_text("---\ntitle: T\nregion: DE-HB\n---\n\n## Ausgangslage\n", encoding="utf-8")
    problems = Problems()
    doc = read_front_matter(path, "c.md", problems)
    assert not problems
    assert doc.pos(("region",)) == (3, 9)
    assert doc.body == "## Ausgangslage\n"
    assert doc.body_line == 5


def test_front_matter_missing_or_unclosed(tmp_path):
    for text, expected in [("title: T\n", "c.md:1:1: error: a case study must start with a '---' line (front matter)"),
                           ("---\ntitle: T\n", "c.md:1:1: error: front matter is not closed: no second '---' line")]:
        path = tmp_path / "c.md"
        path.write_text(text, encoding="utf-8")
        problems = Problems()
        assert read_front_matter(path, "c.md", problems) is None
        assert [p.text().split("\n")[0] for p in problems] == [expected]


def test_yes_no_stay_booleans_for_the_schema_to_report():
    problems = Problems()
    doc = parse_yaml("name: no\n", "x.yml", problems)
    assert doc.data == {"name": False}
