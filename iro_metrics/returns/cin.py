"""Stream one CIN census XML file (``Message/Header`` then ``Message/Children/Child``...).

The file is fed to ``xml.etree.ElementTree.XMLParser`` a chunk at a time, with a target that
builds the tree element by element: each ``Child`` is turned into plain values when its end tag
arrives and then dropped from the tree, so memory holds one child at a time plus the values the
contract needs. The target refuses, as they arrive, a name or text longer than ``rules.LONGEST``
characters and elements nested deeper than ``rules.DEEPEST``, so neither costs more memory or time
than the limit. The values are checked afterwards, all at once, with Polars expressions, against
the census reference date from the header; as in the SSDA903, a value contradicting the rest of
its record is repaired rather than the record set aside (``rules.REPAIRS``).

What the import reads: ``ChildIdentifiers`` (LAchildID, PersonBirthDate, ExpectedPersonBirthDate,
and the child's sex as ``GenderCurrent`` 1/2/0/9 in the older layout or ``Sex`` M/F/U in the
newer, told apart per child by which element is present), ``ChildCharacteristics`` (Ethnicity,
Disabilities), each ``CINdetails/Section47`` (an enquiry) and each
``CINdetails/ChildProtectionPlans`` (a plan) with its ``Reviews/CPPreviewDate`` (a review
conference). Referrals, assessments, CIN plans and UPNs are not part of the contract and are not
read, so mistakes in them are not reported. Text between elements (outside any field) is reported
as a warning at its place.
"""

import datetime as dt
import itertools
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import IO, NoReturn

import polars as pl

from iro_metrics.contract import codes
from iro_metrics.indicators.periods import reporting_year_of
from iro_metrics.returns import rules
from iro_metrics.returns.common import (
    CIN,
    ISSUE_SCHEMA,
    PROBLEM_SCHEMA,
    SHOWN,
    Check,
    InputRefused,
    ReturnInfo,
    Span,
    as_date,
    check_file,
    code_rule,
    date_allowed,
    date_rule,
    empty_issues,
    find_problems,
    id_rule,
    kept_inside,
    out_of_years,
    refusal,
    shortened,
    stripped,
    utf8_problem,
    where_valid,
)
from iro_metrics.returns.report import Issue, Problem

DATE_FORM = "%Y-%m-%d"
DATE_LABEL = "YYYY-MM-DD"
DISABILITY_CODES = ("NONE", "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON",
                    "AUT", "DDA")
GENDER_CURRENT = {"1": "M", "2": "F", "0": "U", "9": "U"}
YES_NO = {"true": True, "TRUE": True, "1": True, "false": False, "FALSE": False, "0": False}
REPEATING = frozenset({"Child", "CINdetails", "Assessments", "CINPlanDates", "Section47",
                       "ChildProtectionPlans", "CPPreviewDate", "Disability", "AssessmentFactors",
                       "Source"})
"""Elements that may occur more than once; their place in a path carries a 1-based index."""

CHILD_FIELDS = ("LAchildID", "Sex", "GenderCurrent", "PersonBirthDate", "ExpectedPersonBirthDate",
                "Ethnicity")
S47_FIELDS = ("LAchildID", "S47ActualStartDate", "DateOfInitialCPC", "ICPCnotRequired")
PLAN_FIELDS = ("LAchildID", "CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse",
               "LatestCategoryOfAbuse", "NumberOfPreviousCPP")
REVIEW_FIELDS = ("LAchildID", "CPPreviewDate")
BATCH = 10_000
"""Children gathered as Python values before they are moved into Polars frames."""
CHUNK = 1 << 16
"""Bytes of the file fed to the parser at a time."""
IDENTIFIERS = "ChildIdentifiers"
CHARACTERISTICS = "ChildCharacteristics"


@dataclass(frozen=True)
class Census:
    """One census: its description, its records and problems per contract table (children,
    s47_enquiries, cp_plans, cp_conferences), and file-level warnings (stray text, header)."""

    info: ReturnInfo
    records: dict[str, pl.DataFrame]
    problems: dict[str, pl.DataFrame]
    warnings: pl.DataFrame


Value = str | bool | None
"""A value gathered from the XML: element text (None when absent), or a flag worked out from it."""


class _Collector:
    """Plain values gathered while the file streams past, one list per column."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.ns = ""
        self.columns: dict[str, dict[str, list[Value]]] = {
            "children": {name: [] for name in ("path", "disability", "id_ok", "sex_field",
                                                *CHILD_FIELDS)},
            "s47_enquiries": {name: [] for name in ("path", "id_ok", *S47_FIELDS)},
            "cp_plans": {name: [] for name in ("path", "id_ok", *PLAN_FIELDS)},
            "cp_conferences": {name: [] for name in ("path", "plan", "id_ok",
                                                      *REVIEW_FIELDS)},
        }
        self.batches: dict[str, list[pl.DataFrame]] = {table: [] for table in self.columns}
        self.count = dict.fromkeys(self.columns, 0)
        self.disability_problems: list[Problem] = []
        self.warnings: list[Issue] = []
        self.header: dict[str, str | None] = {}
        self.sex_tag = "GenderCurrent"
        self.layouts = {"Sex": 0, "GenderCurrent": 0}

    def q(self, name: str) -> str:
        """The tag as it appears in the file (with the document's namespace, if any)."""
        return self.ns + name

    def text(self, parent: ET.Element | None, name: str) -> str | None:
        """The text of ``parent``'s first ``name`` element; None when absent, "" when empty."""
        found = None if parent is None else parent.find(self.q(name))
        return None if found is None else found.text or ""

    def stray(self, path: str, parent: ET.Element, *, deep: bool = True) -> None:
        """Warn about text between the elements below ``parent`` (``path`` is parent's path), at
        every level below it when ``deep``."""
        if parent.text and parent.text.strip() and len(parent):
            self.stray_warning(path, f"text before {self.local(parent[0].tag)}", parent.text)
        for position, element in enumerate(parent):
            if element.tail and element.tail.strip():
                name = self.segment(parent, position)
                self.stray_warning(path, f"text after {name}", element.tail)
            if deep and len(element):
                self.stray(f"{path}/{self.segment(parent, position)}", element)

    def stray_warning(self, path: str, where: str, text: str) -> None:
        """Record text found outside any element, at ``path``."""
        self.warnings.append({"table": None, "file": self.shown, "line": None, "path": path,
                              "field": where, "value": text.strip(), "rule": rules.STRAY_TEXT,
                              "detail": None})

    def local(self, tag: str) -> str:
        """A tag without its namespace."""
        return tag.rsplit("}", 1)[-1]

    def segment(self, parent: ET.Element, position: int) -> str:
        """``Name`` or ``Name[n]`` (n counts same-named siblings) for ``parent[position]``."""
        tag = parent[position].tag
        name = self.local(tag)
        if name not in REPEATING:
            return name
        index = sum(1 for sibling in parent[:position + 1] if sibling.tag == tag)
        return f"{name}[{index}]"

    def child(self, element: ET.Element, index: int) -> None:
        """Gather one Child: its identity and every enquiry, plan and review conference."""
        path = f"/Message/Children/Child[{index}]"
        if any(e.tail and e.tail.strip() for e in element.iter() if e is not element) or any(
                e.text and e.text.strip() and len(e) for e in element.iter()):
            self.stray(path, element)
        ids = element.find(self.q(IDENTIFIERS))
        characteristics = element.find(self.q(CHARACTERISTICS))
        child_id = self.text(ids, "LAchildID")
        clean_id = (child_id or "").strip()
        id_ok = 0 < len(clean_id) <= 20
        sex = self.text(ids, "Sex")
        gender = self.text(ids, "GenderCurrent")
        if sex is not None:
            self.sex_tag = "Sex"
        elif gender is not None:
            self.sex_tag = "GenderCurrent"
        self.layouts[self.sex_tag] += 1
        row: dict[str, Value] = {
            "path": path, "id_ok": id_ok, "LAchildID": child_id, "sex_field": self.sex_tag,
            "Sex": sex if self.sex_tag == "Sex" else None,
            "GenderCurrent": gender if self.sex_tag == "GenderCurrent" else None,
            "PersonBirthDate": self.text(ids, "PersonBirthDate"),
            "ExpectedPersonBirthDate": self.text(ids, "ExpectedPersonBirthDate"),
            "Ethnicity": self.text(characteristics, "Ethnicity"),
            "disability": self._disability(characteristics, path, self.count["children"])}
        self._append("children", row)
        for details_index, details in enumerate(element.findall(self.q("CINdetails")), 1):
            details_path = f"{path}/CINdetails[{details_index}]"
            for number, enquiry in enumerate(details.findall(self.q("Section47")), 1):
                self._append("s47_enquiries", {
                    "path": f"{details_path}/Section47[{number}]", "id_ok": id_ok,
                    "LAchildID": child_id,
                    **{name: self.text(enquiry, name) for name in S47_FIELDS[1:]}})
            for number, plan in enumerate(details.findall(self.q("ChildProtectionPlans")), 1):
                plan_path = f"{details_path}/ChildProtectionPlans[{number}]"
                self._append("cp_plans", {"path": plan_path, "id_ok": id_ok,
                                          "LAchildID": child_id,
                                          **{name: self.text(plan, name)
                                             for name in PLAN_FIELDS[1:]}})
                reviews = plan.find(self.q("Reviews"))
                dates = [] if reviews is None else reviews.findall(self.q("CPPreviewDate"))
                for review_index, review in enumerate(dates, 1):
                    self._append("cp_conferences", {
                        "path": f"{plan_path}/Reviews/CPPreviewDate[{review_index}]",
                        "plan": plan_path, "id_ok": id_ok, "LAchildID": child_id,
                        "CPPreviewDate": review.text or ""})

    def _disability(self, characteristics: ET.Element | None, path: str, rec: int) -> bool | None:
        """True if any valid code but NONE, False if only NONE, None when no valid code; unknown
        codes are problems of the child record."""
        found = None if characteristics is None else characteristics.find(self.q("Disabilities"))
        valid = []
        elements = [] if found is None else found.findall(self.q("Disability"))
        for number, element in enumerate(elements, 1):
            value = element.text or ""
            if value.strip() in DISABILITY_CODES:
                valid.append(value.strip())
            else:
                self.disability_problems.append({
                    "rec": rec, "table": "children", "file": self.shown, "line": None,
                    "path": f"{path}/{CHARACTERISTICS}/Disabilities/Disability[{number}]",
                    "field": "Disability", "value": value, "rule": rules.DISABILITY,
                    "detail": None})
        return any(code != "NONE" for code in valid) if valid else None

    def _append(self, table: str, row: dict[str, Value]) -> None:
        for name, values in self.columns[table].items():
            values.append(row[name])
        self.count[table] += 1
        if table == "children" and self.count[table] % BATCH == 0:
            self.flush()

    def flush(self) -> None:
        """Move the values gathered so far into Polars frames (far smaller than Python lists)."""
        for table, columns in self.columns.items():
            if columns["path"]:
                schema = {name: pl.Boolean if name in ("id_ok", "disability") else pl.String
                          for name in columns}
                self.batches[table].append(pl.DataFrame(columns, schema=schema))
                for values in columns.values():
                    values.clear()

    def frame(self, table: str) -> pl.DataFrame:
        """The gathered values of one table, every field as text, numbered from 0 (``rec``)."""
        self.flush()
        schema = {name: pl.Boolean if name in ("id_ok", "disability") else pl.String
                  for name in self.columns[table]}
        frame = pl.concat(self.batches[table]) if self.batches[table] else pl.DataFrame(
            schema=schema)
        return frame.with_row_index("rec").with_columns(
            pl.col("rec").cast(pl.Int64), pl.lit(self.shown).alias("file"),
            pl.lit(None, dtype=pl.Int64).alias("line"))


def read_census(path: Path, la_code: str) -> Census:
    """Stream and check one census file; :class:`InputRefused` when it cannot be used at all."""
    shown = str(path)
    check_file(path, shown)
    collector = _Collector(shown)
    try:
        with path.open("rb") as handle:
            found_children = _stream(handle, collector)
    except ET.ParseError as error:
        not_utf8 = utf8_problem(path, shown) if error.code == 4 else None  # 4: invalid token
        raise InputRefused([not_utf8 or f"{shown}: the XML is cut short or malformed ({error})"]
                           ) from None
    if not found_children:
        raise InputRefused([f"{shown}: no <Children> element, so not a CIN census"])
    reference, year_from, header_warnings = _reference(collector, la_code)
    year = reporting_year_of(reference)
    layouts = [name for name, count in collector.layouts.items() if count]
    info = ReturnInfo(kind=CIN, label=f"census {reference.isoformat()}", source=shown,
                      reference_date=reference, year_start=year.start,
                      year_from=year_from,
                      files=[{"path": shown, "bytes": path.stat().st_size, "table": "census",
                              "imported": True, "rows": collector.count["children"],
                              "layout": " and ".join(layouts) or "no children"}])
    records, problems = {}, {}
    for table, check in CHECKERS.items():
        records[table], problems[table] = check(collector.frame(table), reference)
    problems["cp_conferences"] = kept_inside(
        problems["cp_conferences"], records["cp_conferences"],
        Span(records["cp_plans"], problems["cp_plans"], ("plan", "path"), "plan_start",
             "plan_end"),
        late=rules.after_reference("CPPreviewDate"), repair=rules.CONFERENCE_AFTER_REFERENCE,
        date="conference_date")
    if collector.disability_problems:
        problems["children"] = pl.concat([
            problems["children"],
            pl.DataFrame(collector.disability_problems, schema=PROBLEM_SCHEMA),
        ]).sort("rec", maintain_order=True)
    warnings = pl.concat([header_warnings,
                          pl.DataFrame(collector.warnings, schema=ISSUE_SCHEMA)])
    return Census(info, records, problems, warnings)


class _Target:
    """What the parser calls as the file streams past: builds the tree element by element (with
    ElementTree's TreeBuilder) while refusing the limits of ``rules``, hands each Child to the
    collector, reads the Header and reports text outside any element. The checks made for every
    element are kept few: a path is worked out only for a refusal.

    A finished Child is dropped (after checking the text that follows it) only when the next
    element starts or Children ends, which proves that text complete."""

    def __init__(self, collector: _Collector) -> None:
        self.collector = collector
        self.builder = ET.TreeBuilder()
        self.open: list[ET.Element] = []  # the open elements, outermost first
        self.text = ""  # the start of the text arriving now (at least its first piece), to show
        self.text_length = 0
        self.after: ET.Element | None = None  # the element that ended last (the text is its tail)
        self.children: ET.Element | None = None
        self.finished: ET.Element | None = None
        self.child_count = 0

    def start(self, tag: str, attributes: dict[str, str]) -> ET.Element:
        """An element opens: check its name and depth, then build it."""
        if len(tag) > rules.LONGEST:
            self._refuse(rules.TOO_LONG, self._path(), field="element name", value=tag)
        if len(self.open) == rules.DEEPEST:
            self._refuse(rules.TOO_DEEP, f"{self._path()}/{shortened(self.collector.local(tag))}")
        element = self.builder.start(tag, attributes)
        self.open.append(element)
        self.text_length, self.after = 0, None
        if len(self.open) <= 3:
            self._opened(element)
        return element

    def end(self, tag: str) -> ET.Element:
        """An element closes, complete with its text and children."""
        element = self.builder.end(tag)
        if len(self.open) <= 3:
            self._closed(element)
        self.open.pop()
        self.text_length, self.after = 0, element
        return element

    def data(self, text: str) -> None:
        """Text arrives (perhaps in several pieces): refuse it once it is longer than the limit."""
        if not self.text_length:
            self.text = text
        elif self.text_length <= SHOWN:
            self.text += text
        self.text_length += len(text)
        if self.text_length > rules.LONGEST:
            local = self.collector.local
            field = (f"text after {local(self.after.tag)}" if self.after is not None
                     else local(self.open[-1].tag))
            self._refuse(rules.TOO_LONG, self._path(), field=field, value=self.text)
        self.builder.data(text)

    def close(self) -> ET.Element:
        """The end of the file."""
        return self.builder.close()

    def _name(self, depth: int) -> str:
        """The name of the open element at ``depth`` (1 = the root)."""
        return self.collector.local(self.open[depth - 1].tag)

    def _path(self) -> str:
        """The path of the open elements, as the report writes it (``Child[3]``), each name
        shortened. An open element is the last child of its parent so far; a Child of Children
        is counted by the children seen, as the ones before it were dropped."""
        segments = [self._name(1)] if self.open else []
        for parent, element in itertools.pairwise(self.open):
            if parent is self.children and self.collector.local(element.tag) == "Child":
                segments.append(f"Child[{self.child_count + 1}]")
            else:
                segments.append(self.collector.segment(parent, len(parent) - 1))
        return "/" + "/".join(shortened(segment) for segment in segments)

    def _refuse(self, rule: str, path: str, *, field: str | None = None,
                value: str = "") -> NoReturn:
        """Refuse the file at ``path``."""
        raise InputRefused([refusal(self.collector.shown, rule, path=path, field=field,
                                    value=value)])

    def _opened(self, element: ET.Element) -> None:
        """The root must be Message; Children is remembered; a new child of Children proves the
        text before it complete, so the child before is dropped."""
        depth, collector = len(self.open), self.collector
        if depth == 1:
            if self._name(1) != "Message":
                raise InputRefused([f"{collector.shown}: not a CIN census (the root element is "
                                    f"<{self._name(1)}>, not <Message>)"])
            collector.ns = element.tag[:-len("Message")]
        elif depth == 2 and self._name(2) == "Children":
            self.children = element
        elif depth == 3 and self.open[1] is self.children:
            if self.child_count == 0 and self.finished is None and (
                    self.children.text or "").strip():
                collector.stray_warning("/Message/Children", f"text before {self._name(3)}",
                                        self.children.text or "")
            self._drop_finished()

    def _closed(self, element: ET.Element) -> None:
        """Hand a Child to the collector, read the Header, and check the text left around."""
        depth, collector = len(self.open), self.collector
        if depth == 3 and self.open[1] is self.children:
            if self._name(3) == "Child":
                self.child_count += 1
                collector.child(element, self.child_count)
            self.finished = element
        elif depth == 2 and self._name(2) == "Header":
            collector.header = {name: collector.text(element.find(collector.q(parent)), name)
                                for parent, name in (("CollectionDetails", "Year"),
                                                     ("CollectionDetails", "ReferenceDate"),
                                                     ("Source", "LEA"))}
            collector.stray("/Message/Header", element)
        elif depth == 2 and element is self.children:
            self._drop_finished()
        elif depth == 1:
            collector.stray("/Message", element, deep=False)

    def _drop_finished(self) -> None:
        """Warn about text after the finished child of Children, then drop it from the tree."""
        if self.finished is None or self.children is None:
            return
        if self.finished.tail and self.finished.tail.strip():
            self.collector.stray_warning("/Message/Children",
                                         f"text after Child[{self.child_count}]",
                                         self.finished.tail)
        self.children.remove(self.finished)
        self.finished = None


def _stream(handle: IO[bytes], collector: _Collector) -> bool:
    """Feed the file to the parser a chunk at a time (see :class:`_Target`); True when the file
    has a ``Children`` element. A root other than ``Message`` refuses the file."""
    target = _Target(collector)
    parser = ET.XMLParser(target=target)
    while chunk := handle.read(CHUNK):
        parser.feed(chunk)
    parser.close()
    return target.children is not None


def _reference(collector: _Collector, la_code: str) -> tuple[dt.date, str, pl.DataFrame]:
    """The census reference date (ReferenceDate, else 31 March of Year), which of the two it
    came from, and the header's warnings."""
    header, shown = collector.header, collector.shown
    year_text = (header.get("Year") or "").strip()
    year = (int(year_text) if year_text.isdigit() and len(year_text) == 4 and year_text != "0000"
            else None)
    try:
        reference = dt.date.fromisoformat((header.get("ReferenceDate") or "").strip())
    except ValueError:
        reference = None
    warnings = []
    year_from, element = "the header ReferenceDate", "ReferenceDate"
    place = "/Message/Header/CollectionDetails"
    if reference is None:
        if year is None:
            raise InputRefused([f"{shown}: the census header has no usable ReferenceDate or Year, "
                                "so the census year is unknown"])
        reference, year_from, element = dt.date(year, 3, 31), "the header Year", "Year"
        warnings.append((f"{place}/ReferenceDate", "ReferenceDate",
                         header.get("ReferenceDate") or "", rules.REFERENCE_FROM_YEAR,
                         reference.isoformat()))
    elif year is not None and year != reference.year:
        warnings.append((f"{place}/Year", "Year", year_text, rules.YEAR_MISMATCH,
                         f"ReferenceDate {reference.isoformat()}"))
    if not date_allowed(reference):
        raise out_of_years(shown, path=f"{place}/{element}", field=element,
                           value=(header.get(element) or "").strip())
    lea = (header.get("LEA") or "").strip()
    if lea and lea != la_code:
        warnings.append(("/Message/Header/Source/LEA", "LEA", lea, rules.LEA_MISMATCH,
                         f"--la-code {la_code}"))
    frame = pl.DataFrame(
        [{"table": None, "file": shown, "line": None, "path": path, "field": field,
          "value": value, "rule": rule, "detail": detail}
         for path, field, value, rule, detail in warnings], schema=ISSUE_SCHEMA)
    return reference, year_from, frame if warnings else empty_issues()


def _date_check(field: str, reference: dt.date | None, *, required: bool,
                at: str | None = None) -> Check:
    """An ISO date field, judged against the census reference date when one is given."""
    rule = date_rule(field, DATE_FORM, DATE_LABEL, required=required, reference=reference)
    detail = (pl.when(rule == rules.after_reference(field)).then(pl.lit(reference.isoformat()))
              if reference is not None else None)
    return Check(field, rule, detail=detail, at=at)


def _linked() -> Check:
    """A record below a Child whose LAchildID is missing or too long cannot be linked."""
    return Check("LAchildID", pl.when(~pl.col("id_ok")).then(pl.lit(rules.NO_CHILD_ID)), at="")


def _check_children(records: pl.DataFrame, reference: dt.date) -> tuple[pl.DataFrame,
                                                                          pl.DataFrame]:
    """Child identity: each value kept only where valid (children merge field by field)."""
    child = Check("LAchildID", id_rule("LAchildID"), at=f"{IDENTIFIERS}/LAchildID")
    in_new_layout = pl.col("sex_field") == "Sex"
    sex = Check("Sex", pl.when(in_new_layout).then(code_rule("Sex", codes.SEX, required=True)),
                at=f"{IDENTIFIERS}/Sex")
    gender = Check("GenderCurrent", pl.when(~in_new_layout).then(
        code_rule("GenderCurrent", tuple(GENDER_CURRENT), required=True)),
        at=f"{IDENTIFIERS}/GenderCurrent")
    born = stripped("PersonBirthDate").is_not_null()
    expected_given = stripped("ExpectedPersonBirthDate").is_not_null()
    birth = _date_check("PersonBirthDate", reference, required=False,
                        at=f"{IDENTIFIERS}/PersonBirthDate")
    birth_rule = pl.coalesce(birth.rule, pl.when(~born & ~expected_given)
                             .then(pl.lit(rules.BIRTH_OR_EXPECTED)))
    expected = _date_check("ExpectedPersonBirthDate", None, required=False,
                           at=f"{IDENTIFIERS}/ExpectedPersonBirthDate")
    expected_rule = pl.coalesce(expected.rule, pl.when(born & expected_given)
                                .then(pl.lit(rules.EXPECTED_IGNORED)))
    ethnicity = Check("Ethnicity", code_rule("Ethnicity", codes.ETHNICITY, required=True,
                                             described="an SSDA903 ETHNIC code"),
                      at=f"{CHARACTERISTICS}/Ethnicity")
    checks = [child, sex, gender, Check("PersonBirthDate", birth_rule, birth.detail, birth.at),
              Check("ExpectedPersonBirthDate", expected_rule, at=expected.at), ethnicity]
    birth_ok = born & birth.rule.is_null()
    unborn = ~born & expected_given & expected.rule.is_null()
    typed = records.select(
        "rec", "file", "line", "path",
        where_valid(child, stripped("LAchildID")).alias("child_id"),
        pl.when(in_new_layout).then(where_valid(sex, stripped("Sex")))
        .otherwise(where_valid(gender, stripped("GenderCurrent")
                          .replace_strict(GENDER_CURRENT, default=None))).alias("sex"),
        "sex_field",
        pl.when(birth_ok).then(as_date("PersonBirthDate", DATE_FORM)).alias("date_of_birth"),
        pl.when(unborn).then(as_date("ExpectedPersonBirthDate", DATE_FORM))
        .alias("expected_date_of_birth"),
        pl.when(birth_ok).then(pl.lit("born")).when(unborn).then(pl.lit("unborn"))
        .alias("dob_state"),
        where_valid(ethnicity, stripped("Ethnicity")).alias("ethnicity"),
        "disability",
        sex_text=pl.when(in_new_layout).then(stripped("Sex")).otherwise(stripped("GenderCurrent")),
        birth_text=stripped("PersonBirthDate"), ethnicity_text=stripped("Ethnicity"),
    )
    return typed, find_problems(records, "children", checks)


def _check_s47(records: pl.DataFrame, reference: dt.date) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Section 47 enquiries: start date, ICPC date not before it, ICPCnotRequired yes/no; an
    ICPC date after the reference date of an enquiry started by then is kept (a repair)."""
    start = _date_check("S47ActualStartDate", reference, required=True)
    icpc = _date_check("DateOfInitialCPC", reference, required=False)
    began, held = as_date("S47ActualStartDate", DATE_FORM), as_date("DateOfInitialCPC", DATE_FORM)
    late = icpc.rule.eq_missing(rules.after_reference("DateOfInitialCPC")) & start.rule.is_null()
    icpc_rule = (pl.when(late).then(pl.lit(rules.ICPC_AFTER_REFERENCE))
                 .otherwise(pl.coalesce(icpc.rule, pl.when(start.rule.is_null() & (held < began))
                                        .then(pl.lit(rules.not_before("DateOfInitialCPC",
                                                                      "S47ActualStartDate"))))))
    not_required = stripped("ICPCnotRequired")
    checks = [
        _linked(), start, Check("DateOfInitialCPC", icpc_rule, icpc.detail),
        Check("ICPCnotRequired", pl.when(not_required.is_null())
              .then(pl.lit(rules.empty("ICPCnotRequired")))
              .when(~not_required.is_in(list(YES_NO))).then(pl.lit(rules.YES_NO))),
    ]
    typed = records.select(
        "rec", "file", "line", "path", child_id=stripped("LAchildID"), s47_start=began,
        icpc_required=~not_required.replace_strict(YES_NO, default=None, return_dtype=pl.Boolean),
        icpc_date=held,
    )
    return typed, find_problems(records, "s47_enquiries", checks)


def _check_plans(records: pl.DataFrame, reference: dt.date) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Child protection plans: dates, categories of abuse and the count of previous plans; an end
    after the reference date (the plan is open on that date) and a count that is not one (it is
    worked out from the child's earlier plans) are repaired, not set aside."""
    start = _date_check("CPPstartDate", reference, required=True)
    end = _date_check("CPPendDate", reference, required=False)
    began, ended = as_date("CPPstartDate", DATE_FORM), as_date("CPPendDate", DATE_FORM)
    late_end = end.rule.eq_missing(rules.after_reference("CPPendDate"))
    end_rule = (pl.when(late_end).then(pl.lit(rules.PLAN_END_AFTER_REFERENCE))
                .otherwise(pl.coalesce(end.rule, pl.when(start.rule.is_null() & (ended < began))
                                       .then(pl.lit(rules.not_before("CPPendDate",
                                                                     "CPPstartDate"))))))
    previous = stripped("NumberOfPreviousCPP").cast(pl.Int64, strict=False)
    counted = Check("NumberOfPreviousCPP", pl.when(stripped("NumberOfPreviousCPP").is_not_null()
                                                   & ~(previous >= 0).fill_null(False))
                    .then(pl.lit(rules.PREVIOUS_PLANS_DROPPED)))
    checks = [
        _linked(), start, Check("CPPendDate", end_rule, end.detail),
        Check("InitialCategoryOfAbuse", code_rule("InitialCategoryOfAbuse", codes.ABUSE_CATEGORY,
                                                  required=True)),
        Check("LatestCategoryOfAbuse", code_rule("LatestCategoryOfAbuse", codes.ABUSE_CATEGORY,
                                                 required=True)),
        counted,
    ]
    typed = records.select(
        "rec", "file", "line", "path", child_id=stripped("LAchildID"), plan_start=began,
        plan_end=pl.when(~late_end).then(ended), initial_category=stripped("InitialCategoryOfAbuse"),
        latest_category=stripped("LatestCategoryOfAbuse"),
        previous_plans=where_valid(counted, previous),
    )
    return typed, find_problems(records, "cp_plans", checks)


def _check_reviews(records: pl.DataFrame, reference: dt.date) -> tuple[pl.DataFrame,
                                                                         pl.DataFrame]:
    """Review conference dates (the element itself is the record; ``plan`` is its plan's
    path, for the conferences after the reference date kept inside their plan)."""
    checks = [_linked(), _date_check("CPPreviewDate", reference, required=True, at="")]
    typed = records.select(
        "rec", "file", "line", "path", "plan", child_id=stripped("LAchildID"),
        conference_date=as_date("CPPreviewDate", DATE_FORM),
    )
    return typed, find_problems(records, "cp_conferences", checks)


CHECKERS = {"children": _check_children, "s47_enquiries": _check_s47, "cp_plans": _check_plans,
            "cp_conferences": _check_reviews}
