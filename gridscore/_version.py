"""The version, in a module of its own: gridscore's modules read it here, never from the package
face (gridscore/__init__.py), which imports them."""

__version__ = "0.1.0"
