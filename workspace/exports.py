"""Tables as CSV or XLSX downloads, safe against formula injection."""

import io
from typing import Any

import pandas as pd
from django.http import HttpResponse

from assessments.comparison import neutralize

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_response(records: list[dict[str, Any]], *, name: str, fmt: str) -> HttpResponse:
    """Rows as `name`.csv or `name`.xlsx; cells starting with = + - @ are neutralized."""
    # pandas writes both formats; the pages hand over plain rows.
    safe = neutralize(pd.DataFrame.from_records(records))
    if fmt == "xlsx":
        buffer = io.BytesIO()
        safe.to_excel(buffer, index=False, sheet_name=name[:31], engine="openpyxl")
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    else:
        response = HttpResponse(
            safe.to_csv(index=False, encoding="utf-8"), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
