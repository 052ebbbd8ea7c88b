from typing import Any

from django.core.management.base import BaseCommand

from lifecycle.services import orders_imports_fail_stale


class Command(BaseCommand):
    help = (
        "Mark failed the orders imports whose worker has shown no sign of life for "
        "ORDERS_STALE_MINUTES (running) or ORDERS_PENDING_STALE_MINUTES (waiting), "
        "and delete their uploaded files."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        failed = orders_imports_fail_stale()
        for orders_import in failed:
            self.stdout.write(f"Import {orders_import.pk} ({orders_import.filename}): failed.")
        self.stdout.write(self.style.SUCCESS(f"{len(failed)} stale import(s) marked failed."))
