"""The package version, in one place (read by the User-Agent and by packaging)."""

__version__ = "0.1.0"
