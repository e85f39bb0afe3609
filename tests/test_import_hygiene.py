"""archive/ is a pure library: importing any of its modules never loads Textual or tui."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

MODULES = sorted(p.stem for p in (ROOT / "archive").glob("*.py") if p.stem != "__init__")


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
