"""Store computed scores in a derived named graph, so SPARQL can join them with the facts."""

from __future__ import annotations

import math

import pyoxigraph as ox

from .. import vocab as v
from ..store import GraphStore
from .metrics import METRICS

# every per-node score except the component number, which is an id, not a score
SCORE_METRICS = tuple(m for m in METRICS if m != "component")


def scores_graph(network: str) -> str:
    """Graph IRI of the derived scores of a network (``graph/analytics/co-involvement``)."""
    return f"{v.GRAPH}analytics/{network}"


def write_scores(store: GraphStore, table, *, network: str = "co-involvement") -> int:
    """Replace the network's score graph with one ``schema:PropertyValue`` per node and metric.

    schema.org's PropertyValue is made for named measured values, so no new ontology term is
    needed: ``schema:about`` the node, ``schema:propertyID`` the metric, ``schema:value`` the
    score (xsd:double), ``schema:measurementTechnique`` the network. Returns the triple count.
    """
    n = ox.NamedNode
    triples = []
    dbl = n(v.XSD + "double")
    for row in table.to_dict("records"):
        node = str(row["node"])
        key = node.rsplit("/", 1)[-1]
        for metric in SCORE_METRICS:
            value = row.get(metric)
            if value is None or (isinstance(value, float) and math.isnan(value)):
                continue
            s = n(f"{v.ID}score/{network}/{metric}/{key}")
            triples += [
                ox.Triple(s, n(v.RDF + "type"), n(v.SCHEMA + "PropertyValue")),
                ox.Triple(s, n(v.SCHEMA + "about"), n(node)),
                ox.Triple(s, n(v.SCHEMA + "propertyID"), ox.Literal(metric)),
                ox.Triple(s, n(v.SCHEMA + "measurementTechnique"), ox.Literal(network)),
                ox.Triple(s, n(v.SCHEMA + "value"), ox.Literal(repr(float(value)), datatype=dbl)),
            ]
    store.put_graph(scores_graph(network), triples)
    return len(triples)
