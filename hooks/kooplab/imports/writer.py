"""Record data -> the text of a record file, in the layout and comment style of ``kooplab new``.

A new file follows the editors' template in data/templates/: its header comment, and each field with the
comment above it, in its order; fields the row does not fill are left out, fields the template does not
show go before ``reviewed``. An existing file (``--update``) is changed in place with ruamel.yaml's round
trip, so every field and comment the spreadsheet does not carry stays as it was.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from typing import Any

import yaml

KEY = re.compile(r"^([a-z_]+):")
EXAMPLE = re.compile(r"^# ([a-z_]+): ")
PLAIN_DATE = re.compile(r"\d{4}-\d{2}-\d{2}( \d{1,2}:\d{2})?")


def scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if PLAIN_DATE.fullmatch(text):
        return text  # the loader reads dates and local times as the templates write them
    dumped = yaml.safe_dump(text, allow_unicode=True, width=1 << 30)
    dumped = dumped[:-len("\n...\n")] if dumped.endswith("\n...\n") else dumped.rstrip("\n")
    if dumped == text and "\n" not in dumped:
        return dumped
    return json.dumps(text, ensure_ascii=False)  # a YAML double-quoted scalar


def _block(text: str, indent: str) -> str:
    body = text.rstrip("\n")
    lines = body.split("\n")
    indicator = "2" if lines[0][:1] == " " else ""
    return f"|{indicator}\n" + "\n".join(f"{indent}  {line}" if line else "" for line in lines)


def emit(key: str, value: Any, indent: str = "") -> list[str]:
    """``key: value`` as YAML lines in the templates' style: lists of plain values in brackets, lists of
    mappings as '- ' items, Markdown with line breaks as a literal block."""
    if isinstance(value, str) and "\n" in value.strip("\n") and not re.search(r"[ \t]\n|[^\S\n]$", value):
        # a literal block ends with one line break, as editors write Markdown in the templates
        return [f"{indent}{key}: {_block(value, indent)}"]
    if isinstance(value, dict):
        lines = [f"{indent}{key}:"]
        for k, v in value.items():
            lines += emit(k, v, indent + "  ")
        return lines
    if isinstance(value, list):
        if all(not isinstance(v, (dict, list)) for v in value):
            return [f"{indent}{key}: [{', '.join(scalar(v) for v in value)}]"]
        lines = [f"{indent}{key}:"]
        for item in value:
            if isinstance(item, dict):
                first = True
                for k, v in item.items():
                    sub = emit(k, v, indent + "    ")
                    sub[0] = f"{indent}  - {sub[0].lstrip()}" if first else sub[0]
                    lines += sub
                    first = False
            else:
                lines.append(f"{indent}  - {scalar(item)}")
        return lines
    return [f"{indent}{key}: {scalar(value)}"]


def _paragraphs(text: str) -> list[list[str]]:
    out: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip():
            out[-1].append(line)
        elif out[-1]:
            out.append([])
    return [p for p in out if p]


def _fields(paragraph: list[str]) -> list[tuple[str, list[str]]]:
    """A paragraph's fields, each with the comment lines above it ('' for comments after the last field)."""
    out: list[tuple[str, list[str]]] = []
    comments: list[str] = []
    for line in paragraph:
        found = KEY.match(line)
        if found:
            out.append((found.group(1), comments))
            comments = []
        elif line.startswith("#"):
            comments.append(line)
    if comments:
        out.append(("", comments))
    return out


def render_new(template: str, data: dict[str, Any], order: list[str]) -> str:
    """The text of a new record file from ``template`` (a YAML template, or a case's front matter)."""
    written: set[str] = set()
    paragraphs: list[list[str]] = []
    pending_extra = [k for k in order if k in data and k != "body"]
    for paragraph in _paragraphs(template):
        fields = _fields(paragraph)
        if not any(k for k, _ in fields):
            example = EXAMPLE.match(paragraph[-1])
            if example and example.group(1) in data:  # a commented-out example: '# logo: logos/…'
                key = example.group(1)
                paragraphs.append(paragraph[:-1] + emit(key, data[key]))
                written.add(key)
            elif not paragraphs:
                paragraphs.append(paragraph)  # the header comment
            continue
        if any(k == "reviewed" for k, _ in fields):
            extra = [k for k in pending_extra if k not in written and k not in {f for f, _ in fields}
                     and not _in_template(template, k)]
            for key in extra:
                paragraphs.append(emit(key, data[key]))
                written.add(key)
        lines: list[str] = []
        for key, comments in fields:
            if key and key in data:
                lines += comments + emit(key, _ordered(data[key], template))
                written.add(key)
        if lines:
            paragraphs.append(lines)
    missing = [k for k in pending_extra if k not in written]
    for key in missing:
        paragraphs.append(emit(key, data[key]))
    return "\n\n".join("\n".join(p) for p in paragraphs) + "\n"


def _ordered(value: Any, template: str) -> Any:
    """A mapping's keys in the order the template shows them (location: city, region, postcode, …)."""
    if not isinstance(value, dict):
        return value
    def position(key: str) -> int:
        found = re.search(rf"^\s+{key}:", template, re.MULTILINE)
        return found.start() if found else len(template)
    return {k: value[k] for k in sorted(value, key=position)}


def _in_template(template: str, key: str) -> bool:
    return re.search(rf"^(# )?{key}:", template, re.MULTILINE) is not None


def case_text(front: str, body: str) -> str:
    return f"---\n{front}---\n" + (f"\n{body.strip()}\n" if body.strip() else "")


def split_case(text: str) -> tuple[str, str]:
    """A case file's front matter and body (the text after the second '---' line)."""
    _, front, body = text.split("---\n", 2)
    return front, body


def _round_trip():
    from ruamel.yaml import YAML

    y = YAML()
    y.preserve_quotes = True
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 1 << 30
    y.representer.add_representer(type(None), lambda r, d: r.represent_scalar("tag:yaml.org,2002:null", "null"))
    return y


def render_update(existing: str, data: dict[str, Any]) -> str:
    """``existing`` YAML with the values of ``data`` set; nested mappings are merged field by field, so a
    location's other fields and every comment stay. New fields go before ``reviewed``."""
    y = _round_trip()
    doc = y.load(existing)
    for key, value in data.items():
        if isinstance(value, dict) and isinstance(doc.get(key), dict):
            for k, v in value.items():
                doc[key][k] = _plain(v)
        elif key in doc:
            doc[key] = _plain(value)
        else:
            keys = list(doc)
            doc.insert(keys.index("reviewed") if "reviewed" in keys else len(keys), key, _plain(value))
    out = io.StringIO()
    y.dump(doc, out)
    return out.getvalue()


def _plain(value: Any) -> Any:
    """Values for ruamel: lists of plain values in brackets, as the templates write them."""
    from ruamel.yaml.comments import CommentedSeq

    if isinstance(value, list):
        seq = CommentedSeq([_plain(v) for v in value])
        if all(not isinstance(v, (dict, list)) for v in value):
            seq.fa.set_flow_style()
        return seq
    return value
