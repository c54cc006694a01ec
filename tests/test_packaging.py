"""The installed package holds every sub-package: a wheel built from pyproject.toml ships
each folder of gridscore/ that Python would import (an editable install hides a miss)."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatchcase
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_subpackage_is_listed_for_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    include = config["tool"]["setuptools"]["packages"]["find"]["include"]
    packages = {
        ".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "gridscore").rglob("__init__.py")
    }
    missed = sorted(p for p in packages if not any(fnmatchcase(p, pattern) for pattern in include))
    assert "gridscore.validate" in packages
    assert missed == []
