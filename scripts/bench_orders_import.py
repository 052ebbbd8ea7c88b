"""Benchmark the orders import, as `make bench` does: the CDNOW-sized file against lifetimes,
then 1,000,000 orders and, with --10m, 10,000,000.

Every measured process is a child (`manage.py import_orders` against a fresh SQLite database,
or the reference), so its CPU time and peak memory (RSS) are its own (os.wait4). This
process stays small (it neither imports pandas nor builds the files, a child does): Linux
counts in a child's peak RSS what its parent had resident when it started it.

The reference for the CDNOW-sized file (69,659 orders of 23,570 customers over 18 months,
generated here like the CDNOW master file: customer_id, order_date, amount) is a process
that imports pandas and lifetimes, reads the CSV and computes
`summary_data_from_transaction_data`. lifetimes runs from its own venv ($LIFETIMES_PYTHON,
default /tmp/lifetimes-venv/bin/python, which `make bench` creates); without it, the same
summary written in pandas (frequency, recency, T, monetary as lifetimes defines them) is the
reference, and the table says so.

    python scripts/bench_orders_import.py [--10m]
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

ROWS = int(os.environ.get("BENCH_ROWS", "1000000"))
CUSTOMERS = int(os.environ.get("BENCH_CUSTOMERS", "200000"))
LIFETIMES_PYTHON = os.environ.get("LIFETIMES_PYTHON", "/tmp/lifetimes-venv/bin/python")
CDNOW_ROWS, CDNOW_CUSTOMERS = 69_659, 23_570
BIG_ROWS, BIG_CUSTOMERS = 10_000_000, 2_000_000
REPEATS = 5
PEAK_GOAL_MB = 2048

LIFETIMES = """
import sys
import pandas as pd
from lifetimes.utils import summary_data_from_transaction_data
orders = pd.read_csv(sys.argv[1])
summary = summary_data_from_transaction_data(
    orders, "customer_id", "order_date", monetary_value_col="amount"
)
print(len(summary))
"""

# lifetimes' definitions: per customer, over days (freq "D") up to the last order in the
# file; frequency = repeat purchase days (days with an order, minus the first); recency =
# days from the first to the last purchase day; T = days from the first purchase to the end;
# monetary = mean of the repeat purchase days' totals (0 without a repeat).
PANDAS_SUMMARY = """
import sys
import pandas as pd
orders = pd.read_csv(sys.argv[1])
orders["day"] = pd.to_datetime(orders["order_date"]).dt.to_period("D")
days = orders.groupby(["customer_id", "day"], sort=False)["amount"].sum().reset_index()
end = days["day"].max()
grouped = days.groupby("customer_id")
first, last = grouped["day"].min(), grouped["day"].max()
summary = pd.DataFrame({
    "frequency": grouped.size() - 1,
    "recency": (last - first).map(lambda offset: offset.n),
    "T": (end - first).map(lambda offset: offset.n),
})
first_total = days.sort_values("day").groupby("customer_id")["amount"].first()
repeat_total = grouped["amount"].sum() - first_total
summary["monetary_value"] = (repeat_total / summary["frequency"]).where(summary["frequency"] > 0, 0)
print(len(summary))
"""


@dataclass(frozen=True)
class Run:
    cpu: float  # user + system seconds
    wall: float
    peak_mb: float


def child(args: list[str], env: dict[str, str] | None = None) -> Run:
    """Run a process to its end: its own CPU time, wall time and peak RSS."""
    started = time.perf_counter()
    process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(args[:3])} failed ({process.returncode})")
    return Run(
        usage.ru_utime + usage.ru_stime, time.perf_counter() - started, usage.ru_maxrss / 1024
    )


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def import_run(path: Path, env: dict[str, str]) -> Run:
    return child([sys.executable, "manage.py", "import_orders", "--org", "bench", str(path)], env)


def write_orders(
    path: Path,
    *,
    rows: int,
    customers: int,
    columns: list[str] | None = None,
    start: str = "2025-01-01",
) -> None:
    """Generated orders (lifecycle.demo), in a child process, a million rows at a time, so
    that the file can be larger than memory allows to build at once."""
    args = [str(path), str(rows), str(customers), start, ",".join(columns or [])]
    subprocess.run([sys.executable, __file__, "--write", *args], cwd=ROOT, check=True)


def _write_orders(path: Path, rows: int, customers: int, start: str, columns: list[str]) -> None:
    import django

    django.setup()
    from lifecycle.demo import generate_orders

    block = 1_000_000
    with path.open("w", encoding="utf-8") as out:
        for number, first in enumerate(range(0, rows, block)):
            orders = generate_orders(
                rows=min(block, rows - first), customers=customers, start=start, seed=7 + number
            )
            if columns:
                orders = orders[columns]
            orders.to_csv(out, index=False, header=number == 0)


def reference() -> tuple[str, str, list[str]]:
    """The reference process: lifetimes if it runs, else its summary in pandas."""
    if Path(LIFETIMES_PYTHON).exists():
        check = subprocess.run(
            [LIFETIMES_PYTHON, "-c", "import lifetimes"], capture_output=True, check=False
        )
        if check.returncode == 0:
            return (
                "lifetimes summary_data_from_transaction_data",
                LIFETIMES_PYTHON,
                ["-c", LIFETIMES],
            )
    return (
        "the same summary in pandas (lifetimes not installed)",
        sys.executable,
        [
            "-c",
            PANDAS_SUMMARY,
        ],
    )


def fresh_database(folder: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
        # the benchmark files are larger than an upload may be; the command takes them
        "ORDERS_MAX_MB": "4096",
        "ORDERS_MAX_ROWS": str(BIG_ROWS),
    }
    manage("migrate", "--noinput", "-v0", env=env)
    manage("loaddata", "lifecycle", "-v0", env=env)
    manage(
        "shell",
        "-c",
        "from organizations.models import Organization;"
        "Organization.objects.create(name='Bench', slug='bench')",
        env=env,
    )
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--10m", dest="big", action="store_true", help="also import 10,000,000 orders (~10 min)"
    )
    parser.add_argument("--write", nargs=5, help=argparse.SUPPRESS)  # the generating child
    options = parser.parse_args()
    if options.write:
        path, count, customers, start, columns = options.write
        _write_orders(
            Path(path), int(count), int(customers), start, [c for c in columns.split(",") if c]
        )
        return

    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        env = fresh_database(folder)

        # CDNOW-sized file against the reference, interleaved, medians
        cdnow = Path(folder) / "cdnow.csv"
        write_orders(
            cdnow,
            rows=CDNOW_ROWS,
            customers=CDNOW_CUSTOMERS,
            columns=["customer_id", "order_date", "amount"],
            start="1997-01-01",
        )
        name, python, code = reference()
        ours, theirs = [], []
        for _ in range(REPEATS):
            ours.append(import_run(cdnow, env))
            theirs.append(child([python, *code, str(cdnow)]))
        our_cpu = statistics.median(r.cpu for r in ours)
        their_cpu = statistics.median(r.cpu for r in theirs)
        rows += [
            (f"CDNOW-sized file ({CDNOW_ROWS:,} orders): import_orders CPU", f"{our_cpu:.2f} s"),
            (f"reference: {name}, CPU", f"{their_cpu:.2f} s"),
            (
                "goal: import CPU at most the reference's",
                f"{'met' if our_cpu <= their_cpu else 'NOT met'} ({our_cpu / their_cpu:.2f} times, "
                f"medians of {REPEATS}, whole processes)",
            ),
        ]

        sizes = [(ROWS, CUSTOMERS)] + ([(BIG_ROWS, BIG_CUSTOMERS)] if options.big else [])
        for count, customers in sizes:
            path = Path(folder) / f"orders-{count}.csv"
            started = time.perf_counter()
            write_orders(path, rows=count, customers=customers)
            generated = time.perf_counter() - started
            size = path.stat().st_size / 2**20
            run = import_run(path, env)
            path.unlink()
            met = "met" if run.peak_mb <= PEAK_GOAL_MB else "NOT met"
            rows += [
                (
                    f"{count:,} orders of up to {customers:,} customers ({size:.0f} MB, "
                    f"generated in {generated:.0f} s)",
                    f"{run.wall:.1f} s wall, {run.cpu:.1f} s CPU",
                ),
                (f"{count:,} orders: import peak memory (RSS)", f"{run.peak_mb:.0f} MB ({met})"),
            ]
        if not options.big:
            rows.append(
                ("10,000,000 orders", "not run (python scripts/bench_orders_import.py --10m)")
            )

    machine = f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
    print()
    print(f"Orders import benchmark ({machine}; peak memory goal {PEAK_GOAL_MB} MB)")
    print("| measure | value |")
    print("| --- | --- |")
    for measure, value in rows:
        print(f"| {measure} | {value} |")


if __name__ == "__main__":
    main()
