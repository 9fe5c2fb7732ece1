"""Action lists (managers only): the children and cases to act on as at the end of the period,
each list downloadable. Never offered to the public; a public session that reaches the URL is
told so and shown nothing."""

import polars as pl
import streamlit as st

from iro_metrics.present import action_lists
from iro_metrics.present.disclosure import Audience
from iro_metrics.present.formatting import format_date, format_number
from iro_metrics.ui.audience import current_audience
from iro_metrics.ui.blocks import absent, download_csv, intro
from iro_metrics.ui.context import context

if current_audience() is not Audience.MANAGER:
    st.title("Action lists")
    st.error("This page is for signed-in managers only.")
    st.stop()

ctx = context()
extract, view = ctx.extract, ctx.view
day = min(view.period.end, extract.authority.extract_date)
intro("Action lists",
      f"Children and cases that need action as at {format_date(day)} (the end of the "
      "period, or the extract date if earlier). These lists name children by their case "
      "reference: they are for managers only. Demographic filters do not apply here.",
      view, ())


def show(title: str, rule: str, frame: pl.DataFrame | None, what: str, table: str) -> None:
    """One list: its rule in plain words, the rows and a CSV download."""
    st.header(title)
    st.caption(rule)
    if frame is None:
        absent(what, table)
        return
    if frame.is_empty():
        st.success("Nothing to act on.", icon=":material/check_circle:")
        return
    st.markdown(f"**{format_number(frame.height)}** to act on.")
    shown = action_lists.readable(frame)
    st.dataframe(shown, hide_index=True)
    download_csv("Download CSV", shown, f"{title.lower().replace(' ', '-')}.csv",
                 key=f"csv-{title}")


episodes, reviews = extract.lac_episodes, extract.lac_reviews
show("Looked-after reviews overdue or due soon",
     "Regulation 33: first review within 20 working days of coming into care, the second within "
     "3 months, then every 6 months; listed when overdue or due within 20 working days.",
     None if episodes is None else action_lists.lac_reviews_due(episodes, reviews, day),
     "episode records", "lac_episodes")
activity = extract.iro_activity
show("Reviews due soon, child not yet seen by the IRO",
     "IRO Handbook: the IRO sees or speaks with the child before each review. Listed when the "
     "next review is due within 20 working days and the IRO has not seen or spoken with the child "
     "since the last review (or since the child came into care).",
     None if episodes is None or activity is None
     else action_lists.not_seen_before_review(episodes, reviews, activity, day),
     "records of IROs' contact with children between reviews", "iro_activity")
plans = extract.cp_plans
show("Child protection reviews overdue or due soon",
     "Working Together: first review conference within 3 months of the plan, then every 6 "
     "months; listed when overdue or due within 20 working days.",
     None if plans is None else action_lists.cp_reviews_due(plans, extract.cp_conferences, day),
     "child protection plans", "cp_plans")
show("Initial conferences later than 15 working days",
     f"Section 47 enquiries whose initial conference in {view.period.label} was held after the "
     "15th working day from the strategy discussion.",
     None if extract.s47_enquiries is None
     else action_lists.late_icpcs(extract.s47_enquiries, view.period),
     "section 47 enquiries", "s47_enquiries")
show("Plans open 15 months or more",
     "Plans that have lasted 15 months or more: a plan should bring change well before two "
     "years.",
     None if plans is None else action_lists.long_plans(plans, day),
     "child protection plans", "cp_plans")
show("Disputes open past 20 working days",
     "Disputes raised by an IRO and not resolved within 20 working days (IRO Handbook).",
     None if extract.iro_disputes is None
     else action_lists.stalled_disputes(extract.iro_disputes, day),
     "dispute records", "iro_disputes")
show("Rows set aside by validation",
     "Rows of the extract that broke a rule and were left out of every figure; fix them at "
     "source.", extract.report.set_aside, "set-aside rows", "")
