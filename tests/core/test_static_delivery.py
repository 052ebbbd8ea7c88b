"""Small payloads: pages are compressed, static files are built once (collectstatic) under
hashed names with gzip and brotli copies and sent as immutable, Bootstrap's source maps
ship beside the files that name them. The suite itself runs on plain names
(STATIC_MANIFEST=0); one test here builds the manifest in a fresh interpreter, as
`make run` does."""

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

from django.test import Client

ROOT = Path(__file__).resolve().parents[2]

# Runs in the child: the page and static files as a browser would get them after collectstatic.
PROBE = """
import json, re
import django
django.setup()
from django.test import Client
client = Client()
page = client.get("/login/", HTTP_ACCEPT_ENCODING="gzip, br")
import gzip
html = gzip.decompress(page.content).decode()
css = re.search(r'href="/static/(vendor/bootstrap/bootstrap\\.min\\.[0-9a-f]{12}\\.css)"', html)
out = {"page_encoding": page.get("Content-Encoding"), "css": css and css.group(1)}
if css:
    response = client.get("/static/" + css.group(1), HTTP_ACCEPT_ENCODING="gzip, br")
    out["css_encoding"] = response.get("Content-Encoding")
    out["css_cache"] = response.get("Cache-Control")
    body = b"".join(response.streaming_content)
    import brotli
    text = brotli.decompress(body).decode() if out["css_encoding"] == "br" else body.decode()
    found = re.search(r"sourceMappingURL=(\\S+)", text)
    out["map"] = found and found.group(1)
    if found:
        served = client.get("/static/vendor/bootstrap/" + found.group(1))
        out["map_status"] = served.status_code
print(json.dumps(out))
"""


def test_collectstatic_builds_hashed_compressed_files_that_are_sent_immutable(
    tmp_path: Path,
) -> None:
    env = {
        **os.environ,
        "STATIC_ROOT": str(tmp_path / "static"),
        "STATIC_MANIFEST": "1",
        "DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "ENV_FILE": "/nonexistent",
    }
    # plotly.js is left out: compressing its 4.8 MB takes most of a minute and shows nothing new.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0", "-i", "*plotly*"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=600,
    )
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())["paths"]
    hashed_css = manifest["vendor/bootstrap/bootstrap.min.css"]
    assert hashed_css != "vendor/bootstrap/bootstrap.min.css"
    assert (tmp_path / "static" / (hashed_css + ".gz")).is_file()
    assert (tmp_path / "static" / (hashed_css + ".br")).is_file()
    assert "vendor/bootstrap/bootstrap.min.css.map" in manifest

    probe = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**env, "ALLOWED_HOSTS": "testserver"},
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    seen = json.loads(probe.stdout.strip().splitlines()[-1])
    assert seen["page_encoding"] == "gzip"
    assert seen["css"] == hashed_css
    assert seen["css_encoding"] == "br"
    assert "immutable" in seen["css_cache"]
    assert "max-age=315360000" in seen["css_cache"]
    # the CSS names its map by the map's hashed name, and the map is there
    assert seen["map"] == Path(manifest["vendor/bootstrap/bootstrap.min.css.map"]).name
    assert seen["map_status"] == 200


def test_pages_are_sent_gzipped_to_a_browser_that_takes_it(client: Client, db: None) -> None:
    response = client.get("/login/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert b"<html" in gzip.decompress(response.content)
    assert len(response.content) < len(gzip.decompress(response.content)) / 2


def test_pages_are_sent_plain_to_a_client_that_asks_for_nothing(client: Client, db: None) -> None:
    response = client.get("/login/")

    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert b"<html" in response.content
