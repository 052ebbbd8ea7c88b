"""The peer line of a result: the median of other organizations' latest results."""

from assessments import comparison
from assessments.models import Assessment
from organizations.models import Membership


def comparison_entry(assessment: Assessment) -> comparison.Entry:
    """A submitted assessment as the comparison core takes it (organization preloaded)."""
    return comparison.Entry(
        id=assessment.pk,
        organization=assessment.organization.name,
        submitted=(assessment.submitted_at or assessment.created_at).date(),
        result=assessment.result or {},  # a submitted assessment always has its result
    )


def peer_scores(assessment: Assessment, viewer_id: int | None) -> dict[str, float] | None:
    """The median of other organizations' latest results, per element, when at least five
    contribute (one query).

    Only organizations the viewer neither created nor belongs to count, so nobody can read
    a client out of the median by adding clients of her own with known answers.
    """
    others = Assessment.objects.submitted().exclude(organization_id=assessment.organization_id)
    if viewer_id is not None:
        others = others.exclude(organization__created_by_id=viewer_id).exclude(
            organization__in=Membership.objects.filter(user_id=viewer_id).values("organization")
        )
    others = others.select_related("organization").order_by("submitted_at", "pk")
    median = comparison.peer_median([comparison_entry(a) for a in others])
    return None if median is None else {key: float(value) for key, value in median.items()}
