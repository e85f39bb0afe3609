"""Hostile file names, folders and paths through the real commands (failures 1, 2, 10 of issue 11).

Output is piped (no colours), so any control byte in it came from the data: the figure
"escape bytes leaked" adds them up and must stay 0.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import orjson
import pytest

from archive.names import escape_name, file_of, show_name, unescape_name
from tests import figures
from tests.hostile_tools import (
    MANCHETTE,
    SAMPLES,
    can_drop_rights,
    control_bytes,
    manchette,
    one_line_error,
    plain_env,
)

# Names an attacker can give a scraped page (bytes: some are not UTF-8).
HOSTILE_NAMES = [
    b"\x1b]2;PWNED\x1b\\a.txt",
    b"\x1b]52;c;cHduZWQ=\x1b\\clip.txt",
    "csi\u009b2J.txt".encode(),
    "osc\u009d0;x\u009c.txt".encode(),
    b"caf\xe9.txt",
    b"bell\x07\x08.txt",
    "rtl\u202etxt.exe".encode(),
]
FORGED = b"x\nskipped important.txt: forged reason"


def hostile_folder(tmp_path: Path) -> tuple[Path, list[Path]]:
    """Good sample pages, a copy of one under each hostile name, and an empty forged one."""
    folder = tmp_path / "in"
    shutil.copytree(SAMPLES, folder)
    page = sorted(SAMPLES.glob("*.txt"))[0]
    made = []
    for name in HOSTILE_NAMES:
        target = Path(os.fsdecode(os.fsencode(folder) + b"/" + name))
        shutil.copy(page, target)
        made.append(target)
    Path(os.fsdecode(os.fsencode(folder) + b"/" + FORGED)).write_bytes(b"")
    return folder, made


def test_escaped_names_lead_back_to_their_files(tmp_path: Path) -> None:
    for raw in [*HOSTILE_NAMES, FORGED, b"a\\xe9\\\\b\\", b"plain name.txt"]:
        name = os.fsdecode(raw)
        shown = escape_name(name)
        assert shown.isprintable() and unescape_name(shown) == name
        assert os.fsencode(file_of(shown)) == raw
        assert show_name(shown) == shown
    assert escape_name(os.fsdecode(b"caf\xe9.txt")) == "caf\\xe9.txt"
    assert escape_name("\x1b]2;x") == "\\x1b]2;x"


def test_hostile_names_never_reach_the_output(tmp_path: Path) -> None:
    folder, made = hostile_folder(tmp_path)
    library = tmp_path / "lib"
    imported = manchette(library, "import", str(folder))
    leaked = control_bytes(imported.stdout + imported.stderr)
    # Failure 2: an undecodable name does not abort the import; the empty file is skipped.
    assert imported.returncode == 1, imported.stderr
    err = imported.stderr.decode()
    assert "Traceback" not in err
    skipped = [line for line in err.splitlines() if line.strip()]
    assert skipped == [
        f"skipped {escape_name(os.fsdecode(folder / os.fsdecode(FORGED)))}: empty file"
    ]
    assert "x\\x0askipped important.txt: forged reason" in skipped[0]
    records = orjson.loads(manchette(library, "list", "--json").stdout)
    files = {s["file"] for r in records for s in r["sources"]}
    for path in made:
        stored = escape_name(str(path.resolve()))
        assert stored in files, stored
        assert file_of(stored).exists()  # a stored name finds its file again
    assert any(f.endswith("caf\\xe9.txt") for f in files)
    article_id = next(r["id"] for r in records if any("PWNED" in s["file"] for s in r["sources"]))
    outputs = [
        manchette(library, "list"),
        manchette(library, "list", "--json"),
        manchette(library, "search", "poutine"),
        manchette(library, "search", "--json", "poutine"),
        manchette(library, "show", article_id),
        manchette(library, "show", "--json", article_id),
    ]
    for result in outputs:
        assert result.returncode == 0, result.stderr
        leaked += control_bytes(result.stdout + result.stderr)
    shown = outputs[4].stdout.decode()
    assert "\\x1b]2;PWNED\\x1b\\a.txt" in shown and "caf\\xe9.txt" in shown
    figures.add("inputs tried", len(HOSTILE_NAMES) + 1)
    figures.add("escape bytes leaked", leaked)
    assert leaked == 0


def test_a_library_path_with_escapes_is_shown_visibly(tmp_path: Path) -> None:
    library = tmp_path / "\x1b]2;PWNED\x07lib"
    (tmp_path / "file").write_text("x")
    results = [
        manchette(library, "list"),
        manchette(tmp_path / "file", "list"),  # not a folder: the error names it
        subprocess.run(
            [str(MANCHETTE), "list"],
            capture_output=True,
            env=plain_env(MANCHETTE_LIBRARY=str(tmp_path / "file" / "\x1b]0;x\x07")),
            check=False,
        ),
        manchette(library, "search", "\x1b]2;PWNED\x07 ("),
        manchette(library, "\x1b]2;PWNED\x07"),  # argparse quotes what it did not understand
    ]
    leaked = sum(control_bytes(r.stdout + r.stderr) for r in results)
    assert "\\x1b]2;PWNED\\x07lib" in results[0].stdout.decode()
    assert results[1].returncode == 1
    assert "is not a directory" in one_line_error(results[1])
    assert results[3].returncode == 2
    figures.add("inputs tried", len(results))
    figures.add("escape bytes leaked", leaked)
    assert leaked == 0


@pytest.mark.skipif(not can_drop_rights(), reason="file modes cannot be made to apply")
def test_unreadable_subfolder_is_named(tmp_path: Path) -> None:
    """Failure 10: a subfolder that cannot be listed is reported, not skipped silently."""
    folder = tmp_path / "in"
    shutil.copytree(SAMPLES, folder)
    hidden = folder / "locked"
    hidden.mkdir()
    shutil.copy(sorted(SAMPLES.glob("*.txt"))[0], hidden / "page.txt")
    hidden.chmod(0)
    try:
        result = manchette(tmp_path / "lib", "import", str(folder), as_user=True)
    finally:
        hidden.chmod(0o700)
    assert result.returncode == 1
    assert result.stderr.decode().strip() == (
        f"skipped {hidden}: cannot list folder: Permission denied"
    )
    assert b"files skipped" in result.stdout


def test_hostile_names_in_a_real_terminal(tmp_path: Path) -> None:
    """Failure 1 as it was found: `show` in tmux renamed the pane; the import summary too."""
    if shutil.which("tmux") is None:
        pytest.skip("needs tmux")
    folder, _ = hostile_folder(tmp_path)
    (folder / os.fsdecode(b"\x1b]2;PWNED\x1b\\empty.txt")).write_bytes(b"")
    library = tmp_path / "lib"
    session = f"harden-names-{os.getpid()}"
    # The ids of the articles found in hostile files, from a first import elsewhere (ids are
    # stable), so that the pane runs exactly what a person would type.
    manchette(tmp_path / "ids", "import", str(folder))
    records = orjson.loads(manchette(tmp_path / "ids", "list", "--json").stdout)
    ids = sorted({r["id"] for r in records for s in r["sources"] if "\\x" in s["file"]})
    assert ids
    script = tmp_path / "run.sh"
    shows = "".join(f"{MANCHETTE} --library {library} show {i}\n" for i in ids)
    script.write_text(f"{MANCHETTE} --library {library} import {folder}\n{shows}echo DONE\n")
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "80", "-y", "24"]
        + [f"sh {script}; sleep 30"],
        check=True,
        env={**os.environ, "TERM": "xterm-256color"},
    )
    try:
        for _ in range(100):
            pane = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
            ).stdout
            if "DONE" in pane:
                break
            time.sleep(0.2)
        title = subprocess.run(
            ["tmux", "display-message", "-p", "-t", session, "#{pane_title}"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        buffers = subprocess.run(["tmux", "list-buffers"], capture_output=True, text=True).stdout
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False)
    assert "DONE" in pane
    assert "PWNED" not in title
    assert "pwned" not in buffers  # OSC 52 would have filled a tmux buffer
    figures.add("inputs tried", 1)


def test_config_values_with_control_characters_are_refused(tmp_path: Path) -> None:
    """A config value is shown (the date column, the key bar): TOML's \\u001b must not pass."""
    from tui.config import load_config

    path = tmp_path / "config.toml"
    path.write_text(
        'date_format = "%d\\u001b]2;PWNED\\u0007"\ntheme = "\\u009b2J"\n'
        '[keys]\n"main.next_unread" = "u\\u001b"\n'
    )
    config = load_config(path)
    assert config.date_format is None and config.theme is None and config.keymap == {}
    assert len(config.errors) == 3
    assert all(error.isprintable() for error in config.errors)
    date_error = next(error for error in config.errors if "date_format" in error)
    assert "line 1" in date_error and "\\x1b]2;PWNED" in date_error
    figures.add("inputs tried", 3)


def test_a_config_path_with_escapes_is_shown_visibly(tmp_path: Path) -> None:
    config = tmp_path / "\x1b]2;PWNED\x07.toml"
    config.write_text('sort = "sideways"\n')
    result = subprocess.run(
        [str(MANCHETTE), "keys"],
        capture_output=True,
        env=plain_env(MANCHETTE_CONFIG=str(config)),
        check=False,
    )
    figures.add("escape bytes leaked", control_bytes(result.stdout + result.stderr))
    assert control_bytes(result.stdout + result.stderr) == 0
    assert "\\x1b]2;PWNED\\x07.toml" in (result.stdout + result.stderr).decode()
