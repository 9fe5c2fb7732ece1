"""The report assembled: the title block, then each section of ``structure.SECTIONS`` with its
fixed words, the author's commentary (or a visible placeholder in a section the author writes)
and its figures; then both documents made from it, each chart rendered once for both."""

from dataclasses import dataclass

from iro_metrics.report import words
from iro_metrics.report.commentary import AuthorText
from iro_metrics.report.content import (
    Block,
    Note,
    Placeholder,
    Report,
    Section,
    Subheading,
    TitleBlock,
)
from iro_metrics.report.figures import Figures
from iro_metrics.report.images import render_charts
from iro_metrics.report.parts import Text
from iro_metrics.report.pdf import pdf_document
from iro_metrics.report.structure import SECTIONS, SectionSpec
from iro_metrics.report.word import word_document


def title_block(figures: Figures, fields: dict[str, str]) -> TitleBlock:
    """The title block: the commentary's committee, meeting date and author where given."""
    authority = figures.extract.authority
    return TitleBlock(
        title=words.title(figures.year), authority=authority.la_name,
        committee=fields.get("committee"), meeting=fields.get("meeting date"),
        author=fields.get("report of") or f"{authority.la_name} IRO service",
        edition=words.PUBLIC_EDITION if figures.public else words.MANAGERS_EDITION,
        notice=words.DEMONSTRATION if authority.synthetic else "")


def _section(spec: SectionSpec, figures: Figures, text: AuthorText) -> Section:
    """A section's blocks: its fixed words first, then the commentary, then its figures."""
    fixed = [part for part in spec.parts if isinstance(part, Text)]
    rest = [part for part in spec.parts if not isinstance(part, Text)]
    blocks: list[Block] = [block for part in fixed for block in part.blocks(figures)]
    if spec.heading in text.sections:
        blocks.append(text.sections[spec.heading])
    elif spec.written:
        blocks.append(Placeholder(words.COMMENTARY_PLACEHOLDER))
    blocks += [block for part in rest for block in part.blocks(figures)]
    return Section(spec.heading, _once(blocks))


def _once(blocks: list[Block]) -> tuple[Block, ...]:
    """The blocks with each note said once (parts missing the same table say so once) and
    without a subheading left with nothing under it."""
    said: set[str] = set()
    kept: list[Block] = []
    for block in blocks:
        if isinstance(block, Note):
            if block.text in said:
                continue
            said.add(block.text)
        if kept and isinstance(kept[-1], Subheading) and isinstance(block, Subheading):
            kept.pop()
        kept.append(block)
    if kept and isinstance(kept[-1], Subheading):
        kept.pop()
    return tuple(kept)


def build_report(figures: Figures, text: AuthorText | None = None) -> Report:
    """The report of ``figures`` with the author's ``text`` (none: placeholders)."""
    text = text or AuthorText()
    return Report(title_block(figures, text.fields),
                  tuple(_section(spec, figures, text) for spec in SECTIONS))


@dataclass(frozen=True)
class Documents:
    """The report as a Word document and an accessible PDF."""

    docx: bytes
    pdf: bytes


def documents(report: Report) -> Documents:
    """Both documents of ``report``, its charts rendered once for both."""
    images = render_charts(report)
    return Documents(word_document(report, images), pdf_document(report, images))
