"""The peer line of a result: the median of other organizations' latest results.

The peer set (every organization's latest submitted result) is one aggregate, built once
and cached under the peer-set version: the number of submitted assessments, the latest
submission and the latest bank publication, read in one small query. A new submission
(or a deletion, or a publication) names a new version, so the next view rebuilds the set
once; nothing has to be searched out and deleted, in this process or any other.
"""

from dataclasses import dataclass
from functools import cache as cache_function

from django.core.cache import cache
from django.db import connection

from assessments import comparison
from assessments.models import Assessment
from core.sql import quoted
from maturity.models import Questionnaire
from organizations.models import Membership, Organization


def comparison_entry(assessment: Assessment) -> comparison.Entry:
    """A submitted assessment as the comparison core takes it (organization preloaded)."""
    return comparison.Entry(
        id=assessment.pk,
        organization=assessment.organization.name,
        submitted=(assessment.submitted_at or assessment.created_at).date(),
        result=assessment.result or {},  # a submitted assessment always has its result
    )


@dataclass(frozen=True)
class Peer:
    """One organization's latest submitted result, as the peer median needs it."""

    organization_id: int
    created_by_id: int | None
    entry: comparison.Entry


def _stamp(value: object) -> str:
    """A count, a datetime or (SQLite's, read as plain SQL) a datetime's text, in a key."""
    if value is None:
        return "-"
    return str(getattr(value, "timestamp", lambda: value)()).replace(" ", "T")


@cache_function
def _version_sql() -> str:
    """peer_set_version's statement, written once from the models' tables and columns."""
    submitted_at, published_at = (
        quoted(Assessment, "submitted_at"),
        quoted(Questionnaire, "published_at"),
    )
    return (
        f"SELECT COUNT(*), MAX({submitted_at}), "
        f"(SELECT MAX({published_at}) FROM {quoted(Questionnaire)} "
        f"WHERE {quoted(Questionnaire, 'status')} = %s) "
        f"FROM {quoted(Assessment)} WHERE {quoted(Assessment, 'status')} = %s"
    )


def peer_set_version() -> str:
    """Names the current peer set (one query): it changes with every submission, deletion of
    a submitted assessment and publication of a question bank version. Read on every result
    page, so one plain SQL statement (0.1 ms), not the ORM's aggregate (1 ms to compile)."""
    with connection.cursor() as cursor:
        cursor.execute(
            _version_sql(),
            [Questionnaire.Status.PUBLISHED.value, Assessment.Status.SUBMITTED.value],
        )
        row = cursor.fetchone()
    return ":".join(_stamp(value) for value in row)


def peer_set(version: str) -> list[Peer]:
    """Every organization's latest submitted result (one query, none once cached)."""
    key = f"assessments:peers:{version}"
    peers: list[Peer] | None = cache.get(key)
    if peers is None:
        latest: dict[int, Peer] = {}
        rows = (
            Assessment.objects.submitted()
            .select_related("organization")
            .order_by("submitted_at", "pk")
            .only(
                "organization__name",
                "organization__created_by_id",
                "submitted_at",
                "created_at",
                "result",
            )
        )
        for assessment in rows:
            entry = comparison_entry(assessment)
            # only what the median reads: each element's score and stage
            elements = (assessment.result or {}).get("elements", {})
            slim = {
                "elements": {
                    key: {"score": scope["score"], "stage": scope["stage"]}
                    for key, scope in elements.items()
                }
            }
            latest[assessment.organization_id] = Peer(
                organization_id=assessment.organization_id,
                created_by_id=assessment.organization.created_by_id,
                entry=comparison.Entry(entry.id, entry.organization, entry.submitted, slim),
            )
        peers = list(latest.values())
        cache.set(key, peers, timeout=None)
    return peers


@cache_function
def _viewer_sql() -> str:
    """excluded_organizations' statement, written once from the models' tables and columns."""
    return (
        f"SELECT {quoted(Organization, 'id')} FROM {quoted(Organization)} "
        f"WHERE {quoted(Organization, 'created_by')} = %s "
        f"UNION SELECT {quoted(Membership, 'organization')} FROM {quoted(Membership)} "
        f"WHERE {quoted(Membership, 'user')} = %s"
    )


def excluded_organizations(assessment: Assessment, viewer_id: int | None) -> frozenset[int]:
    """The organizations left out of a viewer's peer line: the assessment's own, and those
    the viewer belongs to or created (one query with a viewer, none without). Read on every
    result page, so plain SQL (0.05 ms), not the ORM's (0.3 ms to compile)."""
    left_out = {assessment.organization_id}
    if viewer_id is not None:
        with connection.cursor() as cursor:
            cursor.execute(_viewer_sql(), [viewer_id, viewer_id])
            left_out.update(pk for (pk,) in cursor.fetchall())
    return frozenset(left_out)


def peer_median(peers: list[Peer], excluded: frozenset[int]) -> dict[str, float] | None:
    """The median of the others' latest results per element, when at least five contribute."""
    median = comparison.peer_median(
        [peer.entry for peer in peers if peer.organization_id not in excluded]
    )
    return None if median is None else {key: float(value) for key, value in median.items()}


def peer_scores(assessment: Assessment, viewer_id: int | None) -> dict[str, float] | None:
    """The median of other organizations' latest results, per element, when at least five
    contribute.

    Only organizations the viewer neither created nor belongs to count, so nobody can read
    a client out of the median by adding clients of her own with known answers.
    """
    return peer_median(peer_set(peer_set_version()), excluded_organizations(assessment, viewer_id))
