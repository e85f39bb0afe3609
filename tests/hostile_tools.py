"""Helpers of the hostile tests: the real command, counting leaked control bytes, folders and rights."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

MANCHETTE = Path(sys.executable).parent / "manchette"
SAMPLES = Path(__file__).resolve().parent.parent / "archive" / "samples"
# Bytes that start or are part of a terminal control: C0 but \t \n, DEL, UTF-8 encoded C1.
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]")
# Running as root ignores file modes; without these capabilities root obeys them like a user.
_DROP_CAPS = [
    "setpriv",
    "--inh-caps=-dac_override,-dac_read_search,-fowner",
    "--bounding-set=-dac_override,-dac_read_search,-fowner",
]


def control_bytes(output: bytes) -> int:
    """How many control bytes a command wrote (its output is piped: it has no styling to do)."""
    return len(_CONTROL_BYTES.findall(output))


def plain_env(**extra: str) -> dict[str, str]:
    """The environment of a command whose output is piped: no colours, no forced terminal."""
    env = {key: value for key, value in os.environ.items() if key not in ("FORCE_COLOR",)}
    env.update(TERM="dumb", NO_COLOR="1", COLUMNS="200", **extra)
    return env


def manchette(
    library: Path | str, *args: str, env: dict[str, str] | None = None, as_user: bool = False,
    timeout: float = 120,
) -> subprocess.CompletedProcess[bytes]:  # fmt: skip
    """Run the real command on a library, output piped; as_user: with a user's file rights."""
    command = [str(MANCHETTE), "--library", str(library), *args]
    if as_user and os.geteuid() == 0:
        command = [*_DROP_CAPS, *command]
    return subprocess.run(
        command, capture_output=True, env=env or plain_env(), timeout=timeout, check=False
    )


def can_drop_rights() -> bool:
    """True when file modes can be made to apply (a normal user, or root with setpriv)."""
    return os.geteuid() != 0 or shutil.which("setpriv") is not None


def one_line_error(result: subprocess.CompletedProcess[bytes]) -> str:
    """The command's stderr, checked to be a single `manchette: ...` line without a traceback."""
    err = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    # Notes about work under way ("building the search index…") may come first.
    lines = [line for line in err.splitlines() if line.strip() and not line.endswith("…")]
    assert len(lines) == 1 and lines[0].startswith("manchette: "), err
    return lines[0]
