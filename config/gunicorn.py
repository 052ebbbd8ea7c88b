"""The production web server: `gunicorn -c config/gunicorn.py` (what `make serve` runs).

Sizing, measured with scripts/bench_autosave.py on 2 cores (SQLite and PostgreSQL): one
process more than there are cores, 4 threads each (gthread). A request is mostly Python
work under the GIL, so it takes processes to use every core; the one spare process and the
threads keep the cores busy while requests wait on the database. 2*cores+1 processes cost
more CPU per request and gave a worse p95 on both; 8 threads per process did well on
PostgreSQL but let more writers queue for SQLite's single write lock. A kept-alive
connection holds no thread between requests. WEB_WORKERS and WEB_THREADS override it;
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
workers = int(os.environ.get("WEB_WORKERS", CORES + 1))
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
