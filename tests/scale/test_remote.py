"""Push and remote queries against a real Virtuoso on 127.0.0.1 (see conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pressgraph.build import build
from pressgraph.cli import main
from pressgraph.errors import QueryError
from pressgraph.queries import library, run_query
from pressgraph.remote import Endpoint, RemoteError, push_store, run_remote_query, with_values
from pressgraph.store import GraphStore

ROOT = Path(__file__).resolve().parents[2]
RECORDS = ROOT / "tests" / "fixtures" / "records"
SAMPLE = ROOT / "data" / "releases" / "2018-05-02-iom-turkmenistan-counter-trafficking.txt"


@pytest.fixture(scope="module")
def pushed(virtuoso, tmp_path_factory):
    path = tmp_path_factory.mktemp("remote") / "store"
    build([SAMPLE, *sorted(RECORDS.glob("*.yaml"))], store=path)
    ep = Endpoint(virtuoso.url, user=virtuoso.user, password=virtuoso.password)
    with GraphStore.open(path) as gs:
        report = push_store(gs, ep)
        n_graphs = sum(1 for _ in gs.oxigraph.named_graphs())
    return path, ep, report, n_graphs


def _rows(result):
    """Rows in a comparable form: GROUP_CONCAT order is unspecified, so sort its items."""

    def norm(x):
        return " ".join(sorted(x.split(" "))) if isinstance(x, str) else x

    return sorted(repr(tuple(norm(x) for x in row)) for row in result.rows)


def test_push_puts_every_named_graph(pushed):
    path, ep, report, n_graphs = pushed
    assert report.graphs == n_graphs
    res = ep.select(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/pressgraph/graph/')) }"
    )
    assert int(res["results"]["bindings"][0]["n"]["value"]) == report.triples


def test_push_again_replaces_rather_than_duplicates(pushed):
    path, ep, report, _ = pushed
    with GraphStore.open(path) as gs:
        again = push_store(gs, ep, releases=gs.release_ids()[:2])
    assert again.graphs == 3  # the two release graphs and graph/shared
    res = ep.select(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/pressgraph/graph/')) }"
    )
    assert int(res["results"]["bindings"][0]["n"]["value"]) == report.triples


@pytest.mark.parametrize(
    "name,params",
    [
        ("releases", {}),
        ("organizations", {"type": "ngo"}),
        ("donors", {"funder": "USAID", "country": "Kenya"}),
        ("funding-totals-by-donor", {}),
        ("partners-of-organization", {"org": "IOM"}),
        ("un-entities-by-country", {"country": "Kenya"}),
    ],
)
def test_remote_query_gives_the_local_rows(pushed, name, params):
    # Optional parameters are given here: the library tests an absent parameter with
    # COALESCE(error, true), which Virtuoso 7 does not evaluate as SPARQL 1.1 says
    # (docs/remote.md).
    path, ep, _, _ = pushed
    if name not in library():
        pytest.skip(f"{name} is not in the library")
    with GraphStore.open(path, read_only=True) as gs:
        local = run_query(gs, name, params)
    remote = run_remote_query(ep, name, params)
    assert remote.columns == local.columns
    assert _rows(remote) == _rows(local)


def test_hostile_parameter_is_only_data(pushed):
    path, ep, _, _ = pushed
    nasty = 'x" } } ; DROP GRAPH <https://w3id.org/pressgraph/graph/sdg> ; SELECT * { { "'
    q = next((n for n, q in library().items() if any(p.type == "string" for p in q.parameters)))
    param = next(p.name for p in library()[q].parameters if p.type == "string")
    result = run_remote_query(ep, q, {param: nasty})
    assert result.rows == [] or all(nasty not in map(str, r) for r in result.rows)
    still = ep.select("ASK { GRAPH <https://w3id.org/pressgraph/graph/sdg> { ?s ?p ?o } }")
    assert still["boolean"] is True


def test_values_block_escapes_terms():
    import pyoxigraph as ox

    text = with_values("SELECT ?a WHERE { ?s ?p ?a }", {"a": ox.Literal('he said "hi" }\n<x>')})
    assert 'VALUES (?a) { ("he said \\"hi\\" }\\n<x>") }' in text
    with pytest.raises(QueryError):
        with_values("SELECT ?a WHERE { ?s ?p ?a }", {"a b": ox.Literal("x")})


def test_cli_push_and_remote_query(pushed, virtuoso, monkeypatch):
    path, _, _, _ = pushed
    runner = CliRunner()
    monkeypatch.setenv("PRESSGRAPH_ENDPOINT_PASSWORD", virtuoso.password)
    result = runner.invoke(
        main,
        [
            "push",
            "--endpoint",
            virtuoso.url,
            "--user",
            "dba",
            "--store",
            str(path),
            "--release",
            "2018-05-02-iom-turkmenistan-counter-trafficking",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "pushed 2 graph(s)" in result.output  # the release graph and graph/shared
    result = runner.invoke(
        main,
        ["query", "releases", "--endpoint", virtuoso.url, "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    assert "2018-05-02-iom-turkmenistan-counter-trafficking" in result.output


def test_wrong_password_is_one_clear_error(virtuoso, tmp_path):
    ep = Endpoint(virtuoso.url, user="dba", password="wrong")
    with pytest.raises(RemoteError, match="401"):
        ep.put_graph(
            "https://example.org/g", b"<https://example.org/s> <https://example.org/p> 1 .\n"
        )
