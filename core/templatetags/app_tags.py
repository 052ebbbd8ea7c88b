from typing import Any

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    """`{{ stages|get_item:key }}`: a dictionary lookup by a variable key."""
    return mapping.get(key) if mapping else None


@register.filter
def percent(value: float | None, decimals: int = 1) -> str:
    """0.0234 -> "2.3%" in the active locale; an undefined rate is "—", never 0."""
    if value is None:
        return "—"
    return f"{floatformat(100 * value, decimals)}%"


@register.filter
def benchmark_value(benchmark: Any) -> str:
    if benchmark.is_percent:
        return percent(benchmark.value)
    return f"{floatformat(benchmark.value, -1)}:1"
