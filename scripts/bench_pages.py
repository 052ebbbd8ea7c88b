"""Benchmark the pages, as `make bench` does: CPU time per request over a floor, query counts
at 10 and 100 clients, and the weight of a cold result page.

The world is built with the project's own services on a fresh SQLite database: one
consultant, N client organizations (`client_create`), each with a marketer and 3 submitted
assessments (answered as `load_demo_data` answers, submitted with `assessment_submit`), and
on the first client a 69,659-order CDNOW-style file imported with `import_orders` (the file
`bench_orders_import.py` generates). The floor is a view returning HttpResponse("ok") with
a logged-in user through the same middleware; it lives only in this script's own URLconf.

Each round requests every page and the floor once, interleaved, in this one process with
Django's test Client; the CPU time (time.process_time) of each request is kept and the
table shows medians and their ratio to the floor's median. Caches are on (local memory, as
a default deployment), warmed by the first round, which is not counted.
"""

import argparse
import gzip
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

CDNOW_ROWS, CDNOW_CUSTOMERS = 69_659, 23_570
GOALS = {
    "result": 3,
    "roadmap": 8,
    "compare (50 of 100)": 15,
    "compare XLSX export": 15,
    "portfolio": 8,
    "clients": 8,
    "lifecycle dashboard": 8,
}
WEIGHT_GOAL_BYTES = 1_500_000


def floor(request):  # type: ignore[no-untyped-def]
    from django.http import HttpResponse

    return HttpResponse("ok")


def urlpatterns_with_floor() -> list:  # type: ignore[type-arg]
    from django.contrib.auth.decorators import login_required
    from django.urls import path

    from config.urls import urlpatterns

    return [path("bench/floor/", login_required(floor)), *urlpatterns]


# This script is the bench's URLconf: the production one plus the floor.
urlpatterns: list = []  # type: ignore[type-arg]


@dataclass
class World:
    consultant: object
    marketer: object
    organizations: list
    assessments: list  # every submitted assessment, oldest client first


def setup_django(folder: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["ENV_FILE"] = str(folder / "no.env")
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "k" * 50)
    os.environ.setdefault("CUSTOMER_ID_KEY", "bench-only-customer-" + "c" * 50)
    os.environ["DEBUG"] = "0"
    os.environ["STATIC_MANIFEST"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["AXES_ENABLED"] = "0"
    os.environ["ORDERS_MAX_ROWS"] = "2000000"
    os.environ["ORDERS_MAX_MB"] = "4096"
    import django

    django.setup()
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ROOT_URLCONF = __name__
    globals()["urlpatterns"] = urlpatterns_with_floor()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("loaddata", "questionnaire", "lifecycle", verbosity=0)
    call_command("load_question_bank", verbosity=0)


def add_clients(world: World | None, count: int) -> World:
    """`count` more client organizations, each with a marketer and 3 submitted assessments."""
    from django.contrib.auth.models import User
    from django.db import transaction

    from assessments import demo
    from assessments.models import Assessment
    from assessments.services import assessment_start, assessment_submit
    from maturity.models import Questionnaire
    from organizations.models import Membership
    from organizations.services import client_create

    if world is None:
        consultant = User.objects.create_user("bench-consultant", password="bench")
        world = World(consultant, None, [], [])
    latest = Questionnaire.objects.latest_published()
    assert latest is not None
    questions = demo._questions(latest)
    profiles = list(demo.PROFILES)
    start = len(world.organizations)
    for n in range(start, start + count):
        with transaction.atomic():
            organization = client_create(consultant=world.consultant, name=f"Client {n:04d}")
            marketer = User.objects.create_user(f"marketer{n}", password="bench")
            Membership.objects.create(
                user=marketer, organization=organization, role=Membership.Role.MARKETER
            )
            for number, days_ago in enumerate((400, 200, 20)):
                assessment = assessment_start(organization=organization, user=marketer)
                # each client its profile; earlier assessments a step lower, as the demo does
                demo._answer_all(
                    assessment, profiles[n % len(profiles)], questions, earlier=number < 2
                )
                assessment_submit(assessment=assessment, user=marketer)
                demo._backdate(assessment, days_ago + n % 17)
        world.organizations.append(organization)
        if world.marketer is None:
            world.marketer = marketer
    world.assessments = list(
        Assessment.objects.submitted().order_by("organization__name", "submitted_at", "pk")
    )
    return world


def import_cdnow(folder: Path, slug: str) -> None:
    from bench_orders_import import write_orders
    from django.core.management import call_command

    path = folder / "cdnow.csv"
    write_orders(path, rows=CDNOW_ROWS, customers=CDNOW_CUSTOMERS)
    call_command("import_orders", "--org", slug, str(path), verbosity=0)


def pages(world: World) -> dict[str, tuple[str, str]]:
    """Page name -> (who asks, URL)."""
    first = world.organizations[0]
    mine = [a for a in world.assessments if a.organization_id == first.pk][-1]
    latest = {}
    for assessment in world.assessments:
        latest[assessment.organization_id] = assessment.pk
    fifty = ",".join(str(pk) for pk in list(latest.values())[:50])
    return {
        "result": ("marketer", f"/assessments/{mine.pk}/result/"),
        "roadmap": ("marketer", f"/assessments/{mine.pk}/roadmap/"),
        "compare (50 of 100)": ("consultant", f"/compare/?a={fifty}"),
        "compare XLSX export": ("consultant", f"/compare/export.xlsx?a={fifty}"),
        "portfolio": ("consultant", "/portfolio/"),
        "clients": ("consultant", "/clients/"),
        "lifecycle dashboard": ("consultant", f"/organizations/{first.slug}/lifecycle/"),
    }


def clients_for(world: World) -> dict[str, object]:
    from django.test import Client

    consultant, marketer = Client(), Client()
    consultant.force_login(world.consultant)
    marketer.force_login(world.marketer)
    return {"consultant": consultant, "marketer": marketer}


def targets_of(world: World, only: list[str] | None) -> dict[str, tuple[str, str]]:
    """The pages to measure (`only`: some of them) and the floor."""
    chosen = {name: page for name, page in pages(world).items() if not only or name in only}
    return {**chosen, "floor": ("marketer", "/bench/floor/")}


def query_counts(world: World, only: list[str] | None = None) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    clients = clients_for(world)
    counts = {}
    for name, (who, url) in targets_of(world, only).items():
        clients[who].get(url)  # warm, as the timed rounds are
        with CaptureQueriesContext(connection) as context:
            response = clients[who].get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(context)
    return counts


def cpu_times(world: World, rounds: int, only: list[str] | None = None) -> dict[str, list[float]]:
    clients = clients_for(world)
    targets = targets_of(world, only)
    times: dict[str, list[float]] = {name: [] for name in targets}
    for number in range(rounds + 1):
        for name, (who, url) in targets.items():
            started = time.process_time()
            response = clients[who].get(url)
            spent = time.process_time() - started
            assert response.status_code == 200, (name, response.status_code)
            if number:  # the first round warms caches and imports
                times[name].append(spent)
    return times


# Pages served whole from the cache (core.page_cache); the bench also times their first view
# after a change (a new submission, a renamed client), when the page is rendered again.
WHOLE_PAGES = ["result", "compare (50 of 100)", "portfolio"]


class WithoutPages:
    """The cache, but for whole pages, which it never has: their first view after a change."""

    def __init__(self, cache: object) -> None:
        self.cache = cache

    def get(self, key: str, *args: object, **kwargs: object) -> object:
        if key.startswith("page:"):
            return None
        return self.cache.get(key, *args, **kwargs)  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self.cache, name)


def uncached_times(world: World, rounds: int, only: list[str] | None) -> dict[str, list[float]]:
    from core import page_cache

    chosen = [page for page in WHOLE_PAGES if not only or page in only]
    if not chosen:
        return {}
    shared = page_cache.cache
    page_cache.cache = WithoutPages(shared)  # type: ignore[assignment]
    try:
        return cpu_times(world, rounds, chosen)
    finally:
        page_cache.cache = shared


def page_weight(world: World) -> tuple[int, int, list[tuple[str, int]]]:
    """Bytes of a cold result page (gzip) and of the static files it names (gzip, level 9
    as WhiteNoise writes them): (html, total, [(file, bytes)])."""
    from django.contrib.staticfiles import finders

    client = clients_for(world)["marketer"]
    url = pages(world)["result"][1]
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    html = gzip.decompress(response.content).decode()
    files = []
    for name in re.findall(r'(?:href|src)="/static/([^"]+)"', html):
        found = finders.find(name)
        if found and not name.endswith((".svg", ".ico")):
            data = Path(found).read_bytes()
            size = len(data) if name.endswith(".woff2") else len(gzip.compress(data, 9))
            files.append((name, size))
    return len(response.content), len(response.content) + sum(s for _, s in files), files


def machine() -> str:
    cores = os.cpu_count()
    memory = ""
    try:
        total = next(
            line for line in Path("/proc/meminfo").read_text().splitlines() if "MemTotal" in line
        )
        memory = f", {round(int(total.split()[1]) / 2**20)} GiB"
    except (OSError, StopIteration):
        pass
    return f"{cores} cores, {platform.machine()}{memory}, Python {platform.python_version()}"


def commit() -> str:
    found = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return found.stdout.strip() or "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument(
        "--pages",
        type=lambda names: [name.strip() for name in names.split(",")],
        help=f"only these pages (and the floor), comma-separated, of: {', '.join(GOALS)}",
    )
    args = parser.parse_args()
    unknown = set(args.pages or ()) - set(GOALS)
    if unknown:
        parser.error(f"no such page: {', '.join(sorted(unknown))}")

    with tempfile.TemporaryDirectory(prefix="bench-pages-") as name:
        folder = Path(name)
        started = time.perf_counter()
        setup_django(folder)
        world = add_clients(None, 10)
        import_cdnow(folder, world.organizations[0].slug)
        at_ten = query_counts(world, args.pages)
        world = add_clients(world, args.clients - 10)
        built = time.perf_counter() - started
        at_all = query_counts(world, args.pages)
        times = cpu_times(world, args.rounds, args.pages)
        uncached = uncached_times(world, args.rounds, args.pages)
        html, total, files = page_weight(world)

    floor_median = statistics.median(times["floor"])
    print(
        f"Pages: {args.clients} clients x 3 submitted assessments, {CDNOW_ROWS:,} orders; "
        f"{args.rounds} interleaved rounds, CPU medians; {machine()}; load "
        f"{os.getloadavg()[0]:.1f}; commit {commit()}; world built in {built:.0f} s"
    )
    print()
    print(f"| page | CPU ms | x floor | goal | queries at 10 | queries at {args.clients} |")
    print("| --- | --- | --- | --- | --- | --- |")
    for page, goal in GOALS.items():
        if page not in times:
            continue
        median = statistics.median(times[page])
        ratio = median / floor_median
        mark = "met" if ratio <= goal else "NOT met"
        print(
            f"| {page} | {1000 * median:.1f} | {ratio:.1f}x | ≤ {goal}x ({mark}) | "
            f"{at_ten[page]} | {at_all[page]} |"
        )
    print(
        f"| floor (HttpResponse('ok')) | {1000 * floor_median:.2f} | 1x | | "
        f"{at_ten['floor']} | {at_all['floor']} |"
    )
    if uncached:
        # the floor of the same rounds, so that the ratio is of one run
        floor_again = statistics.median(uncached["floor"])
        print()
        print("Served whole from the cache; their first view after a change (rendered):")
        print()
        print("| page | CPU ms | x floor |")
        print("| --- | --- | --- |")
        for page, spent in uncached.items():
            if page != "floor":
                median = statistics.median(spent)
                print(f"| {page} | {1000 * median:.1f} | {median / floor_again:.1f}x |")
    print()
    mark = "met" if total <= WEIGHT_GOAL_BYTES else "NOT met"
    print(
        f"Cold result page: {total / 1e6:.2f} MB gzip in {len(files) + 1} files "
        f"(goal ≤ {WEIGHT_GOAL_BYTES / 1e6:.1f} MB: {mark}); HTML {html / 1e3:.1f} kB"
    )
    for file, size in sorted(files, key=lambda item: -item[1]):
        print(f"  {file}: {size / 1e3:.1f} kB")


if __name__ == "__main__":
    main()
