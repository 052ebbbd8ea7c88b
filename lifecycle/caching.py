"""The version of the lifecycle reference data (benchmarks, stages and their channels, RFM
segments and codes, frequency bins, dormancy thresholds), which names what the dashboard
caches: any change to that data, in the admin or by loaddata, gives a new version, so
entries cached under the old one are never read again (invalidation by key, not search).

A version lives at most REFERENCE_SECONDS: with the default cache each process keeps its own
memory, so an edit made in one process reaches the others when their version runs out (at
once with Redis, which they share)."""

from typing import Any
from uuid import uuid4

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

from lifecycle.models import (
    Benchmark,
    Channel,
    DormancyThreshold,
    FrequencyBin,
    LifecycleStage,
    RfmCode,
    RfmSegment,
)

REFERENCE_KEY = "lifecycle:reference-version"
REFERENCE_SECONDS = 60
REFERENCE_MODELS = (
    Benchmark,
    Channel,
    DormancyThreshold,
    FrequencyBin,
    LifecycleStage,
    RfmCode,
    RfmSegment,
)


def reference_version() -> str:
    """The current version; a new one when the cache has none (first use, or evicted)."""
    version = cache.get(REFERENCE_KEY)
    if version is None:
        cache.add(REFERENCE_KEY, uuid4().hex, REFERENCE_SECONDS)
        version = cache.get(REFERENCE_KEY) or uuid4().hex  # a dummy cache keeps nothing
    return str(version)


def reference_changed(**kwargs: Any) -> None:
    cache.set(REFERENCE_KEY, uuid4().hex, REFERENCE_SECONDS)


def connect() -> None:
    """Called once, when the app is ready."""
    for model in REFERENCE_MODELS:
        uid = f"lifecycle-reference-{model._meta.model_name}"
        post_save.connect(reference_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(reference_changed, sender=model, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(
        reference_changed,
        sender=LifecycleStage.channels.through,
        dispatch_uid="lifecycle-reference-stage-channels",
    )
