"""The ontology, the SHACL shapes and the SDG reference data agree with the code.

* every ``pg:`` term the package writes is declared in ``ontology/pressgraph.ttl``;
* every ``v:`` concept the records can produce is in its concept scheme, and the
  shapes' ``sh:in`` lists are exactly those schemes;
* the shapes load, are valid SHACL, and carry a message and a record field;
* what ``graph.py`` builds from a good record (plus a small registry) conforms, and
  typical mistakes are reported with the record field to correct;
* ``sdg.yaml`` has the 17 goals and 169 targets of the SDG KOS.
"""

from __future__ import annotations

import ast
import copy
import json
import re
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
import yaml
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

from pressgraph import graph as pg_graph
from pressgraph import vocab as v

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "pressgraph"
ONTOLOGY = ROOT / "ontology" / "pressgraph.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
SDG_YAML = PACKAGE / "data" / "sdg.yaml"
KOS_DIR = Path(__file__).resolve().parents[3] / "shared" / "data" / "sdg-kos"

PG = Namespace(v.PG)
V = Namespace(v.V)
SH = Namespace(v.SH)
OWL = Namespace(v.OWL)
SKOS = Namespace(v.SKOS)
ORG = Namespace(v.ORG)
RDFS = Namespace(v.RDFS)

DECLARATION_TYPES = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
}


# ------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


@pytest.fixture(scope="module")
def record_schema() -> dict:
    return json.loads((PACKAGE / "schema" / "record.schema.json").read_text("utf-8"))


def declared(g: Graph) -> set[URIRef]:
    return {s for t in DECLARATION_TYPES for s in g.subjects(RDF.type, t)}


def scheme_members(g: Graph, scheme: URIRef) -> set[URIRef]:
    return set(g.subjects(SKOS.inScheme, scheme))


# ------------------------------------------------------- terms and concepts


def test_both_files_parse(ontology: Graph, shapes: Graph) -> None:
    assert (URIRef("https://w3id.org/pressgraph/ont"), RDF.type, OWL.Ontology) in ontology
    assert len(declared(ontology)) > 50
    assert len(set(shapes.subjects(RDF.type, SH.NodeShape))) > 10


def _pg_terms_in_source() -> dict[str, set[str]]:
    """``PG + "Name"`` / ``v.PG + "Name"`` occurrences, per source file."""
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        names = set(re.findall(r'\bPG \+ "([A-Za-z0-9_]+)"', path.read_text("utf-8")))
        if names:
            found[str(path.relative_to(PACKAGE))] = names
    return found


def test_pg_terms_used_by_code_are_declared(ontology: Graph) -> None:
    used = _pg_terms_in_source()
    assert "graph.py" in used and "vocab.py" in used
    assert {"Assertion", "Funding", "UNEntity", "confidence"} <= used["graph.py"] | used["vocab.py"]
    known = declared(ontology)
    missing = sorted(
        f"{file}: pg:{name}"
        for file, names in used.items()
        for name in names
        if PG[name] not in known
    )
    assert not missing, "not declared in ontology/pressgraph.ttl: " + ", ".join(missing)


def test_registry_terms_are_declared(ontology: Graph) -> None:
    for name in (
        "Country",
        "Government",
        "governmentOf",
        "iso3166Alpha3",
        "iso3166Alpha2",
        "m49",
        "gazetteerSource",
        "recordField",
    ):
        assert PG[name] in declared(ontology), name
    for code in ("iso3166Alpha3", "iso3166Alpha2", "m49"):
        assert (PG[code], RDFS.subPropertyOf, SKOS.notation) in ontology


def test_every_declared_term_is_documented(ontology: Graph) -> None:
    for term in declared(ontology):
        if not str(term).startswith(v.PG):
            continue  # local copies of reused axioms
        assert ontology.value(term, RDFS.label), f"{term} has no rdfs:label"
        assert ontology.value(term, RDFS.comment), f"{term} has no rdfs:comment"


def _roles_used_by_graph_py() -> set[str]:
    tree = ast.parse((PACKAGE / "graph.py").read_text("utf-8"))
    roles = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "participation"
            and len(node.args) >= 4
            and isinstance(node.args[3], ast.Constant)
        ):
            roles.add(node.args[3].value)
    return roles


def test_concepts_produced_from_records_are_in_their_schemes(
    ontology: Graph, record_schema: dict
) -> None:
    defs = record_schema["$defs"]
    org_types = defs["organization"]["properties"]["type"]["enum"]
    sections = defs["evidence"]["properties"]["section"]["enum"]
    kinds = defs["partnership"]["properties"]["kind"]["enum"]
    roles = _roles_used_by_graph_py()
    assert roles >= {"owner", "organizer", "participant", "un-entity-involved"}

    expected = {
        V.orgtypes: {v.org_type_concept(t) for t in org_types},
        V.methods: set(v.EVIDENCE_METHOD.values()) | set(v.SDG_METHOD.values()),
        V.sections: {v.section_concept(s) for s in sections},
        V["partnership-kinds"]: {v.V + f"partnership-{k}" for k in kinds},
        V.roles: {v.role_concept(r) for r in roles},
    }
    for scheme, iris in expected.items():
        assert (scheme, RDF.type, SKOS.ConceptScheme) in ontology
        members = scheme_members(ontology, scheme)
        missing = {URIRef(i) for i in iris} - members
        assert not missing, f"{scheme}: {sorted(missing)}"
        for concept in members:
            assert (concept, RDF.type, SKOS.Concept) in ontology
            assert ontology.value(concept, SKOS.prefLabel), concept


def test_iati_codes(ontology: Graph) -> None:
    def notations(name: str) -> set[str]:
        return {str(n) for n in ontology.objects(V[name], SKOS.notation)}

    assert notations("role-funding") == {"1"}
    assert notations("role-accountable") == {"2"}
    assert notations("role-extending") == {"3"}
    assert notations("role-implementing") == {"4"}
    assert notations("orgtype-government") == {"10"}
    assert notations("orgtype-un") == notations("orgtype-igo") == {"40"}
    assert notations("orgtype-ngo") == {"21", "22"}
    assert notations("orgtype-private") == {"70"}
    assert notations("orgtype-academic") == {"80"}
    for role in scheme_members(ontology, V.roles):
        assert (role, RDF.type, ORG.Role) in ontology


def test_methods_scheme_is_complete(ontology: Graph) -> None:
    names = {"footer-listed", "text-explicit", "text-inferred", "curated", "derived"}
    assert scheme_members(ontology, V.methods) == {V[f"method-{n}"] for n in names}


def test_every_assertion_class_has_a_shortcut_mapping(ontology: Graph) -> None:
    mapped = {
        ontology.value(m, PG.forClass): ontology.value(m, PG.shortcutProperty)
        for m in ontology.subjects(RDF.type, PG.ShortcutMapping)
    }
    assert mapped == {
        PG.Participation: PG.participatedIn,
        PG.Funding: PG.funds,
        PG.GoalAlignment: URIRef(v.DCT + "subject"),
        PG.Partnership: PG.partnerOf,
        ORG.Membership: ORG.memberOf,
    }
    for cls in (PG.Participation, PG.Funding, PG.GoalAlignment, PG.Partnership):
        assert (cls, RDFS.subClassOf, PG.Assertion) in ontology


# -------------------------------------------------------------------- shapes


def test_shapes_graph_is_valid_shacl(shapes: Graph) -> None:
    conforms, _, text = pyshacl.validate(
        Graph(), shacl_graph=shapes, meta_shacl=True, advanced=True
    )
    assert conforms, text


def _all_shapes(shapes: Graph) -> set:
    found = set(shapes.subjects(RDF.type, SH.NodeShape))
    found |= set(shapes.subjects(RDF.type, SH.PropertyShape))
    found |= set(shapes.objects(None, SH.property))
    return found


def test_every_shape_has_a_message_and_a_record_field(shapes: Graph) -> None:
    for shape in _all_shapes(shapes):
        assert shapes.value(shape, SH.message), f"{shape} has no sh:message"
        field = shapes.value(shape, PG.recordField)
        assert isinstance(field, Literal) and str(field), f"{shape} has no pg:recordField"


def _in_list(shapes: Graph, shape: URIRef) -> set:
    return set(Collection(shapes, shapes.value(shape, SH["in"])))


@pytest.mark.parametrize(
    ("shape", "scheme"),
    [
        ("Funding-method", "methods"),
        ("Participation-method", "methods"),
        ("Membership-method", "methods"),
        ("Partnership-method", "methods"),
        ("GoalAlignment-method", "methods"),
        ("Organization-type", "orgtypes"),
        ("TextSpan-section", "sections"),
        ("Partnership-kind", "partnership-kinds"),
        ("Participation-role", "roles"),
    ],
)
def test_shape_value_lists_match_the_schemes(
    shapes: Graph, ontology: Graph, shape: str, scheme: str
) -> None:
    shp = Namespace("https://w3id.org/pressgraph/shapes#")
    assert _in_list(shapes, shp[shape]) == scheme_members(ontology, V[scheme])


def test_known_sdg_iris_match_sdg_yaml(shapes: Graph) -> None:
    shp = Namespace("https://w3id.org/pressgraph/shapes#")
    data = yaml.safe_load(SDG_YAML.read_text("utf-8"))
    codes = [str(g["goal"]) for g in data["goals"]]
    codes += [t["code"] for g in data["goals"] for t in g["targets"]]
    assert _in_list(shapes, shp["GoalAlignment-known"]) == {URIRef(v.SDG + c) for c in codes}


# ------------------------------------------------------------ validating data

TEXT = (
    "IOM and the Government of Turkmenistan organized a regional discussion in Ashgabat. "
    "The programme is funded by the U.S. Bureau of International Narcotics and Law "
    "Enforcement Affairs (INL) with USD 1.5 million. "
    "Mr. Dejan Keserović, IOM Regional Coordinator, opened the meeting. "
    "Experts from Belgium and the United States took part. "
    "The work supports the elimination of forced labour and human trafficking."
)
SHA = "ab" * 32


def span(fragment: str, **extra) -> dict:
    start = TEXT.index(fragment)
    return {"text": fragment, "start": start, "end": start + len(fragment), **extra}


def mention(fragment: str) -> dict:
    start = TEXT.index(fragment)
    return {"text": fragment, "start": start, "end": start + len(fragment)}


def make_record(rid: str = "2018-05-02-iom-tkm") -> dict:
    s1 = "IOM and the Government of Turkmenistan organized a regional discussion in Ashgabat."
    s2 = TEXT[TEXT.index("The programme") : TEXT.index("million.") + len("million.")]
    s3 = "Mr. Dejan Keserović, IOM Regional Coordinator, opened the meeting."
    s5 = "The work supports the elimination of forced labour and human trafficking."
    explicit = {"method": "text-explicit", "confidence": 0.9, "section": "body"}
    return {
        "schema_version": 1,
        "id": rid,
        "title": "IOM and Turkmenistan discuss counter-trafficking",
        "date": "2018-05-02",
        "kind": "press release",
        "language": "en",
        "dateline": "ASHGABAT",
        "source": {
            "sha256": SHA,
            "format": "text",
            "url": "https://turkmenistan.un.org/en/example",
            "path": "data/releases/example.txt",
        },
        "summary": ["A regional discussion on counter-trafficking was held."],
        "organizations": [
            {
                "id": "iom",
                "name": "International Organization for Migration",
                "type": "un",
                "source": "gazetteer:un_entities",
                "mentions": [mention("IOM")],
            },
            {
                "id": "government-tkm",
                "name": "Government of Turkmenistan",
                "type": "government",
                "source": "gazetteer:countries",
                "mentions": [mention("Government of Turkmenistan")],
            },
            {
                "id": "usa-inl",
                "name": "Bureau of International Narcotics and Law Enforcement Affairs",
                "type": "government",
                "acronym": "INL",
                "aliases": ["U.S. INL"],
                "country": "USA",
                "parent": "government-usa",
                "source": "text",
                "mentions": [mention("INL")],
            },
        ],
        "countries": [
            {"id": "tkm", "name": "Turkmenistan", "iso3": "TKM", "focus": True},
            {"id": "bel", "name": "Belgium", "iso3": "BEL", "mentions": [mention("Belgium")]},
        ],
        "people": [
            {
                "id": "dejan-keserovic",
                "name": "Dejan Keserović",
                "honorific": "Mr.",
                "role": "IOM Regional Coordinator",
                "organization": "iom",
                "evidence": span(s3, **explicit),
            },
            {"id": "anon-expert", "name": "Anna Example", "role": "independent expert"},
        ],
        "programs": [
            {
                "id": "tkm-chtp",
                "name": "Combating Human Trafficking Programme in Turkmenistan",
                "kind": "programme",
                "owner": "iom",
                "period": {"start": "2016", "end": "2018-06"},
                "countries": ["TKM"],
                "evidence": span(s2, **explicit),
            }
        ],
        "fundings": [
            {
                "id": "f1",
                "funder": "usa-inl",
                "program": "tkm-chtp",
                "recipient": "iom",
                "amount": {"value": 1500000, "currency": "USD", "text": "USD 1.5 million"},
                "evidence": span(s2, **explicit),
            }
        ],
        "events": [
            {
                "id": "regional-discussion",
                "name": "Regional discussion on counter-trafficking",
                "kind": "meeting",
                "start_date": "2018-05-01",
                "end_date": "2018-05-02",
                "duration": "P2D",
                "country": "TKM",
                "participant_countries": ["BEL", "USA"],
                "program": "tkm-chtp",
                "organizers": ["iom", "government-tkm"],
                "participants": ["usa-inl"],
                "evidence": span(s1, **explicit),
            }
        ],
        "partnerships": [
            {
                "id": "p1",
                "organizations": ["iom", "government-tkm"],
                "kind": "co-organizer",
                "context": "regional-discussion",
                "evidence": span(s1, **explicit),
            }
        ],
        "un_entities_involved": [{"id": "u1", "organization": "iom"}],
        "sdgs": [
            {
                "id": "s1",
                "goal": 8,
                "target": "8.7",
                "method": "text",
                "confidence": 0.7,
                "item": "tkm-chtp",
                "evidence": span(s5, method="text-inferred", confidence=0.7),
            },
            {"id": "s2", "goal": 16, "method": "footer", "confidence": 1.0},
        ],
    }


# A hand-written excerpt of the registry graph: countries, governments and one
# gazetteer organization, in the shape the registry builder writes them.
REGISTRY = """
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix pg: <https://w3id.org/pressgraph/ont#> .
@prefix v: <https://w3id.org/pressgraph/vocab/> .
@prefix c: <https://w3id.org/pressgraph/id/country/> .
@prefix o: <https://w3id.org/pressgraph/id/org/> .

c:TKM a pg:Country ; skos:prefLabel "Turkmenistan"@en ;
    pg:iso3166Alpha3 "TKM" ; pg:iso3166Alpha2 "TM" ; pg:m49 "795" .
c:USA a pg:Country ; skos:prefLabel "United States"@en ;
    pg:iso3166Alpha3 "USA" ; pg:iso3166Alpha2 "US" ; pg:m49 "840" .
c:BEL a pg:Country ; skos:prefLabel "Belgium"@en ;
    pg:iso3166Alpha3 "BEL" ; pg:iso3166Alpha2 "BE" ; pg:m49 "056" .
o:government-tkm a org:Organization , pg:Government ;
    skos:prefLabel "Government of Turkmenistan"@en ; pg:orgType v:orgtype-government ;
    pg:governmentOf c:TKM ; pg:country c:TKM ; pg:gazetteerSource "countries" .
o:government-usa a org:Organization , pg:Government ;
    skos:prefLabel "Government of the United States"@en ; pg:orgType v:orgtype-government ;
    pg:governmentOf c:USA ; pg:country c:USA ; pg:gazetteerSource "countries" .
o:iom a org:Organization , pg:UNEntity ;
    skos:prefLabel "International Organization for Migration"@en ;
    pg:orgType v:orgtype-un ; pg:acronym "IOM" ; skos:altLabel "UN Migration Agency" ;
    pg:gazetteerSource "un_entities" .
"""


def release_graph(*records: dict) -> Graph:
    """Triples of the records' release graphs (graph names dropped, as in the union)."""
    quads = [q for r in records for q in pg_graph.record_quads(r)]
    nt = ox.serialize(
        [ox.Triple(q.subject, q.predicate, q.object) for q in quads],
        format=ox.RdfFormat.N_TRIPLES,
    )
    return Graph().parse(data=nt.decode("utf-8"), format="nt")


def union(*records: dict, extra: str = "") -> Graph:
    g = release_graph(*records)
    g.parse(data=REGISTRY, format="turtle")
    g.parse(ONTOLOGY, format="turtle")
    if extra:
        g.parse(data=extra, format="turtle")
    return g


def shacl(data: Graph, shapes: Graph):
    """Validate as ``pressgraph validate`` does: no inference, SHACL-AF on (SPARQL targets)."""
    return pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True)


def problems(data: Graph, shapes: Graph) -> set[tuple[str, str]]:
    """(record field, severity) of every result, the way a report line names them."""
    _, report, _ = shacl(data, shapes)
    found = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        source = report.value(result, SH.sourceShape)
        field = shapes.value(source, PG.recordField)
        severity = report.value(result, SH.resultSeverity)
        found.add((str(field), str(severity).rsplit("#", 1)[-1]))
    return found


def test_good_record_conforms(shapes: Graph) -> None:
    data = union(make_record(), make_record("2018-06-01-second"))
    assert len(data) > 300
    conforms, _, text = shacl(data, shapes)
    assert conforms, text


def test_missing_date_is_only_a_warning(shapes: Graph) -> None:
    record = make_record()
    record["date"] = None
    assert problems(union(record), shapes) == {("date", "Warning")}


def _set(path: str, value):
    def mutate(record: dict) -> None:
        *head, last = path.split(".")
        node = record
        for key in head:
            node = node[int(key)] if key.isdigit() else node[key]
        node[last] = value

    return mutate


def _funding_without_items(record: dict) -> None:
    for key in ("program", "recipient"):
        del record["fundings"][0][key]


def _short_anchor(record: dict) -> None:
    record["fundings"][0]["evidence"]["text"] = record["fundings"][0]["evidence"]["text"][:-1]
    record["programs"][0]["evidence"]["text"] = record["fundings"][0]["evidence"]["text"]


def _explicit_without_span(record: dict) -> None:
    record["partnerships"][0]["evidence"] = {"method": "text-explicit", "confidence": 0.8}


BROKEN_RECORDS = {
    "lower-case currency": (
        _set("fundings.0.amount.currency", "usd"),
        "fundings[].amount.currency",
    ),
    "honorific in name": (_set("people.0.name", "Mr. Dejan Keserović"), "people[].name"),
    "anchor length": (_short_anchor, "*.evidence.text | *.mentions[].text"),
    "confidence above 1": (
        _set("fundings.0.evidence.confidence", 1.5),
        "fundings[].evidence.confidence",
    ),
    "unknown country": (_set("organizations.2.country", "XXX"), "organizations[].country"),
    "funding of nothing": (
        _funding_without_items,
        "fundings[].program | fundings[].event | fundings[].recipient",
    ),
    "no such target": (_set("sdgs.0.target", "8.11"), "sdgs[].target"),
    "period reversed": (
        _set("programs.0.period", {"start": "2019", "end": "2018-06"}),
        "programs[].period",
    ),
    "explicit without span": (_explicit_without_span, "partnerships[].evidence"),
    "unknown organizer": (
        _set("events.0.organizers", ["iom", "nobody"]),
        "events[].organizers | events[].participants | programs[].owner"
        " | un_entities_involved[].organization",
    ),
    "bad duration": (_set("events.0.duration", "two days"), "events[].duration"),
}


@pytest.mark.parametrize("case", sorted(BROKEN_RECORDS))
def test_broken_record_is_reported_with_its_field(shapes: Graph, case: str) -> None:
    mutate, field = BROKEN_RECORDS[case]
    record = copy.deepcopy(make_record())
    mutate(record)
    try:
        data = union(record)
    except (TypeError, ValueError):
        pytest.skip("graph.py refuses this record before validation")
    found = problems(data, shapes)
    assert (field, "Violation") in found, found


def test_conflicting_names_across_releases(shapes: Graph) -> None:
    other = make_record("2018-06-01-second")
    other["organizations"][2]["name"] = "International Narcotics Bureau"
    assert ("organizations[].name", "Violation") in problems(union(make_record(), other), shapes)


def test_missing_shortcut_edge(shapes: Graph) -> None:
    data = union(make_record())
    funds = list(data.triples((None, PG.funds, None)))
    assert funds
    data.remove(funds[0])
    assert ("fundings[].funder", "Violation") in problems(data, shapes)


def test_registry_mistakes(shapes: Graph) -> None:
    extra = """
    @prefix org: <http://www.w3.org/ns/org#> .
    @prefix pg: <https://w3id.org/pressgraph/ont#> .
    <https://w3id.org/pressgraph/id/org/government-usa>
        org:subOrganizationOf <https://w3id.org/pressgraph/id/org/usa-inl> .
    <https://w3id.org/pressgraph/id/country/BEL> a org:Organization ; pg:m49 "56" .
    """
    found = problems(union(make_record(), extra=extra), shapes)
    assert ("organizations[].parent", "Violation") in found  # hierarchy cycle
    assert ("countries[].iso3", "Violation") in found  # a country typed as organization
    assert ("registry:countries[].m49", "Violation") in found


def test_registry_from_gazetteer_conforms(shapes: Graph) -> None:
    """The reference graphs the build loads (registry, SDG, ontology) hold to the shapes."""
    reference = pytest.importorskip("pressgraph.reference")
    gazetteer = pytest.importorskip("pressgraph.extract.gazetteer")
    if not (PACKAGE / "data" / "gazetteer").is_dir():
        pytest.skip("no gazetteer data")
    triples = [
        *reference.registry_triples(gazetteer.load_gazetteer()),
        *reference.sdg_triples(),
        *reference.ontology_triples(),
    ]
    nt = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    data = Graph().parse(data=nt, format="nt")
    assert len(list(data.subjects(RDF.type, PG.Country))) > 190
    conforms, _, text = shacl(data, shapes)
    assert conforms, text


def test_hand_built_graph(shapes: Graph) -> None:
    """Shapes also catch mistakes graph.py cannot make (hand-edited or other writers)."""
    ttl = """
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    @prefix schema: <https://schema.org/> .
    @prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
    @prefix foaf: <http://xmlns.com/foaf/0.1/> .
    @prefix pg: <https://w3id.org/pressgraph/ont#> .
    @prefix v: <https://w3id.org/pressgraph/vocab/> .
    @prefix r: <https://w3id.org/pressgraph/id/release/> .
    @prefix sp: <https://w3id.org/pressgraph/id/span/r/> .
    @prefix p: <https://w3id.org/pressgraph/id/person/> .
    r:r a pg:PressRelease ; <http://purl.org/dc/terms/identifier> "r" ;
        <http://purl.org/dc/terms/title> "No language tag" ;
        <http://purl.org/dc/terms/issued> "2018-13-45"^^xsd:date ;
        pg:releaseKind "news" ; pg:textSha256 "ABC" ; pg:sourceFormat "pdf" .
    sp:5-5 a pg:TextSpan ; pg:inRelease r:r ;
        nif:beginIndex 5 ; nif:endIndex 5 ; nif:anchorOf "x" ; pg:section v:section-quote .
    p:x a foaf:Person ; foaf:name "H.E. Jane Doe" .
    """
    found = {field for field, _ in problems(union(extra=ttl), shapes)}
    assert {
        "title",
        "date",
        "source.sha256",
        "source.format",
        "*.evidence.start | *.mentions[].start",
        "*.evidence.section",
        "people[].name",
    } <= found


# ------------------------------------------------------------------- sdg.yaml


@pytest.fixture(scope="module")
def sdg_data() -> dict:
    return yaml.safe_load(SDG_YAML.read_text("utf-8"))


def test_sdg_yaml_shape(sdg_data: dict) -> None:
    goals = sdg_data["goals"]
    assert [g["goal"] for g in goals] == list(range(1, 18))
    targets = [t for g in goals for t in g["targets"]]
    assert len(targets) == 169
    assert len({t["code"] for t in targets}) == 169
    for g in goals:
        assert g["title"] and g["short"]
        assert len(g["title"]) <= 100 and len(g["short"]) <= 100
        for t in g["targets"]:
            assert re.fullmatch(r"([1-9]|1[0-7])\.([1-9][0-9]?|[a-z])", t["code"]), t
            assert t["code"].split(".")[0] == str(g["goal"]), t
            assert t["title"] and len(t["title"]) <= 100, t
    assert goals[0]["title"] == "No poverty"
    assert goals[16]["title"] == "Partnerships for the goals"


@pytest.mark.skipif(not KOS_DIR.is_dir(), reason="SDG KOS copy not available")
def test_sdg_codes_match_the_kos(sdg_data: dict) -> None:
    tree = json.loads((KOS_DIR / "linkedsdg_sdg_tree.json").read_text("utf-8"))
    kos = {g["code"]: {t["code"] for t in g["children"]} for g in tree["children"]}
    ours = {str(g["goal"]): {t["code"] for t in g["targets"]} for g in sdg_data["goals"]}
    assert ours == kos
    for g in tree["children"]:
        assert g["id"] == v.sdg_iri(int(g["code"]))
        for t in g["children"]:
            assert t["id"] == v.sdg_iri(int(g["code"]), t["code"])


def test_no_blank_shapes_without_path(shapes: Graph) -> None:
    """Property shapes are named, so report lines can cite them."""
    for shape in shapes.objects(None, SH.property):
        assert not isinstance(shape, BNode), shape
        assert shapes.value(shape, SH.path) is not None, shape
