import pytest
from django.core.management import call_command


@pytest.fixture
def reference(db: None) -> None:
    call_command("loaddata", "lifecycle", verbosity=0)
