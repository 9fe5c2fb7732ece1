"""Reading the annual report's documents as a reader's tools do: the Word document with
``python-docx`` (headings, tables with their captions, images' alt text), the PDF's text with
``pdftotext`` and its pages as PNG with ``pdftoppm`` (Debian's ``poppler-utils``), and its
structure with ``pikepdf``."""

import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import pikepdf
from docx.document import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

STRUCTURE = [  # the committee report issue 15 names, in its order
    "Purpose and summary",
    "Recommendation",
    "The IRO role and statutory functions",
    "Staffing and caseloads",
    "Looked after children",
    "Reviews of looked after children",
    "The IRO footprint and dispute resolution",
    "Child protection",
    "Timeliness of conferences and reviews",
    "Repeat plans and plans lasting two years or more",
    "Family participation",
    "Service development",
    "Next steps",
    "Appendix: definitions, data quality and sources",
]
"""The report's section headings, stated once for every test of the report."""
CAPTION = re.compile(r"^(Table|Figure) (\d+): (.*)$")
FIGURE_CELL = re.compile(r"^([\d,.]+%?|c|x)$")


def open_docx(path: Path) -> Document:
    return docx.Document(str(path))


def body(document: Document) -> Iterator[Paragraph | Table]:
    """The document's paragraphs and tables in reading order."""
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            yield Paragraph(child, document)
        elif child.tag.endswith("}tbl"):
            yield Table(child, document)


def headings(document: Document, level: int = 1) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


@dataclass(frozen=True)
class WordTable:
    """A table of the Word document with the section it is in, its caption's title and its
    rows of cell text (the header row first)."""

    section: str
    number: int
    title: str
    rows: list[list[str]]
    table: Table

    @property
    def header(self) -> list[str]:
        return self.rows[0]

    def records(self) -> list[dict[str, str]]:
        return [dict(zip(self.header, row, strict=True)) for row in self.rows[1:]]


def tables(document: Document) -> list[WordTable]:
    found, section, number, title = [], "", 0, ""
    for item in body(document):
        if isinstance(item, Paragraph):
            if item.style.name == "Heading 1":
                section = item.text
            elif (caption := CAPTION.match(item.text)) and item.style.name == "Caption":
                number, title = int(caption.group(2)), caption.group(3)
        else:
            rows = [[cell.text for cell in row.cells] for row in item.rows]
            found.append(WordTable(section, number, title, rows, item))
    return found


def section_text(document: Document, heading: str) -> list[str]:
    """The paragraphs' text under a level-1 heading, up to the next one."""
    lines, inside = [], False
    for paragraph in document.paragraphs:
        if paragraph.style.name == "Heading 1":
            inside = paragraph.text == heading
        elif inside:
            lines.append(paragraph.text)
    return lines


def all_text(document: Document) -> str:
    """Every paragraph and table cell of the document, one per line."""
    lines = []
    for item in body(document):
        if isinstance(item, Paragraph):
            lines.append(item.text)
        else:
            lines += [cell.text for row in item.rows for cell in row.cells]
    return "\n".join(lines)


def pdf_text(path: Path, layout: bool = False) -> str:
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def squeezed(text: str) -> str:
    """Text with every run of white space as one space, to find a table row in a PDF's text."""
    return " ".join(text.split())


def table_in_pdf(table: WordTable, flowing: str, laid_out: str) -> list[str]:
    """The parts of a Word table's rows missing from the PDF between the table's caption
    (``Table N:``) and the next: each text cell, in the squeezed ``flowing`` text (pdftotext's
    reading order, which joins a cell's wrapped lines), and each run of figures on one line of
    ``laid_out`` (``pdftotext -layout``, which keeps a row's single-line figures on one line)."""
    missing = []
    for text, lines in ((flowing, False), (laid_out, True)):
        start = text.find(f"Table {table.number}: ")
        end = text.find(f"Table {table.number + 1}: ", start)
        within = text[start:end if end > 0 else None] if start >= 0 else ""
        if lines:
            within = "\n".join(squeezed(line) for line in within.splitlines())
        for row in table.rows:
            runs: list[list[str]] = [[]]
            for cell in row:
                if FIGURE_CELL.match(cell):
                    runs[-1].append(cell)
                else:
                    runs.append([])
                    if not lines and squeezed(cell) not in within:
                        missing.append(cell)
            if lines:
                missing += [" ".join(run) for run in runs
                            if run and " ".join(run) not in within]
    return missing


def pdf_pages_as_png(path: Path, folder: Path, resolution: int = 60) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("page-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", str(resolution), "-png", str(path), str(folder / "page")],
                   check=True)
    return sorted(folder.glob("page-*.png"))


def structure_elements(pdf: pikepdf.Pdf, kind: str) -> list[pikepdf.Dictionary]:
    """Every structure element of type ``kind`` (``/Figure``, ``/TH`` ...) in the PDF's tag
    tree."""
    found: list[pikepdf.Dictionary] = []
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
            continue
        if not isinstance(node, pikepdf.Dictionary):
            continue
        if node.get("/S") == kind:
            found.append(node)
        if "/K" in node:
            stack.append(node.K)
    return found


def outline_titles(pdf: pikepdf.Pdf) -> list[str]:
    """The top-level bookmarks."""
    with pdf.open_outline() as outline:
        return [str(item.title) for item in outline.root]
