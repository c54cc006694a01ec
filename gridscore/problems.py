"""Problems found in the inputs: stable codes, locations, and the collected report."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


class Code(StrEnum):
    """Stable problem codes; tests and JSON consumers rely on these, not on wording. Each
    code carries its severity (`Code.X.severity`, an error unless declared beside it), which
    Report.add uses. Three codes have a second severity, passed where they are reported:

    - FOLDER_MISSING: an error for a required folder, a warning for an optional one (the
      event log a quarter may go without; folders the rules mark optional);
    - MONTH_MISSING: an error, a warning where the rules allow missing months;
    - QUARTER_MISSING: an error, a warning for `year --partial`.

    (The quarter also re-adds the event log's problems as warnings: flags never change a
    score. That re-adds problems under another severity; it declares none.)
    """

    severity: Severity

    def __new__(cls, value: str, severity: Severity = Severity.ERROR) -> Code:
        member = str.__new__(cls, value)
        member._value_ = value
        member.severity = severity
        return member

    RULES_UNREADABLE = "rules_unreadable"
    RULES_INVALID = "rules_invalid"
    RULES_UNKNOWN_KEY = "rules_unknown_key"
    RULES_ENCODING = "rules_encoding", Severity.WARNING
    NOT_A_DATA_FOLDER = "not_a_data_folder"
    NO_PERIOD_FOLDERS = "no_period_folders"
    FILE_MISSING = "file_missing"
    FILE_UNREADABLE = "file_unreadable"
    FILE_SKIPPED = "file_skipped", Severity.WARNING
    FOLDER_MISSING = "folder_missing"
    PERIOD_FOLDER_TWICE = "period_folder_twice"
    PERIOD_FOLDER_UNREADABLE = "period_folder_unreadable", Severity.WARNING
    SHEET_SKIPPED = "sheet_skipped", Severity.NOTE
    HEADER_KEY_MISSING = "header_key_missing"
    HEADER_KEY_WRONG = "header_key_wrong"
    HEADER_KEY_LOW = "header_key_low", Severity.WARNING
    HEADER_KEY_BESIDE = "header_key_beside", Severity.WARNING
    SHEET_BLANK = "sheet_blank"
    RATER_MISSING = "rater_missing", Severity.WARNING
    RATER_COUNT_DIFFERS = "rater_count_differs", Severity.WARNING
    NO_TABLE = "no_table"
    TABLE_TWICE = "table_twice"
    COLUMN_MISSING = "column_missing"
    VALUE_MISSING = "value_missing"
    NOT_A_NUMBER = "not_a_number"
    POINTS_INVALID = "points_invalid"
    TYPE_INVALID = "type_invalid"
    POINTS_TOTAL = "points_total"
    DUPLICATE_ITEM = "duplicate_item"
    DUPLICATE_GRID = "duplicate_grid"
    DUPLICATE_ROW = "duplicate_row"
    DUPLICATE_COLUMN = "duplicate_column"
    UNKNOWN_GRID = "unknown_grid"
    GRID_NAME_AMBIGUOUS = "grid_name_ambiguous"
    UNKNOWN_ITEM = "unknown_item"
    SCORE_OUT_OF_RANGE = "score_out_of_range"
    DEDUCTION_NEGATIVE = "deduction_negative"
    SCORE_MISSING = "score_missing"
    ROW_MISSING = "row_missing"
    ITEM_NOT_SCORED = "item_not_scored"
    GRID_NOT_SCORED = "grid_not_scored"
    VETO_INVALID = "veto_invalid"
    VETO_IN_SELF = "veto_in_self", Severity.WARNING
    GRID_IN_TWO_WORKBOOKS = "grid_in_two_workbooks"
    SCORED_TWICE = "scored_twice"
    SCORED_IN_TWO_WORKBOOKS = "scored_in_two_workbooks"
    MONTH_MISSING = "month_missing"
    OTHER_DEPARTMENT = "other_department", Severity.WARNING
    UNKNOWN_DEPARTMENT = "unknown_department", Severity.WARNING
    TOTAL_MISMATCH = "total_mismatch", Severity.WARNING
    YEAR_UNKNOWN = "year_unknown"
    QUARTER_MISSING = "quarter_missing"
    PREVIOUS_UNUSABLE = "previous_unusable", Severity.NOTE
    ISSUER_MISSING = "issuer_missing", Severity.WARNING
    EVENT_DUPLICATE = "event_duplicate"
    TIME_INVALID = "time_invalid"
    REPORTED_MISSING = "reported_missing"
    EVENT_OUTSIDE_MONTH = "event_outside_month", Severity.WARNING
    FILE_EMPTY = "file_empty"
    FILE_WRONG_TYPE = "file_wrong_type"
    FILE_ENCRYPTED = "file_encrypted"
    FILE_TOO_LARGE = "file_too_large"
    FILE_UNSAFE = "file_unsafe"
    FORMAT_UNSUPPORTED = "format_unsupported"
    RANGE_TOO_LARGE = "range_too_large"
    FORMULA_NOT_CALCULATED = "formula_not_calculated"
    FORMULA_ERROR = "formula_error"
    SCORE_IS_DATE = "score_is_date"
    HIDDEN_ROWS = "hidden_rows", Severity.WARNING
    HIDDEN_COLUMNS = "hidden_columns", Severity.WARNING
    SHEET_HIDDEN = "sheet_hidden", Severity.NOTE
    NO_ROWS = "no_rows"
    RATERS_UNEVEN = "raters_uneven", Severity.WARNING
    NO_SELF_SCORE = "no_self_score"
    OUTPUT_EXISTS = "output_exists"
    OUTPUT_FAILED = "output_failed"


@dataclass(frozen=True)
class Problem:
    """One problem: where it is (file relative to the data folder, sheet, cell) and what."""

    code: Code
    severity: Severity
    file: str = ""
    sheet: str = ""
    cell: str = ""
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def location(self) -> str:
        return " › ".join(part for part in (self.file, self.sheet, self.cell) if part)

    def sort_key(self) -> tuple:
        return (self.file, self.sheet, _cell_order(self.cell), self.code)


def _cell_order(cell: str) -> tuple[int, int]:
    """Order cells as a reader scans a sheet: by row, then column."""
    letters = "".join(ch for ch in cell if ch.isalpha())
    digits = "".join(ch for ch in cell if ch.isdigit())
    column = 0
    for ch in letters:
        column = column * 26 + ord(ch.upper()) - 64
    return (int(digits) if digits else 0, column)


class Report:
    """Every problem found in one run; the exit code and the output follow from it."""

    def __init__(self, problems: Iterable[Problem] = ()) -> None:
        self._problems: list[Problem] = list(problems)

    def add(
        self,
        code: Code,
        severity: Severity | None = None,
        /,
        *,
        file: str = "",
        sheet: str = "",
        cell: str = "",
        **params: Any,
    ) -> None:
        """A problem of `code`, at the code's severity unless one is given (see Code)."""
        self._problems.append(Problem(code, severity or code.severity, file, sheet, cell, params))

    def extend(self, problems: Iterable[Problem]) -> None:
        self._problems.extend(problems)

    def __iter__(self) -> Iterator[Problem]:
        return iter(sorted(self._problems, key=Problem.sort_key))

    def __len__(self) -> int:
        return len(self._problems)

    @property
    def has_errors(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self._problems)

    def count(self, severity: Severity) -> int:
        return sum(p.severity is severity for p in self._problems)


class InputError(Exception):
    """The inputs have errors: nothing is computed or written."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"{report.count(Severity.ERROR)} input errors")
        self.report = report


class OutputError(Exception):
    """An output file could not be written (exit code 3)."""

    def __init__(self, path: str, reason: object, kind: str = "file") -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason  # "exists", or the cause in words (an i18n Phrase)
        self.kind = kind  # "file" or "folder"
