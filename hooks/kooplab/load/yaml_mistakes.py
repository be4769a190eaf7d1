"""What editors get wrong in YAML, said plainly: the syntax errors libyaml reports after the fact, named at
the line where the mistake was made, and characters that look harmless (control characters, no-break spaces
in the indentation, invisible or bidirectional text) found before parsing."""

from __future__ import annotations

import re
import unicodedata

import yaml

from kooplab.problems import Problems

# Characters YAML refuses (control characters) or counts as line breaks although
# editors do not show them as such (NEL, LINE/PARAGRAPH SEPARATOR): found before
# parsing, so the message names the right line and the character.
# The bidirectional embeddings, overrides and isolates (U+202A–202E, U+2066–2069) are refused too: they
# make a name read differently from what it holds ("Trojan Source").
_INVISIBLE = re.compile(r"[^\x09\x0A\x0D\x20-\x7E\xA0-\u2027\u202F-\u2065\u206A-\uD7FF\uE000-\uFFFD"
                        r"\U00010000-\U0010FFFF]")
# A character a reader can see: not white space, not a zero-width or otherwise blank character.
VISIBLE = re.compile(r"[^\s\u00AD\u034F\u115F\u1160\u180E\u200B-\u200F\u2060-\u2064\u3164\uFEFF\uFFA0]")
# A comment after a value on the same line (text after " #"): where it stands, the line is checked.
COMMENT = re.compile(r"[ \t]#")


def hint_for(problem: str, line_text: str) -> str:
    if "\t" in line_text or "tab" in problem.lower():
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be put in quotes"
    if "expected a single document" in problem:
        return "remove the second '---' line; one file holds one record"
    if "could not find expected ':'" in problem:
        return "every line of a mapping needs 'key: value'; check the indentation and quotes"
    if "found unknown escape" in problem:
        return "in double quotes a backslash starts an escape: write \\\\ for a backslash, or use single quotes"
    if "found undefined alias" in problem:
        return "put the value in quotes"
    if "while scanning a quoted scalar" in problem or "found unexpected end of stream" in problem:
        return "a quote was opened and not closed"
    return "check indentation and quotes on this line and the one before"


def clearer(exc: yaml.MarkedYAMLError, line_offset: int, lines: list[str]) -> tuple[yaml.Mark, str, str] | None:
    """A plainer message for the syntax errors editors make most, naming where the trouble began."""
    context, start, end = exc.context or "", exc.context_mark, exc.problem_mark
    if start is None or end is None:
        return None
    opened = f"line {start.line + 1 + line_offset}"
    if context.startswith(("while parsing a flow sequence", "while parsing a flow mapping")) and end.line > start.line:
        what, close = ("list", "]") if "sequence" in context else ("mapping", "}")
        return end, f"the {what} opened with '{'[' if close == ']' else '{'}' on {opened} is not closed", \
            f"close it with '{close}', or put the value in quotes if the bracket belongs to the text"
    if context.startswith("while scanning a quoted scalar") and "end of stream" in (exc.problem or ""):
        return end, f"the quote opened on {opened} is not closed", \
            "close the quote at the end of the value (a quote inside the text: write '' in single quotes)"
    if context.startswith("while scanning a simple key") and "could not find expected ':'" in (exc.problem or ""):
        # libyaml notices the line after the mistake: name the line where the key was begun
        line = lines[start.line] if start.line < len(lines) else ""
        glued = re.match(r"^\s*(-\s+)?([\w-]+):(\S.*)$", line)
        if glued:
            return start, f"a space is missing after '{glued.group(2)}:'", \
                f"write '{glued.group(2)}: {short(glued.group(3), 30)}'"
        unglued = re.match(r"^\s*(-\s+)?([\w-]+)\s+(\S.*)$", line)
        if unglued:
            return start, f"the colon after '{unglued.group(2)}' is missing", \
                f"write '{unglued.group(2)}: {short(unglued.group(3), 30)}'"
        return start, "the line is neither 'field: value' nor part of the value above", \
            "add the missing ':' or indent the line like the value it continues"
    if context.startswith(("while scanning an alias", "while scanning an anchor")):
        char = "*" if "alias" in context else "&"
        return start, f"'{char}' at the start of a value has a special meaning in YAML", "put the value in quotes"
    return None


def short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _where(text: str, start: int, line_offset: int) -> tuple[int, int]:
    """(line, column) of the character at ``start``, both counted from 1."""
    return text.count("\n", 0, start) + 1 + line_offset, start - (text.rfind("\n", 0, start) + 1) + 1


# Space characters that look like a space but are none to YAML, at the start of a line (indentation)
_ODD_INDENT = re.compile(r"^[ \t]*([\u00A0\u2000-\u200A\u202F\u205F\u3000])", re.M)


def odd_indent(text: str, rel: str, problems: Problems, line_offset: int) -> bool:
    """Report indentation with no-break or other special spaces; True when there is some."""
    found = _ODD_INDENT.search(text)
    if found is None:
        return False
    char = found.group(1)
    name = unicodedata.name(char, "").lower()
    problems.error(rel, _where(text, found.start(1), line_offset), "",
                   f"the line is indented with a {name} (U+{ord(char):04X}), which YAML does not count as a space",
                   "replace the indentation with normal spaces (such spaces often come with copied text)")
    return True


def invisible(text: str, rel: str, problems: Problems, line_offset: int) -> bool:
    """Report the first control character or invisible line break; True when there is one."""
    found = _INVISIBLE.search(text)
    if found is None:
        return False
    char = found.group()
    name = unicodedata.name(char, "")
    problems.error(rel, _where(text, found.start(), line_offset), "", f"invisible control character U+{ord(char):04X}"
                   + (f" ({name})" if name else "") + " is not allowed",
                   "delete it; such characters often come with text copied from a PDF or a word processor")
    return True
