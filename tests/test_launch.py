"""Ways in for a clerk: `python -m gridscore`, and the .bat files beside the data."""

from __future__ import annotations

import os
import subprocess
import sys

from gridscore import __version__


def _module(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gridscore", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def test_python_m_gridscore_help_lists_the_commands() -> None:
    proc = _module("--help")
    assert proc.returncode == 0, proc.stderr
    for name in ("check", "quarter", "year", "audit", "template", "init"):
        assert name in proc.stdout
    assert "Usage: python -m gridscore" in proc.stdout


def test_python_m_gridscore_version() -> None:
    proc = _module("--version")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"gridscore {__version__}"
