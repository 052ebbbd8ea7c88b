"""Serves the vendored front-end files straight out of their Python packages."""

from pathlib import Path
from typing import Any

import bootstrap_wrapper
import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

_BOOTSTRAP = Path(bootstrap_wrapper.get_bootstrap_dir())
_PLOTLY = Path(plotly.__file__).resolve().parent / "package_data"

# static path -> file on disk
VENDOR_FILES: dict[str, Path] = {
    "vendor/bootstrap/bootstrap.min.css": _BOOTSTRAP / "css" / "bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js": _BOOTSTRAP / "js" / "bootstrap.bundle.min.js",
    "vendor/plotly/plotly.min.js": _PLOTLY / "plotly.min.js",
}


class VendorFinder(BaseFinder):
    def check(self, **kwargs: Any) -> list[Any]:
        return []

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> str | list[str]:
        found = VENDOR_FILES.get(path)
        if found is None:
            return [] if find_all else ""
        return [str(found)] if find_all else str(found)

    def list(self, ignore_patterns: Any) -> Any:
        for path, file in VENDOR_FILES.items():
            storage = FileSystemStorage(location=str(file.parent))
            # collectstatic copies `storage.path(name)` to the prefixed path below
            storage.prefix = str(Path(path).parent)
            yield file.name, storage
