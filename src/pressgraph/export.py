"""Deterministic RDF exports of the store: N-Quads, TriG, Turtle, JSON-LD.

The same store content always gives byte-identical N-Quads: quads are
serialized one per line and sorted.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from . import vocab as v
from .errors import ExportError
from .store import GraphStore
from .util import atomic_write

FORMATS = {
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "ttl": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "nt": ox.RdfFormat.N_TRIPLES,
}


def sorted_quads(store: GraphStore) -> list[ox.Quad]:
    return sorted(
        store.quads(),
        key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)),
    )


def nquads_bytes(store: GraphStore) -> bytes:
    data = ox.serialize(store.quads(), format=ox.RdfFormat.N_QUADS)
    lines = sorted(set(data.splitlines()))
    return b"\n".join(lines) + (b"\n" if lines else b"")


def export(store: GraphStore, path: str | Path, *, format: str = "nq") -> Path:
    """Write the whole store to ``path`` (atomically) in ``format``."""
    if format not in FORMATS:
        raise ExportError(
            f"unknown format {format!r}; choose one of {', '.join(FORMATS)}",
            source=str(path),
            field="format",
        )
    path = Path(path)
    if format == "nq":
        payload = nquads_bytes(store)
    elif format in ("ttl", "nt"):
        triples = sorted(
            {ox.Triple(q.subject, q.predicate, q.object) for q in store.quads()}, key=str
        )
        payload = ox.serialize(triples, format=FORMATS[format], prefixes=v.PREFIXES)
    else:
        payload = ox.serialize(
            sorted_quads(store),
            format=FORMATS[format],
            **({"prefixes": v.PREFIXES} if format == "trig" else {}),
        )
    with atomic_write(path, mode="wb") as handle:
        handle.write(payload)
    return path
