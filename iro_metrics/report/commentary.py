"""The author's commentary: a Markdown file with the title block's fields, then a ``## heading``
per section of the report and the author's paragraphs and lists under it
(``docs/report-commentary.md``). Reading it refuses a heading the report does not have, naming
the file and line; the template lists every heading with the drafted findings under each, for
the author to edit."""

import re
from dataclasses import dataclass, field

from iro_metrics.refusal import Refused
from iro_metrics.report.content import Bullets, Chart, Commentary, Paragraph, Report, Table

FIELDS = {"committee": "Committee", "meeting date": "Meeting date", "report of": "Report of"}
"""The title block's fields a commentary file may give, by their name in lower case."""
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
FIELD = re.compile(r"^([A-Za-z ]+):\s*(.*)$")
ITEM = re.compile(r"^[-*]\s+(.*)$")


@dataclass(frozen=True)
class AuthorText:
    """What a commentary file gives: the title block's fields (by ``FIELDS`` key) and each
    section's commentary by its heading."""

    fields: dict[str, str] = field(default_factory=dict)
    sections: dict[str, Commentary] = field(default_factory=dict)


def _without_comments(text: str) -> list[str]:
    """The file's lines with HTML comments blanked out, keeping the line numbers."""
    return COMMENT.sub(lambda found: "\n" * found.group().count("\n"), text).splitlines()


def _key(heading: str) -> str:
    return " ".join(heading.lower().split())


def _parts(lines: list[str]) -> Commentary:
    """Paragraphs (lines joined, split at blank lines) and lists (runs of ``-`` items)."""
    parts: list[Paragraph | Bullets] = []
    words: list[str] = []
    items: list[str] = []

    def close() -> None:
        if words:
            parts.append(Paragraph(" ".join(words)))
            words.clear()
        if items:
            parts.append(Bullets(tuple(items)))
            items.clear()

    for line in (*lines, ""):
        text = " ".join(line.split())
        item = ITEM.match(text)
        if not text:
            close()
        elif item:
            if words:
                close()
            items.append(item.group(1).strip())
        elif items and line[:1].isspace():
            items[-1] = f"{items[-1]} {text}"
        else:
            if items:
                close()
            words.append(text)
    return Commentary(tuple(parts))


def read_commentary(text: str, source: str, headings: tuple[str, ...]) -> AuthorText:
    """The commentary in ``text`` (read from ``source``, named in messages) for a report with
    these section ``headings``. Refuses, one line per problem naming the file and line: a
    heading the report does not have, a heading given twice, text before the first heading
    that is not a title block field, or a heading of another level."""
    known = {_key(heading): heading for heading in headings}
    problems: list[str] = []
    fields: dict[str, str] = {}
    bodies: dict[str, list[str]] = {}
    current: str | None = None
    started = False
    for number, line in enumerate(_without_comments(text), start=1):
        where = f"{source}, line {number}"
        stripped = line.strip()
        if stripped.startswith("## ") and not stripped.startswith("###"):
            started = True
            heading = stripped[3:].strip().rstrip("#").strip()
            current = known.get(_key(heading))
            if current is None:
                problems.append(f"{where}: the report has no section called '{heading}'; its "
                                f"sections are: {'; '.join(headings)}")
            elif current in bodies:
                problems.append(f"{where}: the section '{current}' is given twice")
                current = None
            else:
                bodies[current] = []
        elif stripped.startswith("#"):
            problems.append(f"{where}: a section heading starts with '## ' (two # and a "
                            f"space): '{stripped}'")
        elif current is not None:
            bodies[current].append(line)
        elif stripped and not started:
            found = FIELD.match(stripped)
            if found and _key(found.group(1)) in FIELDS:
                if found.group(2).strip():
                    fields[_key(found.group(1))] = found.group(2).strip()
            else:
                problems.append(
                    f"{where}: before the first section heading only the title block's fields "
                    f"may be given ({', '.join(name + ':' for name in FIELDS.values())}), not "
                    f"'{stripped}'")
    if problems:
        raise Refused(problems)
    sections = {heading: _parts(lines) for heading, lines in bodies.items()}
    return AuthorText(fields, {heading: parts for heading, parts in sections.items()
                               if parts.parts})


TEMPLATE_HEAD = """<!--
Commentary for {title}, {authority}.

Write your own words under each section heading: plain paragraphs, separated by a blank line, and
lists with a "- " at the start of each item. The sentences under each heading were drafted from
the figures: keep, edit or delete them. A section left empty shows a visible placeholder in the
Word document. Keep the headings as they are: a heading the report does not have is refused.
Save this file as commentary/{year}.md in the data directory to have it used by default, or name
it with --commentary.
-->

Committee:
Meeting date:
Report of:
"""


def drafted(report: Report) -> dict[str, tuple[str, ...]]:
    """Starting sentences for each section: its key findings and the findings its tables and
    charts are titled with, in order and each once."""
    found: dict[str, tuple[str, ...]] = {}
    for section in report.sections:
        sentences: list[str] = []
        for block in section.blocks:
            if isinstance(block, Bullets) and not sentences:
                sentences += block.items
            elif isinstance(block, Table | Chart):
                sentences.append(block.title.rstrip(".") + ".")
        found[section.heading] = tuple(dict.fromkeys(sentences))
    return found


def template(report: Report, year: str, starters: dict[str, str]) -> str:
    """A commentary file for ``report`` to edit: the title block's fields, then every section
    heading with its drafted findings (``drafted``) or, for a section the author writes, its
    starting sentence from ``starters`` (none for the appendix)."""
    head = TEMPLATE_HEAD.format(title=report.title_block.title,
                                authority=report.title_block.authority, year=year)
    parts = [head]
    for heading, sentences in drafted(report).items():
        lines = [f"## {heading}", ""]
        if heading in starters:
            lines += [starters[heading], ""]
        lines += [f"- {sentence}" for sentence in sentences]
        parts.append("\n".join(lines).rstrip() + "\n")
    return "\n".join(parts)
