"""`import_orders` starts lean: it skips the system checks (which import every view, plotly
and DRF with them) and nothing it loads imports plotly; openpyxl is loaded by the orders
reader only for a workbook."""

import os
import subprocess
import sys
from pathlib import Path

from lifecycle import orders_file
from lifecycle.management.commands.import_orders import Command

ROOT = Path(__file__).resolve().parents[2]

LOADED = """
import sys
import django
django.setup()
from lifecycle.management.commands import import_orders
from lifecycle import services
names = ("plotly", "rest_framework.views", "openpyxl")
print(" ".join(sorted(name for name in names if name in sys.modules)))
"""


def test_the_command_skips_the_system_checks() -> None:
    assert Command.requires_system_checks == []


def test_the_command_and_the_import_service_load_no_plotly_and_no_openpyxl() -> None:
    # openpyxl: the admin (loaded by django.setup) imports maturity.spreadsheet, which must
    # import it only when a workbook is made or read.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    run = subprocess.run(
        [sys.executable, "-c", LOADED], cwd=ROOT, env=env, capture_output=True, text=True
    )

    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == ""


def test_the_orders_reader_imports_openpyxl_only_to_read_a_workbook() -> None:
    assert "openpyxl" not in vars(orders_file)
