"""``docs/returns-import.md`` states every rule of the returns import's rule table
(``iro_metrics/returns/rules.py``) in the words the report uses: a rule added or reworded in the
code without the documentation fails here."""

import inspect

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
