"""Template helpers of team assessments: what the result and the report add for a team
assessment, read only where a template asks for it (so a single-respondent page pays
nothing)."""

from typing import Any

from django import template

from assessments.models import Assessment
from assessments.services import assessment_data
from assessments.team_services import (
    confidence_text,
    evidence_url,
    team_confidence,
    team_document,
)

register = template.Library()


@register.filter
def count_of(counts: dict[int, int] | None, pk: int) -> int:
    """How many pieces of evidence a question has, from a question id -> count mapping."""
    return (counts or {}).get(pk, 0)


@register.simple_tag
def confidence_lines(assessment: Assessment) -> list[dict[str, Any]]:
    """Per element of a team assessment: its title, level and confidence line (three
    queries whatever the number of respondents)."""
    data = assessment_data(assessment=assessment)
    return [
        {
            "element": found.element,
            "level": found.confidence.level,
            "text": confidence_text(found.confidence),
        }
        for found in team_confidence(data=data)
    ]


@register.simple_tag
def team_report(assessment: Assessment) -> dict[str, Any]:
    """Respondents, consolidation reasons and evidence references of a team assessment, for
    the printed report."""
    data = assessment_data(assessment=assessment)
    document = team_document(data=data, evidence_url=evidence_url)
    texts = {q.key: q.text for q in data.questions}
    return {
        "respondents": document["respondents"],
        "reasons": [(texts[key], reason) for key, reason in document["reasons"].items()],
        "evidence": [(texts[key], items) for key, items in document["evidence"].items()],
    }
