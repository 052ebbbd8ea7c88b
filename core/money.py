"""Money figures in an organization's currency, written the way each language writes them.

Pure: an amount, an ISO 4217 code and a language code in, text out.
"""

from decimal import ROUND_HALF_UP, Decimal

# code -> (symbol, decimals)
CURRENCIES: dict[str, tuple[str, int]] = {
    "EUR": ("€", 2),
    "USD": ("$", 2),
    "GBP": ("£", 2),
    "CHF": ("CHF", 2),
    "KRW": ("₩", 0),
    "JPY": ("¥", 0),
}

# language -> (thousands separator, decimal mark)
_SEPARATORS = {"de": (".", ","), "en": (",", "."), "ko": (",", ".")}


def _digits(amount: Decimal, decimals: int, language: str) -> str:
    thousands, mark = _SEPARATORS.get(language, _SEPARATORS["en"])
    quantum = Decimal(1).scaleb(-decimals)
    rounded = abs(amount).quantize(quantum, rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{rounded:f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = thousands.join(groups)
    return f"{text}{mark}{fraction}" if fraction else text


def format_money(amount: Decimal | float | int | None, currency: str, language: str) -> str:
    """1234.5, "EUR": en "€1,234.50", de "1.234,50 €", ko "€1,234.50"; KRW in Korean is
    "1,235원". Whole amounts drop their cents ("€1,200"); no amount is "—"."""
    if amount is None:
        return "—"
    value = Decimal(str(amount))
    symbol, decimals = CURRENCIES.get(currency, (currency, 2))
    if value == value.to_integral_value():
        decimals = 0
    language = (language or "en").split("-")[0]
    digits = _digits(value, decimals, language)
    sign = "-" if value < 0 and digits.strip("0.,") else ""
    if language == "ko" and currency == "KRW":
        return f"{sign}{digits}원"
    if language == "de":
        return f"{sign}{digits}\u00a0{symbol}"
    separator = "\u00a0" if symbol.isalpha() else ""  # "CHF 1,200" but "€1,200"
    return f"{sign}{symbol}{separator}{digits}"
