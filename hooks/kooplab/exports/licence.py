"""The licence of the published data: a known SPDX id, or the title and address that mkdocs.yml gives."""

from __future__ import annotations

from dataclasses import dataclass

from kooplab.settings import Settings


@dataclass(frozen=True)
class License:
    id: str  # SPDX identifier
    title: str
    url: str

    def as_json(self) -> dict:
        return {"id": self.id, "title": self.title, "url": self.url}


LICENSES = {
    "CC-BY-4.0": ("Creative Commons Namensnennung 4.0 International",
                  "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-4.0": ("Creative Commons Namensnennung – Weitergabe unter gleichen Bedingungen 4.0 International",
                     "https://creativecommons.org/licenses/by-sa/4.0/"),
    "CC0-1.0": ("Creative Commons Zero 1.0 Universell", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODbL-1.0": ("Open Data Commons Open Database License 1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
    "DL-DE-BY-2.0": ("Datenlizenz Deutschland – Namensnennung – Version 2.0",
                     "https://www.govdata.de/dl-de/by-2-0"),
    "DL-DE-ZERO-2.0": ("Datenlizenz Deutschland – Zero – Version 2.0", "https://www.govdata.de/dl-de/zero-2-0"),
}


def license_of(settings: Settings) -> License:
    """The data licence: a known SPDX id, or whatever title and address mkdocs.yml gives."""
    title, url = LICENSES.get(settings.license, (settings.license, ""))
    return License(settings.license, settings.license_title or title, settings.license_url or url)
