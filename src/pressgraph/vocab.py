"""Namespaces and IRI minting: one place that decides what every node is called.

IRIs are deterministic functions of record keys, so building the same record
twice gives the same graph, and no blank node is ever created.
"""

from __future__ import annotations

from urllib.parse import quote

BASE = "https://w3id.org/pressgraph/"
PG = BASE + "ont#"
V = BASE + "vocab/"
ID = BASE + "id/"
GRAPH = BASE + "graph/"
SDG = "http://metadata.un.org/sdg/"
SDGO = "http://metadata.un.org/sdg/ontology#"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
SCHEMA = "https://schema.org/"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
FRAPO = "http://purl.org/cerif/frapo/"
SH = "http://www.w3.org/ns/shacl#"

PREFIXES: dict[str, str] = {
    "pg": PG,
    "v": V,
    "pgid": ID,
    "sdg": SDG,
    "sdgo": SDGO,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dct": DCT,
    "prov": PROV,
    "org": ORG,
    "foaf": FOAF,
    "schema": SCHEMA,
    "nif": NIF,
    "frapo": FRAPO,
}

# Graph names of the reference data, beside one graph per release.
ONTOLOGY_GRAPH = GRAPH + "ontology"
SDG_GRAPH = GRAPH + "sdg"
REGISTRY_GRAPH = GRAPH + "registry"
REFERENCE_GRAPHS = (ONTOLOGY_GRAPH, SDG_GRAPH, REGISTRY_GRAPH)
RELEASE_GRAPH_PREFIX = GRAPH + "release/"


def _key(value: str) -> str:
    return quote(value, safe="-._~")


def release_iri(release_id: str) -> str:
    return f"{ID}release/{_key(release_id)}"


def release_graph(release_id: str) -> str:
    return RELEASE_GRAPH_PREFIX + _key(release_id)


def org_iri(key: str) -> str:
    return f"{ID}org/{_key(key)}"


def country_iri(iso3: str) -> str:
    return f"{ID}country/{_key(iso3.upper())}"


def person_iri(key: str) -> str:
    return f"{ID}person/{_key(key)}"


def initiative_iri(key: str) -> str:
    return f"{ID}initiative/{_key(key)}"


def event_iri(release_id: str, key: str) -> str:
    return f"{ID}event/{_key(release_id)}/{_key(key)}"


def assertion_iri(release_id: str, kind: str, key: str) -> str:
    return f"{ID}assertion/{_key(release_id)}/{kind}/{_key(key)}"


def span_iri(release_id: str, start: int, end: int) -> str:
    return f"{ID}span/{_key(release_id)}/{start}-{end}"


def amount_iri(release_id: str, key: str) -> str:
    return f"{ID}amount/{_key(release_id)}/{_key(key)}"


def sdg_iri(goal: int, target: str | None = None) -> str:
    return SDG + (target if target else str(goal))


ORG_TYPE_CLASS = {
    "un": PG + "UNEntity",
    "government": PG + "GovernmentAgency",
    "donor_agency": PG + "DonorAgency",
    "igo": PG + "IntergovernmentalOrganization",
    "ngo": PG + "NGO",
    "private": PG + "PrivateOrganization",
    "academic": PG + "AcademicInstitution",
    "other": PG + "OtherOrganization",
}

PROGRAM_KIND_CLASS = {
    "programme": PG + "Programme",
    "project": PG + "Project",
    "action plan": PG + "ActionPlan",
    "plan": PG + "ActionPlan",
    "strategy": PG + "Strategy",
    "fund": PG + "FundInitiative",
    "appeal": PG + "Appeal",
    "campaign": PG + "Campaign",
    "initiative": PG + "Initiative",
    "framework": PG + "Framework",
    "other": PG + "Initiative",
}

EVIDENCE_METHOD = {
    "footer": V + "method-footer-listed",
    "text-explicit": V + "method-text-explicit",
    "text-inferred": V + "method-text-inferred",
    "curated": V + "method-curated",
}

SDG_METHOD = {
    "footer": V + "method-footer-listed",
    "text": V + "method-text-inferred",
    "curated": V + "method-curated",
}


def org_type_concept(kind: str) -> str:
    return f"{V}orgtype-{kind.replace('_', '-')}"


def role_concept(role: str) -> str:
    return f"{V}role-{role}"


def section_concept(section: str) -> str:
    return f"{V}section-{section}"


def sparql_prefixes() -> str:
    return "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
