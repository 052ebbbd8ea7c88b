"""Comparing stored results: several clients, or one client over time (pandas).

Results are the frozen documents of SPEC.md 2.1; assessments on different
questionnaire versions line up by element key. No Django here.
"""

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

STAGES = ("crawl", "walk", "run")
PEER_MINIMUM = 5  # others needed before a peer line is shown, so no client can be read out
# Clients needed before quartiles say anything: with fewer, a "quartile" is one client's score.
QUARTILE_MINIMUM = 5


@dataclass(frozen=True)
class Entry:
    """One submitted assessment as the comparison sees it."""

    id: int
    organization: str
    submitted: date
    result: Mapping[str, Any]


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


@dataclass(frozen=True)
class Cell:
    """One assessment's figure in a comparison, as plain data."""

    score: float | None
    stage: str | None
    change: float | None  # score minus the first assessment's, 0.0 for the first itself
    crossed: bool  # the stage differs from the first assessment's (both defined)


@dataclass(frozen=True)
class Table:
    """The comparison as every page, export and the API show it."""

    columns: list[int]  # assessment ids, in the order given
    elements: list[tuple[str, list[Cell]]]  # element key -> one cell per column
    overall: list[Cell]


def _plain(value: Any) -> float | None:
    """A cell as a float, or None where pandas holds a missing value."""
    if value is None:
        return None
    if isinstance(value, float):  # the common case, without pandas' generic check
        return None if value != value else value
    return None if pd.isna(value) else float(value)


def _cells(scores: list[Any], stages: list[Any], first_score: Any, first_stage: Any) -> list[Cell]:
    """The rule, in one place: change and crossing are against the first assessment."""
    base, base_stage = _plain(first_score), _plain(first_stage)
    cells = []
    for score, stage in zip(scores, stages, strict=True):
        value, index = _plain(score), _plain(stage)
        cells.append(
            Cell(
                score=value,
                stage=None if index is None else STAGES[int(index)],
                change=None if value is None or base is None else round(value - base, 1),
                crossed=index is not None and base_stage is not None and index != base_stage,
            )
        )
    return cells


def _element_keys(entries: Sequence[Entry], element_order: Sequence[str]) -> list[str]:
    """The elements any entry has: in `element_order`, then any other key sorted."""
    present = {key for entry in entries for key in entry.result["elements"]}
    return [e for e in element_order if e in present] + sorted(present - set(element_order))


def _stage_index(scope: Mapping[str, Any] | None) -> float | None:
    if not scope or scope.get("stage") is None:
        return None
    return float(STAGES.index(scope["stage"]))


def table(entries: Sequence[Entry], element_order: Sequence[str]) -> Table:
    """Elements by assessments with the change and stage crossing against the first.

    Built in one pass over the results (the same cells as `compare`, without a pivot: a
    pivot of 50 assessments costs more than the page around it)."""
    columns = [entry.id for entry in entries]
    elements = []
    for key in _element_keys(entries, element_order):
        scopes = [entry.result["elements"].get(key) for entry in entries]
        scores = [None if s is None else _plain(s.get("score")) for s in scopes]
        stages = [_stage_index(s) for s in scopes]
        elements.append((key, _cells(scores, stages, scores[0], stages[0])))
    overall_scores = [_plain(entry.result["overall"]["score"]) for entry in entries]
    overall_stages = [_stage_index(entry.result["overall"]) for entry in entries]
    overall = _cells(overall_scores, overall_stages, overall_scores[0], overall_stages[0])
    return Table(columns=columns, elements=elements, overall=overall)


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
    return portfolio_of_latest(latest_per_client(entries), element_order)


def portfolio_of_latest(latest: Sequence[Entry], element_order: Sequence[str]) -> Portfolio:
    """`portfolio` of entries that are already one per client (picked in SQL)."""
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


def neutralize_text(text: str) -> str:
    """A text that a spreadsheet would run as a formula, with a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


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


def progress_rows(
    entries: Sequence[Entry], element_order: Sequence[str]
) -> list[tuple[str, list[float | None]]]:
    """`progress` as plain rows: element key -> its score per submission, oldest first."""
    frame = progress(entries, element_order)
    values = frame.to_numpy(dtype="float64", na_value=float("nan")).tolist()
    return [
        (str(key), [_plain(v) for v in row]) for key, row in zip(frame.index, values, strict=True)
    ]


def portfolio_summary(
    entries: Sequence[Entry], element_order: Sequence[str], *, latest: bool = False
) -> tuple[dict[str, int], list[dict[str, float | str]]]:
    """`portfolio` as plain data: clients per overall stage, and per element the quartiles.

    With `latest`, the entries are already each client's latest (one per client)."""
    if latest:
        return _summary_of_latest(entries, element_order)
    board = portfolio(entries, element_order)
    by_stage = {str(key): int(count) for key, count in board.by_stage.items()}
    spread: list[dict[str, float | str]] = [
        {"key": str(key), **{str(k): float(v) for k, v in row.items()}}
        for key, row in board.spread.iterrows()
    ]
    return by_stage, spread


def _quartiles(values: list[float]) -> tuple[float, float, float]:
    """Lower quartile, median, upper quartile as pandas' default (linear) computes them."""
    if len(values) == 1:
        return values[0], values[0], values[0]
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, median, q3


def _summary_of_latest(
    latest: Sequence[Entry], element_order: Sequence[str]
) -> tuple[dict[str, int], list[dict[str, float | str]]]:
    """`portfolio_summary` of one entry per client, in one pass without a DataFrame (the
    same figures as `portfolio_of_latest`: a hundred clients' frame cost more than the page)."""
    by_stage = dict.fromkeys(STAGES, 0)
    scores: dict[str, list[float]] = {}
    for entry in latest:
        by_stage[entry.result["overall"]["stage"]] += 1
        for key, scope in entry.result["elements"].items():
            score = scope.get("score")
            if score is not None:
                scores.setdefault(key, []).append(float(score))
    spread: list[dict[str, float | str]] = []
    for key in element_order:
        if key not in scores:
            continue
        q1, median, q3 = _quartiles(scores[key])
        spread.append(
            {"key": key, "q1": q1, "median": median, "q3": q3, "clients": float(len(scores[key]))}
        )
    return by_stage, spread
