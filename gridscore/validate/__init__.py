"""Pure: tables read from the inputs -> the validated model, and every problem found.

common (per-cell checks, lookups), score_tables (finding a workbook's tables, every kind
alike), base (checklist, roster), self_sheets, street_sheets, across (checks across
workbooks), events.
"""
