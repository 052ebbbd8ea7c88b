from typing import Any

from django import template

from core.chart_tables import ChartTable, figure_table

register = template.Library()


@register.simple_tag
def chart_table(figure: Any) -> ChartTable | None:
    """`{% chart_table figure as table %}`: the chart's figures as rows and columns."""
    return figure_table(figure) if isinstance(figure, dict) else None
