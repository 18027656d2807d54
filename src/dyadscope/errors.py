"""Errors raised by dyadscope. Library code raises these; only the CLI turns them into exit codes."""

from __future__ import annotations


class DyadscopeError(Exception):
    """Base class of every error dyadscope raises on purpose."""


class UnknownCountryError(DyadscopeError):
    """A country name or code that the registry does not know."""


class UnknownSourceError(DyadscopeError):
    """A source name that is not in the source catalogue."""


class StoreError(DyadscopeError):
    """The store cannot be opened, migrated or written."""


class FetchError(DyadscopeError):
    """A download failed, or its size or checksum did not match."""


class LoadError(DyadscopeError):
    """A file cannot be used at all; the store is left as it was.

    ``report`` is the validation report collected before the load was abandoned.
    """

    def __init__(self, message: str, report=None):
        super().__init__(message)
        self.report = report
