"""The kooplab command as editors and CI run it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest

from conftest import REPO
from kooplab.commands.cli import parser


def kooplab(*args, cwd=REPO):
    return subprocess.run([sys.executable, "-m", "kooplab.commands.cli", *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture
def sample_copy(tmp_path):
    """A copy of the sample network an editor can break."""
    shutil.copytree(REPO / "data", tmp_path / "data")
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def test_sample_network_validates_clean():
    result = kooplab("validate")
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "0 Fehler, 0 Warnungen"
    assert "keine Fehler" in result.stderr


def test_four_mistakes_at_once(sample_copy):
    """The issue's acceptance case: wrong region, duplicate key, missing partner, YAML syntax error."""
    members, cases = sample_copy / "data/members", sample_copy / "data/cases"
    m1 = members / "hansa-flex.yml"
    m1.write_text(m1.read_text(encoding="utf-8").replace("region: DE-HB", "region: DE-XX"), encoding="utf-8")
    m2 = members / "deutsche-see.yml"
    m2.write_text(m2.read_text(encoding="utf-8") + "name: Doppelt\n", encoding="utf-8")
    case = sorted(cases.glob("*.md"))[0]
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("partners:\n", "partners:\n  - gibt-es-nicht\n", 1), encoding="utf-8")
    m3 = members / "upj.yml"
    m3.write_text(m3.read_text(encoding="utf-8").replace("kind:", "kind: [unclosed\nx:", 1), encoding="utf-8")

    result = kooplab("validate", cwd=sample_copy)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if ": Fehler: " in line]

    def line_of(path, needle):
        return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)

    expected = [
        f"data/members/hansa-flex.yml:{line_of(m1, 'region: DE-XX')}:",
        f"data/members/deutsche-see.yml:{line_of(m2, 'name: Doppelt')}:1: Fehler: name: das Feld „name“ steht "
        "doppelt da",
        f"data/cases/{case.name}:{line_of(case, '- gibt-es-nicht')}:",
        "data/members/upj.yml:",
    ]
    for prefix in expected:
        assert any(line.startswith(prefix) for line in lines), (prefix, lines)
    assert any("„DE-XX“ ist kein Bundesland" in line for line in lines)
    assert any("„gibt-es-nicht“ ist kein Mitglied" in line for line in lines)
    assert any("YAML-Syntaxfehler" in line for line in lines)
    assert result.stdout.rstrip().endswith(f"{len(lines)} Fehler, 0 Warnungen")

    english = kooplab("--lang", "en", "validate", cwd=sample_copy)
    assert english.returncode == 1
    assert any("'DE-XX' is not a German state" in line for line in english.stdout.splitlines())
    assert english.stdout.rstrip().endswith(f"{len(lines)} errors, 0 warnings")


def test_github_and_json_formats(sample_copy):
    m = sample_copy / "data/members/hansa-flex.yml"
    m.write_text(m.read_text(encoding="utf-8").replace("region: DE-HB", "region: DE-XX"), encoding="utf-8")
    line = next(i for i, t in enumerate(m.read_text(encoding="utf-8").splitlines(), 1) if "DE-XX" in t)

    gh = kooplab("validate", "--format", "github", cwd=sample_copy)
    assert gh.returncode == 1
    assert gh.stdout.splitlines() == [
        f"::error file=data/members/hansa-flex.yml,line={line},col=11::location.region: „DE-XX“ ist kein Bundesland "
        "(Hinweis: erwartet wird einer dieser Werte: DE-BW, DE-BY, DE-BE, DE-BB, DE-HB, DE-HH, DE-HE, DE-MV, DE-NI, "
        "DE-NW, DE-RP, DE-SL, DE-SN, DE-ST, DE-SH, DE-TH, NL-GE (data/vocab/regions.yml))"]

    js = kooplab("--lang", "en", "validate", "--format", "json", cwd=sample_copy)
    assert js.returncode == 1
    report = json.loads(js.stdout)
    assert report["errors"] == 1
    assert report["problems"][0] | {"hint": None} == {
        "file": "data/members/hansa-flex.yml", "line": line, "col": 11, "severity": "error",
        "field": "location.region", "message": "'DE-XX' is not a German state", "hint": None}


def test_new_member_and_case_validate_and_refuse_to_overwrite(sample_copy):
    result = kooplab("new", "member", "Grüne Wäscherei Müller & Söhne", cwd=sample_copy)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "data/members/gruene-waescherei-mueller-soehne.yml"
    text = (sample_copy / result.stdout.strip()).read_text(encoding="utf-8")
    assert 'name: "Grüne Wäscherei Müller & Söhne"' in text

    result = kooplab("new", "case", "Gemeinsam für saubere Flüsse", cwd=sample_copy)
    assert result.stdout.strip() == "data/cases/gemeinsam-fuer-saubere-fluesse.md"

    # the templates are valid records as they stand, apart from what only the editor knows
    check = kooplab("validate", cwd=sample_copy)
    assert check.returncode == 0, check.stdout

    again = kooplab("new", "member", "Grüne Wäscherei Müller & Söhne", cwd=sample_copy)
    assert again.returncode == 1
    assert "exists already" in again.stderr
    assert (sample_copy / "data/members/gruene-waescherei-mueller-soehne.yml").read_text(encoding="utf-8") == text


def test_unknown_setting_is_reported(sample_copy):
    cfg = sample_copy / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("logo_max_kb: 200", "logo_max_kb: 200\n    logo_max: 1"),
                   encoding="utf-8")
    result = kooplab("validate", cwd=sample_copy)
    assert result.returncode == 2
    assert "unknown setting(s) in extra.kooplab: logo_max" in result.stderr
    assert "Traceback" not in result.stderr


# --- what the README promises exists --------------------------------------------------------------

def _named_in_docs(tool: str) -> set[str]:
    """The subcommands of ``tool`` ('make', 'kooplab') that README.md and CONTRIBUTING.md name in code."""
    text = "".join((REPO / name).read_text("utf-8") for name in ("README.md", "CONTRIBUTING.md"))
    code = "\n".join(re.findall(r"```.*?```", text, re.S) + re.findall(r"`[^`\n]+`", text))
    return set(re.findall(rf"\b{tool} ([a-z][a-z-]*)", code))


def test_every_kooplab_subcommand_the_readme_names_exists_and_explains_itself():
    named = _named_in_docs("kooplab")
    commands = {name: sub for action in parser()._subparsers._group_actions for name, sub in action.choices.items()}
    assert named >= {"validate", "build", "new"}
    assert named <= set(commands), f"named but missing: {sorted(named - set(commands))}"
    assert set(commands) <= named, f"not documented: {sorted(set(commands) - named)}"
    for name in sorted(commands):
        result = subprocess.run([sys.executable, "-m", "kooplab.commands.cli", name, "--help"],
                                capture_output=True, text=True)
        assert result.returncode == 0 and f"usage: kooplab {name}" in result.stdout, name
        assert len(result.stdout.splitlines()) > 3, f"kooplab {name} --help says almost nothing"


def test_every_make_target_the_readme_names_exists_and_make_help_explains_it():
    named = _named_in_docs("make")
    assert named >= {"serve", "test", "bench"}
    makefile = (REPO / "Makefile").read_text("utf-8")
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.M))
    assert named <= targets, f"named but missing: {sorted(named - targets)}"
    helped = subprocess.run(["make", "-s", "help"], cwd=REPO, capture_output=True, text=True)
    assert helped.returncode == 0
    described = {line.split()[1] for line in helped.stdout.splitlines() if line.startswith("make ")}
    phony = set(re.search(r"^\.PHONY:(.*)$", makefile, re.M).group(1).split()) - {"help"}
    assert phony <= described, f"make help does not explain: {sorted(phony - described)}"
    assert named <= described


def test_github_format_escapes_a_file_name_with_comma_and_colon():
    from kooplab.problems import ERROR, Problem

    problem = Problem("data/members/a,b:c%.yml", 3, 7, ERROR, "name", "50% fehlen,\nzwei Zeilen", "Tipp: x")
    assert problem.github() == ("::error file=data/members/a%2Cb%3Ac%25.yml,line=3,col=7::"
                                "name: 50%25 fehlen,%0Azwei Zeilen (hint: Tipp: x)")
