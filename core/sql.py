"""Small plain SQL statements for what every page reads: written once from a model's table
and columns, their values converted as the ORM converts them (a few hundredths of a
millisecond, where the ORM takes a few tenths to build the same statement)."""

from typing import Any

from django.db import connection, models
from django.db.models.expressions import Col


def quoted(model: type[models.Model], name: str | None = None) -> str:
    """The model's table, or one of its fields' column, quoted for this database."""
    meta: Any = model._meta
    if name is None:
        return str(connection.ops.quote_name(meta.db_table))
    return str(connection.ops.quote_name(meta.get_field(name).column))


def from_db(model: type[models.Model], name: str, value: Any) -> Any:
    """A value read by plain SQL from the model's field `name`, as the ORM would give it (a
    datetime from SQLite's text, aware in UTC)."""
    meta: Any = model._meta
    column = Col(meta.db_table, meta.get_field(name))
    for converter in connection.ops.get_db_converters(column):
        value = converter(value, column, connection)
    return value
