from decimal import Decimal

from django import template
from django.utils.translation import get_language

from core.money import format_money

register = template.Library()


@register.filter
def money(amount: Decimal | float | int | None, currency: str = "EUR") -> str:
    """`{{ goal.value|money:organization.currency }}` in the active language."""
    return format_money(amount, currency or "EUR", get_language() or "en")
