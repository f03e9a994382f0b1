"""Coded errors: every message names the input (and field) it is about.

Codes are stable so that scripts and docs can refer to them:

* ``PG1xx`` reading inputs (files, URLs, encodings)
* ``PG2xx`` records (YAML/JSON structure, schema)
* ``PG3xx`` the store
* ``PG4xx`` queries and parameters
* ``PG5xx`` validation and export
* ``PG6xx`` curation decisions (``data/decisions.yaml``)
"""

from __future__ import annotations


class PressgraphError(Exception):
    """Base class; ``str(err)`` is one line naming the file and field."""

    code = "PG000"

    def __init__(self, message: str, *, source: str | None = None, field: str | None = None):
        self.message = message
        self.source = source
        self.field = field
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.source:
            where = self.source
            if self.field:
                where += f" [{self.field}]"
            where += ": "
        elif self.field:
            where = f"[{self.field}]: "
        return f"{self.code} {where}{self.message}"


class SourceError(PressgraphError):
    code = "PG100"


class EmptySourceError(SourceError):
    code = "PG101"


class BinarySourceError(SourceError):
    code = "PG102"


class EncodingSourceError(SourceError):
    code = "PG103"


class FetchError(SourceError):
    code = "PG104"


class RecordError(PressgraphError):
    code = "PG200"


class RecordSyntaxError(RecordError):
    code = "PG201"


class RecordSchemaError(RecordError):
    """A record that breaks the schema; ``str()`` gives one line per problem."""

    code = "PG202"

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        field: str | None = None,
        problems: list[tuple[str, str]] | None = None,
    ):
        self.problems = problems or [(field or "(record)", message)]
        super().__init__(message, source=source, field=field)

    def __str__(self) -> str:
        if len(getattr(self, "problems", [])) <= 1:
            return super().__str__()
        return "\n".join(f"{self.code} {self.source} [{f}]: {m}" for f, m in self.problems)


class DuplicateReleaseError(RecordError):
    code = "PG203"


class StoreError(PressgraphError):
    code = "PG300"


class QueryError(PressgraphError):
    code = "PG400"


class UnknownQueryError(QueryError):
    code = "PG401"


class QueryParameterError(QueryError):
    code = "PG402"


class ExportError(PressgraphError):
    code = "PG500"


class DecisionsError(PressgraphError):
    """A curation decisions file that breaks its format (names the file and the field)."""

    code = "PG600"


class DecisionsSyntaxError(DecisionsError):
    """A decisions file that cannot be read or is not YAML."""

    code = "PG601"
