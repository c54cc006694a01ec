"""gridscore: exact, checked scoring of a grid office's assessment workbooks."""

__version__ = "0.1.0"
