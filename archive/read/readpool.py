"""Read many files on every core: each worker reads and prepares a shard, then splits it into drafts.

Reading is two passes (archive/read/pages.py): every file's titles must be known before any file is
split. A worker keeps its shard's prepared pages between the passes, so each file is cleaned
and classified once; only the titles (small) and the drafts cross between processes. Workers
are spawned, not forked: the caller may be a threaded app.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from archive.names import escape_name
from archive.read.credits import credited_agency
from archive.read.dating import DateRules, settle_dates
from archive.read.decode import SkipFile, read_text
from archive.read.pages import (
    EntryDraft,
    PreparedPage,
    TitleHints,
    collect_hints,
    prepare,
    read_page,
)

# Below this, starting processes costs more than it saves.
MIN_FILES = 400
PROGRESS_EVERY = 50
# Years written next to a month ("juin 2025", "03/07/2025"): the corpus years, should no
# article state one.
MONTH_YEAR = re.compile(
    r"(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|"
    r"d[ée]cembre|/)\s?(1[89]\d\d|20\d\d)\b",
    re.IGNORECASE,
)
# The same, found from the year back (a search for the alternation at every character costs a
# tenth of the reading): a year, then what must come just before it.
_YEAR = re.compile(r"(?:1[89]\d\d|20\d\d)\b")
_BEFORE_YEAR = re.compile(MONTH_YEAR.pattern.split("(1[89]", 1)[0] + r"\Z", re.IGNORECASE)
_LONGEST_BEFORE = len("septembre") + 2  # the longest month and a space, and one more


def mentioned_years(text: str, end: int) -> list[int]:
    """The years MONTH_YEAR finds in text[:end] ("juin 2025", "03/07/2025")."""
    return [
        int(m.group())
        for m in _YEAR.finditer(text, 0, end)
        if _BEFORE_YEAR.search(text, max(0, m.start() - _LONGEST_BEFORE), m.start())
    ]


@dataclass
class Shard:
    """What reading a set of files gives: drafts, skipped files and years the texts mention."""

    drafts: list[EntryDraft] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    files_read: int = 0


def _prepare_files(
    files: list[Path], tick: Callable[[], None]
) -> tuple[list[tuple[str, PreparedPage]], Shard]:
    pages: list[tuple[str, PreparedPage]] = []
    shard = Shard()
    for path in files:
        try:
            text = read_text(path)
        except SkipFile as e:
            shard.skipped.append((escape_name(str(path)), str(e)))
        else:
            shard.years.extend(mentioned_years(text, 5_000))
            # Stored escaped: a name that is not UTF-8 or holds controls stays findable and safe.
            pages.append((escape_name(str(path.resolve())), prepare(text)))
            del text  # only the prepared lines are kept
        tick()
    shard.files_read = len(pages)
    return pages, shard


def _worker(conn: Connection, files: list[Path]) -> None:
    """One process: prepare the shard, send its titles, receive everyone's, send the drafts."""
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if done % PROGRESS_EVERY == 0:
            conn.send(("progress", PROGRESS_EVERY))

    pages, shard = _prepare_files(files, tick)
    conn.send(("progress", done % PROGRESS_EVERY))
    conn.send(("hints", collect_hints(pages)))
    hints: TitleHints = conn.recv()
    shard.drafts.extend(_read_prepared(pages, hints))
    del pages
    conn.send(("shard", shard))
    conn.close()


def read_files(
    files: list[Path], progress: Callable[[int, int], None] | None = None, workers: int = 0
) -> Shard:
    """Read and split files into drafts, on several processes when there are many files."""
    workers = workers or min(os.cpu_count() or 1, 8)
    if workers < 2 or len(files) < MIN_FILES:
        return _read_serial(files, progress)
    ctx = multiprocessing.get_context("spawn")
    shards = [files[i::workers] for i in range(workers)]
    conns: list[Connection] = []
    procs = []
    for shard_files in shards:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_worker, args=(child, shard_files), daemon=True)
        proc.start()
        child.close()
        conns.append(parent)
        procs.append(proc)
    try:
        return _gather(conns, len(files), progress)
    finally:
        for proc in procs:
            proc.join(timeout=5)
            if proc.is_alive():
                proc.kill()


def _gather(
    conns: list[Connection], total: int, progress: Callable[[int, int], None] | None
) -> Shard:
    done = 0
    hints = TitleHints()
    waiting_hints = set(range(len(conns)))
    result = Shard()
    pending = set(range(len(conns)))
    while pending:
        ready = wait([conns[i] for i in pending])
        for i in [i for i in pending if conns[i] in ready]:
            try:
                kind, payload = conns[i].recv()
                message: Any = payload
            except EOFError:
                raise RuntimeError("a reading worker stopped unexpectedly") from None
            if kind == "progress":
                done += message
                if progress:
                    progress(done, total)
            elif kind == "hints":
                hints.update(message)
                waiting_hints.discard(i)
                if not waiting_hints:  # every shard's titles known: let them split their pages
                    for c in conns:
                        c.send(hints)
            elif kind == "shard":
                result.drafts.extend(message.drafts)
                result.skipped.extend(message.skipped)
                result.years.extend(message.years)
                result.files_read += message.files_read
                pending.discard(i)
    return result


def _read_serial(files: list[Path], progress: Callable[[int, int], None] | None) -> Shard:
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, len(files))

    pages, shard = _prepare_files(files, tick)
    shard.drafts.extend(_read_prepared(pages, collect_hints(pages)))
    return shard


def _read_prepared(pages: list[tuple[str, Any]], hints: TitleHints) -> list[EntryDraft]:
    """The second pass over prepared pages (with the import's title hints), file by file."""
    return [draft for file, page in pages for draft in finish_file(read_page(page, file, hints))]


def finish_file(drafts: list[EntryDraft]) -> list[EntryDraft]:
    """One file's drafts with their date lines settled, each draft's own date and agency set.

    All of it depends on that file alone (archive/read/dating.py: the rules are per file), so
    the workers do it rather than the importer after them.
    """
    drafts = settle_dates(sorted(drafts, key=lambda d: d.position))
    rules = DateRules.of(drafts)
    for draft in drafts:
        draft.own_date = rules.date_of(draft)
        draft.agency = credited_agency(draft.paragraphs())
        draft.finished = True
    return drafts
