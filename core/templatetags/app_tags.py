from typing import Any

from django import template
from django.template.defaultfilters import floatformat

from core.page_cache import cached_fragment

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


class CachedFragmentNode(template.Node):
    def __init__(self, name: str, parts: list[Any], nodelist: template.NodeList) -> None:
        self.name = name
        self.parts = parts
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        parts = tuple(str(part.resolve(context)) for part in self.parts)
        return cached_fragment(context, self.name, parts, lambda: self.nodelist.render(context))


@register.tag("cached_fragment")
def cached_fragment_tag(parser: template.base.Parser, token: template.base.Token) -> Any:
    """`{% cached_fragment "name" var ... %}...{% endcached_fragment %}`: the part of
    base.html between, rendered once per the variables' values and the request's shell (user,
    app bar, language: core.page_cache.cached_fragment), its token and address filled in."""
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f"{bits[0]} takes a quoted name, then variables")
    nodelist = parser.parse(("endcached_fragment",))
    parser.delete_first_token()
    return CachedFragmentNode(
        bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]], nodelist
    )
