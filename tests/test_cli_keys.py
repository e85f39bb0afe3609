"""`manchette keys` for real: the ids a config file uses, with the keys as the file binds them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

MANCHETTE = Path(sys.executable).with_name("manchette")


def run_keys(config: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MANCHETTE_CONFIG": str(config), "COLUMNS": "120"}
    return subprocess.run(
        [str(MANCHETTE), "keys"], capture_output=True, text=True, timeout=60, env=env
    )


def test_keys_lists_every_id_with_the_configured_keys(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[keys]\n"main.next_unread" = "n, ctrl+n"\n', encoding="utf-8")
    done = run_keys(config)
    assert done.returncode == 0 and done.stderr == ""
    lines = {line.split()[0]: line for line in done.stdout.splitlines() if line.strip()}
    assert lines["main.next_unread"].split()[1] == "n,ctrl+n"
    assert lines["main.pipe"].split()[1] == "|"
    for binding_id in ("app.quit", "main.sort", "main.select", "article.pager", "list.down"):
        assert binding_id in lines


def test_keys_names_a_wrong_id_in_one_line_and_still_lists(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('theme = "nord"\n[keys]\n"main.nope" = "z"\n', encoding="utf-8")
    done = run_keys(config)
    assert done.returncode == 0
    assert done.stderr.count("\n") == 1
    assert "line 3" in done.stderr and "main.nope" in done.stderr
    assert "main.next_unread" in done.stdout
