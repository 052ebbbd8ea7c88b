from django.tasks import task

from lifecycle.models import OrdersImport
from lifecycle.services import orders_import_process


@task
def process_orders_import(orders_import_id: int) -> None:
    """Run a large orders import in the worker, then drop the uploaded file."""
    orders_import = OrdersImport.objects.get(pk=orders_import_id)
    with orders_import.upload.open("rb") as upload:
        data = upload.read()
    try:
        orders_import_process(orders_import=orders_import, data=data)
    finally:
        orders_import.upload.delete(save=False)
        OrdersImport.objects.filter(pk=orders_import_id).update(upload="")
