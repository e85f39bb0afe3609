"""Join a date or byline that a page splits over several short lines back into one meta line.

"Le" / "06 Novembre 2019", "Il y a" / "6 jours," / "le" / "8 octobre 2020", "Date" / "2 mars
2020", "Par" / "Arthur Vera" / "-" / "8 octobre 2020": each piece alone reads as a short title.
Only pieces from a closed list of meta words join (and a name right after a lone "Par"), so a
short title above a date line is never taken into it.
"""

from __future__ import annotations

import re

from archive.read.lines import Line, classify
from archive.text import fold_aligned

MAX_PIECES = 4
# A piece that is only meta words: "Le", "Publié le", "Il y a", "6 jours,", "Date", "-", "|".
_PIECE = re.compile(
    r"^(?:le|du|par|by|date|publie(?:e)?(?:\s+le)?|mise?\s+en\s+ligne(?:\s+le)?|"
    r"mise?\s+a\s+jour(?:\s+le)?|il\s+y\s+a|\d{1,2}\s+(?:minutes?|heures?|jours?|semaines?|mois),?|"
    r"[-–—|•·,:])\s*:?$"
)
_BY = re.compile(r"^(?:par|by)\s*:?$")
# A name after a lone "Par": a few capitalised words, no sentence.
_NAME = re.compile(
    r"^[A-ZÀ-ÖØ-Ý][\w'’.-]*(?:\s+(?:de|d'|du|la|le|van|von|[A-ZÀ-ÖØ-Ý][\w'’.-]*)){0,4}$"
)


def _piece(line: Line) -> bool:
    return (
        line.kind != "date"
        and len(line.text) <= 24
        and _PIECE.match(fold_aligned(line.text)) is not None
    )


def join_split_dates(lines: list[Line]) -> list[Line]:
    """The lines with split dates and bylines joined (each joined line classified again)."""
    if not any(ln.kind == "date" for ln in lines):
        return lines
    out: list[Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if line.kind != "date":
            out.append(line)
            continue
        first = len(out)  # the pieces before it, already in out
        while first > 0 and len(out) - first < MAX_PIECES:
            if _piece(out[first - 1]):
                first -= 1
            elif (
                first > 1
                and _BY.match(fold_aligned(out[first - 2].text))
                and _NAME.match(out[first - 1].text)
            ):
                first -= 2
            else:
                break
        parts = out[first:]
        del out[first:]
        byline: list[Line] = []
        if i < len(lines) and _BY.match(fold_aligned(lines[i].text)):
            if i + 1 < len(lines) and _NAME.match(lines[i + 1].text):
                byline = lines[i : i + 2]  # "Par" / "Arthur Vera" under the date: its own byline
            else:
                parts.append(line)
                line = lines[i]  # a lone "Par" joins the date line
            i += len(byline) or 1
        if parts:
            joined = classify(Line(parts[0].no, " ".join(ln.text for ln in [*parts, line])))
            out.extend([joined] if joined.kind == "date" else [*parts, line])
        else:
            out.append(line)
        if byline:
            out.append(classify(Line(byline[0].no, " ".join(ln.text for ln in byline))))
    return out
