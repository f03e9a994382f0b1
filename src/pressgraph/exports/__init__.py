"""Network exports for the tools researchers use: GraphML, GEXF 1.3 (dynamic), Cytoscape.js
JSON, D3 node-link JSON, DOT and CSV node/edge lists.

Attributes are flattened losslessly for the XML, DOT and CSV formats: ``None`` is left out,
numbers, booleans and strings stay as they are, and lists and dicts become JSON text. The
graph attribute ``json_attributes`` (itself JSON) names the keys so encoded, and
:func:`unflatten` restores them, so a file read back equals the graph written.
"""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import networkx as nx

from ..util import atomic_write

FORMATS = ("graphml", "gexf", "cyjs", "d3", "dot", "csv")
GEXF_NS = "http://gexf.net/1.3"


def _flat_value(value: Any) -> tuple[Any, bool]:
    if isinstance(value, (list, tuple, set, dict)):
        if isinstance(value, set):
            value = sorted(value, key=str)
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str), True
    if isinstance(value, (bool, int, float, str)):
        return value, False
    return str(value), False


def flatten(G: nx.Graph) -> nx.Graph:
    """A copy whose attribute values are all str/int/float/bool (lists/dicts as JSON)."""
    H = G.__class__()
    encoded: set[str] = set()

    def flat(data: dict) -> dict:
        out = {}
        for k, v in data.items():
            if v is None:
                continue
            out[k], is_json = _flat_value(v)
            if is_json:
                encoded.add(k)
        return out

    for n, d in G.nodes(data=True):
        H.add_node(n, **flat(d))
    for a, b, d in G.edges(data=True):
        H.add_edge(a, b, **flat(d))
    H.graph.update(flat({k: v for k, v in G.graph.items() if k != "json_attributes"}))
    H.graph["json_attributes"] = json.dumps(sorted(encoded))
    return H


def unflatten(G: nx.Graph) -> nx.Graph:
    """Undo :func:`flatten` in place (decode the keys listed in ``json_attributes``)."""
    keys = set(json.loads(G.graph.get("json_attributes", "[]")))
    for data in [
        G.graph,
        *(d for _, d in G.nodes(data=True)),
        *(d for *_, d in G.edges(data=True)),
    ]:
        for k in keys & set(data):
            if isinstance(data[k], str):
                data[k] = json.loads(data[k])
    G.graph.pop("json_attributes", None)
    return G


def _clean(G: nx.Graph) -> nx.Graph:
    """The graph without ``None`` values (what every format can carry)."""
    H = G.__class__()
    H.graph.update({k: v for k, v in G.graph.items() if v is not None})
    for n, d in G.nodes(data=True):
        H.add_node(n, **{k: v for k, v in d.items() if v is not None})
    for a, b, d in G.edges(data=True):
        H.add_edge(a, b, **{k: v for k, v in d.items() if v is not None})
    return H


# ------------------------------------------------------------------ GEXF 1.3 (dynamic)


def _spells(years: list[int]) -> list[tuple[int, int]]:
    """Runs of consecutive years as closed intervals.

    >>> _spells([2015, 2016, 2018])
    [(2015, 2016), (2018, 2018)]
    """
    out: list[list[int]] = []
    for y in sorted(set(years)):
        if out and y == out[-1][1] + 1:
            out[-1][1] = y
        else:
            out.append([y, y])
    return [(a, b) for a, b in out]


def _gexf_type(values: list[Any]) -> str:
    if all(isinstance(v, bool) for v in values):
        return "boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "long"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return "double"
    return "string"


def write_gexf(G: nx.Graph, path: str | Path) -> Path:
    """GEXF 1.3 with one spell per run of years (node ``years``/edge ``years``): Gephi's
    timeline plays the network year by year. Integer time format (years)."""
    H = flatten(G)
    ET.register_namespace("", GEXF_NS)
    root = ET.Element(f"{{{GEXF_NS}}}gexf", version="1.3")
    meta = ET.SubElement(root, f"{{{GEXF_NS}}}meta")
    ET.SubElement(meta, f"{{{GEXF_NS}}}creator").text = "pressgraph"
    graph = ET.SubElement(
        root,
        f"{{{GEXF_NS}}}graph",
        mode="dynamic",
        defaultedgetype="directed" if G.is_directed() else "undirected",
        timeformat="integer",
        timerepresentation="interval",
    )
    for part, items in (("node", list(H.nodes(data=True))), ("edge", list(H.edges(data=True)))):
        datas = [d for *_, d in items]
        keys = sorted({k for d in datas for k in d})
        attrs = ET.SubElement(graph, f"{{{GEXF_NS}}}attributes", {"class": part, "mode": "static"})
        for i, k in enumerate(keys):
            ET.SubElement(
                attrs,
                f"{{{GEXF_NS}}}attribute",
                id=f"{part[0]}{i}",
                title=k,
                type=_gexf_type([d[k] for d in datas if k in d]),
            )
        ids = {k: f"{part[0]}{i}" for i, k in enumerate(keys)}
        container = ET.SubElement(graph, f"{{{GEXF_NS}}}{part}s")
        original = G.nodes if part == "node" else G.edges
        for n, item in enumerate(items):
            if part == "node":
                key, d = item
                el = ET.SubElement(
                    container, f"{{{GEXF_NS}}}node", id=str(key), label=str(d.get("label", key))
                )
                years = original[key].get("years") or []
            else:
                a, b, d = item
                el = ET.SubElement(
                    container, f"{{{GEXF_NS}}}edge", id=f"e{n}", source=str(a), target=str(b)
                )
                if isinstance(d.get("weight"), (int, float)):
                    el.set("weight", str(d["weight"]))
                years = original[a, b].get("years") or []
            values = ET.SubElement(el, f"{{{GEXF_NS}}}attvalues")
            for k, v in d.items():
                text = str(v).lower() if isinstance(v, bool) else str(v)
                ET.SubElement(values, f"{{{GEXF_NS}}}attvalue", {"for": ids[k], "value": text})
            if years:
                spells = ET.SubElement(el, f"{{{GEXF_NS}}}spells")
                for start, end in _spells(years):
                    ET.SubElement(spells, f"{{{GEXF_NS}}}spell", start=str(start), end=str(end))
    gattrs = ET.SubElement(graph, f"{{{GEXF_NS}}}graphattributes")
    for k, v in H.graph.items():
        ET.SubElement(gattrs, f"{{{GEXF_NS}}}graphattribute", key=k, value=str(v))
    ET.indent(root)
    payload = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return _write_bytes(path, payload)


def read_gexf(path: str | Path) -> nx.Graph:
    """Read a GEXF 1.3 file written by :func:`write_gexf` back into a (flattened) graph."""
    ns = {"g": GEXF_NS}
    root = ET.parse(path).getroot()
    graph = root.find("g:graph", ns)
    G: nx.Graph = nx.DiGraph() if graph.get("defaultedgetype") == "directed" else nx.Graph()
    cast = {
        "long": int,
        "double": float,
        "boolean": lambda s: s == "true",
        "string": str,
    }
    defs: dict[str, tuple[str, Any]] = {}
    for attrs in graph.findall("g:attributes", ns):
        for a in attrs.findall("g:attribute", ns):
            defs[a.get("id")] = (a.get("title"), cast[a.get("type")])

    def values(el) -> dict:
        out = {}
        for av in el.findall("g:attvalues/g:attvalue", ns):
            title, fn = defs[av.get("for")]
            out[title] = fn(av.get("value"))
        return out

    for el in graph.findall("g:nodes/g:node", ns):
        G.add_node(el.get("id"), **values(el))
    for el in graph.findall("g:edges/g:edge", ns):
        G.add_edge(el.get("source"), el.get("target"), **values(el))
    for ga in graph.findall("g:graphattributes/g:graphattribute", ns):
        G.graph[ga.get("key")] = ga.get("value")
    return G


def gexf_spells(path: str | Path) -> dict[str, list[tuple[int, int]]]:
    """Node id -> its spells, to check the timeline."""
    ns = {"g": GEXF_NS}
    root = ET.parse(path).getroot()
    return {
        el.get("id"): [
            (int(s.get("start")), int(s.get("end"))) for s in el.findall("g:spells/g:spell", ns)
        ]
        for el in root.findall("g:graph/g:nodes/g:node", ns)
    }


# ------------------------------------------------------------------ JSON formats


def cytoscape_json(G: nx.Graph, positions: dict | None = None) -> dict:
    """Cytoscape.js JSON (the ``cy.json()`` shape): ``{"data", "elements": {nodes, edges}}``."""
    data = nx.cytoscape_data(_clean(G))
    if positions:
        for node in data["elements"]["nodes"]:
            x, y = positions[node["data"]["value"]]
            node["position"] = {"x": float(x), "y": float(y)}
    return data


def d3_json(G: nx.Graph) -> dict:
    """D3 node-link JSON, fixed shape: ``{"directed", "multigraph", "graph", "nodes": [{"id",
    ...attributes}], "links": [{"source", "target", ...attributes}]}``."""
    return nx.node_link_data(_clean(G), edges="links")


def read_cytoscape(path: str | Path) -> nx.Graph:
    """Read Cytoscape.js JSON; drops the id/name/value and source/target copies it adds."""
    G = nx.cytoscape_graph(json.loads(Path(path).read_text("utf-8")))
    for _, d in G.nodes(data=True):
        for k in ("id", "value", "name"):
            d.pop(k, None)
    for *_, d in G.edges(data=True):
        d.pop("source", None)
        d.pop("target", None)
    return G


def read_d3(path: str | Path) -> nx.Graph:
    return nx.node_link_graph(json.loads(Path(path).read_text("utf-8")), edges="links")


# ------------------------------------------------------------------ DOT


def _dot_quote(value: Any) -> str:
    text = str(value).lower() if isinstance(value, bool) else str(value)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def dot_text(G: nx.Graph) -> str:
    """Graphviz DOT; every id and value quoted; attribute types in the ``pg_types`` graph attr."""
    H = flatten(G)
    types: dict[str, str] = {}
    for d in [*(d for _, d in H.nodes(data=True)), *(d for *_, d in H.edges(data=True))]:
        for k, v in d.items():
            t = "bool" if isinstance(v, bool) else type(v).__name__
            types[k] = t if types.get(k, t) == t else "str"
    H.graph["pg_types"] = json.dumps(types, sort_keys=True)
    arrow = "->" if G.is_directed() else "--"
    lines = [f"{'digraph' if G.is_directed() else 'graph'} pressgraph {{"]
    for k, v in H.graph.items():
        lines.append(f"  {_dot_quote(k)}={_dot_quote(v)};")
    for n, d in H.nodes(data=True):
        attrs = ", ".join(f"{_dot_quote(k)}={_dot_quote(v)}" for k, v in d.items())
        lines.append(f"  {_dot_quote(n)} [{attrs}];")
    for a, b, d in H.edges(data=True):
        attrs = ", ".join(f"{_dot_quote(k)}={_dot_quote(v)}" for k, v in d.items())
        lines.append(f"  {_dot_quote(a)} {arrow} {_dot_quote(b)} [{attrs}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


_Q = r'"((?:[^"\\]|\\.)*)"'


def _unquote(s: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), s)


def read_dot(path: str | Path) -> nx.Graph:
    """Parse DOT written by :func:`dot_text` (a small parser for that exact shape)."""
    text = Path(path).read_text("utf-8")
    G: nx.Graph = nx.DiGraph() if text.startswith("digraph") else nx.Graph()
    pair = re.compile(_Q + "=" + _Q)
    for line in text.splitlines()[1:-1]:
        line = line.strip()
        m_edge = re.match(_Q + r" (?:--|->) " + _Q + r" \[(.*)\];$", line)
        m_node = re.match(_Q + r" \[(.*)\];$", line)
        if m_edge:
            attrs = {_unquote(k): _unquote(v) for k, v in pair.findall(m_edge.group(3))}
            G.add_edge(_unquote(m_edge.group(1)), _unquote(m_edge.group(2)), **attrs)
        elif m_node:
            attrs = {_unquote(k): _unquote(v) for k, v in pair.findall(m_node.group(2))}
            G.add_node(_unquote(m_node.group(1)), **attrs)
        else:
            k, v = pair.match(line).groups()
            G.graph[_unquote(k)] = _unquote(v)
    types = json.loads(G.graph.pop("pg_types", "{}"))
    cast = {"int": int, "float": float, "bool": lambda s: s == "true", "str": str}
    for d in [*(d for _, d in G.nodes(data=True)), *(d for *_, d in G.edges(data=True))]:
        for k in d:
            d[k] = cast[types.get(k, "str")](d[k])
    return G


# ------------------------------------------------------------------ CSV


def _csv_type(values: list[Any]) -> str:
    t = _gexf_type(values)
    return {"long": "int", "double": "float", "boolean": "boolean"}.get(t, "string")


def csv_paths(path: str | Path) -> tuple[Path, Path]:
    """``net.csv`` -> ``net.nodes.csv`` + ``net.edges.csv``; a directory -> nodes.csv, edges.csv."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return path.with_suffix(".nodes.csv"), path.with_suffix(".edges.csv")
    return path / "nodes.csv", path / "edges.csv"


def write_csv(G: nx.Graph, path: str | Path) -> tuple[Path, Path]:
    """Node and edge lists; headers typed as ``name:type`` (int, float, boolean, string)."""
    H = flatten(G)
    nodes_path, edges_path = csv_paths(path)
    nodes_path.parent.mkdir(parents=True, exist_ok=True)
    for target, items, fixed in (
        (nodes_path, [({"id": n}, d) for n, d in H.nodes(data=True)], ["id"]),
        (
            edges_path,
            [({"source": a, "target": b}, d) for a, b, d in H.edges(data=True)],
            ["source", "target"],
        ),
    ):
        keys = sorted({k for _, d in items for k in d})
        types = {k: _csv_type([d[k] for _, d in items if k in d]) for k in keys}
        with atomic_write(target, mode="w") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(fixed + [f"{k}:{types[k]}" for k in keys])
            for ids, d in items:
                row = [ids[f] for f in fixed]
                for k in keys:
                    v = d.get(k)
                    row.append("" if v is None else (str(v).lower() if isinstance(v, bool) else v))
                w.writerow(row)
    with atomic_write(
        nodes_path.with_name(nodes_path.name.replace("nodes.csv", "graph.json")), mode="w"
    ) as fh:
        fh.write(json.dumps(H.graph, sort_keys=True, indent=1))
    return nodes_path, edges_path


def read_csv(path: str | Path, directed: bool = False) -> nx.Graph:
    """Read node and edge lists written by :func:`write_csv` (types from the headers)."""
    nodes_path, edges_path = csv_paths(path)
    G: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    cast = {"int": int, "float": float, "boolean": lambda s: s == "true", "string": str}
    for target, n_fixed in ((nodes_path, 1), (edges_path, 2)):
        with open(target, encoding="utf-8", newline="") as fh:
            r = csv.reader(fh)
            header = next(r)
            cols = [(h.rsplit(":", 1)[0], cast[h.rsplit(":", 1)[1]]) for h in header[n_fixed:]]
            for row in r:
                d = {k: fn(v) for (k, fn), v in zip(cols, row[n_fixed:]) if v != ""}
                if n_fixed == 1:
                    G.add_node(row[0], **d)
                else:
                    G.add_edge(row[0], row[1], **d)
    graph_json = nodes_path.with_name(nodes_path.name.replace("nodes.csv", "graph.json"))
    if graph_json.exists():
        G.graph.update(json.loads(graph_json.read_text("utf-8")))
    return G


# ------------------------------------------------------------------ dispatch


def _write_bytes(path: str | Path, payload: bytes) -> Path:
    path = Path(path)
    with atomic_write(path, mode="wb") as fh:
        fh.write(payload)
    return path


def write(G: nx.Graph, path: str | Path, format: str) -> list[Path]:
    """Write ``G`` in ``format`` (one of :data:`FORMATS`); returns the files written."""
    if format == "graphml":
        H = flatten(G)
        buf = "\n".join(nx.generate_graphml(H)) + "\n"
        return [_write_bytes(path, buf.encode("utf-8"))]
    if format == "gexf":
        return [write_gexf(G, path)]
    if format in ("cyjs", "d3"):
        data = cytoscape_json(G) if format == "cyjs" else d3_json(G)
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True, default=str)
        return [_write_bytes(path, text.encode("utf-8"))]
    if format == "dot":
        return [_write_bytes(path, dot_text(G).encode("utf-8"))]
    if format == "csv":
        return list(write_csv(G, path))
    raise ValueError(f"unknown network format {format!r}; choose one of {', '.join(FORMATS)}")


def read(path: str | Path, format: str, *, directed: bool = False) -> nx.Graph:
    """Read a file written by :func:`write` back, attributes restored."""
    if format == "graphml":
        H = nx.read_graphml(path)
        H.graph.pop("node_default", None)
        H.graph.pop("edge_default", None)
        return unflatten(H)
    if format == "gexf":
        return unflatten(read_gexf(path))
    if format == "cyjs":
        return read_cytoscape(path)
    if format == "d3":
        return read_d3(path)
    if format == "dot":
        return unflatten(read_dot(path))
    if format == "csv":
        return unflatten(read_csv(path, directed=directed))
    raise ValueError(f"unknown network format {format!r}")
