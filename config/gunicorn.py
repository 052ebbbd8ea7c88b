"""The production web server: `gunicorn -c config/gunicorn.py` (what `make serve` runs).

Threaded workers (gthread): a request mostly waits on the database, so threads keep the
cores busy while one waits, and a kept-alive connection costs no thread between requests.
WEB_WORKERS and WEB_THREADS override the sizing (scripts/bench_autosave.py measured it);
HOST and PORT say where to listen.
"""

import os

CORES = os.cpu_count() or 1
# Each worker thread keeps its database connection for a minute instead of opening one per
# request (config/settings.py reads CONN_MAX_AGE; the environment can still say otherwise).
os.environ.setdefault("CONN_MAX_AGE", "60")

wsgi_app = "config.wsgi:application"
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
worker_class = "gthread"
workers = int(os.environ.get("WEB_WORKERS", 2 * CORES + 1))
threads = int(os.environ.get("WEB_THREADS", 4))
# A request taking longer than this is stuck: its worker is replaced.
timeout = 30
# On SIGHUP (reload) or SIGTERM, a worker stops accepting and finishes what it has.
graceful_timeout = 30
keepalive = 5
accesslog = "-"
errorlog = "-"
# No control socket: its default path is shared by every gunicorn of the user.
control_socket_disable = True
