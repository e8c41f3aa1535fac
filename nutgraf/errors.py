"""The named errors of nutgraf.

Every failure a user can meet is one of these. The CLI maps each class to a one-line message
and an exit code; the ingest pipeline records the `reason` of a `FileError` on the document
it could not read, so that `nutgraf docs --errors` can list it.
"""

from __future__ import annotations


class NutgrafError(Exception):
    """Base of every error nutgraf raises on purpose."""

    exit_code = 1
    http_status = 500


class CaseError(NutgrafError):
    """The case folder is missing, unreadable, or not a nutgraf case."""

    exit_code = 2


class DatabaseUnavailable(CaseError):
    """The case's database server went away mid-command; what was stored stays stored."""

    exit_code = 5
    http_status = 503


class NotFound(NutgrafError):
    """A document, entity or other object asked for by id does not exist."""

    exit_code = 3
    http_status = 404


class QueryError(NutgrafError):
    """A search query that cannot be parsed; the message points at the problem."""

    exit_code = 4
    http_status = 400


class FileError(NutgrafError):
    """A file that cannot be read. `reason` is a short machine-readable word.

    The message (str of the exception) is a one-line human explanation.
    """

    reason = "error"


class Corrupt(FileError):
    reason = "corrupt"


class Encrypted(FileError):
    reason = "encrypted"


class Unsupported(FileError):
    reason = "unsupported"


class TooLarge(FileError):
    reason = "too_large"


class Bomb(FileError):
    """Expands far beyond what its size justifies (a decompression bomb)."""

    reason = "bomb"


class TooDeep(FileError):
    reason = "too_deep"


class Timeout(FileError):
    reason = "timeout"


class OutOfMemory(FileError):
    reason = "memory"


class ParserCrash(FileError):
    reason = "crashed"


class OcrLater(FileError):
    """OCR put off until every text layer is read and indexed (`nutgraf ingest --ocr later`)."""

    reason = "ocr_later"


class BadInput(QueryError):
    """A value given to a command that cannot be used: an empty tag, a span outside the text,
    an output path that is a folder. A QueryError, so HTTP answers 400 and the CLI exits 4."""


class NotLoggedIn(NutgrafError):
    """A request to a case with users that comes from no one: log in, or send an API token."""

    exit_code = 6
    http_status = 401


class Forbidden(NutgrafError):
    """The user is logged in, but their role does not allow this."""

    exit_code = 7
    http_status = 403


class LockedOut(NotLoggedIn):
    """Too many failed logins in a row for one name: refused for a while, even when right."""

    http_status = 429
