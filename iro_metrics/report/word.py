"""The report as a Word document (``python-docx``) that clerks can edit freely: real heading
styles (so the navigation pane lists the sections), numbered table and figure captions, tables
with a header row repeated on every page and numbers set right, charts with their text
alternative as alt text, British English as the document's language, and the title and author
in its properties. ``python-docx`` has no API for alt text, the language or repeated header
rows, so those are set in the document's XML (``notes/stack.md``)."""

import datetime as dt
import io

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table as WordTable

from iro_metrics.report import words
from iro_metrics.report.content import (
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
    TitleBlock,
)
from iro_metrics.report.images import width_share

LANGUAGE = "en-GB"
FONT = "Arial"
TEXT_COLOUR = RGBColor(0x0B, 0x0C, 0x0C)
HEADER_SHADE = "DEE0E2"
IMAGE_WIDTH = Cm(16)


def _set_language(document: DocumentObject) -> None:
    """British English for every run (the default run properties) and for the document's
    theme, so that spelling is checked and screen readers speak in en-GB."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_defaults.append(properties)
    for lang in properties.findall(qn("w:lang")):
        properties.remove(lang)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), LANGUAGE)
    properties.append(lang)
    for style_lang in styles.iter(qn("w:lang")):
        style_lang.set(qn("w:val"), LANGUAGE)
    settings = document.settings.element
    theme = settings.find(qn("w:themeFontLang"))
    if theme is None:
        theme = OxmlElement("w:themeFontLang")
        settings.append(theme)
    theme.set(qn("w:val"), LANGUAGE)
    document.core_properties.language = LANGUAGE


def _set_styles(document: DocumentObject) -> None:
    """Arial throughout in near-black, captions as bold text rather than Word's small blue."""
    for name, size in (("Normal", 11), ("Title", 22), ("Heading 1", 16), ("Heading 2", 13),
                       ("Caption", 11), ("List Bullet", 11)):
        style = document.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = TEXT_COLOUR
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), FONT)
    caption = document.styles["Caption"]
    caption.font.bold = True
    caption.font.italic = False
    caption.paragraph_format.keep_with_next = True
    caption.paragraph_format.space_before = Pt(12)


def _page_numbers(document: DocumentObject, edition: str) -> None:
    """The edition and the page number in every page's footer."""
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = f"{edition.split(':')[0]} · page "
    run = footer.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
        else:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)


def _placeholder(document: DocumentObject, text: str) -> None:
    """A placeholder clerks cannot miss: bold and highlighted."""
    run = document.add_paragraph().add_run(text)
    run.bold = True
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _title_block(document: DocumentObject, block: TitleBlock) -> None:
    document.add_heading(block.title, 0)
    for label, value, missing in (
            ("Authority", block.authority, None),
            ("Committee", block.committee, words.COMMITTEE_PLACEHOLDER),
            ("Meeting date", block.meeting, words.MEETING_PLACEHOLDER),
            ("Report of", block.author, None)):
        if value is None and missing:
            _placeholder(document, missing)
        else:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value or "")
    document.add_paragraph(block.edition).runs[0].italic = True
    if block.notice:
        document.add_paragraph().add_run(block.notice).bold = True


def _repeat_header(table: WordTable) -> None:
    """Mark the first row as the header row, repeated at the top of every page."""
    properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _shade(cell_properties: BaseOxmlElement) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), HEADER_SHADE)
    cell_properties.append(shading)


def _table(document: DocumentObject, block: Table, number: int) -> None:
    document.add_paragraph(f"Table {number}: {block.title}", style="Caption")
    document.add_paragraph(block.subtitle).runs[0].italic = True
    frame = block.frame
    table = document.add_table(rows=frame.height + 1, cols=frame.width)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    rows = [frame.columns, *frame.rows()]
    for row_number, (row, values) in enumerate(zip(table.rows, rows, strict=True)):
        for cell, name, value in zip(row.cells, frame.columns, values, strict=True):
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run("" if value is None else str(value))
            run.font.size = Pt(9.5)
            if name in block.right_aligned:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if row_number == 0:
                run.bold = True
                _shade(cell._tc.get_or_add_tcPr())
    _repeat_header(table)
    document.add_paragraph()


def _chart(document: DocumentObject, block: Chart, number: int, image: bytes) -> None:
    document.add_paragraph(f"Figure {number}: {block.title}", style="Caption")
    document.add_paragraph(block.subtitle).runs[0].italic = True
    picture = document.add_paragraph().add_run().add_picture(
        io.BytesIO(image), width=int(IMAGE_WIDTH * width_share(image)))
    properties = picture._inline.docPr
    properties.set("descr", block.alt)
    properties.set("title", block.title)


def _text(document: DocumentObject, block: Paragraph | Bullets) -> None:
    if isinstance(block, Paragraph):
        document.add_paragraph(block.text)
    else:
        for item in block.items:
            document.add_paragraph(item, style="List Bullet")


def word_document(report: Report, images: dict[Chart, bytes]) -> bytes:
    """The report as a .docx file's bytes (``images``: each chart's PNG)."""
    document = Document()
    _set_styles(document)
    _set_language(document)
    properties = document.core_properties
    properties.title = report.title_block.title
    properties.author = report.title_block.author
    properties.subject = report.title_block.authority
    properties.comments = report.title_block.edition
    properties.created = properties.modified = dt.datetime.now(dt.UTC).replace(microsecond=0)
    _page_numbers(document, report.title_block.edition)
    _title_block(document, report.title_block)
    counts = {"table": 0, "figure": 0}

    def numbered(kind: str) -> int:
        counts[kind] += 1
        return counts[kind]

    for section in report.sections:
        document.add_heading(section.heading, 1)
        for block in section.blocks:
            if isinstance(block, Paragraph | Bullets):
                _text(document, block)
            elif isinstance(block, Commentary):
                for part in block.parts:
                    _text(document, part)
            elif isinstance(block, Term):
                paragraph = document.add_paragraph()
                paragraph.add_run(f"{block.term}: ").bold = True
                paragraph.add_run(block.text)
            elif isinstance(block, Subheading):
                document.add_heading(block.text, 2)
            elif isinstance(block, Table):
                _table(document, block, numbered("table"))
            elif isinstance(block, Chart):
                _chart(document, block, numbered("figure"), images[block])
            elif isinstance(block, Note):
                document.add_paragraph().add_run(block.text).italic = True
            elif isinstance(block, Placeholder):
                _placeholder(document, block.text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
