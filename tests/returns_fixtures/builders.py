"""Small hand-made SSDA903 returns and CIN census files for the returns import tests.

Every builder returns text (or writes it) with defaults that pass every rule, so a test changes one
value and checks that exactly the expected rule fires. A looked-after child C1 (born 17/05/2010)
and a CIN child K1 (born 2012-05-01) are the defaults. Huge files are written a megabyte at a
time; a refusal is checked with ``refusal``, which also bounds the memory it took.
"""

import datetime as dt
import tracemalloc
from pathlib import Path

from helpers import run_cli

from iro_metrics.indicators.periods import reporting_year_of

MB = 1 << 20
HEADER_COLUMNS = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"
EPISODE_COLUMNS = ("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,"
                   "HOME_POST,PL_POST,URN")
REVIEW_COLUMNS = "CHILD,DOB,REVIEW,REVIEW_CODE"


def refusal(*args: str, megabytes: int | None = None) -> str:
    """stderr of ``python -m iro_metrics ARGS``, which must refuse the input: exit status 2,
    nothing on stdout (and, given ``megabytes``, less than that many held by Python at its
    peak)."""
    tracemalloc.start()
    try:
        done = run_cli(*args)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (done.returncode, done.stdout) == (2, ""), done.stderr
    assert megabytes is None or peak < megabytes * MB, f"peak {peak / MB:.0f} MB"
    return done.stderr


def current_year() -> str:
    """The label of today's reporting year (the latest a return can describe)."""
    return reporting_year_of(dt.date.today()).label


def write_huge(path: Path, before: str, megabytes: int, after: str = "", *,
               unit: str = "x") -> Path:
    """Write ``before``, then ``unit`` repeated to ``megabytes`` MB, then ``after``, a megabyte
    at a time (the test never holds the huge value whole either)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(before)
        for _ in range(megabytes):
            handle.write(unit * (MB // len(unit)))
        handle.write(after)
    return path


# --- SSDA903 -------------------------------------------------------------------------------


def header(child: str = "C1", sex: str = "1", dob: str = "17/05/2010",
           ethnic: str = "WBRI") -> str:
    """One header.csv row."""
    return f"{child},{sex},{dob},{ethnic},A123456789012,,"


def episode(start: str = "01/05/2019", end: str = "", child: str = "C1", *, rne: str = "S",
            ls: str = "C2", cin: str = "N1", place: str = "U1", provider: str = "PR1",
            rec: str | None = None) -> str:
    """One episodes.csv row; an ended episode ceases E11 unless told otherwise."""
    ceased = rec if rec is not None else ("E11" if end else "")
    return f"{child},{start},{rne},{ls},{cin},{place},{provider},{end},{ceased},,,,"


def review(date: str = "01/06/2019", code: str = "PN1", child: str = "C1",
           dob: str = "17/05/2010") -> str:
    """One reviews.csv row."""
    return f"{child},{dob},{date},{code}"


def write_return(folder: Path, headers: list[str], episodes: list[str],
                 reviews: list[str] | None = None, *,
                 names: tuple[str, str, str] = ("header.csv", "episodes.csv",
                                                "reviews.csv")) -> Path:
    """Write one return folder (no reviews file when ``reviews`` is None) and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = [(names[0], HEADER_COLUMNS, headers), (names[1], EPISODE_COLUMNS, episodes)]
    if reviews is not None:
        tables.append((names[2], REVIEW_COLUMNS, reviews))
    for name, columns, rows in tables:
        (folder / name).write_text("\n".join([columns, *rows]) + "\n", encoding="utf-8")
    return folder


# --- CIN census ------------------------------------------------------------------------------


def cin_child(child_id: str = "K1", *, sex: str = "<Sex>F</Sex>",
              birth: str = "<PersonBirthDate>2012-05-01</PersonBirthDate>",
              ethnicity: str = "WBRI", disabilities: tuple[str, ...] = ("NONE",),
              details: tuple[str, ...] = ()) -> str:
    """One ``Child`` element; ``details`` are CINdetails elements (see :func:`cin_details`)."""
    disability = "".join(f"<Disability>{code}</Disability>" for code in disabilities)
    return (f"<Child><ChildIdentifiers><LAchildID>{child_id}</LAchildID>{birth}{sex}"
            f"</ChildIdentifiers><ChildCharacteristics><Ethnicity>{ethnicity}</Ethnicity>"
            f"<Disabilities>{disability}</Disabilities></ChildCharacteristics>"
            f"{''.join(details)}</Child>")


def cin_details(*parts: str) -> str:
    """One ``CINdetails`` element holding enquiries and plans."""
    return (f"<CINdetails><CINreferralDate>2019-04-02</CINreferralDate>"
            f"<ReferralSource>1A</ReferralSource>{''.join(parts)}"
            f"<ReferralNFA>false</ReferralNFA></CINdetails>")


def section47(start: str = "2019-05-01", icpc: str | None = "2019-05-20",
              not_required: str = "false") -> str:
    """One ``Section47`` element."""
    held = f"<DateOfInitialCPC>{icpc}</DateOfInitialCPC>" if icpc is not None else ""
    return (f"<Section47><S47ActualStartDate>{start}</S47ActualStartDate>{held}"
            f"<ICPCnotRequired>{not_required}</ICPCnotRequired></Section47>")


def plan(start: str = "2019-05-20", end: str | None = None, *, initial: str = "NEG",
         latest: str = "NEG", previous: str = "0", reviews: tuple[str, ...] = ()) -> str:
    """One ``ChildProtectionPlans`` element with its review dates."""
    ended = f"<CPPendDate>{end}</CPPendDate>" if end is not None else ""
    dates = "".join(f"<CPPreviewDate>{day}</CPPreviewDate>" for day in reviews)
    held = f"<Reviews>{dates}</Reviews>" if reviews else ""
    return (f"<ChildProtectionPlans><CPPstartDate>{start}</CPPstartDate>{ended}"
            f"<InitialCategoryOfAbuse>{initial}</InitialCategoryOfAbuse>"
            f"<LatestCategoryOfAbuse>{latest}</LatestCategoryOfAbuse>"
            f"<NumberOfPreviousCPP>{previous}</NumberOfPreviousCPP>{held}</ChildProtectionPlans>")


def census(*children: str, reference: str = "2020-03-31", year: str = "2020",
           lea: str = "841") -> str:
    """A whole census file."""
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<Message><Header><CollectionDetails>'
            f"<Collection>CIN</Collection><Year>{year}</Year>"
            f"<ReferenceDate>{reference}</ReferenceDate></CollectionDetails>"
            f"<Source><SourceLevel>L</SourceLevel><LEA>{lea}</LEA></Source></Header>"
            f"<Children>{''.join(children)}</Children></Message>\n")


def write_census(path: Path, *children: str, **header: str) -> Path:
    """Write a census file and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(census(*children, **header), encoding="utf-8")
    return path
