"""What one file shows of one article (an entry draft): the reader's output, before dates,
agencies and merging are worked out by the importer."""

from __future__ import annotations

from dataclasses import dataclass, field

from archive.model import Block
from archive.read.dates import DateMention


@dataclass(slots=True)
class EntryDraft:
    """One article as one file shows it, before dates, agencies and merging are worked out."""

    file: str
    line: int
    position: int
    title: str | None
    archive: tuple[str, str] | None = None  # (name, kind) of the archive header above it
    blocks: list[Block] = field(default_factory=list)
    read_more: bool = False
    full: bool = False
    dates: list[tuple[DateMention, str]] = field(default_factory=list)  # date lines, with verb
    site: str | None = None
    sections: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    trailing_dates: int = 0  # date lines after the last text line (a date above the next title?)
    leading_dates: int = 0  # date lines before the first text line
    # Worked out by the reading worker once the file's drafts are settled (readpool.py): the
    # date the draft states for itself and the agency it credits. finished says they are set.
    finished: bool = False
    own_date: DateMention | None = None
    agency: str | None = None

    @property
    def teaser(self) -> str:
        """The first paragraph (for a read-more entry, the whole excerpt)."""
        paragraphs = [b.text for b in self.blocks if b.type in ("paragraph", "quote")]
        if self.read_more:
            return "\n\n".join(paragraphs)
        return paragraphs[0] if paragraphs else ""

    def paragraphs(self) -> list[str]:
        """Every text the draft shows: bylines, date lines, teaser and blocks (agency credits)."""
        return [*self.bylines, *(m.text for m, _ in self.dates), self.teaser,
                *(b.text for b in self.blocks)]  # fmt: skip
