"""Evidence files, judged by their content: the first bytes say PDF, PNG, JPEG or WebP, or
the file is refused, whatever its name or the type the browser claims. No Django."""

from typing import Final

# The most an evidence file may be (a screenshot, a policy PDF), unless settings say otherwise.
DEFAULT_MAX_BYTES: Final = 10 * 2**20
HEAD_BYTES: Final = 16

PDF: Final = "application/pdf"
PNG: Final = "image/png"
JPEG: Final = "image/jpeg"
WEBP: Final = "image/webp"
IMAGES: Final = frozenset({PNG, JPEG, WEBP})


def sniff(head: bytes) -> str | None:
    """The content type of a file from its first bytes; None for anything else."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    return None


def safe_name(name: str) -> str:
    """An uploaded file's name to show and to offer on download: its last path part, without
    control characters or quotes, at most 120 characters."""
    last = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in last if ch.isprintable() and ch not in '"\r\n')
    return cleaned.strip()[:120] or "evidence"
