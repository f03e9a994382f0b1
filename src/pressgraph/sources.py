"""Reading inputs: files (text, Markdown, saved HTML), directories and URLs.

Each input becomes a :class:`Source` holding decoded text and its format.
Problems are raised as coded errors naming the input, so a batch can report
one line per bad file and go on with the others.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import BinarySourceError, EmptySourceError, EncodingSourceError, FetchError

RELEASE_SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}


@dataclass(frozen=True)
class Source:
    """One release as read: decoded text plus where it came from."""

    text: str
    format: str  # "text", "markdown" or "html"
    path: str | None = None
    url: str | None = None

    @property
    def name(self) -> str:
        return self.url or self.path or "<text>"


def _sniff_format(text: str, suffix: str) -> str:
    if suffix in RELEASE_SUFFIXES:
        fmt = RELEASE_SUFFIXES[suffix]
        if fmt == "text" and re.match(r"\s*(<!doctype html|<html)", text[:500], re.I):
            return "html"
        return fmt
    if re.match(r"\s*(<!doctype html|<html)", text[:500], re.I):
        return "html"
    return "text"


def _html_charset(raw: bytes) -> str | None:
    m = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", raw[:4096], re.I)
    return m.group(1).decode("ascii").lower() if m else None


def decode_bytes(raw: bytes, *, name: str, declared: str | None = None) -> str:
    """UTF-8 (or the charset an HTML page declares), else a clear error."""
    if not raw.strip():
        raise EmptySourceError("empty file: nothing to extract", source=name)
    head = raw[:8192]
    if b"\x00" in head:
        raise BinarySourceError(
            "binary content (NUL bytes): not a text, Markdown or HTML release", source=name
        )
    encodings = ["utf-8-sig"]
    charset = declared or _html_charset(raw)
    if charset and charset.replace("-", "") not in ("utf8",):
        encodings.append(charset)
    for enc in encodings:
        try:
            return raw.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as err:
        bad = raw[err.start : err.start + 1]
        raise EncodingSourceError(
            f"not UTF-8: byte {bad!r} at offset {err.start}; convert it first "
            f"(e.g. iconv -f latin1 -t utf-8)",
            source=name,
        ) from None
    raise EncodingSourceError("cannot decode", source=name)  # pragma: no cover


def read_file(path: str | Path) -> Source:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise EmptySourceError("is a directory", source=str(path)) from None
    except OSError as err:
        raise EmptySourceError(f"cannot read: {err.strerror}", source=str(path)) from None
    text = decode_bytes(raw, name=str(path))
    if not text.strip():
        raise EmptySourceError("empty file: nothing to extract", source=str(path))
    return Source(text=text, format=_sniff_format(text, path.suffix.lower()), path=str(path))


def fetch_url(url: str, *, timeout: float = 20.0) -> Source:
    """Fetch a release page over HTTP(S); tested against a local server."""
    request = urllib.request.Request(url, headers={"User-Agent": "pressgraph/0.1"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            raw = response.read()
            ctype = response.headers.get_content_charset()
            mime = response.headers.get_content_type()
    except urllib.error.HTTPError as err:
        raise FetchError(f"HTTP {err.code} {err.reason}", source=url) from None
    except (urllib.error.URLError, TimeoutError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise FetchError(f"cannot fetch: {reason}", source=url) from None
    text = decode_bytes(raw, name=url, declared=ctype)
    suffix = Path(urllib.parse.urlparse(url).path).suffix.lower()
    fmt = "html" if mime in ("text/html", "application/xhtml+xml") else _sniff_format(text, suffix)
    if mime == "text/markdown":
        fmt = "markdown"
    return Source(text=text, format=fmt, url=url)


def is_url(value: str) -> bool:
    return bool(re.match(r"^https?://", str(value)))


def iter_release_inputs(paths: Iterable[str | Path]) -> Iterator[str | Path]:
    """Files and URLs to read; directories are walked for release files, sorted."""
    for p in paths:
        if is_url(str(p)):
            yield str(p)
            continue
        p = Path(p)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if (
                    child.is_file()
                    and child.suffix.lower() in RELEASE_SUFFIXES
                    and not any(part.startswith(".") for part in child.relative_to(p).parts)
                ):
                    yield child
        else:
            yield p


def read_input(item: str | Path) -> Source:
    return fetch_url(str(item)) if is_url(str(item)) else read_file(item)
