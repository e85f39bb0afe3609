"""The news agency an article credits: "(Source : AFP)", "(Avec : Reuters)", "Par AFP"."""

from __future__ import annotations

import re
from collections.abc import Iterable

AGENCIES = {
    "afp": "AFP", "agence france-presse": "AFP", "agence france presse": "AFP",
    "reuters": "Reuters", "ap": "AP", "associated press": "AP", "ansa": "ANSA", "dpa": "DPA",
    "efe": "EFE", "belga": "Belga", "ats": "ATS", "keystone-ats": "ATS", "xinhua": "Xinhua",
    "tass": "TASS", "ria novosti": "RIA Novosti", "interfax": "Interfax", "anadolu": "Anadolu",
    "bloomberg": "Bloomberg", "kyodo": "Kyodo", "yonhap": "Yonhap", "upi": "UPI", "aps": "APS",
    "map": "MAP", "ukrinform": "Ukrinform", "pap": "PAP", "apa": "APA", "ana": "ANA",
}  # fmt: skip
_NAMES = "|".join(re.escape(n) for n in sorted(AGENCIES, key=len, reverse=True))
# Credit forms only: "explique à l'AFP" mentions an agency, it does not credit it.
_CREDITS = (
    re.compile(
        rf"\(\s*(?:sources?|avec|d['’]apr[eè]s|cr[ée]dits?|©|agences?)\s*:?\s*(?:l['’]|les\s+)?"
        rf"(?P<a>{_NAMES})\b[^()]{{0,40}}\)",
        re.IGNORECASE,
    ),
    re.compile(rf"^\s*(?:par|avec)\s+(?:l['’])?(?P<a>{_NAMES})\s*[.,:]?\s*$", re.IGNORECASE | re.M),
    re.compile(rf"^[^\n(]{{0,40}}\((?P<a>{_NAMES})\)\s*[-–—:]", re.IGNORECASE),
    re.compile(rf"(?:^|\s)(?:[-–—]|©)\s*(?P<a>{_NAMES})\s*\.?\s*$", re.IGNORECASE),
    re.compile(rf"^\s*(?P<a>{_NAMES})\s*$", re.IGNORECASE),
)
# Short upper-case acronyms must match as written ("AP", not "ap"; "MAP", not "map").
_CASE_SENSITIVE = {"ap", "map", "aps", "ats", "ana", "apa", "pap", "upi", "efe", "dpa"}


def credited_agency(paragraphs: Iterable[str]) -> str | None:
    """The first agency credited in the paragraphs, as its usual short name."""
    for paragraph in paragraphs:
        # Credits open or close a paragraph ("PARIS (AFP) -", "…(Source : AFP)."): only the
        # ends of a long one are read.
        text = paragraph if len(paragraph) <= 500 else f"{paragraph[:120]}\n{paragraph[-300:]}"
        if not _may_credit(text):  # cheap string tests first: most paragraphs credit nobody
            continue
        for pattern in _CREDITS:
            for m in pattern.finditer(text):
                name = m["a"]
                if name.lower() in _CASE_SENSITIVE and name != name.upper():
                    continue
                return AGENCIES[name.lower()]
    return None


def _may_credit(text: str) -> bool:
    """Whether a credit form could be in the text: parentheses, ©, a short line, Par/Avec, a dash."""
    return (
        "(" in text
        or "©" in text
        or len(text) <= 40
        or text[:5].lower() in ("par a", "par l", "avec ")
        or any(dash in text[-40:] for dash in "-–—")
    )
