"""The interface strings of the code: every _("…"), N_("…") and ngettext("…", "…", n) in tui/ and archive/."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("tui", "archive")
# Functions taking (…, singular, plural, …): where the singular is (as xgettext's --keyword=f:1,2).
PLURAL_KEYWORDS = {"ngettext": 0, "_plural": 1}


def _text(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def extract() -> dict[str | tuple[str, str], list[str]]:
    """Each message (a string, or a (singular, plural) pair) and where it is written."""
    found: dict[str | tuple[str, str], list[str]] = {}
    for top in SOURCES:
        for path in sorted((ROOT / top).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                    continue
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                if node.func.id in ("_", "N_") and node.args:
                    message = _text(node.args[0])
                    if message:
                        found.setdefault(message, []).append(where)
                elif node.func.id in PLURAL_KEYWORDS and len(node.args) >= 3:
                    first = PLURAL_KEYWORDS[node.func.id]
                    singular, plural = _text(node.args[first]), _text(node.args[first + 1])
                    if singular and plural:
                        found.setdefault((singular, plural), []).append(where)
    return found


def po_quote(text: str) -> str:
    """A string as a .po literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


HEADER = """\
# French catalog of manchette's interface. English source strings are in the code, wrapped
# in _(), N_() or ngettext(); `python -m tests.i18n_strings` adds new ones (empty msgstr)
# and drops the ones no longer in the code; tests/test_i18n.py checks nothing is missing.
msgid ""
msgstr ""
"Project-Id-Version: manchette\\n"
"Language: fr\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"
"""


def render_po(
    messages: dict[str | tuple[str, str], list[str]],
    translated: dict[str | tuple[str, int], str],
) -> str:
    """The catalog for these messages, with the translations known (others left empty)."""
    out = [HEADER]
    for message, places in messages.items():
        out.append("")
        out.append("#: " + " ".join(dict.fromkeys(place.partition(":")[0] for place in places)))
        if isinstance(message, tuple):
            singular, plural = message
            out.append(f"msgid {po_quote(singular)}")
            out.append(f"msgid_plural {po_quote(plural)}")
            for n in (0, 1):
                out.append(f"msgstr[{n}] {po_quote(translated.get((singular, n), ''))}")
        else:
            out.append(f"msgid {po_quote(message)}")
            out.append(f"msgstr {po_quote(translated.get(message, ''))}")
    return "\n".join(out) + "\n"


def main() -> None:
    """Bring the French catalog in step with the code: new strings in, stale ones out."""
    from tui.i18n import parse_po, po_file

    path = po_file("fr")
    known = parse_po(path.read_text(encoding="utf-8")) if path.exists() else {}
    messages = extract()
    path.write_text(render_po(messages, known), encoding="utf-8")
    entries = parse_po(path.read_text(encoding="utf-8"))
    missing = [k for k, v in entries.items() if k != "" and not v]
    print(f"{path}: {len(messages)} messages, {len(missing)} without a translation")


if __name__ == "__main__":
    main()
