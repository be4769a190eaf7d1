"""What crawlers and calendar programs read: sitemap.xml (no redirects, lastmod from each record's last change,
never the build date), robots.txt naming the sitemap under a project path, and webcal:// subscriptions."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kooplab import urls
from kooplab.load.catalog import load_catalog
from kooplab.load.history import last_changed
from tests.conftest import REPO

SITE_URL = "https://kooplab.example.org/netzwerk/"  # a project path, as on GitHub Pages
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
BUILD_DAY = dt.date(2026, 11, 21)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": SITE_URL}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(REPO / "mkdocs.yml"),
                             "-d", str(out)], cwd=REPO, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def entries(site) -> dict[str, str | None]:
    root = ET.fromstring((site / "sitemap.xml").read_bytes())
    out = {}
    for url in root.findall("s:url", NS):
        lastmod = url.find("s:lastmod", NS)
        out[url.find("s:loc", NS).text] = lastmod.text if lastmod is not None else None
    return out


def test_sitemap_leaves_out_the_redirects_of_renamed_records(site, entries):
    redirect = SITE_URL + urls.member("hansa-flex-ag")
    assert (site / urls.member("hansa-flex-ag") / "index.html").is_file()  # the old address still works
    assert redirect not in entries
    assert SITE_URL + urls.member("hansa-flex") in entries
    assert all(loc.startswith(SITE_URL) for loc in entries)


def test_sitemap_lastmod_is_each_records_last_change(entries):
    catalog, _ = load_catalog(REPO)
    changed = last_changed(REPO, "data")
    records = [(urls.member(m), m) for m in catalog.members.values()] + \
        [(urls.case(c), c) for c in catalog.cases.values()] + [(urls.event(e), e) for e in catalog.events.values()]
    for address, record in records:
        day = changed.get(record.source.path) or record.reviewed
        assert entries[SITE_URL + address] == day.isoformat(), address
    # pages without a known change carry no date, rather than the build date
    assert entries[SITE_URL + urls.DIRECTORY] is None
    assert sum(1 for d in entries.values() if d == BUILD_DAY.isoformat()) < len(entries) / 2


def test_robots_txt_names_the_sitemap_with_the_project_path(site):
    text = (site / "robots.txt").read_text(encoding="utf-8")
    assert text.splitlines() == ["User-agent: *", "Allow: /", f"Sitemap: {SITE_URL}sitemap.xml"]


def test_calendars_offer_a_subscription_beside_the_download(site):
    page = BeautifulSoup((site / urls.EVENTS / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = {a.get_text(strip=True): a["href"] for a in page.select(".kl-subscribe a")}
    assert links["Alle Termine abonnieren"] == "webcal://kooplab.example.org/netzwerk/termine/termine.ics"
    assert links["Kalenderdatei (.ics)"].endswith("termine.ics") and not links["Kalenderdatei (.ics)"].startswith("web")
    network = BeautifulSoup((site / "netzwerke/oekoprofit-hannover/index.html").read_text(encoding="utf-8"),
                            "html.parser")
    hrefs = [a["href"] for a in network.select(".kl-upcoming__more a")]
    assert "webcal://kooplab.example.org/netzwerk/netzwerke/oekoprofit-hannover/termine.ics" in hrefs
