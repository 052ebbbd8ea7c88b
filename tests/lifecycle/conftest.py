from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture
def reference(db: None) -> None:
    call_command("loaddata", "lifecycle", verbosity=0)


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts and ends with nothing cached (ids repeat from one test to the next)."""
    cache.clear()
    yield
    cache.clear()
