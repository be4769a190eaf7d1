"""The calendar files read the same, to the minute, in three independent clients: Mozilla's ical.js (Thunderbird,
Nextcloud Calendar; run with Node), python icalendar and vobject (which builds its time zone from the file's
VTIMEZONE). Events in winter and summer time, on the change days, across a change and in the years after."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from kooplab.exports.calendars import Calendars
from tests.test_events import BUILD_DAY, EVENT, with_event

TOOLS = Path(__file__).resolve().parent / "tools"
ICAL_JS = TOOLS / "node_modules" / "ical.js"
UTC = dt.timezone.utc
BERLIN = ZoneInfo("Europe/Berlin")

# name -> (start, end) in local Berlin time, as an editor writes them
TIMES = {
    "winter": ("2026-12-02 18:00", "2026-12-02 20:00"),
    "sommer": ("2026-05-20 17:00", "2026-05-20 19:30"),
    "umstellung-maerz": ("2026-03-29 10:00", "2026-03-29 12:00"),
    "umstellung-oktober": ("2026-10-25 10:00", "2026-10-25 12:00"),
    "ueber-nacht": ("2027-03-27 20:00", "2027-03-28 10:00"),
    "folgejahr-sommer": ("2027-07-01 09:30", "2027-07-01 16:00"),
    "uebernaechstes-jahr": ("2028-08-15 14:00", "2028-08-15 15:00"),
}


def utc(local: str) -> str:
    return dt.datetime.fromisoformat(local).replace(tzinfo=BERLIN).astimezone(UTC).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture(scope="module")
def calendar_files(tmp_path_factory) -> dict[str, Path]:
    from tests.conftest import Project

    project = Project(tmp_path_factory.mktemp("project"))
    for name, (start, end) in TIMES.items():
        with_event(project, EVENT.replace("start: 2026-11-25 14:00\nend: 2026-11-25 17:00",
                                          f"start: {start}\nend: {end}"), name=name)
    catalog, problems = project.load()
    assert not problems.errors, [p.text() for p in problems.errors]
    out = tmp_path_factory.mktemp("ics")
    files = {}
    for path, data in Calendars(catalog, "https://kooplab.example.org/", "Test", BUILD_DAY).files():
        target = out / path.replace("/", "_")
        target.write_bytes(data)
        files[path] = target
    return files


def expected() -> dict[str, tuple[str, str]]:
    return {f"{name}@kooplab.example.org": (utc(start), utc(end)) for name, (start, end) in TIMES.items()}


def read_ical_js(paths: list[Path]) -> list[dict]:
    node = shutil.which("node")
    if node is None or not ICAL_JS.is_dir():
        pytest.skip("Node or ical.js missing: npm ci --prefix tests/tools")
    result = subprocess.run([node, str(TOOLS / "ical-times.mjs"), *map(str, paths)], capture_output=True, text=True,
                            cwd=TOOLS, check=True)
    return json.loads(result.stdout)


def read_icalendar(paths: list[Path]) -> list[dict]:
    out = []
    for path in paths:
        for v in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
            out.append({"uid": str(v["UID"]), "start": v.start.astimezone(UTC).isoformat(),
                        "end": v.end.astimezone(UTC).isoformat()})
    return out


def read_vobject(paths: list[Path]) -> list[dict]:
    out = []
    for path in paths:
        for v in getattr(vobject.readOne(path.read_text(encoding="utf-8")), "vevent_list", []):
            out.append({"uid": v.uid.value, "start": v.dtstart.value.astimezone(UTC).isoformat(),
                        "end": v.dtend.value.astimezone(UTC).isoformat()})
    return out


def minutes(rows: list[dict]) -> dict[str, tuple[str, str]]:
    """UID -> (start, end) in UTC, to the minute; one calendar's view of each event (the same in every file)."""
    seen: dict[str, set] = {}
    for row in rows:
        seen.setdefault(row["uid"], set()).add((row["start"][:16], row["end"][:16]))
    assert all(len(v) == 1 for v in seen.values()), {k: v for k, v in seen.items() if len(v) > 1}
    return {uid: next(iter(v)) for uid, v in seen.items()}


@pytest.mark.parametrize("client", [read_ical_js, read_icalendar, read_vobject])
def test_every_client_reads_every_event_at_its_time(calendar_files, client):
    """Each event's own file, the all-events feed and the network feed (several years' VTIMEZONE) agree."""
    paths = sorted(calendar_files.values())
    assert minutes(client(paths)) == expected()


def test_the_time_zone_has_one_onset_per_observance(calendar_files):
    """The form ical.js reads right: no RDATE lists (it reads only their first date and skips DTSTART)."""
    cal = icalendar.Calendar.from_ical(calendar_files["termine/termine.ics"].read_bytes())
    (zone,) = cal.walk("VTIMEZONE")
    onsets = [o.DTSTART for o in zone.subcomponents]
    assert all("RDATE" not in o for o in zone.subcomponents)
    assert onsets == sorted(onsets) and len(onsets) >= 6  # 2026, 2027 and 2028, summer and winter
    assert {o.name for o in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}
