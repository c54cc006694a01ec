"""Pure: tables read from the inputs -> the validated model, and every problem found.

common (per-cell checks, lookups), score_tables (finding a workbook's score tables), base
(checklist, roster), self_sheets, street_sheets, across (checks across workbooks), events.
"""
