"""Benchmark: generate a 1,000,000-row orders file and import it, as `make bench` does.

The import runs in a child process (`manage.py import_orders`) against a fresh SQLite
database, so its wall time and peak memory are measured alone. Prints a table.
"""

import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

ROWS = int(os.environ.get("BENCH_ROWS", "1000000"))
CUSTOMERS = int(os.environ.get("BENCH_CUSTOMERS", "200000"))


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def main() -> None:
    import django

    django.setup()
    from lifecycle.demo import generate_orders

    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3"}
        manage("migrate", "--noinput", "-v0", env=env)
        manage("loaddata", "lifecycle", "-v0", env=env)
        manage(
            "shell",
            "-c",
            "from organizations.models import Organization;"
            "Organization.objects.create(name='Bench', slug='bench')",
            env=env,
        )
        started = time.perf_counter()
        orders = generate_orders(rows=ROWS, customers=CUSTOMERS)
        path = Path(folder) / "orders.csv"
        orders.to_csv(path, index=False)
        generated = time.perf_counter() - started
        size = path.stat().st_size / 2**20
        del orders

        started = time.perf_counter()
        manage("import_orders", "--org", "bench", str(path), env=env)
        wall = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB -> MiB

    machine = f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
    met = "met" if wall <= 15 and peak <= 2048 else "NOT met"
    print()
    print(f"Orders import benchmark ({machine})")
    print("| measure | value |")
    print("| --- | --- |")
    print(f"| orders (rows) | {ROWS:,} |")
    print(f"| customers drawn | {CUSTOMERS:,} |")
    print(f"| file size | {size:.0f} MB |")
    print(f"| generating the file | {generated:.1f} s |")
    print(f"| import wall time (read, check, derive, write) | {wall:.1f} s |")
    print(f"| import peak memory (RSS) | {peak:.0f} MB |")
    print(f"| goal: at most 15 s and 2048 MB | {met} |")


if __name__ == "__main__":
    main()
