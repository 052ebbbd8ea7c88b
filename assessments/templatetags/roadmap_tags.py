"""The roadmap on other apps' pages: the lifecycle dashboard lists the latest assessment's
items that serve its drop-off stage. A tag, so that lifecycle never imports assessments
(assessments reads lifecycle's figures, not the other way round)."""

from typing import Any

from django import template

from assessments.models import Assessment
from assessments.pages import drop_off_entries
from lifecycle.metrics import Snapshot

register = template.Library()


@register.inclusion_tag("lifecycle/_roadmap_items.html")
def drop_off_roadmap(board: Any) -> dict[str, Any]:
    """`board` is a lifecycle.dashboard.Dashboard: one query for the organization's latest
    submitted assessment, and with a drop-off stage its answers (content is cached)."""
    assessment = (
        Assessment.objects.submitted()
        .filter(organization=board.organization)
        .select_related("organization", "questionnaire")
        .order_by("-submitted_at", "-pk")
        .first()
    )
    items = []
    if assessment is not None and board.drop_off is not None:
        snapshot = Snapshot(
            metrics={},
            dates={},
            drop_off=board.drop_off.stage.key,
            segments=[],
            stages=board.stages,
        )
        items = drop_off_entries(assessment, snapshot)
    return {"drop_off": board.drop_off, "assessment": assessment, "items": items}
