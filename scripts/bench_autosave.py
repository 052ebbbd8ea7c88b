"""Load benchmark: many respondents answering at once over real HTTP, as `make bench` runs it.

Each scenario starts gunicorn (config/gunicorn.py) on a free port of 127.0.0.1 against a
throw-away database: a SQLite file in a temporary folder, or a PostgreSQL database
`bench_autosave_<pid>_<scenario>` (copied from one migrated with the fixtures loaded, once
per run) that is dropped afterwards. It creates N users, each with an organization and a
draft assessment. N respondents (threads) then log in through the login page and go through
the element pages in order, answering every question of a page in random order (a quarter
of them twice), pausing between answers. Autosaves are retried as static/js/autosave.js
does (network errors, 5xx and 429, with growing pauses, a newer seq each time). Afterwards
the database must hold, for every question, the last answer the server acknowledged:
anything else is a lost answer. pg-restart sends SIGHUP (graceful reload) to the gunicorn
master twice while the answers pour in.

The server runs the project's settings with one change: a fast password hasher, so that
200 logins do not take minutes of CPU (the tests do the same); autosave never hashes.

    .venv/bin/python scripts/bench_autosave.py            # every scenario (about 12 minutes)
    .venv/bin/python scripts/bench_autosave.py --quick    # 50 on SQLite and on PostgreSQL (4)
    .venv/bin/python scripts/bench_autosave.py --scenarios pg-50,pg-restart --think 1:3

Options may also come from the environment: BENCH_AUTOSAVE_SCENARIOS, BENCH_AUTOSAVE_THINK,
WEB_WORKERS and WEB_THREADS (gunicorn's sizing), PG_URL (the PostgreSQL server).
"""

import argparse
import http.client
import json
import os
import platform
import random
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
PASSWORD = "bench-autosave-password"
HOST = "127.0.0.1"
PG_URL = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432")

# name -> (database, respondents, restart the server mid-load)
SCENARIOS = {
    "sqlite-50": ("sqlite", 50, False),
    "pg-50": ("postgres", 50, False),
    "pg-200": ("postgres", 200, False),
    "pg-restart": ("postgres", 50, True),
}
QUICK = ["sqlite-50", "pg-50"]
RETRIES = 8  # attempts per autosave before the respondent gives up (the page would go on)
RETRY_FIRST, RETRY_MAX = 0.5, 16.0

SETUP = """
import json
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from assessments.services import assessment_start
from organizations.models import Membership, Organization

password = make_password({password!r})  # one hash for all: setting up stays fast
User.objects.bulk_create(User(username=f"bench{{n}}", password=password) for n in range({count}))
drafts = {{}}
for n, user in enumerate(User.objects.filter(username__startswith="bench").order_by("pk")):
    organization = Organization.objects.create(name=f"Bench {{n}}", slug=f"bench-{{n}}")
    Membership.objects.create(user=user, organization=organization, role="marketer")
    drafts[user.username] = assessment_start(organization=organization, user=user).pk
print(json.dumps(drafts))
"""

# What the database holds: "assessment:question" -> option key (plain SQL, no Django start-up).
STORED = """
SELECT answer.assessment_id, answer.question_id, opt.key
FROM assessments_answer answer LEFT JOIN maturity_answeroption opt ON opt.id = answer.option_id
"""

SETTINGS = """
from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
"""


@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    autosave_latencies: list[float] = field(default_factory=list)
    page_latencies: list[float] = field(default_factory=list)
    requests: int = 0
    server_errors: int = 0
    connection_errors: int = 0
    stale: int = 0
    gave_up: int = 0
    refused: list[str] = field(default_factory=list)
    # "assessment:question" -> option key of the last acknowledged autosave
    acknowledged: dict[str, str] = field(default_factory=dict)

    def count(self, status: int | None) -> None:
        with self.lock:
            self.requests += 1
            if status is None:
                self.connection_errors += 1
            elif status >= 500:
                self.server_errors += 1


class Respondent:
    """One person in a browser: a kept-alive connection, cookies, the CSRF token."""

    def __init__(self, port: int, results: Results) -> None:
        self.port = port
        self.results = results
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None
        self.seq = 0

    def request(
        self, method: str, path: str, fields: dict[str, str] | None = None
    ) -> tuple[int | None, str, dict[str, str]]:
        """One attempt: (status or None on a network error, body, headers)."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-Requested-With"] = "fetch"
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode()
        except (OSError, http.client.HTTPException):
            if self.connection is not None:
                self.connection.close()
            self.connection = None
            self.results.count(None)
            return None, "", {}
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
            if name.lower() == "connection" and value.lower() == "close":
                self.connection.close()
                self.connection = None
        self.results.count(response.status)
        return response.status, text, dict(response.getheaders())

    def get(self, path: str) -> tuple[int | None, str, dict[str, str]]:
        for attempt in range(RETRIES):
            started = time.perf_counter()
            status, text, headers = self.request("GET", path)
            if status is not None and status < 500:
                with self.results.lock:
                    self.results.page_latencies.append(time.perf_counter() - started)
                return status, text, headers
            time.sleep(min(RETRY_FIRST * 2**attempt, RETRY_MAX))
        raise RuntimeError(f"GET {path} failed {RETRIES} times")

    def login(self, username: str) -> None:
        status, page, _headers = self.get("/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        fields = {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        for attempt in range(RETRIES):
            status, _text, _headers = self.request("POST", "/login/", fields)
            if status == 302:
                return
            if status is not None and status < 500:
                raise RuntimeError(f"login of {username} refused: {status}")
            time.sleep(min(RETRY_FIRST * 2**attempt, RETRY_MAX))
        raise RuntimeError(f"login of {username} failed")

    def page(self, assessment: int, element: str) -> tuple[str, list[str], dict[int, list[str]]]:
        """One element page: the CSRF token, the element keys, question id -> option keys."""
        _status, page, _headers = self.get(f"/assessments/{assessment}/answer/{element}/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        links = re.findall(rf"/assessments/{assessment}/answer/([\w-]+)/", page)
        found: dict[int, list[str]] = {}
        for question, key in re.findall(r'name="q-(\d+)" value="([\w-]+)"', page):
            found.setdefault(int(question), []).append(key)
        return token, list(dict.fromkeys(links)), found

    def autosave(self, assessment: int, token: str, question: int, option: str) -> None:
        for attempt in range(RETRIES):
            # A newer number on every attempt, as the page's script does.
            self.seq = max(self.seq + 1, time.time_ns() // 1000)
            fields = {
                "csrfmiddlewaretoken": token,
                "question": str(question),
                "option": option,
                "seq": str(self.seq),
            }
            started = time.perf_counter()
            status, text, headers = self.request(
                "POST", f"/assessments/{assessment}/autosave/", fields
            )
            elapsed = time.perf_counter() - started
            if status == 200:
                data = json.loads(text)
                with self.results.lock:
                    self.results.autosave_latencies.append(elapsed)
                    if data.get("stale"):
                        self.results.stale += 1
                    else:
                        self.results.acknowledged[f"{assessment}:{question}"] = option
                return
            if status is not None and status < 500 and status != 429:
                with self.results.lock:
                    self.results.refused.append(f"{status} {text[:200]}")
                return
            pause = min(RETRY_FIRST * 2**attempt, RETRY_MAX) * random.uniform(0.8, 1.2)
            if status == 429 and headers.get("Retry-After", "").isdigit():
                pause = max(pause, float(headers["Retry-After"]))
            time.sleep(pause)
        with self.results.lock:
            self.results.gave_up += 1


def respond(
    port: int,
    username: str,
    assessment: int,
    think: tuple[float, float],
    ramp: float,
    results: Results,
    errors: list[str],
) -> None:
    try:
        time.sleep(random.uniform(0, ramp))  # people do not all arrive in the same second
        person = Respondent(port, results)
        person.login(username)
        token, elements, _questions = person.page(assessment, "action")
        for element in elements:
            # Page by page, as the form leads; on each page the questions in random order,
            # a quarter of them answered again later (the last answer must win).
            time.sleep(random.uniform(*think))
            token, _elements, questions = person.page(assessment, element)
            order = list(questions)
            random.shuffle(order)
            for question in random.sample(order, len(order) // 4):
                order.insert(random.randrange(order.index(question) + 1, len(order) + 1), question)
            for question in order:
                time.sleep(random.uniform(*think))
                person.autosave(assessment, token, question, random.choice(questions[question]))
        if person.connection is not None:
            person.connection.close()
    except Exception as exc:  # reported with the results
        errors.append(f"{username}: {exc!r}")


def server_cpu(master: int) -> float:
    """CPU seconds of gunicorn so far: the master, its live workers and the ones it reaped."""
    tick = os.sysconf("SC_CLK_TCK")

    def times(pid: int, reaped: bool) -> float:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        # utime, stime (and cutime, cstime: children already waited for) in clock ticks
        return sum(int(value) for value in fields[11 : 15 if reaped else 13]) / tick

    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return times(master, reaped=True) + sum(times(int(pid), reaped=False) for pid in children)


def stored_answers(url: str) -> dict[str, str | None]:
    if url.startswith("sqlite"):
        with closing(sqlite3.connect(urlsplit(url).path)) as connection:
            rows = connection.execute(STORED).fetchall()
    else:
        import psycopg

        with psycopg.connect(url) as connection:
            rows = connection.execute(STORED).fetchall()
    return {f"{assessment}:{question}": option for assessment, question, option in rows}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def manage(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def postgres(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def wait_until_up(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log.read_text()[-3000:]}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", "/login/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not come up in 60 s")


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def bench_env(folder: Path, database_url: str) -> dict[str, str]:
    """The project's settings (with the fast hasher) on the throw-away database."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": f"{folder}{os.pathsep}{ROOT}",
        "ENV_FILE": str(folder / "no.env"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "CUSTOMER_ID_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0",
        # pages name the plain static files, so no collectstatic is needed for the bench
        "STATIC_MANIFEST": "0",
        "ALLOWED_HOSTS": HOST,
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": database_url,
    }


class Databases:
    """Throw-away databases, each a copy of one migrated with the fixtures loaded (once)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.templates: dict[str, str] = {}
        self.created: list[str] = []

    def template(self, database: str) -> str:
        if database not in self.templates:
            if database == "sqlite":
                url = f"sqlite:///{self.folder}/template.sqlite3"
            else:
                name = f"bench_autosave_{os.getpid()}_template"
                postgres(f"CREATE DATABASE {name}")
                self.created.append(name)
                url = f"{PG_URL}/{name}"
            env = bench_env(self.folder, url)
            manage("migrate", "--noinput", "-v0", env=env)
            manage("loaddata", "questionnaire", "lifecycle", "-v0", env=env)
            self.templates[database] = url
        return self.templates[database]

    def new(self, database: str, name: str) -> str:
        template = self.template(database)
        if database == "sqlite":
            path = self.folder / f"{name}.sqlite3"
            shutil.copyfile(urlsplit(template).path, path)
            return f"sqlite:///{path}"
        copy = f"bench_autosave_{os.getpid()}_{name.replace('-', '_')}"
        postgres(f"CREATE DATABASE {copy} TEMPLATE {urlsplit(template).path.lstrip('/')}")
        self.created.append(copy)
        return f"{PG_URL}/{copy}"

    def drop(self, url: str) -> None:
        name = urlsplit(url).path.lstrip("/")
        if url.startswith("postgres") and name in self.created:
            postgres(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            self.created.remove(name)

    def drop_all(self) -> None:
        for name in list(self.created):
            postgres(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            self.created.remove(name)


def run(
    name: str,
    think: tuple[float, float],
    ramp: float,
    databases: Databases,
    respondents: int | None,
) -> dict:
    database, default_respondents, restart = SCENARIOS[name]
    respondents = respondents or default_respondents
    url = databases.new(database, name)
    env = bench_env(databases.folder, url)
    port = free_port()
    log = databases.folder / f"{name}.log"
    server = None
    try:
        code = SETUP.format(count=respondents, password=PASSWORD)
        drafts = json.loads(manage("shell", "-c", code, env=env).strip().splitlines()[-1])
        with log.open("w") as output:
            server = subprocess.Popen(
                [GUNICORN, "-c", "config/gunicorn.py"],
                cwd=ROOT,
                env={**env, "HOST": HOST, "PORT": str(port)},
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        wait_until_up(port, server, log)
        results = Results()
        errors: list[str] = []
        threads = [
            threading.Thread(
                target=respond,
                args=(port, username, pk, think, ramp, results, errors),
                daemon=True,
            )
            for username, pk in drafts.items()
        ]
        started = time.perf_counter()
        cpu_before = server_cpu(server.pid)
        for thread in threads:
            thread.start()
        reloads = 0
        if restart:
            expected = respondents * 66  # 54 questions, 2 of every page's 9 twice
            for share in (0.3, 0.6):  # two graceful restarts while answers pour in
                while len(results.autosave_latencies) < share * expected and any(
                    thread.is_alive() for thread in threads
                ):
                    time.sleep(0.05)
                server.send_signal(signal.SIGHUP)
                reloads += 1
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
        cpu = server_cpu(server.pid) - cpu_before
        stored = stored_answers(url)
        lost = sum(1 for key, option in results.acknowledged.items() if stored.get(key) != option)
        workers = server_sizing()
        booted = log.read_text().count("Booting worker")
    finally:
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=40)
            except subprocess.TimeoutExpired:
                server.kill()
        databases.drop(url)
    latencies = results.autosave_latencies
    return {
        "scenario": name + (f" ({reloads} SIGHUP, {booted} workers booted)" if restart else ""),
        "server": f"gunicorn {workers}, {'SQLite' if database == 'sqlite' else 'PostgreSQL'}",
        "respondents": respondents,
        "requests": results.requests,
        "autosaves": len(latencies),
        "5xx": results.server_errors,
        "network errors": results.connection_errors,
        "lost": lost,
        "gave up": results.gave_up,
        "refused": len(results.refused),
        "stale": results.stale,
        "p50": 1000 * statistics.median(latencies) if latencies else float("nan"),
        "p95": 1000 * percentile(latencies, 0.95),
        "max": 1000 * max(latencies, default=float("nan")),
        "page p95": 1000 * percentile(results.page_latencies, 0.95),
        "throughput": len(latencies) / wall,
        "cpu per request": 1000 * cpu / max(results.requests, 1),
        "errors": errors + results.refused[:5],
    }


def server_sizing() -> str:
    """The sizing config/gunicorn.py chooses in this environment, e.g. 3 x gthread(4)."""
    spec = {}
    exec((ROOT / "config" / "gunicorn.py").read_text(), spec)
    return f"{spec['workers']} x {spec['worker_class']}({spec['threads']})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help=f"only {', '.join(QUICK)}")
    parser.add_argument("--all", action="store_true", help="every scenario (the default)")
    parser.add_argument(
        "--scenarios",
        default=os.environ.get("BENCH_AUTOSAVE_SCENARIOS", ",".join(SCENARIOS)),
        help=f"comma-separated, of: {', '.join(SCENARIOS)}",
    )
    parser.add_argument(
        "--think",
        default=os.environ.get("BENCH_AUTOSAVE_THINK", "0.5:1.5"),
        help="pause before each answer, uniform between MIN:MAX seconds",
    )
    parser.add_argument(
        "--ramp", type=float, default=2.0, help="respondents arrive within this many seconds"
    )
    parser.add_argument(
        "--respondents", type=int, help="override every scenario's number of respondents"
    )
    options = parser.parse_args()
    # Interrupted (Ctrl-C, or a TERM from make): stop the server and drop the databases first.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit("bench_autosave: terminated"))
    names = [n.strip() for n in options.scenarios.split(",") if n.strip()]
    if options.quick or options.all:
        names = QUICK if options.quick else list(SCENARIOS)
    unknown = [name for name in names if name not in SCENARIOS]
    if unknown:
        parser.error(f"unknown scenario {', '.join(unknown)}; known: {', '.join(SCENARIOS)}")
    low, high = (float(part) for part in options.think.split(":"))
    host = urlsplit(PG_URL).hostname

    rows = []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        (folder / "bench_settings.py").write_text(SETTINGS)
        databases = Databases(folder)
        try:
            for name in names:
                print(f"... {name}", file=sys.stderr, flush=True)
                rows.append(run(name, (low, high), options.ramp, databases, options.respondents))
        finally:
            databases.drop_all()

    machine = f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
    print()
    print(f"Autosave under load ({machine}; PostgreSQL at {host})")
    print(
        f"Respondents arrive within {options.ramp:g} s; each answers every question (a quarter"
        f" twice), {low:g} to {high:g} s apart, opening each element page on the way."
    )
    columns = [
        "scenario", "server", "respondents", "requests", "5xx", "network errors",
        "lost answers", "autosave p50", "p95", "max", "page p95", "autosaves/s",
        "server CPU/request",
    ]  # fmt: skip
    print("| " + " | ".join(columns) + " |")
    print("|" + " --- |" * len(columns))
    for row in rows:
        cells = [
            row["scenario"], row["server"], row["respondents"], f"{row['requests']:,}",
            row["5xx"], row["network errors"], row["lost"], f"{row['p50']:.0f} ms",
            f"{row['p95']:.0f} ms", f"{row['max']:.0f} ms", f"{row['page p95']:.0f} ms",
            f"{row['throughput']:.0f}", f"{row['cpu per request']:.1f} ms",
        ]  # fmt: skip
        print("| " + " | ".join(str(cell) for cell in cells) + " |")
    problems = False
    for row in rows:
        for label in ("gave up", "refused", "stale"):
            if row[label]:
                print(f"{row['scenario']}: {row[label]} autosaves {label}")
        for error in row["errors"]:
            print(f"{row['scenario']}: {error}")
        problems |= bool(row["lost"] or row["5xx"] or row["gave up"] or row["errors"])
    at_50 = [
        row["p95"] for row in rows if row["respondents"] == 50 and "SIGHUP" not in row["scenario"]
    ]
    met = "met" if not problems and all(p95 <= 300 for p95 in at_50) else "NOT met"
    if not at_50:
        met += " (no run of 50 respondents without a restart to judge the p95 by)"
    print(f"Goal (0 lost, 0 5xx, autosave p95 at most 300 ms at 50 respondents): {met}")
    print(f"Load average of the machine at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
