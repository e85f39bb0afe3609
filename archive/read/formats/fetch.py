"""A feed URL in, its bytes out (conditional, time- and size-bounded); remembered feeds in feeds.json."""

from __future__ import annotations

import contextlib
import os
import socket
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import filelock
import orjson

from archive.read.decode import MAX_FILE_BYTES
from archive.text import clean_line

TIMEOUT_SECONDS = 20.0
FEEDS_FILE = "feeds.json"
FEEDS_LOCK = ".feeds.lock"
USER_AGENT = "manchette (feed reader)"


class FetchError(Exception):
    """A URL that could not be fetched; str() is the one-line reason."""


@dataclass
class Fetched:
    """A fetch's answer: the body (None when not modified) and the validators for next time."""

    url: str
    data: bytes | None
    etag: str | None
    last_modified: str | None


def default_timeout() -> float:
    """Seconds to wait for a feed: MANCHETTE_FETCH_TIMEOUT (a slow network, a test) or 20."""
    try:
        return max(0.1, float(os.environ.get("MANCHETTE_FETCH_TIMEOUT") or TIMEOUT_SECONDS))
    except ValueError:
        return TIMEOUT_SECONDS


def is_url(text: str) -> bool:
    """True for the http(s) URLs that import and update fetch."""
    return text.lower().startswith(("http://", "https://"))


class _NoFileRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s): a feed must not send the reader to a local file."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not is_url(newurl):
            raise FetchError(f"redirected to a non-HTTP address: {clean_line(newurl)[:100]}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(
    url: str,
    etag: str | None = None,
    last_modified: str | None = None,
    *,
    timeout: float | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> Fetched:
    """GET a URL with If-None-Match/If-Modified-Since; raises FetchError with a one-line reason."""
    if not is_url(url):
        raise FetchError("only http:// and https:// URLs can be fetched")
    timeout = timeout or default_timeout()
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    opener = urllib.request.build_opener(_NoFileRedirects)
    request = urllib.request.Request(url, headers=headers)
    try:
        with opener.open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"too large ({int(declared)} bytes declared; limit {max_bytes})")
            data = response.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise FetchError(f"too large (over {max_bytes} bytes)")
            return Fetched(url, data, response.headers.get("ETag"),
                           response.headers.get("Last-Modified"))  # fmt: skip
    except urllib.error.HTTPError as e:
        if e.code == 304:
            return Fetched(url, None, etag, last_modified)
        raise FetchError(f"HTTP {e.code} {clean_line(str(e.reason))[:80]}") from None
    except urllib.error.URLError as e:
        reason = e.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise FetchError(f"no answer within {timeout:g} s") from None
        raise FetchError(f"cannot connect: {clean_line(str(reason))[:120]}") from None
    except TimeoutError:
        raise FetchError(f"no answer within {timeout:g} s") from None
    except (OSError, ValueError) as e:
        raise FetchError(f"cannot fetch: {clean_line(str(e))[:120]}") from None


def load_feeds(directory: Path) -> dict[str, dict[str, Any]]:
    """The remembered feeds: URL -> {etag, last_modified}; a damaged file reads as none."""
    try:
        data = orjson.loads((directory / FEEDS_FILE).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, dict)}


def save_feeds(directory: Path, feeds: dict[str, dict[str, Any]]) -> None:
    """Write the remembered feeds atomically (temporary file, fsync, rename), owner-only."""
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".feeds-", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(orjson.dumps(feeds, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, directory / FEEDS_FILE)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def remember(directory: Path, answers: list[Fetched]) -> None:
    """Remember feed URLs and their validators, for `manchette update` (locked, re-read, merged)."""
    if not answers:
        return
    directory.mkdir(parents=True, exist_ok=True)
    with filelock.FileLock(str(directory / FEEDS_LOCK), timeout=60):
        feeds = load_feeds(directory)
        for answer in answers:
            feeds[answer.url] = {"etag": answer.etag, "last_modified": answer.last_modified}
        save_feeds(directory, feeds)
