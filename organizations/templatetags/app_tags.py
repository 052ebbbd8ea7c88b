from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    """`{{ stages|get_item:key }}`: a dictionary lookup by a variable key."""
    return mapping.get(key) if mapping else None
