"""Administrator reports (统计报表): use cases returning schemas, plus exports and charts.

Module map::

    common           period validation, scope, months, the shared envelope
    labels           Chinese labels of vocabularies and report titles
    placements       people placed and placements, by subdistrict … month
    near_home        homebound, caregiver and disabled seekers placed near home
    facilities       micro-factories, workshops, stations and their reach
    full_employment  full-employment communities by the configured criterion
    vacancies        vacancies posted and filled, fill rate
    outcomes         outcome mix of proposals, median time to first placement
    summary          the product brief's headline figures
    tables           every report as a table with Chinese headers
    exports          CSV (UTF-8 BOM), XLSX and plain-text renderings; export audit
    charts           matplotlib charts (SVG/PNG) with the bundled CJK font

``charts`` imports matplotlib; import it directly (it is not re-exported here) so that
the rest stays light.
"""

from matching.services.reports.facilities import facilities_report
from matching.services.reports.full_employment import full_employment_report
from matching.services.reports.near_home import near_home_report
from matching.services.reports.outcomes import outcomes_report
from matching.services.reports.placements import placements_report
from matching.services.reports.summary import summary_report
from matching.services.reports.vacancies import vacancies_report

__all__ = [
    "facilities_report",
    "full_employment_report",
    "near_home_report",
    "outcomes_report",
    "placements_report",
    "summary_report",
    "vacancies_report",
]
