"""``docs/returns-import.md`` states every rule of the returns import's rule table
(``iro_metrics/returns/rules.py``) in the words the report uses, and its table of repairs lists
exactly the rules that repair a record (``rules.REPAIRS``): a rule added, reworded or turned into
a repair in the code without the documentation fails here."""

import inspect
import re

from helpers import ROOT

from iro_metrics.returns import rules

DOC = ROOT / "docs" / "returns-import.md"
# The rules made from field names, each called with the fields the documentation shows it with.
EXAMPLES: dict[str, tuple[object, ...]] = {
    "empty": ("F",),
    "not_a_date": ("F", "dd/mm/yyyy"),
    "before_1900": ("F",),
    "after_reference": ("F",),
    "id_length": ("CHILD",),
    "code": ("SEX", ("1", "2")),
    "after": ("DEC", "DECOM"),
    "not_before": ("CPPendDate", "CPPstartDate"),
    "whole_number": ("population",),
    "before_year": ("DEC",),
}
NOT_RULES = {"listing"}  # words a code list inside a rule


def rule_functions() -> set[str]:
    """The names of the functions ``rules.py`` defines that word a rule."""
    return {name for name, function in inspect.getmembers(rules, inspect.isfunction)
            if function.__module__ == rules.__name__} - NOT_RULES


def rule_texts() -> dict[str, str]:
    """Every rule's wording by its name in ``rules.py``: the constant texts, and the functions
    called as in :data:`EXAMPLES`."""
    constants = {name: value for name, value in vars(rules).items()
                 if name.isupper() and isinstance(value, str)}
    return {**constants, **{name: getattr(rules, name)(*args) for name, args in EXAMPLES.items()}}


def test_every_rule_function_has_its_documented_example() -> None:
    assert rule_functions() == set(EXAMPLES)


def test_the_documentation_states_every_rule() -> None:
    documented = " ".join(DOC.read_text(encoding="utf-8").split())  # line breaks as spaces
    texts = rule_texts()
    assert len(texts) > 25  # the constants and functions above were found
    missing = {name: text for name, text in texts.items() if text not in documented}
    assert missing == {}, f"rules missing from {DOC.relative_to(ROOT)}"


def section(title: str) -> str:
    """The text of the documentation's section headed ``## title``, up to the next heading."""
    text = DOC.read_text(encoding="utf-8")
    start = text.index(f"## {title}\n")
    following = text.find("\n## ", start + 1)
    return text[start:following if following != -1 else len(text)]


def first_column(text: str) -> list[str]:
    """The rule quoted first in each row of the first table in ``text`` (below its header)."""
    table = next(block for block in text.split("\n\n") if block.startswith("|"))
    return [re.match(r"\| `([^`]*)`", line)[1]
            for line in table.splitlines()[2:]]


def test_the_repairs_table_lists_exactly_the_repairs_with_their_warnings() -> None:
    repaired = first_column(section("Rows repaired: a value that contradicts the rest of its "
                                    "record"))
    assert repaired == list(rules.REPAIRS)


def test_no_repair_is_listed_as_setting_a_row_aside() -> None:
    set_aside = " ".join(section("Rows set aside: the value rules").split())
    assert [rule for rule in rules.REPAIRS if rule in set_aside] == []
