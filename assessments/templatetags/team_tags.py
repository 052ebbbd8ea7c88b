"""Template helpers of team assessments."""

from django import template

register = template.Library()


@register.filter
def count_of(counts: dict[int, int] | None, pk: int) -> int:
    """How many pieces of evidence a question has, from a question id -> count mapping."""
    return (counts or {}).get(pk, 0)
