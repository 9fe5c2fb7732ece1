"""DfE code lists used by the extract contract (SSDA903 2019-20 and the CIN census), in one place."""

SEX = ("M", "F", "U")

ETHNICITY = (
    "WBRI", "WIRI", "WOTH", "WIRT", "WROM",
    "MWBC", "MWBA", "MWAS", "MOTH",
    "AIND", "APKN", "ABAN", "AOTH",
    "BCRB", "BAFR", "BOTH",
    "CHNE", "OOTH",
    "REFU", "NOBT",
)

REASON_NEW_EPISODE = ("S", "L", "P", "T", "B", "U")

LEGAL_STATUS = ("C1", "C2", "D1", "E1", "V2", "V3", "V4", "L1", "L2", "L3", "J1", "J2", "J3")
SHORT_BREAK_LEGAL_STATUS = ("V3", "V4")

CATEGORY_OF_NEED = ("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8")

PLACEMENT_TYPE = (
    "A3", "A4", "A5", "A6", "H5", "K1", "K2", "P1", "P2", "P3", "R1", "R2", "R3", "R5", "S1",
    "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1",
)

PLACEMENT_PROVIDER = ("PR0", "PR1", "PR2", "PR3", "PR4", "PR5")

REASON_EPISODE_CEASED = (
    "X1", "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E45", "E46", "E47", "E48",
    "E5", "E6", "E7", "E9", "E14", "E15", "E16", "E17", "E8",
)
EPISODE_CONTINUES = "X1"

PARTICIPATION = ("PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7")

ABUSE_CATEGORY = ("NEG", "PHY", "SAB", "EMO", "MUL")

CONFERENCE_TYPE = ("ICPC", "RCPC", "TRANSFER_IN")
OUTCOMES_BY_CONFERENCE_TYPE = {
    "ICPC": ("PLAN", "NO_PLAN"),
    "TRANSFER_IN": ("PLAN", "NO_PLAN"),
    "RCPC": ("CONTINUE", "END"),
}

IRO_ROLE = ("IRO", "CP_CHAIR", "FOSTER_REVIEW", "AGENCY")
CASELOAD_ROLES = ("IRO", "CP_CHAIR")

DISPUTE_STAGE = ("INFORMAL", "FORMAL_1", "FORMAL_2", "FORMAL_3")
DISPUTE_ISSUE = (
    "CARE_PLAN", "PERMANENCE", "PLACEMENT", "CONTACT", "HEALTH", "EDUCATION", "DELAY", "OTHER",
)

IRO_ACTIVITY_TYPE = ("PRE_REVIEW_CONTACT", "VISIT", "MIDWAY_CHECK", "CONSULTATION")
CONTACT_BEFORE_REVIEW = ("PRE_REVIEW_CONTACT", "VISIT")
"""The activities in which the IRO saw or spoke with the child before a review."""
MIDWAY_CHECK = "MIDWAY_CHECK"

OTHER_REVIEW_TYPE = ("FOSTER_CARER", "ADOPTION", "DISRUPTION", "SECURE")
FOSTER_CARER_REVIEW = "FOSTER_CARER"

SERVICE_ACTIVITY_TYPE = ("TRAINING", "PANEL", "AUDIT", "OBSERVATION")
TRAINING = "TRAINING"

RESPONDENT = ("CHILD", "PARENT", "CARER", "PROFESSIONAL")
FEEDBACK_ABOUT = ("LAC_REVIEW", "CP_CONFERENCE")
