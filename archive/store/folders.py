"""Folders readable by their owner only, whatever the umask, including the parents we create."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def make_private_directory(directory: Path, mode: int = 0o700) -> None:
    """Create directory and its missing parents with mode; narrow an existing one of ours to it.

    Parents that already existed are left alone. Raises OSError.
    """
    missing = []
    folder = directory
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another process made it meanwhile
            folder.mkdir(mode=mode)
        # mkdir's mode is filtered by the umask (and umask 000 lets 0777 through): set it exactly.
        os.chmod(folder, mode)
    status = directory.stat()
    if status.st_uid == os.geteuid() and status.st_mode & 0o777 != mode:
        os.chmod(directory, mode)
