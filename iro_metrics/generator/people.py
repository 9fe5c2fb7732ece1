"""Children's attributes: sex, ethnicity (DfE ETHNIC codes) and disability, drawn per child."""

import numpy as np

from iro_metrics.contract.codes import ETHNICITY

# Darlington's looked-after children in 2020: White 90%, Mixed 4%, Asian 3%, Black 2%, Other 1%.
ETHNICITY_SHARES = {
    "WBRI": 0.855, "WIRI": 0.005, "WOTH": 0.030, "WIRT": 0.005, "WROM": 0.005,
    "MWBC": 0.015, "MWBA": 0.005, "MWAS": 0.010, "MOTH": 0.010,
    "AIND": 0.005, "APKN": 0.010, "ABAN": 0.005, "AOTH": 0.010,
    "BCRB": 0.005, "BAFR": 0.010, "BOTH": 0.005,
    "CHNE": 0.002, "OOTH": 0.008,
    "REFU": 0.000, "NOBT": 0.000,
}
MALE_SHARE = 0.54
DISABLED_SHARE = 0.10
DISABILITY_UNKNOWN_SHARE = 0.03


def draw_sex(rng: np.random.Generator, n: int) -> np.ndarray:
    """``M`` or ``F`` for each of ``n`` born children."""
    return np.where(rng.random(n) < MALE_SHARE, "M", "F")


def draw_ethnicity(rng: np.random.Generator, n: int) -> np.ndarray:
    """An ETHNIC code for each of ``n`` children (or families)."""
    shares = np.array([ETHNICITY_SHARES[code] for code in ETHNICITY])
    return np.array(ETHNICITY)[rng.choice(len(ETHNICITY), size=n, p=shares / shares.sum())]


def draw_disability(rng: np.random.Generator, n: int) -> np.ndarray:
    """Disability as 1 (yes), 0 (no) or -1 (not recorded) for each of ``n`` children."""
    draw = rng.random(n)
    return np.where(draw < DISABILITY_UNKNOWN_SHARE, -1,
                    np.where(draw < DISABILITY_UNKNOWN_SHARE + DISABLED_SHARE, 1, 0))
