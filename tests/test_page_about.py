"""The About and definitions page under AppTest, the glossary and the indicator definitions."""

import csv
import io
from pathlib import Path

import pytest
from helpers import OpenPage

from iro_metrics.contract.codes import PARTICIPATION
from iro_metrics.indicators.registry import BY_ID, INDICATORS, Polarity
from iro_metrics.present import definitions
from iro_metrics.present.definitions import (
    AREAS,
    CHILD_PROTECTION,
    CONFERENCES,
    FOOTPRINT,
    LOOKED_AFTER,
    WORKFORCE,
    by_area,
    definition,
    definition_card,
    definitions_table,
)
from iro_metrics.present.downloads import to_csv
from iro_metrics.present.formatting import SYMBOLS
from iro_metrics.present.glossary import GLOSSARY, PARTICIPATION_CODES, Term

REQUIRED_TERMS = ("LAC", "CLA", "CP", "ICPC", "RCPC", "IRO", "PN0–PN7", "Section 47",
                  "Statistical neighbours", "Transfer-in conference", "Short breaks",
                  "Period of care", "Reporting year", "Working day", "Confidence interval",
                  "Rate per 10,000")


def page_text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.fixture
def about(open_page: OpenPage):
    at = open_page("about")
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_headings_and_sections(about) -> None:
    assert about.title[0].value == "About and definitions"
    assert [h.value for h in about.main.header] == [
        "What this dashboard is", "How the figures are worked out", "Indicator definitions",
        "Glossary", "Accessibility statement"]
    assert [s.value for s in about.main.subheader] == ["Symbols in tables", *AREAS]
    assert "Darlington" in about.markdown[0].value
    assert about.info[0].value == ("Nothing on this page depends on the reporting year or the "
                                   "filters in the sidebar.")
    contents = about.markdown[1].value
    for anchor in ("#what", "#method", "#definitions", "#glossary", "#accessibility"):
        assert f"]({anchor})" in contents


def test_every_indicator_is_defined_exactly_once(about) -> None:
    text = page_text(about)
    for indicator in INDICATORS:
        assert text.count(f"(`{indicator.id}`)") == 1, indicator.id
        assert text.count(f"**{indicator.title}**") == 1, indicator.id
        assert indicator.description in text
        assert f"- **Counts:** {indicator.numerator}\n" in text
    assert text.count("- **Counts:**") == len(INDICATORS)
    cards = [m.value for m in about.markdown if "- **Counts:**" in m.value]
    assert [card.split("`")[1] for card in cards] == [
        indicator.id for group in by_area().values() for indicator in group]
    local = [card for card in cards if "· local measure" in card]
    assert [card.split("`")[1] for card in local] == ["cp_repeat_2y", "disputes_resolved_20wd"]
    rate = next(card for card in cards if "(`cp_repeat`)" in card)
    assert "- **Higher or lower:** Lower is better\n" in rate
    assert f"- **Out of:** {BY_ID['cp_repeat'].denominator}\n" in rate
    assert f"- **What good looks like:** {BY_ID['cp_repeat'].good}\n" in rate
    assert f"- **Guidance followed:** {BY_ID['cp_repeat'].guidance}" in rate


def test_every_glossary_term_is_shown(about) -> None:
    entries = [m.value for m in about.markdown]
    for entry in GLOSSARY:
        shown = [text for text in entries if text.startswith(f"**{entry.term}**: ")]
        assert len(shown) == 1, entry.term
        assert entry.meaning in shown[0]
    participation = next(text for text in entries if text.startswith("**PN0–PN7**"))
    for code, meaning in PARTICIPATION_CODES.items():
        assert f"- {code}: {meaning}" in participation


def test_method_symbols_and_accessibility(about) -> None:
    text = page_text(about)
    assert "1 April to 31 March" in text
    assert "counted on the last day of the period" in text
    assert "Wilson score" in text and "Byar's method" in text and "95%" in text
    for symbol, meaning in SYMBOLS.items():
        assert f"| {symbol} | {meaning[:1].upper()}{meaning[1:]} |" in text
    statement = about.markdown[-1].value
    assert "WCAG" in statement and "2.2 at level AA" in statement
    for promise in ("text alternative", "View as table", "contrast",
                    "colour is never the only way", "keyboard"):
        assert promise in statement
    assert "#### Known limitations" in statement
    assert "Charts are images to screen readers apart from their text alternative" in statement
    # No contact details configured: the line is left out, never a placeholder.
    assert "Reporting a problem" not in statement and "[" not in statement


def test_the_contact_details_come_from_configuration(open_page: OpenPage,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IRO_CONTACT", "iro.service@council.example")
    statement = open_page("about").markdown[-1].value
    assert "#### Reporting a problem" in statement
    assert "please contact: iro.service@council.example. If you are not happy" in statement


def test_definitions_download(about) -> None:
    buttons = about.get("download_button")
    assert [b.proto.label for b in buttons] == ["Download all definitions (CSV)"]


def test_filters_do_not_change_the_page(open_page: OpenPage, about) -> None:
    at = open_page("about", query={"year": "2019-20", "sex": "Boys", "age": ["Under 1"]})
    assert not at.exception, [e.value for e in at.exception]
    assert page_text(at) == page_text(about)


def test_small_extract(open_page: OpenPage, tiny_dir: Path) -> None:
    at = open_page("about", data_dir=tiny_dir)
    assert not at.exception, [e.value for e in at.exception]
    assert "Tinyshire" in at.markdown[0].value
    assert page_text(at).count("- **Counts:**") == len(INDICATORS)


# --- glossary and definitions --------------------------------------------------------------


def test_glossary_has_every_required_term_once() -> None:
    terms = [entry.term for entry in GLOSSARY]
    assert len(terms) == len(set(terms))
    for term in REQUIRED_TERMS:
        assert term in terms
    for entry in GLOSSARY:
        assert entry.meaning.strip() and entry.meaning.endswith("."), entry.term
    assert tuple(PARTICIPATION_CODES) == PARTICIPATION


def test_areas() -> None:
    grouped = by_area()
    assert list(grouped) == [LOOKED_AFTER, CHILD_PROTECTION, CONFERENCES, WORKFORCE, FOOTPRINT]
    area = {indicator.id: name for name, group in grouped.items() for indicator in group}
    assert sorted(area) == sorted(BY_ID)
    assert sum(len(group) for group in grouped.values()) == len(INDICATORS)
    for indicator_id in ("lac_count", "lac_rate", "lac_reviews_timely", "lac_participation"):
        assert area[indicator_id] == LOOKED_AFTER
    for indicator_id in ("cp_count", "cp_repeat_2y", "icpc_timely", "cp_reviews_timely"):
        assert area[indicator_id] == CHILD_PROTECTION
    for indicator_id in ("icpc_no_plan", "icpc_held", "rcpc_held", "family_attendance_rcpc"):
        assert area[indicator_id] == CONFERENCES
    for indicator_id in ("iro_caseload", "disputes_raised", "disputes_resolved_20wd"):
        assert area[indicator_id] == WORKFORCE
    for indicator_id in ("iro_contact_before_review", "other_reviews_held", "training_sessions",
                         "feedback_helpful"):
        assert area[indicator_id] == FOOTPRINT
    assert area["permanence_at_second_review"] == LOOKED_AFTER


def test_definition_words() -> None:
    count = definition(BY_ID["lac_count"])
    assert count["Denominator"] == definitions.NO_DENOMINATOR
    assert count["Unit"] == "Number"
    assert count["Kind"] == "Stock: counted on the last day of the period"
    assert count["Polarity"] == definitions.POLARITY_WORDS[Polarity.NONE]
    assert count["What good looks like"] == definitions.NO_TARGET
    assert count["Local measure"] == "No"
    timely = definition(BY_ID["icpc_timely"])
    assert timely["Polarity"] == "Higher is better"
    assert timely["Kind"] == "Flow: counted over the whole period"
    assert timely["Unit"] == "Percentage"
    assert timely["What good looks like"] == BY_ID["icpc_timely"].good
    assert definition(BY_ID["cp_repeat_2y"])["Local measure"] == "Yes"
    assert definition(BY_ID["lac_rate"])["Unit"] == "Rate per 10,000 children aged 0 to 17"


def test_definitions_csv() -> None:
    table = definitions_table()
    assert table.columns == list(definitions.COLUMNS)
    assert table["ID"].to_list() == [indicator.id for group in by_area().values()
                                     for indicator in group]
    assert sorted(table["ID"].to_list()) == sorted(BY_ID)
    rows = list(csv.DictReader(io.StringIO(to_csv(table))))
    assert len(rows) == len(INDICATORS)
    assert rows[0]["Title"] == BY_ID["lac_count"].title
    assert rows[0]["Area"] == LOOKED_AFTER
    assert table.null_count().sum_horizontal().item() == 0


def test_definition_card() -> None:
    card = definition_card(BY_ID["cp_repeat_2y"]).split("\n")
    assert card[0] == f"**{BY_ID['cp_repeat_2y'].title}** (`cp_repeat_2y`) · local measure"
    assert card[2] == BY_ID["cp_repeat_2y"].description
    assert [line.split(":**")[0] for line in card[4:]] == [
        "- **Counts", "- **Out of", "- **Shown as", "- **Counted", "- **Higher or lower",
        "- **What good looks like", "- **Guidance followed"]
    assert card[6] == "- **Shown as:** Percentage"
    assert definition_card(BY_ID["lac_count"]).split("\n")[0] == (
        "**Children looked after** (`lac_count`)")


def test_glossary_entry_markdown() -> None:
    assert Term("FTE", "Full-time equivalent.").markdown() == "**FTE**: Full-time equivalent."
    assert Term("PN", "Codes.", ("PN0: under 4", "PN1: spoke")).markdown() == (
        "**PN**: Codes.\n\n- PN0: under 4\n- PN1: spoke")


def test_the_v1_3_indicators_are_defined_in_their_areas() -> None:
    area = {indicator.id: name for name, group in by_area().items() for indicator in group}
    for indicator_id in ("lac_children_reviews_timely", "lac_reviews_overdue",
                         "lac_views_conveyed"):
        assert area[indicator_id] == LOOKED_AFTER
    assert area["iro_lac_caseload"] == WORKFORCE
    overdue = definition(BY_ID["lac_reviews_overdue"])
    assert (overdue["Unit"], overdue["Polarity"]) == ("Number", "Lower is better")
    assert definition(BY_ID["iro_lac_caseload"])["Unit"] == (
        "Children per full-time equivalent (FTE) officer")
