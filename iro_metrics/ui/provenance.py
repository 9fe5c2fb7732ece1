"""The Data quality page's record-level parts and the provenance of an imported directory:
where the data came from (the import report's files, counts, repairs and notes) and, for
managers, every row set aside or warned about with CSV downloads."""

import streamlit as st

from iro_metrics.contract.extract import Extract, ValidationReport
from iro_metrics.present import data_quality as dq
from iro_metrics.present.formatting import format_number
from iro_metrics.returns.report import read_import_report
from iro_metrics.ui.blocks import download_csv, long_list, static_table
from iro_metrics.ui.data import shown_message


def import_provenance(extract: Extract, public: bool) -> None:
    """Where the data came from: a plain extract, or the import of statutory returns with its
    files, rows per table, repairs by rule and notes (and, for managers, every record set aside
    or warned about)."""
    imported = read_import_report(extract.directory)
    st.subheader("Where the data came from")
    if imported is None:
        st.markdown("This data directory was provided as an extract (Parquet tables), not made "
                    "by the import of statutory returns.")
        return
    st.markdown(f"Imported from the authority's statutory returns (SSDA903 and CIN census) on "
                f"{dq.imported_at(imported)}; the extract date comes from "
                f"{imported.get('extract_date_from', '')}.")
    files = dq.import_files(imported, public)
    static_table(files, ("Size (bytes)", "Rows"))
    download_csv("Download files read (CSV)", files, "import-files.csv")
    static_table(dq.import_tables(imported, public),
                 ("Read", "Merged", "Set aside", "Loaded", "Repaired"))
    repairs = dq.import_repairs(imported, public)
    st.markdown("**Rows repaired, by rule**: a value that contradicted the rest of its row, or "
                "that no figure needs, was dropped or kept as its rule says, and the row was "
                "loaded (see the import's rules)."
                if repairs.height else "**Rows repaired**: none needed a repair.")
    if repairs.height:
        static_table(repairs, ("Rows",))
    for note in imported.get("notes", []):
        st.info(shown_message(str(note), extract.directory, public), icon=":material/info:")
    if public:
        return
    for key, label in (("set_aside", "Import: records set aside"),
                       ("warnings", "Import: warnings")):
        issues = dq.import_issues(imported.get(key, []))
        st.markdown(f"**{label}**: {format_number(issues.height)}")
        if issues.height:
            long_list(issues)
            download_csv(f"Download {label.lower()} (CSV)", issues,
                         f"import-{key.replace('_', '-')}.csv")


def record_level_lists(report: ValidationReport) -> None:
    """Every set-aside row and every warning, row by row, with CSV downloads."""
    st.header("Row by row", anchor="row-by-row")
    st.markdown("Each line names the file, the row number in that file (1 is the first row of "
                "data), the column and value at fault, and the rule. Use these lists to find and "
                "correct the records in the case-management system.")
    for heading, issues, file_name, none in (
            ("Rows set aside", report.set_aside, "rows-set-aside.csv", "No rows were set aside."),
            ("Warnings", report.warnings, "warnings.csv", "There are no warnings.")):
        st.subheader(heading)
        if issues.height:
            rows = dq.issue_list(issues)
            long_list(rows)
            download_csv(f"Download {heading.lower()} (CSV)", rows, file_name)
        else:
            st.markdown(none)
