"""A process that writes to a library, for tests/test_store_reliability.py to kill, race or starve.

usage: store_worker.py articles DIR | notes DIR | mark DIR PREFIX COUNT | full-disk DIR LIMIT
Progress goes to stdout one line at a time ("ready", "done N"), flushed, so the parent
knows exactly which writes completed before it killed the process.
"""

from __future__ import annotations

import json
import resource
import signal
import sys
import time
from pathlib import Path

from archive.model import Article, Block
from archive.store.library import Library, LibraryError

# Long enough that writing and fsyncing the file is a good share of each loop, so that
# random kills often land in the middle of a write.
FILLER = "Le gouvernement a présenté jeudi une réforme très attendue par les élus. " * 16


def generation_size(generation: int) -> int:
    """How many articles generation N writes: growing sets, capped to keep writes short."""
    return min(100 + 40 * generation, 1500)


def generation_article(index: int, generation: int) -> Article:
    """Article number index as written by generation N (its title says which generation)."""
    return Article(
        id=f"a{index:05d}",
        title=f"gen {generation}",
        teaser=f"article {index} de la génération {generation}",
        body=[Block("paragraph", FILLER), Block("quote", f"« génération {generation} »")],
    )


def note_key(number: int) -> str:
    return f"n{number:05d}"


def say(line: str) -> None:
    print(line, flush=True)


def loop_articles(directory: Path) -> None:
    library = Library.open(directory)
    generation = max((int(a.title.split()[1]) for a in library.all_articles()), default=0)
    say("ready")
    while True:
        generation += 1
        size = generation_size(generation)
        library.write_articles(generation_article(i, generation) for i in range(size))
        say(f"done {generation}")


def loop_notes(directory: Path) -> None:
    library = Library.open(directory)
    number = len(library.all_user_states())
    say("ready")
    while True:
        library.set_note(note_key(number), f"note {number} : à relire")
        say(f"done {number}")
        number += 1


def mark(directory: Path, prefix: str, count: int) -> None:
    library = Library.open(directory, lock_timeout=60)
    say("ready")
    sys.stdin.readline()  # wait for "go" so both racers start together
    stamps = []
    for i in range(count):
        library.set_starred(f"{prefix}{i}", True)
        stamps.append(time.monotonic())
        # A human pace, even if brief, lets the other racer take the lock in between.
        time.sleep(0.001)
        library.set_read(f"{prefix}{i}", True)
        stamps.append(time.monotonic())
        time.sleep(0.001)
    say(json.dumps(stamps))
    say("done")


def full_disk(directory: Path, limit: int) -> None:
    """Try writes that cannot fit under a file-size limit; report each outcome as JSON."""
    # Python already ignores SIGXFSZ, so an oversized write fails with EFBIG; make it explicit.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    library = Library.open(directory)
    attempts = {
        "import": lambda: library.write_articles(
            generation_article(i, 99) for i in range(generation_size(99))
        ),
        "note": lambda: library.set_note("a00000", "long note " * 20_000),
        "search": lambda: library.save_search("huge", "mot " * 20_000),
        "small": lambda: library.set_starred("a00001", True),
    }
    for name, attempt in attempts.items():
        try:
            attempt()
        except LibraryError as error:
            say(json.dumps({"attempt": name, "ok": False, "error": str(error)}))
        else:
            say(json.dumps({"attempt": name, "ok": True}))


def main(argv: list[str]) -> None:
    mode, directory = argv[0], Path(argv[1])
    if mode == "articles":
        loop_articles(directory)
    elif mode == "notes":
        loop_notes(directory)
    elif mode == "mark":
        mark(directory, argv[2], int(argv[3]))
    elif mode == "full-disk":
        full_disk(directory, int(argv[2]))
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
