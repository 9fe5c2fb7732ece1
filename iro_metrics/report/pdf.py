"""The report as an accessible PDF: the report's content written as JSON beside its chart images,
laid out by ``report.typ`` and compiled by Typst (the compiler inside the ``typst`` wheel: no
system libraries, nothing downloaded) as PDF/UA-1: tagged, in British English, titled, with
bookmarks from the headings, alt text on every image (Typst refuses to compile without) and
table header cells marked as headers."""

import json
import tempfile
from pathlib import Path
from typing import Any

import typst

from iro_metrics.report import words
from iro_metrics.report.content import (
    Block,
    Bullets,
    Chart,
    Commentary,
    Note,
    Paragraph,
    Placeholder,
    Report,
    Subheading,
    Table,
    Term,
)
from iro_metrics.report.images import width_share

TEMPLATE = Path(__file__).with_name("report.typ")
STANDARDS: list[Any] = ["ua-1"]


def _text(block: Paragraph | Bullets) -> dict[str, Any]:
    if isinstance(block, Paragraph):
        return {"type": "paragraph", "text": block.text}
    return {"type": "bullets", "items": list(block.items)}


def _block(block: Block, images: dict[Chart, tuple[str, float]]) -> dict[str, Any]:
    """One block as the layout reads it."""
    if isinstance(block, Paragraph | Bullets):
        return _text(block)
    if isinstance(block, Commentary):
        return {"type": "commentary", "parts": [_text(part) for part in block.parts]}
    if isinstance(block, Term):
        return {"type": "term", "term": block.term, "text": block.text}
    if isinstance(block, Table):
        frame = block.frame
        return {"type": "table", "title": block.title, "subtitle": block.subtitle,
                "columns": frame.columns,
                "right": [name in block.right_aligned for name in frame.columns],
                "rows": [["" if cell is None else str(cell) for cell in row]
                         for row in frame.rows()]}
    if isinstance(block, Chart):
        name, share = images[block]
        return {"type": "chart", "title": block.title, "subtitle": block.subtitle,
                "image": name, "width": share, "alt": block.alt}
    kinds = {Subheading: "subheading", Note: "note", Placeholder: "placeholder"}
    return {"type": kinds[type(block)], "text": block.text}


def layout_data(report: Report, images: dict[Chart, tuple[str, float]]) -> dict[str, Any]:
    """Everything ``report.typ`` lays out, with each chart's image file name and share of the
    text width from ``images``."""
    block = report.title_block
    return {
        "title": block.title, "author": block.author, "authority": block.authority,
        "committee": block.committee, "meeting": block.meeting,
        "committee_placeholder": words.COMMITTEE_PLACEHOLDER,
        "meeting_placeholder": words.MEETING_PLACEHOLDER,
        "edition": block.edition, "notice": block.notice,
        "footer": f"{block.title}, {block.authority} · {block.edition.split(':')[0]}",
        "sections": [{"heading": section.heading,
                      "blocks": [_block(b, images) for b in section.blocks]}
                     for section in report.sections],
    }


def pdf_document(report: Report, images: dict[Chart, bytes]) -> bytes:
    """The report as PDF/UA-1 bytes (``images``: each chart's PNG)."""
    with tempfile.TemporaryDirectory(prefix="iro-report-") as folder:
        root = Path(folder)
        names: dict[Chart, tuple[str, float]] = {}
        for number, (chart, image) in enumerate(images.items(), start=1):
            names[chart] = (f"chart-{number}.png", width_share(image))
            (root / names[chart][0]).write_bytes(image)
        (root / "report.json").write_text(json.dumps(layout_data(report, names)),
                                          encoding="utf-8")
        (root / "report.typ").write_bytes(TEMPLATE.read_bytes())
        return bytes(typst.compile(root / "report.typ", root=root, pdf_standards=STANDARDS))
