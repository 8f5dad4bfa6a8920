"""The one exception tree of connector_lab. Every error the engine raises on purpose is here.

::

    ConnectorLabError                 base of everything below; messages never hold a secret
    ├── SpecError (ValueError)        a connector, action, parameter, scheme or account breaks a
    │   │                             rule; names the field, the bad value and the fix
    │   └── ParameterError            values given for a run: missing, unknown or unconvertible
    │       └── ConversionError       one value does not fit its parameter's type
    ├── AuthError                     credentials refused or a token could not be obtained;
    │                                 carries the provider's ``code`` and ``message``
    ├── TransportError                the request did not complete (connection, DNS, TLS, …);
    │   │                             ``.attempts`` lists the tries when retries were used up
    │   ├── RequestTimeout            … because the exchange ran out of time
    │   ├── ResponseTooLarge          … because the body passed the size limit (decompressed)
    │   └── BlockedAddressError       … because the network policy refused the address;
    │                                 nothing was sent
    ├── HTTPStatusError               ``Result.raise_for_status()`` on a 4xx/5xx answer
    ├── ResponseParseError            the body is not what was asked for (JSON from text, …)
    ├── PaginationError               pages could not be followed: a style that cannot be
    │   │                             detected (it says what it saw and how to set it), a
    │   │                             next cursor or total that is not what it should be
    │   └── PaginationLoopError       a cursor or next URL came back a second time, or a page
    │                                 repeated the one before; ``value`` names what repeated
    ├── FlattenError (ValueError)     records cannot be shaped as asked (explode a non-list)
    ├── ColumnNameWarning (UserWarning) warned, never raised: two paths flattened to one
    │                                 column or table name; both kept, one renamed ``~2``
    ├── ExportError                   a table could not be written (the old file is intact)
    ├── ExportWarning (UserWarning)   a table was written, with cells or names changed to fit
    │                                 the format (the warning says what and where)
    ├── ImportFormatError (ValueError) an import source (a cURL command, a spec, a collection)
    │                                 cannot be read; ``format`` names the kind, ``pointer``
    │                                 where (a flag, ``line 2, column 7``, a JSON pointer)
    ├── StoreError                    the workspace could not do what was asked
    │   ├── LoadError                 a stored file is unreadable, too new, or breaks a rule;
    │   │                             names the file, the field path and the problem
    │   └── ConflictError             an import would overwrite a connector of the same id
    └── SandboxStartError             the bundled sandbox could not listen (port in use, …)

Every error carries ``error_code``, a stable, language-neutral name of what went wrong (a
class default such as ``"store.conflict"``, or a finer one given where it is raised), and
``params``, the values its message names (secrets masked as in the message): a user interface
words the error in its own language from these, and falls back to the English ``str()``.
A :class:`SpecError` names one :class:`Problem` per broken rule, each with its own code.
(``AuthError.code`` is older and is the provider's own code, hence ``error_code``.)

Errors from libraries (requests, pydantic, json) are caught at the edge and re-raised as one of
these with the original as ``__cause__``, so a user never reads a traceback from deep inside a
library to learn what to fix.
"""

from __future__ import annotations

from typing import Any


class ConnectorLabError(Exception):
    """Base class of every error connector_lab raises on purpose.

    ``error_code`` and ``params`` are for interfaces in other languages; ``str()`` is English.
    """

    #: the class default; a raise site may give a finer code
    error_code: str = "error"

    def __init__(
        self, *args: Any, error_code: str | None = None, params: dict[str, Any] | None = None
    ):
        super().__init__(*args)
        if error_code:
            self.error_code = error_code
        self.params: dict[str, Any] = dict(params or {})


class Problem(tuple):
    """One broken rule of a :class:`SpecError`: a ``(field, message)`` pair, as ``problems``
    always held, that also carries ``code`` and ``params`` (the values in the message)."""

    code: str
    params: dict[str, Any]

    def __new__(
        cls, field: str, message: str, code: str = "spec.invalid", params: dict | None = None
    ) -> Problem:
        problem = super().__new__(cls, (field, message))
        problem.code = code
        problem.params = dict(params or {})
        return problem

    @property
    def field(self) -> str:
        return self[0]

    @property
    def message(self) -> str:
        return self[1]


class SpecError(ConnectorLabError, ValueError):
    """A definition breaks a rule.

    ``problems`` holds one ``(field, message)`` pair per broken rule; ``str()`` lists them all,
    so a form can show each message next to its field.
    """

    error_code = "spec.invalid"

    def __init__(self, problems: list[tuple[str, str]], *, title: str = "invalid definition"):
        # A plain pair is a Problem of the class's code: every raise site reads the same.
        self.problems: list[Problem] = [
            p if isinstance(p, Problem) else Problem(p[0], p[1], type(self).error_code)
            for p in problems
        ]
        self.title = title
        # One problem: the error is that problem (its code names the whole error).
        first = self.problems[0] if len(self.problems) == 1 else None
        super().__init__(
            self._format(),
            error_code=first.code if first else None,
            params=dict(first.params, field=first.field) if first else {},
        )

    def _format(self) -> str:
        if len(self.problems) == 1:
            field, message = self.problems[0]
            return f"{field}: {message}" if field else message
        lines = [f"{self.title} ({len(self.problems)} problems):"]
        lines += [
            f"  - {field}: {message}" if field else f"  - {message}"
            for field, message in self.problems
        ]
        return "\n".join(lines)

    @property
    def fields(self) -> list[str]:
        return [field for field, _ in self.problems]


class ParameterError(SpecError):
    """Values given to run an action are missing, unknown or of the wrong type."""

    error_code = "param.invalid"


class ConversionError(ParameterError):
    """A value does not fit its parameter's type; the message is a complete sentence."""

    error_code = "param.conversion"

    def __init__(self, message: str):
        super().__init__([("", message)], title="invalid value")


class AuthError(ConnectorLabError):
    """Authentication failed: a token could not be obtained or the credentials were refused.

    ``code`` and ``message`` are the provider's own words (e.g. DingTalk's
    ``invalidClientIdOrSecret``); ``status`` is the HTTP status of the failing call, if any.
    """

    error_code = "auth.failed"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        provider_message: str | None = None,
        status: int | None = None,
        error_code: str | None = None,
    ):
        self.code = code
        self.provider_message = provider_message
        self.status = status
        super().__init__(
            message,
            error_code=error_code,
            # not the provider's message: it is the provider's text, unredacted here
            params={"provider_code": code, "status": status},
        )


class TransportError(ConnectorLabError):
    """The request did not complete. ``method`` and ``url`` (secrets masked) say which;
    ``attempts`` lists every try (``connector_lab.Attempt``) when a client sent it."""

    error_code = "transport.failed"

    def __init__(
        self,
        message: str,
        *,
        method: str | None = None,
        url: str | None = None,
        params: dict[str, Any] | None = None,
    ):
        self.method = method
        self.url = url
        self.attempts: list[Any] = []
        super().__init__(message, params={"method": method, "url": url, **(params or {})})


class RequestTimeout(TransportError):
    """The exchange (connecting, the headers and the whole body) did not end within the
    timeout."""

    error_code = "transport.timeout"


class ResponseTooLarge(TransportError):
    """The response body, counted after decompression, passed ``limit`` bytes; reading
    stopped there. The message says how to raise the limit."""

    def __init__(
        self, message: str, *, limit: int, method: str | None = None, url: str | None = None
    ):
        self.limit = limit
        super().__init__(message, method=method, url=url, params={"limit": limit})


class BlockedAddressError(TransportError):
    """The network policy refused to connect: ``host`` resolved to ``address``, which lies in
    the refused range ``address_range``. Nothing was sent to it."""

    error_code = "transport.blocked"

    def __init__(self, message: str, *, host: str, address: str, address_range: str):
        self.host = host
        self.address = address
        self.address_range = address_range
        super().__init__(
            message, params={"host": host, "address": address, "address_range": address_range}
        )


class HTTPStatusError(ConnectorLabError):
    """Raised by ``Result.raise_for_status()`` for a 4xx or 5xx answer; ``result`` has it all."""

    error_code = "http.status"

    def __init__(self, message: str, *, result: Any):
        self.result = result
        super().__init__(message, params={"status": getattr(result, "status", None)})


class ResponseParseError(ConnectorLabError, ValueError):
    """The body could not be read as asked (e.g. JSON from an XML or binary answer)."""

    error_code = "response.parse"

    def __init__(self, message: str, *, content_type: str | None = None):
        self.content_type = content_type
        super().__init__(message, params={"content_type": content_type})


class PaginationError(ConnectorLabError):
    """The pages of a list could not be followed: the style could not be detected from the
    first response (the message says what was seen and how to set the style by hand), or a
    value the style reads (a total, a cursor) is not what it should be."""

    error_code = "pagination.failed"


class PaginationLoopError(PaginationError):
    """A cursor or next URL came back that was already followed, or a page repeated the one
    before byte for byte: the server sends the list in a loop. ``value`` is the repeated
    cursor or URL (masked if it may carry a secret), or the ignored page or offset parameter."""

    error_code = "pagination.loop"

    def __init__(self, message: str, *, value: str):
        self.value = value
        super().__init__(message, params={"value": value})


class FlattenError(ConnectorLabError, ValueError):
    """The records cannot be flattened as asked (e.g. the list to explode is not a list)."""

    error_code = "flatten.failed"


class ColumnNameWarning(ConnectorLabError, UserWarning):
    """Two paths flattened to one column (or child table) name (``{"a": {"b": 1}, "a.b": 2}``);
    both were kept, the one through a key holding the separator renamed ``a.b~2``."""


class ExportError(ConnectorLabError):
    """A table could not be written; any previous file at the target is left as it was."""

    error_code = "export.failed"

    def __init__(self, message: str, *, path: str | None = None):
        self.path = path
        super().__init__(message, params={"path": path})


class ExportWarning(ConnectorLabError, UserWarning):
    """A warning, not an error: the table was written, but some cells or column names had to
    change to fit the format (big integers as Excel text, columns renamed for a database…).

    It is in the one tree so ``warnings.simplefilter("error", ExportWarning)`` raises
    something ``except ConnectorLabError`` catches."""


class ImportFormatError(ConnectorLabError, ValueError):
    """An import source cannot be read as its format: ``format`` is the kind (``"curl"``,
    ``"openapi"``, ``"postman"``), ``pointer`` where the problem is (a flag such as ``-H``,
    ``line 2, column 7``, a JSON pointer); the message names the bad value (masked if it may
    be a secret) and the fix."""

    error_code = "import.format"

    def __init__(self, message: str, *, format: str, pointer: str = ""):
        self.format = format
        self.pointer = pointer
        super().__init__(message, params={"format": format, "pointer": pointer})


class StoreError(ConnectorLabError):
    """The workspace could not do what was asked (missing connector, unsafe accounts file)."""

    error_code = "store.failed"

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        error_code: str | None = None,
        params: dict[str, Any] | None = None,
    ):
        self.path = path
        super().__init__(message, error_code=error_code, params={"path": path, **(params or {})})


class LoadError(StoreError):
    """A stored file is unreadable, of an unknown schema version, or breaks a rule.

    ``problems`` holds ``(field path, message)`` pairs; ``str()`` starts with the file."""

    error_code = "store.load"

    def __init__(self, path: str, problems: list[tuple[str, str]]):
        self.problems = list(problems)
        lines = [f"{field}: {message}" if field else message for field, message in problems]
        if len(lines) == 1:
            text = f"{path}: {lines[0]}"
        else:
            text = f"{path} ({len(lines)} problems):\n" + "\n".join(f"  - {x}" for x in lines)
        super().__init__(text, path=path)


class ConflictError(StoreError):
    """An import would overwrite an existing connector; choose rename or replace."""

    error_code = "store.conflict"


class SandboxStartError(ConnectorLabError, RuntimeError):
    """The bundled sandbox API could not start (the port is taken, the address is wrong)."""

    error_code = "sandbox.start"
