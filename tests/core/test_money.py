"""Money in an organization's currency, written as each language writes it."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from core.money import CURRENCIES, format_money
from organizations.models import Currency, Organization


@pytest.mark.parametrize(
    ("amount", "currency", "language", "text"),
    [
        (1234.5, "EUR", "en", "€1,234.50"),
        (1234.5, "EUR", "de", "1.234,50\u00a0€"),
        (1234.5, "EUR", "ko", "€1,234.50"),
        (1200, "EUR", "en", "€1,200"),  # whole amounts drop their cents
        (Decimal("1234567.891"), "USD", "en", "$1,234,567.89"),
        (1234567, "KRW", "ko", "1,234,567원"),
        (1234.6, "KRW", "en", "₩1,235"),  # the won has no cents
        (1234.6, "KRW", "de", "1.235\u00a0₩"),
        (5000, "CHF", "en", "CHF\u00a05,000"),
        (-250.25, "EUR", "de", "-250,25\u00a0€"),
        (-0.001, "EUR", "en", "€0.00"),  # no minus on nothing
        (None, "EUR", "en", "—"),
        (999, "GBP", "en-gb", "£999"),
    ],
)
def test_format_money(
    amount: float | Decimal | None, currency: str, language: str, text: str
) -> None:
    assert format_money(amount, currency, language) == text


def test_every_currency_an_organization_can_choose_has_its_format() -> None:
    assert set(Currency.values) == set(CURRENCIES)


def test_the_filter_writes_the_active_language(db: None) -> None:
    organization = Organization.objects.create(name="Hanbit", slug="hanbit", currency="KRW")
    template = Template("{% load money_tags %}{{ amount|money:organization.currency }}")
    context = Context({"amount": 2500000, "organization": organization})

    with translation.override("ko"):
        assert template.render(context) == "2,500,000원"
    with translation.override("de"):
        assert template.render(context) == "2.500.000\u00a0₩"


def test_an_organization_counts_in_euro_unless_told_otherwise(db: None) -> None:
    assert Organization.objects.create(name="Acme", slug="acme").currency == "EUR"
