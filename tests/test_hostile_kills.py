"""Killed and starved index writers, and the browser on a damaged library (failures 4, 11).

Real processes: `manchette search` is SIGKILLed while it writes the index, a full disk is
made with RLIMIT_FSIZE, and the browser runs in tmux on a truncated articles file.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from bench.generate import write_corpus
from tests import figures
from tests.hostile_tools import MANCHETTE, SAMPLES, manchette, plain_env


def index_temps(directory: Path) -> list[Path]:
    return list(directory.glob(".search-index-*"))


def kill_while_writing_the_index(directory: Path) -> bool:
    """Start a search that must build the index; SIGKILL it once its temporary file appears.

    True when the kill left the temporary file behind (a kill during the write).
    """
    (directory / "search-index.bin").unlink(missing_ok=True)
    process = subprocess.Popen(
        [str(MANCHETTE), "--library", str(directory), "search", "poutine"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=plain_env(),
    )
    try:
        while process.poll() is None:
            if index_temps(directory):
                process.send_signal(signal.SIGKILL)
                process.wait()
                # The rename may have won the race with the kill: then it is a miss.
                return bool(index_temps(directory))
            time.sleep(0.0005)
        return False
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def big_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library big enough for the index write to take a moment (a few megabytes)."""
    base = tmp_path_factory.mktemp("kills")
    write_corpus(2000, 7, base / "corpus")
    directory = base / "lib"
    assert manchette(directory, "import", str(base / "corpus" / "pages")).returncode in (0, 1)
    return directory


def test_a_kill_during_the_index_write_leaves_nothing_behind(big_library: Path) -> None:
    """Failure 11: the 2 MB temporary file of a killed index writer stayed forever."""
    kill_index_writers(big_library, kills=2)


@pytest.mark.slow
def test_ten_kills_during_the_index_write(big_library: Path) -> None:
    kill_index_writers(big_library, kills=10)


def kill_index_writers(big_library: Path, kills: int) -> None:
    caught, tries = 0, 0
    while caught < kills and tries < 30 * kills:
        tries += 1
        if not kill_while_writing_the_index(big_library):
            continue
        caught += 1  # the killed writer left its temporary file
        after = manchette(big_library, "search", "--json", "poutine")
        assert after.returncode == 0, after.stderr
        assert index_temps(big_library) == []  # removed by the next writer, under the lock
        assert manchette(big_library, "list").returncode == 0
        figures.add("kills survived")
    assert caught, f"no kill landed during the index write in {tries} tries"
    # An import (not only a search) clears them too.
    assert kill_while_writing_the_index(big_library) or True
    assert manchette(big_library, "import", str(SAMPLES)).returncode == 0
    assert index_temps(big_library) == []


def _small_files() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_a_full_disk_says_the_index_could_not_be_saved(tmp_path: Path) -> None:
    """Failure 11: on a full disk every search said the index 'is kept for the next time'."""
    directory = tmp_path / "lib"
    assert manchette(directory, "import", str(SAMPLES)).returncode == 0
    (directory / "search-index.bin").unlink()
    for _ in range(2):
        result = subprocess.run(
            [str(MANCHETTE), "--library", str(directory), "search", "--json", "poutine"],
            capture_output=True,
            env=plain_env(),
            preexec_fn=_small_files,
            check=False,
        )
        err = result.stderr.decode()
        assert result.returncode == 0, err
        assert b'"id"' in result.stdout
        assert "kept for the next time" not in err
        assert "the search index could not be saved (File too large)" in err
        assert not (directory / "search-index.bin").exists()
        assert index_temps(directory) == []


def test_the_browser_on_a_truncated_library_says_one_line(tmp_path: Path) -> None:
    """Failure 4: a truncated articles file printed a traceback with locals (and exit 0)."""
    if shutil.which("tmux") is None:
        pytest.skip("needs tmux")
    directory = tmp_path / "lib"
    assert manchette(directory, "import", str(SAMPLES)).returncode == 0
    assert manchette(directory, "search", "poutine").returncode == 0  # a current index
    records = next(directory.glob("articles-*.records"))
    records.write_bytes(records.read_bytes()[: records.stat().st_size // 2])
    session = f"harden-browser-{os.getpid()}"
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "30"]
        + [f"{MANCHETTE} --library {directory}; echo EXIT=$?; sleep 30"],
        check=True,
        env={**os.environ, "TERM": "xterm-256color"},
    )
    try:
        pane = ""
        for step in range(150):
            pane = subprocess.run(
                ["tmux", "capture-pane", "-p", "-J", "-t", session], capture_output=True, text=True
            ).stdout
            if "EXIT=" in pane:
                break
            if step % 10 == 5:  # open the article under the cursor: its text is needed now
                subprocess.run(["tmux", "send-keys", "-t", session, "Enter"], check=False)
            time.sleep(0.2)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False)
    assert "EXIT=1" in pane, pane
    assert "Traceback" not in pane and "locals" not in pane
    lines = [line for line in pane.splitlines() if line.strip()]
    assert lines[-2].startswith("manchette: ") and ".records is damaged" in lines[-2]
    assert ".records.corrupt-" in lines[-2]
    figures.add("corruptions tried")
