"""Feeds from URLs: `manchette import URL`, remembered, `manchette update` with conditional requests.

Every request goes to a local HTTP server on 127.0.0.1, run in a thread by the test.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive.read.formats.fetch import FetchError, fetch
from tests.conftest import DATA
from tests.test_cli import run

RSS = (DATA / "formats" / "feed_rss2.xml").read_bytes()
NEW_ITEM = b"""<item><title>Le tramway desservira l'aeroport en 2027</title>
<link>https://www.journalduval.example/ville/tramway-aeroport/</link>
<pubDate>Wed, 04 Jun 2025 08:00:00 GMT</pubDate><description>Le chantier commence.</description></item>
</channel>"""


class FeedServer(http.server.ThreadingHTTPServer):
    """A feed with an ETag and a Last-Modified date; it records the conditional headers it gets."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.body = RSS
        self.etag = '"v1"'
        self.seen: list[tuple[str, str | None, str | None]] = []


class Handler(http.server.BaseHTTPRequestHandler):
    server: FeedServer

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        s = self.server
        s.seen.append(
            (self.path, self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since"))
        )
        if self.path == "/slow.xml":
            time.sleep(3)
        if self.path == "/article.html":
            page = (DATA / "formats" / "article.html").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)
            return
        if self.path == "/missing.xml":
            self.send_error(404, "Not Found")
            return
        if self.path == "/huge.xml":
            self.send_response(200)
            self.send_header("Content-Length", str(10**10))
            self.end_headers()
            return
        if self.headers.get("If-None-Match") == s.etag:
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("ETag", s.etag)
        self.send_header("Last-Modified", "Wed, 04 Jun 2025 08:00:00 GMT")
        self.send_header("Content-Length", str(len(s.body)))
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(s.body)


@pytest.fixture()
def server() -> Iterator[FeedServer]:
    srv = FeedServer()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def _url(server: FeedServer, path: str) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}{path}"


def _titles(library: Path) -> set[str]:
    return {
        a["title"] for a in json.loads(run("list", "--json", library=library, check=True).stdout)
    }


def test_import_url_remember_and_update_conditionally(server: FeedServer, tmp_path: Path) -> None:
    library = tmp_path / "lib"
    url = _url(server, "/feed.xml")
    done = run("import", url, library=library)
    assert done.returncode == 0, done.stderr
    assert (
        next(x for x in done.stdout.splitlines() if x.strip().endswith("feeds")).split()[0] == "1"
    )
    titles = _titles(library)
    assert "Les exportations de vin atteignent un record historique" in titles
    remembered = json.loads((library / "feeds.json").read_text())
    assert remembered[url]["etag"] == '"v1"'
    article = next(a for a in json.loads(run("list", "--json", library=library, check=True).stdout)
                   if a["title"].startswith("Les exportations"))  # fmt: skip
    assert article["sources"][0]["file"] == url

    # Nothing changed: the server answers 304 to the conditional request.
    same = run("update", library=library)
    assert same.returncode == 0, same.stderr
    assert server.seen[-1] == ("/feed.xml", '"v1"', "Wed, 04 Jun 2025 08:00:00 GMT")
    assert "feeds not modified" in same.stdout and _titles(library) == titles

    # A new item: fetched, imported, the old ones kept.
    server.body = RSS.replace(b"</channel>", NEW_ITEM)
    server.etag = '"v2"'
    newer = run("update", library=library)
    assert newer.returncode == 0, newer.stderr
    assert _titles(library) == titles | {"Le tramway desservira l'aeroport en 2027"}
    assert json.loads((library / "feeds.json").read_text())[url]["etag"] == '"v2"'


def test_failed_feeds_get_one_line_each_and_the_others_import(
    server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = tmp_path / "lib"
    run("import", _url(server, "/feed.xml"), library=library, check=True)
    feeds = json.loads((library / "feeds.json").read_text())
    for path in ("/missing.xml", "/slow.xml", "/huge.xml"):
        feeds[_url(server, path)] = {"etag": None, "last_modified": None}
    (library / "feeds.json").write_text(json.dumps(feeds))
    server.etag = '"v3"'
    server.body = RSS.replace(b"</channel>", NEW_ITEM)
    monkeypatch.setenv("MANCHETTE_FETCH_TIMEOUT", "1")  # the subprocess inherits it
    done = run("update", library=library)
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if line.startswith("skipped")]
    assert len(lines) == 3, done.stderr
    reasons = " ".join(lines)
    assert "HTTP 404" in reasons and "no answer within 1 s" in reasons and "too large" in reasons
    assert "Le tramway desservira l'aeroport en 2027" in _titles(library)


def test_fetch_refuses_other_schemes_and_bounds_the_size(server: FeedServer) -> None:
    with pytest.raises(FetchError, match="only http"):
        fetch("file:///etc/passwd")
    with pytest.raises(FetchError, match="too large"):
        fetch(_url(server, "/feed.xml"), max_bytes=100)
    assert fetch(_url(server, "/feed.xml"), etag='"v1"').data is None  # 304: not modified


def test_a_page_url_is_read_as_html_and_not_remembered(server: FeedServer, tmp_path: Path) -> None:
    library = tmp_path / "lib"
    url = _url(server, "/article.html")
    done = run("import", url, library=library)
    assert done.returncode == 0, done.stderr
    (article,) = json.loads(run("list", "--json", library=library, check=True).stdout)
    assert article["title"] == "Le gouvernement présente un plan d'économies de 40 milliards"
    assert article["sources"][0]["file"] == url and len(article["body"]) == 7
    assert not (library / "feeds.json").exists()  # only feeds are fetched again by update
