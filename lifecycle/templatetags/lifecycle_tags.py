"""Lifecycle figures on the page: a rate, a cost or a ratio, and "no data" where undefined."""

from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

register = template.Library()

DASH = "\N{EN DASH}"


@register.filter
def metric(value: float | None, unit: str = "percent") -> str:
    """0.0234 -> "2.3%", a cost -> "12.50", a ratio -> "3.2 : 1"; undefined -> "no data"."""
    if value is None:
        return _("no data")
    if unit == "money":
        return str(floatformat(value, "2g"))
    if unit == "ratio":
        return f"{floatformat(value, 1)} : 1"
    return f"{floatformat(100 * value, 1)}%"


@register.filter
def benchmark_figure(benchmark: Any) -> str:
    """The benchmark's value, with its range when the source states one."""
    unit = "percent" if benchmark.is_percent else "ratio"
    text = metric(benchmark.value, unit)
    if benchmark.low is not None and benchmark.high is not None:
        if benchmark.is_percent:
            low, high = floatformat(100 * benchmark.low, -1), floatformat(100 * benchmark.high, -1)
            text += f" ({low}{DASH}{high}%)"
        else:
            text += f" ({floatformat(benchmark.low, -1)}{DASH}{floatformat(benchmark.high, -1)})"
    return text


@register.filter
def gap(share: float | None) -> int | None:
    """A rate as a share of its benchmark -> how many percent it lies above (+) or below (-)."""
    if share is None:
        return None
    return round(100 * (share - 1))


@register.filter
def absolute(value: int) -> int:
    return abs(value)
