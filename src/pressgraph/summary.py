"""What is in a store: the build summary and ``pressgraph stats``."""

from __future__ import annotations

from typing import Any

from . import vocab as v
from .store import GraphStore

_COUNTS = {
    "releases": "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a pg:PressRelease }",
    "organizations": "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?r schema:mentions ?o . "
    "?o a org:Organization }",
    "countries": "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?r a pg:PressRelease ; "
    "schema:mentions ?c . ?c a pg:Country }",
    "programmes": "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a pg:Initiative }",
    "fundings": "SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f a pg:Funding }",
    "people": "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a foaf:Person }",
    "events": "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a pg:Event }",
    "sdg_goals": "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { ?a a pg:GoalAlignment ; "
    "pg:sdgConcept ?g }",
}
_BY_TYPE = """
SELECT ?type (COUNT(DISTINCT ?o) AS ?n) WHERE {
  ?r a pg:PressRelease ; schema:mentions ?o . ?o pg:orgType ?t .
  BIND(STRAFTER(STR(?t), "orgtype-") AS ?type)
} GROUP BY ?type ORDER BY DESC(?n) ?type"""


def _scalar(store: GraphStore, query: str) -> int:
    for row in store.sparql(query):
        return int(row["n"].value)
    return 0


def summary(store: GraphStore) -> dict[str, Any]:
    """Releases, organizations by type, countries, programmes, fundings, people, SDG goals."""
    out: dict[str, Any] = {k: _scalar(store, q) for k, q in _COUNTS.items()}
    out["organizations_by_type"] = {
        row["type"].value.replace("-", "_"): int(row["n"].value) for row in store.sparql(_BY_TYPE)
    }
    return out


def stats(store: GraphStore) -> dict[str, Any]:
    """Summary plus store size: quads, graphs, release graphs, reference graphs."""
    sizes = store.graph_sizes()
    release = {g: n for g, n in sizes.items() if g.startswith(v.RELEASE_GRAPH_PREFIX)}
    out = summary(store)
    out.update(
        {
            "quads": sum(sizes.values()),
            "graphs": len(sizes),
            "release_graphs": len(release),
            "release_quads": sum(release.values()),
            "reference_quads": {
                g.rsplit("/", 1)[-1]: n for g, n in sizes.items() if g in v.REFERENCE_GRAPHS
            },
        }
    )
    return out
