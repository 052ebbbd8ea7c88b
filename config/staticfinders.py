"""Serves the vendored front-end files straight out of their Python packages."""

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal, overload

import bootstrap_wrapper
import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.contrib.staticfiles.utils import matches_patterns
from django.core.checks import CheckMessage
from django.core.files.storage import FileSystemStorage

_BOOTSTRAP = Path(bootstrap_wrapper.get_bootstrap_dir())
_PLOTLY = Path(plotly.__file__).resolve().parent / "package_data"
# plotly.js with only the trace types the app draws, which `make install` builds
# (scripts/plotly_bundle.js); a checkout without it (no npm run yet) serves the full bundle
# of the Python package, the same plotly.js version.
PARTIAL_PLOTLY = Path(__file__).resolve().parent.parent / "build" / "plotly" / "plotly.min.js"

# static path -> file on disk. Bootstrap's files name their source maps
# (`sourceMappingURL=...map`): the manifest storage rewrites that name to the map's hashed
# one, so each map ships beside its file (a browser fetches it only with its tools open).
VENDOR_FILES: dict[str, Path] = {
    "vendor/bootstrap/bootstrap.min.css": _BOOTSTRAP / "css" / "bootstrap.min.css",
    "vendor/bootstrap/bootstrap.min.css.map": _BOOTSTRAP / "css" / "bootstrap.min.css.map",
    "vendor/bootstrap/bootstrap.bundle.min.js": _BOOTSTRAP / "js" / "bootstrap.bundle.min.js",
    "vendor/bootstrap/bootstrap.bundle.min.js.map": _BOOTSTRAP
    / "js"
    / "bootstrap.bundle.min.js.map",
    "vendor/plotly/plotly.min.js": PARTIAL_PLOTLY
    if PARTIAL_PLOTLY.is_file()
    else _PLOTLY / "plotly.min.js",
}


class PrefixedStorage(FileSystemStorage):
    """collectstatic copies `storage.path(name)` to `prefix/name`.

    It reads `prefix` off any storage a finder lists (as Django's own FileSystemFinder
    sets it); the stubs' FileSystemStorage does not declare it, so this class does."""

    prefix: str


class VendorFinder(BaseFinder):
    def check(self, **kwargs: Any) -> list[CheckMessage]:
        return []

    @overload
    def find(self, path: str, find_all: Literal[False] = False) -> str | None: ...
    @overload
    def find(self, path: str, find_all: Literal[True]) -> list[str]: ...
    def find(self, path: str, find_all: bool = False) -> str | list[str] | None:
        found = VENDOR_FILES.get(path)
        if found is None:
            return [] if find_all else ""
        return [str(found)] if find_all else str(found)

    def list(self, ignore_patterns: Iterable[str] | None) -> Iterator[tuple[str, PrefixedStorage]]:
        for path, file in VENDOR_FILES.items():
            if matches_patterns(path, ignore_patterns or []):
                continue
            storage = PrefixedStorage(location=str(file.parent))
            storage.prefix = str(Path(path).parent)
            yield file.name, storage
