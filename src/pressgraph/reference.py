"""Reference graphs loaded beside the releases: ontology, SDG goals/targets, registry.

The registry describes once every organization and country the gazetteers
know (and each country's government), so release graphs only refer to them.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
import yaml

from . import __version__
from . import vocab as v
from .graph import A, N, en
from .resources import data_dir, ontology_dir
from .store import GraphStore

if TYPE_CHECKING:  # the gazetteers are loaded only when the registry graph is (re)made
    from .extract.gazetteer import Gazetteer

_HASH = N(v.PG + "contentSha256")


def registry_triples(gaz: Gazetteer) -> Iterator[ox.Triple]:
    def t(s, p, o):
        return ox.Triple(N(s) if isinstance(s, str) else s, N(p), N(o) if isinstance(o, str) else o)

    for c in sorted(gaz.countries.values(), key=lambda c: c.iso3):
        node = v.country_iri(c.iso3)
        yield t(node, v.RDF + "type", v.PG + "Country")
        yield t(node, v.RDF + "type", v.SCHEMA + "Country")
        yield t(node, v.SKOS + "prefLabel", en(c.name))
        yield t(node, v.PG + "iso3166Alpha3", ox.Literal(c.iso3))
        if c.iso2:
            yield t(node, v.PG + "iso3166Alpha2", ox.Literal(c.iso2))
        if c.m49:
            yield t(node, v.PG + "m49", ox.Literal(c.m49))
        for name in sorted(set(c.names) - {c.name}):
            yield t(node, v.SKOS + "altLabel", ox.Literal(name))
        gov = gaz.government(c.iso3)
        g = v.org_iri(gov.id)
        yield t(g, v.RDF + "type", v.ORG + "Organization")
        yield t(g, v.RDF + "type", v.PG + "Government")
        yield t(g, v.SKOS + "prefLabel", en(gov.name))
        yield t(g, v.PG + "orgType", v.org_type_concept("government"))
        yield t(g, v.PG + "governmentOf", node)
        yield t(g, v.PG + "country", node)
    for org in sorted(gaz.organizations.values(), key=lambda o: o.id):
        node = v.org_iri(org.id)
        yield t(node, v.RDF + "type", v.ORG + "Organization")
        yield t(node, v.RDF + "type", v.ORG_TYPE_CLASS[org.type])
        yield t(node, v.SKOS + "prefLabel", en(org.name))
        yield t(node, v.PG + "orgType", v.org_type_concept(org.type))
        yield t(node, v.PG + "gazetteerSource", ox.Literal(org.source.split(":", 1)[-1]))
        if org.acronym:
            yield t(node, v.PG + "acronym", ox.Literal(org.acronym))
        for alias in sorted(set(org.aliases)):
            yield t(node, v.SKOS + "altLabel", ox.Literal(alias))
        if org.country and org.country in gaz.countries:
            yield t(node, v.PG + "country", v.country_iri(org.country))
        parent = gaz.parent_of(org)
        if parent:
            yield t(node, v.ORG + "subOrganizationOf", v.org_iri(parent))


@functools.lru_cache(maxsize=1)
def sdg_reference() -> dict:
    path = data_dir() / "sdg.yaml"
    if not path.exists():
        return {"goals": []}
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {"goals": []}


def sdg_triples() -> Iterator[ox.Triple]:
    scheme = N(v.SDG + "ontology#sdgs")
    for g in sdg_reference().get("goals", []):
        goal = N(v.sdg_iri(int(g["goal"])))
        yield ox.Triple(goal, A, N(v.SDGO + "Goal"))
        yield ox.Triple(goal, A, N(v.SKOS + "Concept"))
        yield ox.Triple(goal, N(v.SKOS + "inScheme"), scheme)
        yield ox.Triple(goal, N(v.SKOS + "notation"), ox.Literal(str(g["goal"])))
        yield ox.Triple(goal, N(v.SKOS + "prefLabel"), en(g.get("title") or g.get("short")))
        for target in g.get("targets", []):
            node = N(v.SDG + str(target["code"]))
            yield ox.Triple(node, A, N(v.SDGO + "Target"))
            yield ox.Triple(node, A, N(v.SKOS + "Concept"))
            yield ox.Triple(node, N(v.SKOS + "notation"), ox.Literal(str(target["code"])))
            yield ox.Triple(node, N(v.SKOS + "prefLabel"), en(target["title"]))
            yield ox.Triple(node, N(v.SKOS + "broader"), goal)
            yield ox.Triple(goal, N(v.SKOS + "narrower"), node)
            yield ox.Triple(goal, N(v.SDGO + "hasTarget"), node)


def ontology_triples() -> Iterator[ox.Triple]:
    path = ontology_dir() / "pressgraph.ttl"
    if not path.exists():
        return
    # Blank nodes (OWL lists, restrictions) get IRIs numbered in parse order, which
    # is fixed for a given file: the graph stays free of blank nodes and deterministic.
    labels: dict[str, ox.NamedNode] = {}

    def skolem(term):
        if isinstance(term, ox.BlankNode):
            if term.value not in labels:
                labels[term.value] = N(f"{v.PG[:-1]}/genid/{len(labels) + 1}")
            return labels[term.value]
        return term

    for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        yield ox.Triple(skolem(q.subject), q.predicate, skolem(q.object))


def _digest(*paths: Path) -> str:
    """What a reference graph is made from: its source files and the code version."""
    h = hashlib.sha256(f"{__version__} pycountry {version('pycountry')}".encode())
    for path in paths:
        for f in sorted(path.glob("*.yaml")) if path.is_dir() else [path]:
            if f.exists():
                h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def _load_gazetteer() -> Gazetteer:
    from .extract.gazetteer import load_gazetteer

    return load_gazetteer()


def load_reference(store: GraphStore, *, gazetteer: Gazetteer | None = None) -> dict[str, int]:
    """(Re)load the reference graphs whose sources changed; returns triples per graph."""
    sources = {
        v.ONTOLOGY_GRAPH: (ontology_triples, [ontology_dir() / "pressgraph.ttl"]),
        v.SDG_GRAPH: (sdg_triples, [data_dir() / "sdg.yaml"]),
        v.REGISTRY_GRAPH: (
            lambda: registry_triples(gazetteer or _load_gazetteer()),
            [data_dir() / "gazetteer"],
        ),
    }
    sizes = {}
    for graph, (make, paths) in sources.items():
        digest = _digest(*paths) if gazetteer is None or graph != v.REGISTRY_GRAPH else None
        g = N(graph)
        current = next(iter(store.oxigraph.quads_for_pattern(g, _HASH, None, g)), None)
        if digest and current is not None and current.object.value == digest:
            # counted by the store, not by making ~13,000 quads Python objects (0.1 s a build)
            rows = store.oxigraph.query(
                f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
            )
            sizes[graph] = int(next(iter(rows))["n"].value)
            continue
        triples = list(make())
        if digest:
            triples.append(ox.Triple(g, _HASH, ox.Literal(digest)))
        store.put_graph(graph, triples)
        sizes[graph] = len(triples)
    return sizes
