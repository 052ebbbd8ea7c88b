from django.tasks import task
from django.utils import translation

from lifecycle.services import orders_import_run


@task
def process_orders_import(orders_import_id: int, language: str | None = None) -> None:
    """Run a large orders import in the worker, in the uploader's language."""
    with translation.override(language):
        orders_import_run(orders_import_id=orders_import_id)
