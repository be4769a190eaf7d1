"""The editorial report: what the network's editorial team should look at next."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kooplab.load.catalog import Catalog
from kooplab.records import Case, Member
from kooplab.settings import months_before


@dataclass
class EditorialReport:
    threshold: dt.date  # reviewed before this date counts as stale
    stale: list[Member | Case] = field(default_factory=list)  # oldest review first
    without_cases: list[Member] = field(default_factory=list)
    without_sdgs: list[Member] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.stale or self.without_cases or self.without_sdgs)


def editorial_report(catalog: Catalog, today: dt.date) -> EditorialReport:
    threshold = months_before(today, catalog.settings.review_months)
    records = [*catalog.members.values(), *catalog.cases.values()]
    return EditorialReport(
        threshold=threshold,
        stale=sorted((r for r in records if r.reviewed < threshold), key=lambda r: (r.reviewed, r.source.path)),
        without_cases=[m for m in catalog.members.values() if not m.cases],
        without_sdgs=[m for m in catalog.members.values() if not m.sdgs],
    )


def report_lines(report: EditorialReport, months: int) -> list[str]:
    """Plain-text lines for the terminal (the command line is not a web page)."""
    lines = [f"Not reviewed for more than {months} months (before {report.threshold.isoformat()}): {len(report.stale)}"]
    lines += [f"  {r.source.path}: reviewed {r.reviewed.isoformat()}" for r in report.stale]
    lines.append(f"Members without any case study: {len(report.without_cases)}")
    lines += [f"  {m.source.path}: {m.name}" for m in report.without_cases]
    lines.append(f"Members without any SDG: {len(report.without_sdgs)}")
    lines += [f"  {m.source.path}: {m.name}" for m in report.without_sdgs]
    return lines
