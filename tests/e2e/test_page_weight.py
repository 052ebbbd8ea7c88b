"""A cold result page over a slow link, served as `make serve` serves it (collectstatic's
hashed, precompressed files through WhiteNoise, pages gzipped, the partial plotly.js):
what it transfers, and when its first chart appears on a 10 Mbit/s link with 40 ms
latency (Chromium's own network emulation). The weight is asserted; the time is only
printed (no timing asserts in CI)."""

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from config.staticfinders import PARTIAL_PLOTLY

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
# 1 MB with the partial plotly.js that `make install` builds, 1.5 MB with the full one
WEIGHT_GOAL_BYTES = 1_000_000 if PARTIAL_PLOTLY.is_file() else 1_500_000
LINK = {"latency": 40, "downloadThroughput": 10e6 / 8, "uploadThroughput": 10e6 / 8}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def manage(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=900,
    )
    return done.stdout


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A server on the demo data with the production static set-up; (address, result path)."""
    folder = tmp_path_factory.mktemp("weight")
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "ENV_FILE": str(folder / "no.env"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "CUSTOMER_ID_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0",
        "STATIC_MANIFEST": "1",
        "STATIC_ROOT": str(folder / "static"),
        "DATABASE_URL": f"sqlite:///{folder}/weight.sqlite3",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    manage("migrate", "--noinput", "-v0", env=env)
    manage("loaddata", "questionnaire", "lifecycle", "-v0", env=env)
    manage("load_question_bank", "-v0", env=env)
    manage("load_demo_data", "-v0", env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)
    pk = manage(
        "shell",
        "-c",
        "from assessments.models import Assessment;"
        "print(Assessment.objects.submitted().filter(organization__slug__startswith='nordlicht')"
        ".latest('submitted_at').pk)",
        env=env,
    ).strip()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", f"/assessments/{pk.splitlines()[-1]}/result/"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_cold_result_page_transfers_at_most_1_mb(
    browser: Browser, served: tuple[str, str]
) -> None:
    address, result = served
    login = browser.new_context(base_url=address)
    page = login.new_page()
    page.goto("/login/")
    page.fill("input[name=username]", "mara")
    page.fill("input[name=password]", "crawl-walk-run")
    page.click("form[action='/login/'] button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)
    state = login.storage_state()
    login.close()

    # A new context: logged in, nothing cached.
    cold = browser.new_context(base_url=address, storage_state=state)
    page = cold.new_page()
    session = cold.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.setCacheDisabled", {"cacheDisabled": True})
    session.send("Network.emulateNetworkConditions", {"offline": False, **LINK})
    transferred: dict[str, float] = {}
    urls: dict[str, str] = {}
    encodings: dict[str, str] = {}

    def on_response(event: dict[str, Any]) -> None:
        urls[event["requestId"]] = event["response"]["url"]
        headers = {k.lower(): v for k, v in event["response"].get("headers", {}).items()}
        encodings[event["requestId"]] = headers.get("content-encoding", "")

    def on_finished(event: dict[str, Any]) -> None:
        transferred[event["requestId"]] = event["encodedDataLength"]

    session.on("Network.responseReceived", on_response)
    session.on("Network.loadingFinished", on_finished)

    started = time.perf_counter()
    page.goto(result)
    page.wait_for_selector("#chart-radar[data-drawn=true]", timeout=120_000)
    first_chart = time.perf_counter() - started
    page.wait_for_load_state("networkidle")
    cold.close()

    total = sum(transferred.values())
    print(
        f"\ncold result page: {total / 1e6:.2f} MB in {len(transferred)} requests; "
        f"first chart after {first_chart:.1f} s on 10 Mbit/s, 40 ms"
    )
    for request, size in sorted(transferred.items(), key=lambda item: -item[1]):
        url = urls.get(request, "?")
        print(f"  {size / 1e3:8.1f} kB {encodings.get(request) or '-':5} {url[:100]}")
    plotly = [request for request, url in urls.items() if "plotly" in url]
    assert plotly, "the page loads plotly.js"
    assert all(encodings[request] in {"br", "gzip"} for request in plotly)
    assert total <= WEIGHT_GOAL_BYTES
