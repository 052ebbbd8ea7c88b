"""Tables as CSV or XLSX downloads, safe against formula injection."""

import io

import pandas as pd
from django.http import HttpResponse

from assessments.comparison import neutralize

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_response(frame: pd.DataFrame, *, name: str, fmt: str) -> HttpResponse:
    """`frame` as `name`.csv or `name`.xlsx; cells starting with = + - @ are neutralized."""
    safe = neutralize(frame)
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
