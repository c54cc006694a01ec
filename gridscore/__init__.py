"""gridscore: exact, checked scoring of a grid office's assessment workbooks.

The library face, for a notebook or a script (each entry point's convention: gridscore/api.py):

    import gridscore
    result, report = gridscore.quarter("数据", "2020-Q3")
    rows = gridscore.records(result)      # list of dicts, Decimal values, in rank order
    df = gridscore.to_pandas(result)      # pip install "gridscore[pandas]"

The names below are imported on first use (PEP 562), so `import gridscore` and
`gridscore --help` load none of the workbook readers, pydantic or pandas.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

from gridscore._version import __version__

_EXPORTS = {
    "check": "gridscore.api",
    "quarter": "gridscore.api",
    "year": "gridscore.api",
    "audit": "gridscore.api",
    "parse_period": "gridscore.api",
    "Period": "gridscore.model",
    "Report": "gridscore.problems",
    "Problem": "gridscore.problems",
    "Code": "gridscore.problems",
    "Severity": "gridscore.problems",
    "InputError": "gridscore.problems",
    "records": "gridscore.tabular",
    "to_pandas": "gridscore.tabular",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'gridscore' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


class _Package(types.ModuleType):
    """`gridscore.audit` is both the audit sub-package and the entry point `audit()`. Importing
    the sub-package binds it on this package, which would hide the function: the class-level
    property keeps `gridscore.audit` the function (code imports the sub-package's contents
    with `from gridscore.audit import …`, which reads sys.modules, never this attribute)."""

    @property
    def audit(self) -> Any:
        from gridscore.api import audit

        return audit

    @audit.setter
    def audit(self, value: Any) -> None:
        pass  # the import system binding the sub-package: sys.modules keeps it


sys.modules[__name__].__class__ = _Package
