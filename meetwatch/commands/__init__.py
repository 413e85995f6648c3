"""The commands behind ``meetwatch COMMAND``; :mod:`meetwatch.cli` parses the
arguments and calls them."""
