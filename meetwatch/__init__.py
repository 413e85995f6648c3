"""meetwatch: follow, flag, log and replay what is posted about a UN meeting."""

__version__ = "0.1.0"
