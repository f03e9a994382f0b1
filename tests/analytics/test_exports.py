"""Every network format is written, read back, and gives the same nodes, edges, attributes."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from analytics_corpus import ORG

from pressgraph import exports as X
from pressgraph.analytics import funding_network


def _edge_map(G):
    if G.is_directed():
        return {(a, b): d for a, b, d in G.edges(data=True)}
    return {frozenset((a, b)): d for a, b, d in G.edges(data=True)}


@pytest.mark.parametrize("fmt", X.FORMATS)
@pytest.mark.parametrize("which", ["co-involvement", "funding"])
def test_round_trip(tmp_path, fmt, which, G, store):
    net = G if which == "co-involvement" else funding_network(store)
    written = X.write(net, tmp_path / f"net.{fmt}", fmt)
    assert all(p.exists() and p.stat().st_size > 0 for p in written)
    back = X.read(tmp_path / f"net.{fmt}", fmt, directed=net.is_directed())
    clean = X._clean(net)
    assert dict(back.nodes(data=True)) == dict(clean.nodes(data=True))
    assert _edge_map(back) == _edge_map(clean)
    assert back.graph.get("network") == which


def test_flattening_is_documented_json_and_drops_none():
    G = nx.Graph()
    G.add_node("a", label="A", tags=["x", "y"], meta={"k": 1}, empty=None, ok=True)
    G.add_edge("a", "b", weight=2, evidence=[{"sentence": 'He said "yes" <b>'}])
    H = X.flatten(G)
    assert H.nodes["a"] == {"label": "A", "tags": '["x", "y"]', "meta": '{"k": 1}', "ok": True}
    assert json.loads(H.graph["json_attributes"]) == ["evidence", "meta", "tags"]
    back = X.unflatten(H)
    assert back.nodes["a"]["tags"] == ["x", "y"]
    assert back.edges["a", "b"]["evidence"][0]["sentence"] == 'He said "yes" <b>'


def test_gexf_is_1_3_with_year_spells(tmp_path, G):
    path = X.write(G, tmp_path / "g.gexf", "gexf")[0]
    root = ET.parse(path).getroot()
    assert root.tag == "{http://gexf.net/1.3}gexf" and root.get("version") == "1.3"
    graph = root.find("{http://gexf.net/1.3}graph")
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "integer")
    spells = X.gexf_spells(path)
    assert spells[ORG + "baa"] == [(2015, 2024)]
    years = G.nodes[ORG + "cawc"]["years"]
    assert [y for a, b in spells[ORG + "cawc"] for y in range(a, b + 1)] == years


def test_d3_and_cytoscape_shapes(tmp_path, G):
    d3 = json.loads(X.write(G, tmp_path / "g.json", "d3")[0].read_text())
    assert set(d3) == {"directed", "multigraph", "graph", "nodes", "links"}
    assert {"id", "label", "type"} <= set(d3["nodes"][0])
    assert {"source", "target", "weight", "evidence"} <= set(d3["links"][0])
    cy = json.loads(X.write(G, tmp_path / "g.cyjs", "cyjs")[0].read_text())
    assert len(cy["elements"]["nodes"]) == 20 and len(cy["elements"]["edges"]) == 88


def test_dot_quotes_everything(tmp_path):
    G = nx.DiGraph()
    G.add_edge('a "quoted" id', "b\\c", label='line1\nline2 "x"', weight=1.5)
    path = X.write(G, tmp_path / "g.dot", "dot")[0]
    assert path.read_text().startswith("digraph pressgraph {")
    back = X.read(path, "dot")
    assert back.edges['a "quoted" id', "b\\c"] == {"label": 'line1\nline2 "x"', "weight": 1.5}


def test_csv_headers_are_typed(tmp_path, G):
    nodes, edges = X.write(G, tmp_path / "net.csv", "csv")
    assert nodes.name == "net.nodes.csv" and edges.name == "net.edges.csv"
    header = edges.read_text().splitlines()[0].split(",")
    assert header[:2] == ["source", "target"] and "weight:int" in header
