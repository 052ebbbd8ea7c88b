"""Write a local .env with freshly generated keys, once: `make run` works on a new machine
without a public default key. An existing file is never touched."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config.env import new_key


def main(path: Path) -> None:
    if path.exists():
        return
    path.write_text(
        "# Written by `make run` for this checkout only; never commit it.\n"
        "# A deployment sets these in its environment instead (README, Deployment).\n"
        f"SECRET_KEY={new_key()}\n"
        f"CUSTOMER_ID_KEY={new_key()}\n",
        encoding="utf-8",
    )
    path.chmod(0o600)
    print(f"Wrote {path} with new SECRET_KEY and CUSTOMER_ID_KEY.")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else ".env"))
