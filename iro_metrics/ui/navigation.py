"""The dashboard's pages, in menu order: file, title and icon (the URL path is the file name);
some are for managers only and never offered to the public."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PageEntry:
    """One page of the menu."""

    path: str
    title: str
    icon: str
    managers_only: bool = False

    @property
    def url_path(self) -> str:
        """The page's path in the URL (empty for the default page)."""
        stem = self.path.removeprefix("pages/").removesuffix(".py")
        return "" if stem == "overview" else stem


CP_CONFERENCES = PageEntry("pages/cp_conferences.py", "Child protection conferences",
                           ":material/forum:")
"""Split from the plans page (issue 18), which links to it where its conference section was."""

PAGES = (
    PageEntry("pages/overview.py", "Overview", ":material/dashboard:"),
    PageEntry("pages/looked_after.py", "Looked after children", ":material/home:"),
    PageEntry("pages/child_protection.py", "Child protection plans", ":material/shield:"),
    CP_CONFERENCES,
    PageEntry("pages/timeliness.py", "Timeliness", ":material/schedule:"),
    PageEntry("pages/participation.py", "Participation", ":material/record_voice_over:"),
    PageEntry("pages/workforce.py", "Workforce", ":material/groups:"),
    PageEntry("pages/between_reviews.py", "Between reviews and other duties",
              ":material/handshake:"),
    PageEntry("pages/benchmarks.py", "Benchmarks", ":material/leaderboard:"),
    PageEntry("pages/annual_report.py", "Annual report", ":material/description:"),
    PageEntry("pages/action_lists.py", "Action lists", ":material/checklist:",
              managers_only=True),
    PageEntry("pages/data_quality.py", "Data quality", ":material/fact_check:"),
    PageEntry("pages/about.py", "About and definitions", ":material/menu_book:"),
)


def pages_for(managers: bool) -> tuple[PageEntry, ...]:
    """The pages an audience may open."""
    return tuple(entry for entry in PAGES if managers or not entry.managers_only)
