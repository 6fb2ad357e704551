"""Golden files: compare output with a checked-in file; ``SOPKIT_UPDATE_GOLDEN=1`` rewrites."""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"


def assert_golden(name: str, actual: str) -> None:
    """Assert ``actual`` equals ``tests/golden/<name>`` (or write it when updating)."""
    path = GOLDEN / name
    if os.environ.get("SOPKIT_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.is_file(), f"no golden file {path}: run with SOPKIT_UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"output differs from {path}; SOPKIT_UPDATE_GOLDEN=1 updates it"
