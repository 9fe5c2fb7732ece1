"""Reading the author's commentary file: title block fields, paragraphs and lists under each
section heading, comments left out, and every refusal naming the file and line."""

import pytest

from iro_metrics.refusal import Refused
from iro_metrics.report.commentary import AuthorText, read_commentary
from iro_metrics.report.content import Bullets, Commentary, Paragraph

HEADINGS = ("Purpose and summary", "Recommendation", "Next steps")


def read(text: str) -> AuthorText:
    return read_commentary(text, "ours.md", HEADINGS)


def refusal(text: str) -> list[str]:
    with pytest.raises(Refused) as refused:
        read(text)
    return list(refused.value.messages)


def test_fields_paragraphs_and_lists_under_their_headings() -> None:
    found = read("Committee: Scrutiny\nMeeting date:\nReport of: Head of Service\n\n"
                 "## recommendation  \nThat the committee\nnotes the report.\n\nAnd more.\n"
                 "## Next steps ##\n- One,\n  continued.\n* Two.\nAfter the list.\n")
    assert found.fields == {"committee": "Scrutiny", "report of": "Head of Service"}
    assert found.sections == {
        "Recommendation": Commentary((Paragraph("That the committee notes the report."),
                                      Paragraph("And more."))),
        "Next steps": Commentary((Bullets(("One, continued.", "Two.")),
                                  Paragraph("After the list."))),
    }


def test_comments_are_left_out_and_an_empty_section_has_no_commentary() -> None:
    found = read("<!-- instructions\n## Not a heading\n-->\n## Recommendation\n<!-- draft -->\n\n"
                 "## Next steps\nDone <!-- inline --> here.\n")
    assert found.sections == {"Next steps": Commentary((Paragraph("Done here."),))}


def test_a_heading_the_report_lacks_is_refused_with_its_line_counting_comment_lines() -> None:
    assert refusal("<!--\none\ntwo\n-->\n## Recommendation\nNoted.\n## Finances\nMoney.\n") == [
        "ours.md, line 7: the report has no section called 'Finances'; its sections are: "
        "Purpose and summary; Recommendation; Next steps"]


def test_every_problem_is_named_at_once() -> None:
    assert refusal("Chair: Someone\n# Title\n## Recommendation\nA.\n### Detail\n"
                   "## Recommendation\nB.\n") == [
        "ours.md, line 1: before the first section heading only the title block's fields may "
        "be given (Committee:, Meeting date:, Report of:), not 'Chair: Someone'",
        "ours.md, line 2: a section heading starts with '## ' (two # and a space): '# Title'",
        "ours.md, line 5: a section heading starts with '## ' (two # and a space): '### Detail'",
        "ours.md, line 6: the section 'Recommendation' is given twice",
    ]
