"""Published comparators: the DfE and LAIT figures for every authority, region and England, as
one tidy table keyed by our indicator ids (built from ``../shared/data/published``, never read at
run time), plus the authorities' regions and both statistical-neighbour models.

Published values keep their symbols (``c`` suppressed, ``x`` not available, ``z`` not
applicable, ``k`` rounds to zero, ``low``, ``u`` low reliability, ``:`` and LAIT's ``-`` not
available): a symbol is never read as zero.
"""

from pathlib import Path

import polars as pl

BENCHMARKS_FILE = Path(__file__).resolve().parents[2] / "data" / "benchmarks.parquet"
SYMBOLS = ("c", "x", "z", "k", "low", "u", ":", "-")
ENGLAND = "970"
REGION_CODES = {
    "North East": "980", "North West": "981", "Yorkshire and The Humber": "982",
    "Yorkshire and the Humber": "982", "East Midlands": "983", "West Midlands": "984",
    "East of England": "985", "London": "986", "Inner London": "987", "London (Inner)": "987",
    "Outer London": "988", "London (Outer)": "988", "South East": "989", "South West": "990",
}
LAIT_MEASURES = {
    "LACnum": "lac_count", "LAC": "lac_rate", "LACnum_Start": "lac_starts",
    "LACceased": "lac_ceased", "CPP_Num": "cp_count", "CPP_rate": "cp_rate",
    "PrevRegCPR": "cp_repeat", "CPPlans2yrs": "cp_ceased_2y_plus",
    "CP_conf_15days": "icpc_timely", "RevCP": "cp_reviews_timely",
}
ICPC_BUCKETS = ("10_ICPC", "15_ICPC", "20_ICPC", "21_ICPC")
CLA_TYPES = {
    "Children looked after on 31 March each year": ("lac_count", "lac_rate"),
    "Children starting to be looked after each year": ("lac_starts", None),
    "Children ceasing to be looked after each year": ("lac_ceased", None),
}
SCHEMA = pl.Schema({
    "indicator_id": pl.String, "year": pl.Int64, "area_code": pl.String, "area_name": pl.String,
    "area_type": pl.String, "value": pl.Float64, "decimals": pl.Int64,
    "numerator": pl.Float64, "denominator": pl.Float64, "symbol": pl.String, "source": pl.String,
})
AREA_TYPES = ("LA", "region", "England")


def parse_value(text: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(number, symbol) of a published cell: LAIT's float noise (38.200000000000003) and
    scientific notation become numbers; a published symbol stays a symbol, never zero."""
    cleaned = text.str.strip_chars()
    number = cleaned.cast(pl.Float64, strict=False).round(6)
    symbol = pl.when(number.is_null() & cleaned.is_in(SYMBOLS)).then(cleaned)
    return number, symbol


def _decimals(text: pl.Expr) -> pl.Expr:
    """Decimals a published number is shown with (after removing float noise)."""
    number = text.str.strip_chars().cast(pl.Float64, strict=False).round(6)
    shown = number.cast(pl.String).str.replace(r"\.0$", "")
    return pl.when(shown.str.contains(r"\.")).then(
        shown.str.split(".").list.last().str.len_chars()).otherwise(0).cast(pl.Int64)


def _area(level: pl.Expr, la_code: pl.Expr, region: pl.Expr) -> list[pl.Expr]:
    return [
        pl.when(level == "England").then(pl.lit(ENGLAND))
        .when(level == "region").then(region.replace_strict(REGION_CODES, default=None))
        .otherwise(la_code).alias("area_code"),
        level.alias("area_type"),
    ]


def _lait(source: Path) -> pl.DataFrame:
    raw = pl.read_parquet(source / "lait_bds_long.parquet").filter(
        pl.col("Short Desc").is_in([*LAIT_MEASURES, *ICPC_BUCKETS]))
    number, symbol = parse_value(pl.col("Values"))
    code = pl.col("LA Number").cast(pl.Int64)
    level = (pl.when(code == int(ENGLAND)).then(pl.lit("England"))
             .when(code >= 980).then(pl.lit("region")).otherwise(pl.lit("LA")))
    tidy = raw.select(
        measure="Short Desc", year=pl.col("Years").cast(pl.Int64),
        area_code=code.cast(pl.String).str.zfill(3), area_name="LA and Regions",
        area_type=level, value=number, symbol=symbol, shown=_decimals(pl.col("Values")))
    buckets = (tidy.filter(pl.col("measure").is_in(ICPC_BUCKETS))
               .group_by("year", "area_code")
               .agg(numerator=pl.when(pl.col("value").is_not_null().all()).then(
                   pl.col("value").filter(pl.col("measure").is_in(ICPC_BUCKETS[:2])).sum()),
                   denominator=pl.when(pl.col("value").is_not_null().all())
                   .then(pl.col("value").sum())))
    decimals = (tidy.filter(pl.col("measure").is_in(list(LAIT_MEASURES)))
                .group_by("measure").agg(decimals=pl.col("shown").max()))
    return (
        tidy.filter(pl.col("measure").is_in(list(LAIT_MEASURES)))
        .join(decimals, on="measure")
        .with_columns(indicator_id=pl.col("measure").replace_strict(LAIT_MEASURES),
                      source=pl.format("LAIT {}", pl.col("measure")))
        .join(buckets, on=["year", "area_code"], how="left")
        .with_columns(
            numerator=pl.when(pl.col("indicator_id") == "icpc_timely").then("numerator"),
            denominator=pl.when(pl.col("indicator_id") == "icpc_timely").then("denominator"))
        .select(list(SCHEMA))
    )


def _explore_education(frame: pl.DataFrame) -> pl.DataFrame:
    """Area columns of a DfE 'explore education statistics' file."""
    level = (pl.when(pl.col("geographic_level") == "National").then(pl.lit("England"))
             .when(pl.col("geographic_level") == "Regional").then(pl.lit("region"))
             .otherwise(pl.lit("LA")))
    return frame.with_columns(
        *_area(level, pl.col("old_la_code"), pl.col("region_name")),
        area_name=pl.when(level == "England").then(pl.col("country_name"))
        .when(level == "region").then(pl.col("region_name")).otherwise(pl.col("la_name")),
        year=pl.col("time_period").cast(pl.Int64),
    )


def _cp_starts(source: Path) -> pl.DataFrame:
    raw = _explore_education(pl.read_csv(
        source / "d3_cpps_subsequent_plan_2013_to_2025.csv", infer_schema=False))
    starts, starts_symbol = parse_value(pl.col("CPP_start"))
    repeat, _ = parse_value(pl.col("CPP_subsequent"))
    share, share_symbol = parse_value(pl.col("CPP_subsequent_percent"))
    common = ["year", "area_code", "area_name", "area_type"]
    return pl.concat([
        raw.select(*common, indicator_id=pl.lit("cp_starts"), value=starts, decimals=pl.lit(0),
                   numerator=starts, denominator=pl.lit(None, dtype=pl.Float64),
                   symbol=starts_symbol, source=pl.lit("DfE CIN d3 CPP_start")),
        raw.select(*common, indicator_id=pl.lit("cp_repeat"), value=share, decimals=pl.lit(1),
                   numerator=repeat, denominator=starts, symbol=share_symbol,
                   source=pl.lit("DfE CIN d3 CPP_subsequent_percent")),
    ]).select(list(SCHEMA))


def _looked_after(source: Path) -> pl.DataFrame:
    raw = _explore_education(pl.read_csv(
        source / "cla_number_and_rate_per_10k_children.csv", infer_schema=False))
    count, count_symbol = parse_value(pl.col("children_count"))
    rate, rate_symbol = parse_value(pl.col("rate_per_10000"))
    population, _ = parse_value(pl.col("population_estimate"))
    common = ["year", "area_code", "area_name", "area_type"]
    frames = []
    for kind, (count_id, rate_id) in CLA_TYPES.items():
        rows = raw.filter(pl.col("population_type") == kind)
        frames.append(rows.select(
            *common, indicator_id=pl.lit(count_id), value=count, decimals=pl.lit(0),
            numerator=count, denominator=pl.lit(None, dtype=pl.Float64), symbol=count_symbol,
            source=pl.lit("DfE CLA children_count")))
        if rate_id:
            frames.append(rows.select(
                *common, indicator_id=pl.lit(rate_id), value=rate, decimals=pl.lit(0),
                numerator=count, denominator=population, symbol=rate_symbol,
                source=pl.lit("DfE CLA rate_per_10000")))
    return pl.concat(frames).select(list(SCHEMA))


def tidy_benchmarks(source: Path) -> pl.DataFrame:
    """One row per (indicator, year, area): the DfE files where they publish counts (looked
    after from 2021, plans started and repeats), LAIT otherwise."""
    preferred = pl.concat([_looked_after(source).cast(SCHEMA), _cp_starts(source).cast(SCHEMA)])
    lait = _lait(source).join(preferred.select("indicator_id", "year", "area_code"),
                              on=["indicator_id", "year", "area_code"], how="anti")
    table = pl.concat([preferred.cast(SCHEMA), lait.cast(SCHEMA)]).filter(
        pl.col("area_code").is_not_null())
    return table.cast(SCHEMA).sort("indicator_id", "year", "area_type", "area_code")


def validate_benchmarks(table: pl.DataFrame) -> list[str]:
    """Problems with a built table (empty when it is sound): keys unique, area types known,
    every row a value or a symbol but not both."""
    problems = []
    keys = ["indicator_id", "year", "area_code"]
    duplicates = table.filter(pl.struct(keys).is_duplicated())
    if duplicates.height:
        problems.append(f"{duplicates.height} rows share an indicator, year and area")
    if not table["area_type"].is_in(AREA_TYPES).all():
        problems.append("unknown area type")
    both = table.filter(pl.col("value").is_not_null() == pl.col("symbol").is_not_null())
    if both.height:
        problems.append(f"{both.height} rows have both or neither of a value and a symbol")
    return problems


def _sentence_case(text: pl.Expr) -> pl.Expr:
    """'Very Close ' and 'very close' alike become 'Very close'."""
    lower = text.str.strip_chars().str.to_lowercase()
    return lower.str.slice(0, 1).str.to_uppercase() + lower.str.slice(1)


def _neighbours(source: Path) -> pl.DataFrame:
    old = pl.read_csv(source / "New_Statistical_Neighbour_Groupings_April_2021.csv",
                      infer_schema=False, truncate_ragged_lines=True)
    new = pl.read_csv(source / "sn_model_2025_wide.csv", infer_schema=False)
    frames = []
    for model, frame, la, neighbour, closeness in (
            ("April 2021", old, old.columns[0], "SN{}", None),
            ("May 2025", new, "old_la_code", "SN_{}", "SN_{}P")):
        columns = frame.columns
        for rank in range(1, 11):
            code = neighbour.format(rank)
            close = (closeness.format(rank) if closeness
                     else columns[columns.index(code) + 1])
            frames.append(frame.select(
                model=pl.lit(model), la_code=pl.col(la).str.strip_chars().str.zfill(3),
                rank=pl.lit(rank, dtype=pl.Int64),
                neighbour_code=pl.col(code).str.strip_chars().str.zfill(3),
                closeness=_sentence_case(pl.col(close))))
    return pl.concat(frames).filter(pl.col("neighbour_code").str.len_chars() == 3).sort(
        "model", "la_code", "rank")


def _authorities(table: pl.DataFrame, source: Path) -> pl.DataFrame:
    regions = pl.read_csv(source / "ons_mid-year_population_estimates_2012_to_2024.csv",
                          infer_schema=False).filter(
        pl.col("geographic_level") == "Local authority").select(
        la_code="old_la_code",
        region=pl.col("region_name").replace({"Inner London": "London", "Outer London": "London"}))
    names = (table.filter(pl.col("area_type") == "LA").sort("year")
             .group_by("area_code").agg(pl.col("area_name").last())
             .rename({"area_code": "la_code", "area_name": "la_name"}))
    return (names.join(regions.unique("la_code", keep="last"), on="la_code", how="left")
            .with_columns(region_code=pl.col("region").replace_strict(REGION_CODES,
                                                                      default=None))
            .sort("la_code"))


def build_benchmarks(source: Path, out: Path = BENCHMARKS_FILE) -> list[Path]:
    """Build and validate the tidy tables from the published files; write them and return their
    paths. Raises ValueError naming the problems when the built table is unsound."""
    table = tidy_benchmarks(source)
    problems = validate_benchmarks(table)
    if problems:
        raise ValueError("benchmarks not written: " + "; ".join(problems))
    out.parent.mkdir(parents=True, exist_ok=True)
    table.write_parquet(out, statistics=False)
    reference = out.parent / "reference"
    reference.mkdir(parents=True, exist_ok=True)
    authorities = reference / "local_authorities.csv"
    _authorities(table, source).write_csv(authorities)
    neighbours = reference / "statistical_neighbours.csv"
    _neighbours(source).write_csv(neighbours)
    return [out, authorities, neighbours]
