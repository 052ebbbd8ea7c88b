import csv
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lifecycle.models import Customer, OrdersImport

COLUMNS = [
    "customer_hash",
    "first_order",
    "last_order",
    "orders",
    "revenue",
    "recency_days",
    "category",
    "r",
    "f",
    "m",
    "segment",
]


class Command(BaseCommand):
    help = "Write the customer table of an organization's latest import as CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organization slug")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        latest = (
            OrdersImport.objects.filter(
                organization__slug=options["org"], status=OrdersImport.Status.DONE
            )
            .order_by("-created_at")
            .first()
        )
        if latest is None:
            raise CommandError(f"No finished orders import for {options['org']!r}.")
        rows = (
            Customer.objects.filter(orders_import=latest)
            .order_by("customer_hash")
            .values_list(*COLUMNS[:-1], "segment__name_en")
            .iterator(chunk_size=10000)
        )
        if options["output"]:
            with open(options["output"], "w", newline="", encoding="utf-8") as target:
                self._write(target, rows)
        else:
            self._write(sys.stdout, rows)

    def _write(self, target: Any, rows: Any) -> None:
        writer = csv.writer(target)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
