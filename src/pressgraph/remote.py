"""Beyond one machine: push the graphs to a SPARQL 1.1 server and query it there.

* :func:`push_store` sends every named graph of the store (one per release, plus the
  reference graphs) with the SPARQL 1.1 Graph Store Protocol: one ``PUT`` per graph,
  N-Triples body, so the server's copy of a graph is replaced, never duplicated. Any
  GSP server works (Oxigraph server, Fuseki, GraphDB, Virtuoso); Virtuoso's endpoint
  takes ``graph-uri`` instead of ``graph`` and wants HTTP digest authentication.
* :func:`run_remote_query` runs a library query on the server. Parameters are turned
  into RDF terms exactly as locally (:func:`pressgraph.queries.bind_value`), written in
  their N-Triples form (escaped by pyoxigraph) and joined to the query in a ``VALUES``
  block: a value is only ever data, never query text. SPARQL JSON results are read
  whether literals come as ``literal`` + ``datatype`` (SPARQL 1.1) or ``typed-literal``
  (Virtuoso's SPARQL 1.0 style).

Only the standard library is used (``urllib``); digest authentication is done here so
the nonce of the first challenge is reused and large bodies are not sent twice.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from . import vocab as v
from .errors import PressgraphError, QueryError
from .graph import SHARED_GRAPH
from .queries import LibraryQuery, QueryResult, bind_value, get_query, term_value
from .store import GraphStore


class RemoteError(PressgraphError):
    code = "PG500"


# --------------------------------------------------------------------------- HTTP


def _parse_challenge(header: str) -> dict[str, str]:
    scheme, _, rest = header.partition(" ")
    fields = dict(
        (k.lower(), v1 if v1 else v2)
        for k, v1, v2 in re.findall(r'(\w+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]+))', rest)
    )
    fields["scheme"] = scheme.lower()
    return fields


class _Digest:
    """RFC 7616 digest (MD5 / SHA-256, qop=auth) with the nonce kept between requests."""

    def __init__(self, user: str, password: str):
        self.user, self.password = user, password
        self.challenge: dict[str, str] | None = None
        self.count = 0

    def header(self, method: str, url: str) -> str | None:
        c = self.challenge
        if c is None:
            return None
        algorithm = c.get("algorithm", "MD5").upper()
        h = hashlib.sha256 if algorithm.startswith("SHA-256") else hashlib.md5

        def digest(text: str) -> str:
            return h(text.encode("utf-8")).hexdigest()

        parsed = urllib.parse.urlsplit(url)
        uri = parsed.path + (f"?{parsed.query}" if parsed.query else "")
        ha1 = digest(f"{self.user}:{c.get('realm', '')}:{self.password}")
        ha2 = digest(f"{method}:{uri}")
        self.count += 1
        nc = f"{self.count:08x}"
        cnonce = os.urandom(8).hex()
        qop = "auth" if "auth" in c.get("qop", "").split(",") else None
        if qop:
            response = digest(f"{ha1}:{c['nonce']}:{nc}:{cnonce}:{qop}:{ha2}")
        else:
            response = digest(f"{ha1}:{c['nonce']}:{ha2}")
        parts = [
            f'username="{self.user}"',
            f'realm="{c.get("realm", "")}"',
            f'nonce="{c["nonce"]}"',
            f'uri="{uri}"',
            f'response="{response}"',
            f"algorithm={c.get('algorithm', 'MD5')}",
        ]
        if qop:
            parts += [f"qop={qop}", f"nc={nc}", f'cnonce="{cnonce}"']
        if "opaque" in c:
            parts.append(f'opaque="{c["opaque"]}"')
        return "Digest " + ", ".join(parts)


@dataclass
class Endpoint:
    """A SPARQL 1.1 server: query URL, Graph Store Protocol URL, credentials."""

    url: str
    graph_store: str | None = None
    user: str | None = None
    password: str | None = None
    auth: str = "digest"  # or "basic"
    timeout: float = 120.0

    def __post_init__(self) -> None:
        if not re.match(r"^https?://", self.url):
            raise RemoteError("the endpoint must be an http(s) URL", source=self.url)
        self._digest = _Digest(self.user, self.password or "") if self.user else None

    @property
    def graph_store_url(self) -> str:
        """The GSP URL: given, or derived for Virtuoso (``/sparql``) and Oxigraph (``/query``)."""
        if self.graph_store:
            return self.graph_store
        base = self.url.rstrip("/")
        if base.endswith("/sparql"):
            return base[: -len("/sparql")] + (
                "/sparql-graph-crud-auth" if self.user else "/sparql-graph-crud"
            )
        if base.endswith("/query"):
            return base[: -len("/query")] + "/store"
        return base

    def graph_param(self) -> str:
        return "graph-uri" if "sparql-graph-crud" in self.graph_store_url else "graph"

    # ----------------------------------------------------------------- requests

    def request(
        self, method: str, url: str, *, body: bytes | None = None, headers: dict | None = None
    ) -> tuple[int, dict, bytes]:
        headers = dict(headers or {})
        for attempt in range(3):
            req = urllib.request.Request(url, data=body, method=method, headers=headers)
            if self.user and self.auth == "basic":
                import base64

                token = base64.b64encode(f"{self.user}:{self.password or ''}".encode()).decode()
                req.add_header("Authorization", f"Basic {token}")
            elif self._digest is not None:
                auth = self._digest.header(method, url)
                if auth:
                    req.add_header("Authorization", auth)
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310
                    return resp.status, dict(resp.headers), resp.read()
            except urllib.error.HTTPError as err:
                challenge = err.headers.get("WWW-Authenticate", "")
                if (
                    err.code == 401
                    and self._digest is not None
                    and challenge.lower().startswith("digest")
                    and attempt < 2
                ):
                    self._digest.challenge = _parse_challenge(challenge)
                    self._digest.count = 0
                    continue
                detail = err.read()[:300].decode("utf-8", "replace").strip()
                raise RemoteError(f"HTTP {err.code} {err.reason}: {detail}", source=url) from None
            except (urllib.error.URLError, TimeoutError, OSError) as err:
                reason = getattr(err, "reason", err)
                raise RemoteError(f"cannot reach the server: {reason}", source=url) from None
        raise RemoteError("authentication failed", source=url)  # pragma: no cover

    def put_graph(self, graph_iri: str, ntriples: bytes) -> int:
        query = urllib.parse.urlencode({self.graph_param(): graph_iri})
        url = f"{self.graph_store_url}?{query}"
        status, _, _ = self.request(
            "PUT", url, body=ntriples, headers={"Content-Type": "application/n-triples"}
        )
        return status

    def select(self, sparql: str) -> dict:
        """Run a SELECT/ASK query; the SPARQL JSON results as a dict."""
        body = urllib.parse.urlencode({"query": sparql}).encode("utf-8")
        status, headers, data = self.request(
            "POST",
            self.url,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/sparql-results+json",
            },
        )
        try:
            result = json.loads(data.decode("utf-8"))
        except ValueError:
            raise RemoteError(f"not SPARQL JSON results: {data[:200]!r}", source=self.url) from None
        max_rows = headers.get("X-SPARQL-MaxRows")
        rows = result.get("results", {}).get("bindings", [])
        if max_rows and len(rows) >= int(max_rows):
            result["truncated"] = int(max_rows)
        return result


# --------------------------------------------------------------------------- push


@dataclass
class PushReport:
    graphs: int = 0
    triples: int = 0
    seconds: float = 0.0


def push_store(
    store: GraphStore,
    endpoint: Endpoint,
    *,
    releases: list[str] | None = None,
    max_body: int = 8 * 1024 * 1024,
) -> PushReport:
    """PUT every named graph (or the given releases' graphs and the shared graph) to the
    server.

    A graph bigger than ``max_body`` bytes of N-Triples is sent as a ``PUT`` of its first
    part followed by ``POST`` s of the rest (GSP's append), so no request is huge.
    """
    started = time.perf_counter()
    report = PushReport()
    if releases:
        # the shared graph too: it holds what these releases say about organizations
        graphs = [ox.NamedNode(v.release_graph(r)) for r in releases]
        shared = ox.NamedNode(SHARED_GRAPH)
        if next(iter(store.oxigraph.quads_for_pattern(None, None, None, shared)), None):
            graphs.append(shared)
    else:
        graphs = sorted(
            (g for g in store.oxigraph.named_graphs() if isinstance(g, ox.NamedNode)),
            key=lambda g: g.value,
        )
    for graph in graphs:
        triples = [
            ox.Triple(q.subject, q.predicate, q.object)
            for q in store.oxigraph.quads_for_pattern(None, None, None, graph)
        ]
        if not triples:
            raise RemoteError("no such graph in the store", source=graph.value)
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        parts = _split_lines(body, max_body)
        endpoint.put_graph(graph.value, parts[0])
        for part in parts[1:]:
            query = urllib.parse.urlencode({endpoint.graph_param(): graph.value})
            endpoint.request(
                "POST",
                f"{endpoint.graph_store_url}?{query}",
                body=part,
                headers={"Content-Type": "application/n-triples"},
            )
        report.graphs += 1
        report.triples += len(triples)
    report.seconds = time.perf_counter() - started
    return report


def _split_lines(body: bytes, limit: int) -> list[bytes]:
    if len(body) <= limit:
        return [body]
    parts, start = [], 0
    while start < len(body):
        end = body.rfind(b"\n", start, start + limit) + 1
        if end <= start:
            end = body.find(b"\n", start + limit) + 1 or len(body)
        parts.append(body[start:end])
        start = end
    return parts


# --------------------------------------------------------------------------- query


def _term(binding: dict[str, Any]) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    kind = binding.get("type")
    value = binding.get("value", "")
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if kind in ("literal", "typed-literal"):
        lang = binding.get("xml:lang")
        if lang:
            return ox.Literal(value, language=lang)
        dt = binding.get("datatype")
        return ox.Literal(value, datatype=ox.NamedNode(dt)) if dt else ox.Literal(value)
    raise RemoteError(f"unknown term type in results: {kind!r}")


def sparql_term(term: ox.NamedNode | ox.Literal) -> str:
    """The term in SPARQL syntax (its N-Triples form: IRI checked, literal escaped)."""
    if not isinstance(term, (ox.NamedNode, ox.Literal)):
        raise QueryError(f"cannot send {term!r} as a parameter")
    return str(term)


_PREFIX_DECL = re.compile(r"^\s*(PREFIX|BASE)\b", re.I)


def with_values(sparql: str, values: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """``sparql`` with a ``VALUES`` block binding ``values`` at the start of its WHERE.

    The block goes just inside the top-level group, so every pattern and filter of the
    query sees the bindings (as pyoxigraph's substitutions do locally).
    """
    if not values:
        return sparql
    names = list(values)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"bad parameter name {name!r}")
    block = (
        "VALUES ("
        + " ".join(f"?{n}" for n in names)
        + ") { ("
        + " ".join(sparql_term(values[n]) for n in names)
        + ") }\n"
    )
    pos = _top_level_group(sparql)
    return sparql[: pos + 1] + "\n  " + block + sparql[pos + 1 :]


def _top_level_group(sparql: str) -> int:
    """Offset of the ``{`` opening the query's WHERE clause (skipping IRIs, strings, comments)."""
    i, n = 0, len(sparql)
    while i < n:
        c = sparql[i]
        if c == "#":
            i = sparql.find("\n", i)
            if i < 0:
                break
        elif c == "<" and re.match(r"<[^\s<>\"{}|^`\\]*>", sparql[i:]):
            i += re.match(r"<[^\s<>\"{}|^`\\]*>", sparql[i:]).end() - 1
        elif c in "\"'":
            m = re.match(
                r'"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'',
                sparql[i:],
            )
            i += (m.end() if m else 1) - 1
        elif c == "{":
            return i
        i += 1
    raise QueryError("no WHERE clause found in the query")


def prefixed(sparql: str) -> str:
    """The query with the project's prefixes declared (pyoxigraph gets them as an argument)."""
    header = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in v.PREFIXES.items())
    return header + sparql


class RemoteStore:
    """Just enough of :class:`GraphStore` for parameter lookups to run on a server."""

    def __init__(self, endpoint: Endpoint):
        self.endpoint = endpoint

    def sparql(self, query: str, *, substitutions: dict | None = None):
        values = {var.value: term for var, term in (substitutions or {}).items()}
        result = self.endpoint.select(prefixed(with_values(query, values)))
        return [
            {name: _term(b) for name, b in row.items()} for row in result["results"]["bindings"]
        ]


def remote_bindings(endpoint: Endpoint, query: LibraryQuery, params: dict[str, str]) -> dict:
    for name in params:
        query.parameter(name)  # raises on unknown names
    remote = RemoteStore(endpoint)
    out = {}
    for p in query.parameters:
        raw = params.get(p.name, p.default)
        if raw is None or raw == "":
            continue
        out[p.name] = bind_value(remote, p, str(raw))  # type: ignore[arg-type]
    return out


def run_remote_query(
    endpoint: Endpoint, name_or_path: str | Path, params: dict[str, str] | None = None
) -> QueryResult:
    """Run a library query (or an ``.rq`` file) on the server, parameters as VALUES."""
    query = get_query(name_or_path)
    values = remote_bindings(endpoint, query, params or {})
    result = endpoint.select(prefixed(with_values(query.sparql, values)))
    if "boolean" in result:
        return QueryResult(["result"], [(bool(result["boolean"]),)])
    columns = result["head"]["vars"]
    rows = [
        tuple(term_value(_term(row[c])) if c in row else None for c in columns)
        for row in result["results"]["bindings"]
    ]
    return QueryResult(columns, rows)


__all__ = [
    "Endpoint",
    "PushReport",
    "RemoteError",
    "RemoteStore",
    "push_store",
    "run_remote_query",
    "with_values",
]
