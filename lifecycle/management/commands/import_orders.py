from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lifecycle.models import OrdersImport
from lifecycle.services import orders_import_process
from organizations.models import Organization


class Command(BaseCommand):
    help = "Import an orders file (CSV or XLSX, SPEC.md 3.1) for an organization."
    # The checks import every view (plotly, openpyxl, DRF): a fifth of a small import.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organization slug")
        parser.add_argument("file")
        parser.add_argument("--as-of", type=date.fromisoformat, help="YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        organization = Organization.objects.filter(slug=options["org"]).first()
        if organization is None:
            raise CommandError(f"No organization {options['org']!r}.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        orders_import = OrdersImport.objects.create(
            organization=organization, filename=path.name, as_of=options["as_of"]
        )
        # The command is the worker here: process in the foreground whatever the size.
        with path.open("rb") as source:
            done = orders_import_process(orders_import=orders_import, source=source)
        if done.status != OrdersImport.Status.DONE:
            message = done.error
            done.delete()
            raise CommandError(f"{path.name} refused, nothing was kept:\n{message}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {done.rows} orders of {done.customer_count} customers "
                f"as of {done.as_of} (import {done.pk})."
            )
        )
