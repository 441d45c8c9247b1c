"""The package's version (the newest dataset version it ships is ``versions()[-1]``)."""

__version__ = "1.2.0"
