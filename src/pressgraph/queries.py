"""The query library: typed, parameterized SPARQL files in ``queries/*.rq``.

Each file starts with a header of ``#`` comments::

    # title: Partners of an organization
    # description: Organizations that act with ORG in the same release, ...
    # param: org: org | the organization (IRI, acronym or name)
    # param: min_weight: integer = 2 | pairs seen in at least this many releases

Parameters are bound as RDF terms through the store's substitutions, never
by pasting text into the query, so a value holding quotes, braces or SPARQL
keywords is only ever data. A parameter with no default and no value stays
unbound, which the query reads as "any".

Two rules that pyoxigraph's substitutions impose on library queries:

* every parameter variable appears in the top-level ``SELECT`` (and in
  ``GROUP BY`` where the query groups), which :func:`parse_query` checks;
* test an optional parameter with ``COALESCE(test, ?p != ?p, true)``, not
  ``BOUND(?p)``, which the optimizer folds to false for substituted variables.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from . import vocab as v
from .errors import QueryParameterError, UnknownQueryError
from .resources import queries_dir
from .store import GraphStore

PARAM_TYPES = (
    "string",
    "integer",
    "decimal",
    "date",
    "boolean",
    "iri",
    "org",
    "country",
    "sdg",
    "release",
)
_HEADER = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?P<type>[a-z]+)"
    r"(?:\s*=\s*(?P<default>[^|]*?))?\s*(?:\|\s*(?P<doc>.*))?$"
)


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: str | None
    description: str


@dataclass(frozen=True)
class LibraryQuery:
    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    sparql: str
    path: Path | None = None

    def parameter(self, name: str) -> Parameter:
        for p in self.parameters:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise QueryParameterError(
            f"unknown parameter (this query takes: {known})", source=self.name, field=name
        )


def parse_query(text: str, *, name: str, path: Path | None = None) -> LibraryQuery:
    title, params = name, []
    description: list[str] = []
    last_param_doc = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break
            continue
        m = _HEADER.match(stripped)
        if m:
            key, value = m.group(1), m.group(2).strip()
            if key == "title":
                title = value
            elif key == "description":
                description.append(value)
            else:
                pm = _PARAM.match(value)
                if not pm or pm.group("type") not in PARAM_TYPES:
                    raise QueryParameterError(
                        f"bad parameter declaration {value!r} (form: 'name: type = default | "
                        f"doc', types: {', '.join(PARAM_TYPES)})",
                        source=str(path or name),
                    )
                default = pm.group("default")
                params.append(
                    [
                        pm.group("name"),
                        pm.group("type"),
                        default.strip() if default not in (None, "") else None,
                        (pm.group("doc") or "").strip(),
                    ]
                )
                last_param_doc = params[-1]
        elif stripped.startswith("#  ") and last_param_doc is not None:
            last_param_doc[3] = (last_param_doc[3] + " " + stripped[1:].strip()).strip()
        elif description and not params:
            description.append(stripped[1:].strip())
    projection = re.search(r"(?<![?$\w])SELECT\b(.*?)(?:(?<![?$\w])WHERE\b|\{)", text, re.S | re.I)
    if projection and "*" not in projection.group(1):
        for p in params:
            if not re.search(rf"[?$]{p[0]}\b", projection.group(1)):
                raise QueryParameterError(
                    f"parameter ?{p[0]} must appear in the SELECT projection to be bound",
                    source=str(path or name),
                    field=p[0],
                )
    return LibraryQuery(
        name=name,
        title=title,
        description=" ".join(d for d in description if d),
        parameters=tuple(Parameter(*p) for p in params),
        sparql=text,
        path=path,
    )


def library(directory: Path | None = None) -> dict[str, LibraryQuery]:
    """All library queries by name (the file stem), sorted."""
    directory = directory or queries_dir()
    out = {}
    for path in sorted(directory.glob("*.rq")):
        out[path.stem] = parse_query(path.read_text("utf-8"), name=path.stem, path=path)
    return out


def get_query(name_or_path: str | Path) -> LibraryQuery:
    """A library query by name, or any ``.rq`` file by path."""
    path = Path(name_or_path)
    if path.suffix == ".rq" and path.exists():
        return parse_query(path.read_text("utf-8"), name=path.stem, path=path)
    queries = library()
    if str(name_or_path) in queries:
        return queries[str(name_or_path)]
    close = [n for n in queries if str(name_or_path).replace("_", "-") in n]
    hint = f"; did you mean {', '.join(close)}?" if close else "; `pressgraph queries` lists them"
    raise UnknownQueryError(f"no such query{hint}", source=str(name_or_path))


# --------------------------------------------------------------------------- binding

_XSD = v.XSD


def _lookup_entity(store: GraphStore, value: str, kind: str, param: str) -> ox.NamedNode:
    """Resolve a name, acronym or IRI to an organization / country / release node."""
    if re.match(r"^https?://", value):
        return ox.NamedNode(value)
    if kind == "release":
        return ox.NamedNode(v.release_iri(value))
    if kind == "country":
        from .extract.gazetteer import load_gazetteer

        iso3 = load_gazetteer().country_code(value)
        if iso3 is None:
            raise QueryParameterError(f"unknown country {value!r}", field=param)
        return ox.NamedNode(v.country_iri(iso3))
    hits = _exact_organizations(store, value)
    if not hits:  # no label written exactly so: compare every label, ignoring case
        query = """
            SELECT DISTINCT ?org ?needle WHERE {
              { ?org pg:acronym ?l } UNION { ?org skos:prefLabel ?l }
              UNION { ?org skos:altLabel ?l }
              ?org a org:Organization .
              FILTER(LCASE(STR(?l)) = LCASE(STR(?needle)))
            } ORDER BY ?org LIMIT 20"""
        hits = [
            s["org"]
            for s in store.sparql(query, substitutions={ox.Variable("needle"): ox.Literal(value)})
        ]
    if not hits:
        raise QueryParameterError(
            f"no organization named {value!r} in the store (give an IRI, acronym or name)",
            field=param,
        )
    if len(hits) > 1:
        listed = ", ".join(h.value for h in hits[:5])
        raise QueryParameterError(f"{value!r} is ambiguous: {listed}", field=param)
    return hits[0]


_LABELS = (
    ox.NamedNode(v.PG + "acronym"),
    ox.NamedNode(v.SKOS + "prefLabel"),
    ox.NamedNode(v.SKOS + "altLabel"),
)
_ORGANIZATION = ox.NamedNode(v.ORG + "Organization")
_TYPE = ox.NamedNode(v.RDF + "type")


def _exact_organizations(store: GraphStore, value: str) -> list[ox.NamedNode]:
    """Organizations with a label written exactly as given (or in capitals, as acronyms
    are): index lookups by literal, so the cost does not grow with the corpus."""
    found: set[ox.NamedNode] = set()
    db = getattr(store, "oxigraph", None)
    if db is None:  # a remote store: its SPARQL endpoint does the lookup
        return []
    for text in dict.fromkeys((value, value.upper())):
        for literal in (ox.Literal(text), ox.Literal(text, language="en")):
            for p in _LABELS:
                for q in db.quads_for_pattern(None, p, literal, None):
                    s = q.subject
                    if s not in found and isinstance(s, ox.NamedNode):
                        typed = next(iter(db.quads_for_pattern(s, _TYPE, _ORGANIZATION)), None)
                        if typed is not None:
                            found.add(s)
    return sorted(found, key=lambda n: n.value)[:20]


def bind_value(store: GraphStore, param: Parameter, value: str) -> ox.NamedNode | ox.Literal:
    """Turn a user-supplied string into an RDF term of the parameter's type."""
    t = param.type
    try:
        if t == "string":
            return ox.Literal(value)
        if t == "integer":
            return ox.Literal(str(int(value)), datatype=ox.NamedNode(_XSD + "integer"))
        if t == "decimal":
            return ox.Literal(str(Decimal(value)), datatype=ox.NamedNode(_XSD + "decimal"))
        if t == "boolean":
            if value.lower() not in ("true", "false", "1", "0", "yes", "no"):
                raise ValueError(value)
            truth = value.lower() in ("true", "1", "yes")
            return ox.Literal("true" if truth else "false", datatype=ox.NamedNode(_XSD + "boolean"))
        if t == "date":
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError(value)
            return ox.Literal(value, datatype=ox.NamedNode(_XSD + "date"))
        if t == "iri":
            if not re.match(r"^[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]*$", value, re.I):
                raise ValueError(value)
            return ox.NamedNode(value)
        if t == "sdg":
            m = re.fullmatch(r"(?:SDG\s*|Goal\s*)?(\d{1,2})(?:\.(\w{1,2}))?", value.strip(), re.I)
            if not m or not 1 <= int(m.group(1)) <= 17:
                raise ValueError(value)
            code = m.group(1) + (f".{m.group(2)}" if m.group(2) else "")
            return ox.NamedNode(v.SDG + code)
        return _lookup_entity(store, value, t, param.name)
    except (ValueError, ArithmeticError):
        raise QueryParameterError(f"{value!r} is not a valid {t}", field=param.name) from None


def bindings(store: GraphStore, query: LibraryQuery, params: dict[str, str]) -> dict:
    subs = {}
    for name in params:
        query.parameter(name)  # raises on unknown names
    for p in query.parameters:
        raw = params.get(p.name, p.default)
        if raw is None or raw == "":
            continue
        subs[ox.Variable(p.name)] = bind_value(store, p, str(raw))
    return subs


# --------------------------------------------------------------------------- results


def term_value(term: Any) -> Any:
    """A Python value for an RDF term: numbers as numbers, IRIs and strings as str."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        if dt in (_XSD + "integer", _XSD + "int", _XSD + "long"):
            return int(term.value)
        if dt in (_XSD + "decimal", _XSD + "double", _XSD + "float"):
            return float(term.value)
        if dt == _XSD + "boolean":
            return term.value == "true"
        return term.value
    return term.value


def compact(iri: str) -> str:
    """Short form of an IRI for tables.

    >>> compact("https://w3id.org/pressgraph/id/org/iom")
    'org/iom'
    >>> compact("http://metadata.un.org/sdg/16")
    'sdg:16'
    """
    if iri.startswith(v.ID):
        return iri[len(v.ID) :]
    for prefix, ns in v.PREFIXES.items():
        if iri.startswith(ns) and prefix != "pgid":
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


@dataclass
class QueryResult:
    """Rows of a SELECT query as Python values, with exports to common formats."""

    columns: list[str]
    rows: list[tuple[Any, ...]] = field(default_factory=list)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for row in self.rows:
            yield dict(zip(self.columns, row))

    def __len__(self) -> int:
        return len(self.rows)

    def records(self) -> list[dict[str, Any]]:
        return list(self)

    def to_dataframe(self):
        """A pandas DataFrame (``pip install 'pressgraph[pandas]'``)."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError("DataFrames need pandas: pip install 'pressgraph[pandas]'") from None
        return pd.DataFrame(self.rows, columns=self.columns)

    def to_csv(self, *, delimiter: str = ",") -> str:
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow(["" if x is None else x for x in row])
        return buf.getvalue()

    def to_json(self) -> str:
        return json.dumps(self.records(), ensure_ascii=False, indent=2)


def run_sparql(store: GraphStore, sparql: str, substitutions: dict | None = None) -> QueryResult:
    result = store.sparql(sparql, substitutions=substitutions)
    if isinstance(result, ox.QuerySolutions):
        columns = [var.value for var in result.variables]
        rows = [tuple(term_value(sol[c]) for c in columns) for sol in result]
        return QueryResult(columns, rows)
    if isinstance(result, ox.QueryBoolean):
        return QueryResult(["result"], [(bool(result),)])
    rows = [(t.subject.value, t.predicate.value, term_value(t.object)) for t in result]
    return QueryResult(["subject", "predicate", "object"], rows)


def _is_library(query: LibraryQuery) -> bool:
    return query.path is not None and query.path.parent.resolve() == queries_dir().resolve()


def run_query(
    store: GraphStore,
    name_or_path: str | Path,
    params: dict[str, str] | None = None,
    *,
    derived: bool = True,
) -> QueryResult:
    """Run a library query (or an ``.rq`` file) with typed parameters.

    Library queries with a plan (:mod:`pressgraph.plans`) are answered from the fact
    tables and indexes kept beside the graphs (``search-evidence`` reads a text index,
    ``co-mentioned-organizations`` pair counts). ``derived=False`` runs the SPARQL
    instead; the rows are the same (the tests check it).
    """
    query = get_query(name_or_path)
    subs = bindings(store, query, params or {})
    local = isinstance(store, GraphStore)  # a remote store has no derived data
    if derived and local and _is_library(query) and store.derived().facts_ready:
        from .plans import PLANS

        planned = PLANS.get(query.name)
        result = planned(store, query, subs) if planned is not None else None
        if result is not None:
            return result
    return run_sparql(store, query.sparql, subs)
