"""Comparing stored results: several clients, or one client over time (pandas).

Results are the frozen documents of SPEC.md 2.1; assessments on different
questionnaire versions line up by element key. No Django here.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

STAGES = ("crawl", "walk", "run")
PEER_MINIMUM = 5  # others needed before a peer line is shown, so no client can be read out


@dataclass(frozen=True)
class Entry:
    """One submitted assessment as the comparison sees it."""

    id: int
    organization: str
    submitted: date
    result: Mapping


def long_frame(entries: Sequence[Entry]) -> pd.DataFrame:
    """One row per assessment and element: score, stage (index), in the order given."""
    rows = [
        {
            "assessment": entry.id,
            "organization": entry.organization,
            "submitted": pd.Timestamp(entry.submitted),
            "element": element,
            "score": scope["score"],
            "stage": STAGES.index(scope["stage"]),
        }
        for entry in entries
        for element, scope in entry.result["elements"].items()
    ]
    frame = pd.DataFrame(
        rows, columns=["assessment", "organization", "submitted", "element", "score", "stage"]
    )
    frame["score"] = frame["score"].astype("float64")
    return frame


@dataclass(frozen=True)
class Comparison:
    scores: pd.DataFrame  # element x assessment
    stages: pd.DataFrame  # element x assessment, stage index
    change: pd.DataFrame  # score minus the first column's
    crossed: pd.DataFrame  # True where the stage differs from the first column's
    overall: pd.DataFrame  # rows score, stage; columns assessment


def compare(entries: Sequence[Entry], element_order: Sequence[str]) -> Comparison:
    """Elements by assessments, with the change against the first assessment."""
    frame = long_frame(entries)
    order = [e for e in element_order if e in set(frame["element"])] + sorted(
        set(frame["element"]) - set(element_order)
    )
    columns = [entry.id for entry in entries]
    scores = frame.pivot_table(
        index="element", columns="assessment", values="score", aggfunc="first", dropna=False
    )
    scores = scores.reindex(index=order, columns=columns)
    stages = frame.pivot_table(
        index="element", columns="assessment", values="stage", aggfunc="first"
    )
    stages = stages.reindex(index=order, columns=columns)
    change = scores.sub(scores[columns[0]], axis=0)
    first = stages[columns[0]]
    crossed = stages.ne(first, axis=0) & stages.notna() & first.notna().to_numpy()[:, None]
    overall = pd.DataFrame(
        {
            entry.id: {
                "score": entry.result["overall"]["score"],
                "stage": STAGES.index(entry.result["overall"]["stage"]),
            }
            for entry in entries
        }
    )
    return Comparison(scores, stages, change, crossed, overall)


def progress(entries: Sequence[Entry], element_order: Sequence[str]) -> pd.DataFrame:
    """One client's element scores (rows) per submission date (columns), oldest first."""
    frame = long_frame(sorted(entries, key=lambda entry: (entry.submitted, entry.id)))
    table = frame.pivot_table(
        index="element", columns="assessment", values="score", aggfunc="first"
    )
    ordered = [entry.id for entry in sorted(entries, key=lambda e: (e.submitted, e.id))]
    return table.reindex(index=[e for e in element_order if e in table.index], columns=ordered)


@dataclass(frozen=True)
class Portfolio:
    by_stage: pd.Series  # overall stage -> number of clients
    spread: pd.DataFrame  # element -> q1, median, q3, clients


def latest_per_client(entries: Sequence[Entry]) -> list[Entry]:
    latest: dict[str, Entry] = {}
    for entry in sorted(entries, key=lambda e: (e.submitted, e.id)):
        latest[entry.organization] = entry
    return list(latest.values())


def portfolio(entries: Sequence[Entry], element_order: Sequence[str]) -> Portfolio:
    """Each client's latest assessment: clients per stage, and per element the quartiles."""
    latest = latest_per_client(entries)
    stages = pd.Series(
        [STAGES[STAGES.index(e.result["overall"]["stage"])] for e in latest], dtype="object"
    )
    by_stage = stages.value_counts().reindex(list(STAGES), fill_value=0)
    frame = long_frame(latest)
    grouped = frame.groupby("element")["score"]
    spread = pd.DataFrame(
        {
            "q1": grouped.quantile(0.25),
            "median": grouped.median(),
            "q3": grouped.quantile(0.75),
            "clients": grouped.count(),
        }
    ).reindex([e for e in element_order if e in set(frame["element"])])
    return Portfolio(by_stage, spread)


def peer_median(others: Sequence[Entry]) -> pd.Series | None:
    """Per element, the median score of the other clients' latest assessments, or None
    when fewer than PEER_MINIMUM assessments would contribute."""
    latest = latest_per_client(others)
    if len(latest) < PEER_MINIMUM:
        return None
    return long_frame(latest).groupby("element")["score"].median()


FORMULA_STARTS = ("=", "+", "-", "@")


def neutralize(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula get a leading apostrophe."""

    def clean(column: pd.Series) -> pd.Series:
        if column.dtype != object and not pd.api.types.is_string_dtype(column):
            return column
        text = column.astype("string")
        risky = text.str.startswith(FORMULA_STARTS).fillna(False)
        return column.where(~risky, "'" + text)

    cleaned = frame.apply(clean)
    cleaned.columns = [
        ("'" + c) if isinstance(c, str) and c.startswith(FORMULA_STARTS) else c
        for c in frame.columns
    ]
    return cleaned
