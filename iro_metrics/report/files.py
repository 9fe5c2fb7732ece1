"""The report's files: the year asked for, the commentary read from the data directory
(``commentary/2019-20.md``) or a file named on the command line, and the documents and the
commentary template written under their names, each atomically (a temporary file beside it,
then ``os.replace``), so that a reader never finds half a document."""

import os
import tempfile
from pathlib import Path

from iro_metrics.contract.extract import Extract
from iro_metrics.indicators.periods import Period, parse_period, reporting_year
from iro_metrics.present.formatting import format_date
from iro_metrics.refusal import Refused
from iro_metrics.report.build import Documents
from iro_metrics.report.commentary import AuthorText, read_commentary
from iro_metrics.report.structure import HEADINGS

COMMENTARY_FOLDER = "commentary"


def report_year(text: str, extract: Extract) -> Period:
    """The reporting year named by ``text`` (``2019-20``); refused unless it is a whole
    reporting year that has ended by the extract date."""
    try:
        period = parse_period(text)
    except ValueError as error:
        raise Refused([f"--year {text}: {error}"]) from None
    if period != reporting_year(period.start.year):
        raise Refused([f"--year {text}: the report is for a whole reporting year, such as "
                       "2019-20 (1 April to 31 March)"])
    extract_date = extract.authority.extract_date
    if period.end > extract_date:
        raise Refused([f"--year {text}: the year ends on {format_date(period.end)}, after the "
                       f"extract date ({format_date(extract_date)}), so its figures are not "
                       "complete"])
    return period


def file_stem(year: Period) -> str:
    """The documents' name without its extension: ``iro-annual-report-2019-20``."""
    return f"iro-annual-report-{year.label}"


def default_commentary(directory: Path, year: Period) -> Path:
    """Where a data directory keeps a year's commentary: ``commentary/2019-20.md``."""
    return directory / COMMENTARY_FOLDER / f"{year.label}.md"


def read_commentary_file(path: Path) -> AuthorText:
    """The commentary in ``path``; refused when it cannot be read or names a section the report
    does not have (``commentary.read_commentary``)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        raise Refused([f"{path}: the commentary file cannot be read ({reason})"]) from None
    return read_commentary(text, str(path), HEADINGS)


def commentary_for(directory: Path, year: Period, named: Path | None) -> AuthorText | None:
    """The commentary for the report: the file ``named``, else the data directory's own for
    the year when there is one, else none."""
    path = named or default_commentary(directory, year)
    if named is None and not path.is_file():
        return None
    return read_commentary_file(path)


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, replaced into
    place in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_documents(out: Path, year: Period, documents: Documents) -> list[Path]:
    """The .docx and .pdf written into ``out``; their paths."""
    stem = file_stem(year)
    written = []
    for suffix, data in ((".docx", documents.docx), (".pdf", documents.pdf)):
        path = out / f"{stem}{suffix}"
        write_atomically(path, data)
        written.append(path)
    return written


def write_template(out: Path, year: Period, text: str) -> Path:
    """The commentary template written into ``out`` as ``2019-20.md`` (the name the data
    directory's ``commentary`` folder uses); refused rather than written over an existing
    file, which may hold an author's work."""
    path = out / f"{year.label}.md"
    if path.exists():
        raise Refused([f"{path} already exists: a template is never written over a "
                       "commentary; move it away or choose another --out"])
    write_atomically(path, text.encode("utf-8"))
    return path
