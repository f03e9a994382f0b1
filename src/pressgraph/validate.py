"""SHACL validation of the store, reported per release and record field."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import unquote

import pyoxigraph as ox

from . import vocab as v
from .resources import ontology_dir
from .store import GraphStore


@dataclass(frozen=True)
class Violation:
    release: str | None  # release id, None for reference data
    field: str | None  # the record field behind the violation
    message: str
    focus: str
    path: str | None
    severity: str

    def __str__(self) -> str:
        where = f"release {self.release}" if self.release else "reference data"
        fld = f" [{self.field}]" if self.field else ""
        return f"{where}{fld}: {self.message} (node {self.focus})"


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    triples: int = 0


def _shapes_graph():
    import rdflib

    g = rdflib.Graph()
    g.parse(ontology_dir() / "shapes.ttl", format="turtle")
    return g


def _data_graph(store: GraphStore):
    import rdflib

    data = ox.serialize(store.merged_triples(), format=ox.RdfFormat.N_TRIPLES)
    g = rdflib.Graph()
    g.parse(data=data.decode("utf-8"), format="nt")
    return g


def _releases_of(store: GraphStore, node: str) -> list[str]:
    """Release graphs that hold statements about ``node``."""
    if not node.startswith(("http://", "https://")):
        return []
    out = set()
    for q in store.oxigraph.quads_for_pattern(ox.NamedNode(node), None, None, None):
        g = q.graph_name
        if isinstance(g, ox.NamedNode) and g.value.startswith(v.RELEASE_GRAPH_PREFIX):
            out.add(unquote(g.value[len(v.RELEASE_GRAPH_PREFIX) :]))
    return sorted(out)


def validate(store: GraphStore) -> ValidationReport:
    """Run ``ontology/shapes.ttl`` over the union of all graphs."""
    import pyshacl
    import rdflib

    data = _data_graph(store)
    shapes = _shapes_graph()
    _conforms, results, _text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    SH = rdflib.Namespace(v.SH)
    record_field = rdflib.URIRef(v.PG + "recordField")
    violations = []
    for r in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = str(results.value(r, SH.focusNode))
        path = results.value(r, SH.resultPath)
        message = str(results.value(r, SH.resultMessage) or "violation")
        severity = str(results.value(r, SH.resultSeverity)).rsplit("#", 1)[-1]
        source_shape = results.value(r, SH.sourceShape)
        fld = None
        if source_shape is not None:
            fld = shapes.value(source_shape, record_field)
            if fld is None:
                for parent in shapes.subjects(SH.property, source_shape):
                    fld = shapes.value(parent, record_field)
                    if fld:
                        break
        releases = _releases_of(store, focus) or [None]
        for rel in releases:
            violations.append(
                Violation(
                    rel,
                    str(fld) if fld else None,
                    message,
                    focus,
                    str(path) if path is not None else None,
                    severity,
                )
            )
    violations.sort(key=lambda x: (x.release or "", x.field or "", x.focus, x.message))
    hard = [x for x in violations if x.severity == "Violation"]
    return ValidationReport(conforms=not hard, violations=violations, triples=len(data))
