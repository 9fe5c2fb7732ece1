"""What the annual report says, independent of its format: sections of blocks (paragraphs, lists,
tables, charts, notes), which the Word and PDF writers lay out the same way. Every figure in a
block is already text made by ``iro_metrics.present.formatting``."""

from dataclasses import dataclass, field

import polars as pl

from iro_metrics.ui.charts import Drawn


@dataclass(frozen=True)
class Paragraph:
    """Running text."""

    text: str


@dataclass(frozen=True)
class Bullets:
    """A list, one item per entry (the key findings, the definitions)."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Term:
    """A term in bold followed by its explanation (a definition in the appendix)."""

    term: str
    text: str


@dataclass(frozen=True)
class Subheading:
    """A heading inside a section (level 2), so readers and the navigation pane find its parts."""

    text: str


@dataclass(frozen=True, eq=False)
class Table:
    """A table as a figure in its own right: the finding as ``title``, the ``subtitle`` (measure,
    area, period), the ``frame`` of display text (its columns are the header row) and which
    columns hold numbers, set right."""

    title: str
    subtitle: str
    frame: pl.DataFrame
    right_aligned: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class Chart:
    """A chart drawn by the dashboard's chart functions, with the finding as ``title``, the
    ``subtitle`` and the text alternative its image carries (``alt``). Charts compare by
    identity, so each keys its own rendered image."""

    title: str
    subtitle: str
    chart: Drawn
    alt: str


@dataclass(frozen=True)
class Note:
    """A sentence set apart from the text: why a part has no figures, a caution or a method."""

    text: str


@dataclass(frozen=True)
class Placeholder:
    """Where the author's commentary goes, shown visibly until it is written."""

    text: str


@dataclass(frozen=True)
class Commentary:
    """The author's own words for a section: paragraphs, and lists as runs of items."""

    parts: tuple[Paragraph | Bullets, ...]


Block = Paragraph | Bullets | Term | Subheading | Table | Chart | Note | Placeholder | Commentary


@dataclass(frozen=True)
class Section:
    """One level-1 section: its heading and blocks in order."""

    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class TitleBlock:
    """The committee paper's title block: the title, the authority, the committee and meeting
    date (None until the commentary gives them: a placeholder shows), who the report is from
    (also the documents' author), the edition (public or managers') and, for demonstration
    data, a warning."""

    title: str
    authority: str
    committee: str | None
    meeting: str | None
    author: str
    edition: str
    notice: str = ""


@dataclass(frozen=True)
class Report:
    """The whole report: its title block, then the sections in order."""

    title_block: TitleBlock
    sections: tuple[Section, ...] = field(default=())

    def charts(self) -> list[Chart]:
        """Every chart, in reading order (each rendered once, for both formats)."""
        return [block for section in self.sections for block in section.blocks
                if isinstance(block, Chart)]
