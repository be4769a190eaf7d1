"""Review dates: stale records are warned about and listed for the editorial team."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import CASE, MEMBER

# the suite's build date is 2026-11-21 (conftest); 18 months earlier is 2025-05-21


def test_stale_record_is_a_warning_not_an_error(project):
    project.write("data/members/old.yml", MEMBER.replace("reviewed: 2026-10-01", "reviewed: 2025-05-20"))
    project.write("data/members/fresh.yml", MEMBER.replace("reviewed: 2026-10-01", "reviewed: 2025-05-21"))
    catalog, problems = project.load()
    assert [p.text().split("\n")[0] for p in problems] == [
        "data/members/old.yml:13:11: warning: reviewed: last reviewed on 2025-05-20, more than 18 months ago"]
    assert set(catalog.members) == {"old", "fresh"}


def test_review_period_is_a_setting(project):
    project.write("mkdocs.yml", "site_name: x\nextra:\n  kooplab:\n    review_months: 6\n")
    project.write("data/members/x.yml", MEMBER.replace("reviewed: 2026-10-01", "reviewed: 2026-05-20"))
    result = subprocess.run([sys.executable, "-m", "kooplab.commands.cli", "validate"], cwd=project.root,
                            capture_output=True, text=True)
    assert result.returncode == 0
    assert "Warnung: reviewed: zuletzt geprüft am 2026-05-20, vor mehr als 6 Monaten" in result.stdout


def test_future_review_date_is_a_warning(project):
    project.write("data/members/x.yml", MEMBER.replace("reviewed: 2026-10-01", "reviewed: 2027-01-01"))
    assert project.messages() == ["data/members/x.yml:13:11: warning: reviewed: 2027-01-01 lies in the future"]


def test_report_lists_stale_records_and_members_without_cases_or_sdgs(project):
    project.write("data/members/hansa-flex.yml", MEMBER.replace("reviewed: 2026-10-01", "reviewed: 2024-01-01"))
    project.write("data/members/deutsche-see.yml", MEMBER.replace("Hansa-Flex AG", "Deutsche See GmbH"))
    no_sdg = MEMBER.replace("Hansa-Flex AG", "Atlas").split("sdgs:")[0] + "reviewed: 2026-10-01\n"
    project.write("data/members/atlas.yml", no_sdg)
    project.write("data/cases/c.md", CASE.replace("reviewed: 2026-10-01", "reviewed: 2025-01-01"))
    result = subprocess.run([sys.executable, "-m", "kooplab.commands.cli", "report", "--format", "json"],
                            cwd=project.root, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert json.loads(result.stdout) == {
        "threshold": "2025-05-21",
        "stale": [{"file": "data/members/hansa-flex.yml", "reviewed": "2024-01-01"},
                  {"file": "data/cases/c.md", "reviewed": "2025-01-01"}],
        "without_cases": ["data/members/atlas.yml"],
        "without_sdgs": ["data/members/atlas.yml"],
    }
    text = subprocess.run([sys.executable, "-m", "kooplab.commands.cli", "report"], cwd=project.root,
                          capture_output=True, text=True).stdout
    assert "Not reviewed for more than 18 months (before 2025-05-21): 2\n  data/members/hansa-flex.yml: reviewed 2024-01-01" in text
    assert "Members without any SDG: 1\n  data/members/atlas.yml: Atlas" in text


def test_report_refuses_broken_data(project):
    project.write("data/members/x.yml", MEMBER.replace("kind: unternehmen", "kind: firma"))
    result = subprocess.run([sys.executable, "-m", "kooplab.commands.cli", "report"], cwd=project.root,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "„firma“ ist keine Organisationsart" in result.stdout
