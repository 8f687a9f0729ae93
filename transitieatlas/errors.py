"""Exceptions the tool raises on purpose; their messages are plain Dutch for the user."""

from __future__ import annotations


class TransitieatlasError(Exception):
    """Base class: something the user can act on. ``str(err)`` is the Dutch message."""


class InputError(TransitieatlasError, ValueError):
    """A file, code or form value that cannot be used; the message names it and the problem."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        self.problems = list(problems or [])
        full = (
            message
            if not self.problems
            else message + "\n" + "\n".join(f"- {p}" for p in self.problems)
        )
        super().__init__(full)


class SourceUnavailable(TransitieatlasError):
    """A remote source (CBS, PDOK) could not be reached or refused the request."""


class NotInStore(TransitieatlasError, LookupError):
    """The store holds no data for what was asked (unknown area code, no import yet)."""


class StoreWriteError(TransitieatlasError, OSError):
    """The local store could not be written (disk full, no permission); nothing was changed."""


class PermissionDenied(TransitieatlasError):
    """The user's role (or ownership) does not allow this action (Dutch message)."""


class StorageFull(TransitieatlasError, OSError):
    """The disk or database is full; nothing was written (Dutch message)."""
