"""Existing imports under the new rules: F from the fixed order-count bins (and the segment
of the new code), and no cohort months stored as 0 % before they happened."""

from django.db import migrations

# SPEC.md 3.1, the same as fixtures/lifecycle.json and lifecycle.analysis.SPEC_FREQUENCY_BINS
BINS = [(1, 1), (2, 2), (3, 3), (4, 4), (6, 5)]


def forwards(apps, schema_editor):
    FrequencyBin = apps.get_model("lifecycle", "FrequencyBin")
    Customer = apps.get_model("lifecycle", "Customer")
    RfmCode = apps.get_model("lifecycle", "RfmCode")
    CohortShare = apps.get_model("lifecycle", "CohortShare")
    OrdersImport = apps.get_model("lifecycle", "OrdersImport")

    if not FrequencyBin.objects.exists():
        FrequencyBin.objects.bulk_create(
            FrequencyBin(pk=pk, min_orders=start, score=score)
            for pk, (start, score) in enumerate(BINS, start=1)
        )
    bins = list(FrequencyBin.objects.order_by("min_orders").values_list("min_orders", "score"))
    if Customer.objects.exists():
        for (start, score), following in zip(bins, [*bins[1:], (None, None)], strict=True):
            customers = Customer.objects.filter(orders__gte=start)
            if following[0] is not None:
                customers = customers.filter(orders__lt=following[0])
            customers.update(f=score)
        for code in RfmCode.objects.all():
            r, f, m = (int(digit) for digit in code.code)
            Customer.objects.filter(r=r, f=f, m=m).update(segment_id=code.segment_id)

    for orders_import in OrdersImport.objects.exclude(as_of=None).only("pk", "as_of"):
        last = orders_import.as_of.year * 12 + orders_import.as_of.month - 1
        future = [
            share.pk
            for share in CohortShare.objects.filter(orders_import=orders_import).only(
                "pk", "cohort", "offset"
            )
            if share.cohort.year * 12 + share.cohort.month - 1 + share.offset > last
        ]
        CohortShare.objects.filter(pk__in=future).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("lifecycle", "0003_rates_as_benchmarks_define_them"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
