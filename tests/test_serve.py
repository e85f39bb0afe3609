"""`manchette serve` for real: the command serves the app; headless Chromium opens it and shows the list."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

# pytest fixtures (registered under their names without _fixture)
from tests.tui_fixtures import (
    sample_library_fixture,  # noqa: F401
    sample_library_template_fixture,  # noqa: F401
)
from tui.commands.serve import app_command, is_loopback

MANCHETTE = Path(sys.executable).with_name("manchette")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

# Runs in the page before its own scripts: keeps what the app sends to the page's terminal.
RECORD_WEBSOCKET = """
(() => {
  window.__manchette = "";
  const Native = window.WebSocket;
  const keep = (data) => {
    if (typeof data === "string") { window.__manchette += data; }
    else if (data instanceof ArrayBuffer) { window.__manchette += new TextDecoder().decode(data); }
    else if (data instanceof Blob) { data.text().then((t) => { window.__manchette += t; }); }
  };
  function Recording(...args) {
    const socket = new Native(...args);
    socket.addEventListener("message", (event) => keep(event.data));
    return socket;
  }
  Recording.prototype = Native.prototype;
  for (const name of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) { Recording[name] = Native[name]; }
  window.WebSocket = Recording;
})();
"""
_ESCAPES = re.compile(r"\x1b(?:\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"manchette serve exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port}")


@pytest.fixture
def served(sample_library: Path) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [str(MANCHETTE), "--library", str(sample_library), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_listens_on_loopback_only_by_default(served: str) -> None:
    import urllib.request

    port = int(served.rsplit(":", 1)[1])
    with urllib.request.urlopen(served, timeout=10) as response:
        page = response.read().decode("utf-8")
    assert "textual-terminal" in page and f"127.0.0.1:{port}/ws" in page
    outside = [a for a in _own_addresses() if not is_loopback(a)]
    for address in outside:  # the same port on the machine's other addresses answers nothing
        with pytest.raises(OSError):
            socket.create_connection((address, port), timeout=1).close()


def _own_addresses() -> list[str]:
    try:
        return sorted({info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None)})
    except OSError:
        return []


def test_serve_rejects_a_bad_port_in_one_line(sample_library: Path) -> None:
    done = subprocess.run(
        [str(MANCHETTE), "--library", str(sample_library), "serve", "--port", "70000"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "--port" in done.stderr


def test_the_served_command_opens_the_same_library(tmp_path: Path) -> None:
    import argparse

    command = app_command(argparse.Namespace(library=str(tmp_path), sample=False, no_sample=True))
    assert str(tmp_path) in command and "--no-sample" in command and "tui.cli" in command
    assert "--lang en" in command  # the page speaks the language chosen for `serve`


@pytest.mark.skipif(
    CHROMIUM is None,
    reason="headless Chromium is not installed (.ci/run installs Debian's chromium package)",
)
async def test_headless_chromium_shows_the_article_list(served: str, tmp_path: Path) -> None:
    aiohttp = pytest.importorskip("aiohttp")
    assert CHROMIUM is not None
    browser = subprocess.Popen(
        [
            CHROMIUM,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'chromium'}",
            "--remote-debugging-port=0",
            "--window-size=1280,800",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        devtools = _devtools_port(browser)
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{devtools}/json/list") as response:
                targets = await response.json(content_type=None)
            page = next(t for t in targets if t.get("type") == "page")
            async with session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                cdp = _Cdp(ws)
                await cdp.call("Page.enable")
                await cdp.call("Page.addScriptToEvaluateOnNewDocument", source=RECORD_WEBSOCKET)
                await cdp.call("Page.navigate", url=served)
                screen = await _wait_for_list(cdp)
    finally:
        browser.terminate()
        browser.wait(timeout=10)
    assert re.search(r"26 of 26 articles", screen)
    assert "Search:" in screen


def _devtools_port(browser: subprocess.Popen[str]) -> int:
    assert browser.stderr is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = browser.stderr.readline()
        found = re.search(r"DevTools listening on ws://[^:]+:(\d+)/", line)
        if found:
            return int(found.group(1))
        if not line and browser.poll() is not None:
            break
    raise AssertionError("headless Chromium did not start its DevTools endpoint")


async def _wait_for_list(cdp: _Cdp, timeout: float = 60) -> str:
    """What the page's terminal was sent, without escape sequences, once the list is drawn."""
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        answer = await cdp.call(
            "Runtime.evaluate",
            expression="[document.body.className, window.__manchette || ''].join('\\u0000')",
        )
        classes, _, received = answer["result"].get("value", "\x00").partition("\x00")
        text = _ESCAPES.sub("", received)
        if "-first-byte" in classes and "of 26 articles" in text:
            return text
        await asyncio.sleep(0.5)
    raise AssertionError(f"the article list never appeared in the page; it got: {text[-500:]!r}")


class _Cdp:
    """The smallest Chrome DevTools Protocol client: one call at a time."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.next_id = 0

    async def call(self, method: str, **params) -> dict:
        self.next_id += 1
        await self.ws.send_str(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads((await self.ws.receive(timeout=30)).data)
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                return message.get("result", {})


def test_serve_on_a_busy_port_fails_in_one_line(sample_library: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(
            [str(MANCHETTE), "--library", str(sample_library), "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert f"cannot listen on 127.0.0.1:{port}" in last and "Traceback" not in done.stderr
