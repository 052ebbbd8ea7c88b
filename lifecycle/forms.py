import csv
import io
from datetime import date
from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lifecycle.models import FIGURE_FIELDS, MONEY_FIGURES, PeriodFigures
from lifecycle.uploads import TOO_LARGE, megabytes

BAD_MONTH = _("Write the month as YYYY-MM, e.g. 2026-03.")
# Header names of tables pasted before the figures were renamed.
OLD_HEADERS = {"repeat_customers": "returning_customers", "sessions": "visitors"}


def parse_month(value: str) -> date:
    year, month = value.strip()[:7].split("-")
    return date(int(year), int(month), 1)


class PeriodFiguresForm(forms.ModelForm[PeriodFigures]):
    month = forms.CharField(
        label=_("Month"), widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-03"})
    )

    class Meta:
        model = PeriodFigures
        fields = ["month", *FIGURE_FIELDS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_month(self) -> date:
        try:
            return parse_month(self.cleaned_data["month"])
        except ValueError as exc:
            raise forms.ValidationError(BAD_MONTH) from exc

    def validate_unique(self) -> None:
        # The service updates the month's row if there is one.
        pass


class FiguresPasteForm(forms.Form):
    table = forms.CharField(
        label=_("Paste a table"),
        widget=forms.Textarea(attrs={"rows": 6, "class": "font-monospace"}),
        help_text=_(
            "One row per month with a header row, from a spreadsheet (tabs) or CSV: month and "
            "any of visitors (sessions), impressions, orders, new_customers, active_customers, "
            "returning_customers, advocates, referred_orders, nurtured_customers, "
            "customers_12m, repeat_customers_12m, revenue_12m, acquisition_spend. An empty "
            "cell is a missing figure, not zero."
        ),
    )

    def clean_table(self) -> list[dict[str, Any]]:
        text = self.cleaned_data["table"].strip()
        try:
            dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters="\t,;")
        except csv.Error:
            dialect = csv.excel_tab
        reader = csv.DictReader(io.StringIO(text), dialect=dialect)
        names = [f.strip().lower().replace(" ", "_") for f in reader.fieldnames or []]
        reader.fieldnames = [OLD_HEADERS.get(name, name) for name in names]
        unknown = [f for f in reader.fieldnames if f not in ["month", *FIGURE_FIELDS]]
        if "month" not in reader.fieldnames or unknown:
            raise forms.ValidationError(
                _("The header needs a “month” column and known figures only; unknown: %(u)s")
                % {"u": ", ".join(unknown) or "—"}
            )
        rows, problems = [], []
        for line, raw in enumerate(reader, start=2):
            try:
                row: dict[str, Any] = {"month": parse_month(raw["month"] or "")}
                for name in FIGURE_FIELDS:
                    value = (raw.get(name) or "").strip().replace(" ", "")
                    row[name] = (
                        None
                        if value == ""
                        else (
                            float(value.replace(",", ".")) if name in MONEY_FIGURES else int(value)
                        )
                    )
                    if row[name] is not None and row[name] < 0:
                        raise ValueError
                rows.append(row)
            except (ValueError, AttributeError):
                problems.append(str(line))
        if problems:
            raise forms.ValidationError(
                ngettext(
                    "Line %(lines)s: a month as YYYY-MM and numbers of 0 or more, please.",
                    "Lines %(lines)s: a month as YYYY-MM and numbers of 0 or more, please.",
                    len(problems),
                )
                % {"lines": ", ".join(problems)}
            )
        if not rows:
            raise forms.ValidationError(_("The table has no rows."))
        return rows


class OrdersUploadForm(forms.Form):
    """too_large: the upload handler stopped the file while it streamed, so it is missing."""

    file = forms.FileField(
        label=_("Orders file (CSV or XLSX)"),
        help_text=_(
            "One row per order with the columns customer_id, order_date and amount; "
            "optionally order_id, referred_by and channel."
        ),
    )
    as_of = forms.DateField(
        label=_("As of"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Recency is counted up to this day (default: the last order in the file)."),
    )

    def __init__(self, *args: Any, too_large: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if too_large:
            self.fields["file"].error_messages["required"] = too_large_message()

    def clean_file(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        assert upload.size is not None  # FileField refuses a file without a size
        if upload.size > settings.ORDERS_MAX_BYTES:
            raise forms.ValidationError(too_large_message())
        return upload


def too_large_message() -> str:
    return str(TOO_LARGE % {"limit": megabytes(settings.ORDERS_MAX_BYTES)})
