"""archive/ is a pure library: importing any of its modules never loads Textual or tui."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

# Every module, sub-packages too ("formats.html"); a package's __init__ is its own name.
MODULES = sorted(
    ".".join(p.relative_to(ROOT / "archive").with_suffix("").parts).removesuffix(".__init__")
    for p in (ROOT / "archive").rglob("*.py")
    if p.parent != ROOT / "archive" or p.stem != "__init__"
)


@pytest.mark.parametrize("module", MODULES)
def test_archive_module_never_imports_textual_or_tui(module: str) -> None:
    code = (
        f"import sys, archive.{module}; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'tui')); "
        "print(','.join(bad))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "", f"archive.{module} pulls in {out.stdout.strip()}"
