"""One self-contained HTML file to explore a network offline.

The JavaScript library (vis-network) is read from an installed package, the ``gravis`` wheel
(``pip install 'pressgraph[viewer]'``), and inlined: the page makes no request at all. The
layout is computed here (NetworkX spring layout), so the browser only draws.
"""

from __future__ import annotations

import json
import math
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from ..util import atomic_write

TYPE_COLORS = {
    "un": "#1f77b4",
    "government": "#2ca02c",
    "donor_agency": "#d62728",
    "igo": "#9467bd",
    "ngo": "#ff7f0e",
    "private": "#8c564b",
    "academic": "#e377c2",
    "other": "#7f7f7f",
    "programme": "#17becf",
    "country": "#bcbd22",
    "person": "#aec7e8",
    "release": "#c7c7c7",
}
_VIS = ("gravis", "_internal/plotting/third_party/vis-network/vis-network.min.def.js")


def vis_network_js() -> str:
    """vis-network's minified source from the gravis wheel (a friendly error when missing)."""
    try:
        path = resources.files(_VIS[0]).joinpath(_VIS[1])
        text = path.read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        raise ImportError(
            "the viewer inlines vis-network from the gravis package: "
            "pip install 'pressgraph[viewer]'"
        ) from None
    if "</script" in text.lower():  # pragma: no cover - would break the inline script
        raise ValueError("vis-network source contains '</script'")
    return text


def layout(G: nx.Graph, seed: int = 0) -> dict[Any, tuple[float, float]]:
    """Spring layout scaled to pixels (fewer iterations on large graphs, so it stays quick)."""
    n = G.number_of_nodes()
    if n == 0:
        return {}
    iterations = 50 if n <= 1000 else 30
    pos = nx.spring_layout(
        G.to_undirected() if G.is_directed() else G, seed=seed, iterations=iterations, weight=None
    )
    scale = 60 * math.sqrt(n) + 200
    return {k: (float(x) * scale, float(y) * scale) for k, (x, y) in pos.items()}


def _json_for_script(value: Any) -> str:
    """JSON safe inside <script>: '<', '>' and '&' escaped."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def viewer_data(
    G: nx.Graph,
    metric: dict[Any, float] | None = None,
    *,
    metric_name: str = "pagerank",
    positions: dict | None = None,
    max_evidence: int = 5,
) -> dict[str, Any]:
    """The JSON the page draws: nodes with position, colour key, size; ties with evidence."""
    pos = positions or layout(G)
    if metric is None:
        metric = nx.pagerank(G) if G.number_of_edges() else dict.fromkeys(G, 1.0)
    top = max(metric.values(), default=1.0) or 1.0
    years: list[int] = []
    nodes = []
    for n, d in G.nodes(data=True):
        ys = [int(y) for y in d.get("years") or []]
        years += ys
        nodes.append(
            {
                "id": str(n),
                "label": str(d.get("label", n)),
                "acronym": d.get("acronym"),
                "type": d.get("type") or "other",
                "country": d.get("country"),
                "x": round(pos[n][0], 1),
                "y": round(pos[n][1], 1),
                "size": round(1 + 9 * metric.get(n, 0.0) / top, 3),
                "metric": round(metric.get(n, 0.0), 5),
                "releases": d.get("releases"),
                "years": ys,
            }
        )
    edges = []
    for a, b, d in G.edges(data=True):
        edges.append(
            {
                "source": str(a),
                "target": str(b),
                "weight": d.get("weight", 1),
                "releases": list(d.get("releases") or [])[-20:],
                "evidence": [
                    {k: e.get(k) for k in ("release", "date", "sentence")}
                    for e in (d.get("evidence") or [])[-max_evidence:]
                ],
            }
        )
    return {
        "nodes": nodes,
        "edges": edges,
        "colors": TYPE_COLORS,
        "metric": metric_name,
        "directed": G.is_directed(),
        "years": [min(years), max(years)] if years else [],
    }


def render_html(G: nx.Graph, *, title: str = "pressgraph network", **kwargs) -> str:
    """The page as a string (see :func:`viewer_data` for the options)."""
    template = resources.files(__package__).joinpath("template.html").read_text("utf-8")
    data = viewer_data(G, **kwargs)
    safe_title = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    html = template.replace("__TITLE__", safe_title).replace("__DATA__", _json_for_script(data))
    return html.replace("__VIS_JS__", vis_network_js())


def write_viewer(G: nx.Graph, path: str | Path, **kwargs) -> Path:
    """Write the self-contained viewer page to ``path`` (atomically)."""
    path = Path(path)
    html = render_html(G, **kwargs)
    with atomic_write(path, mode="w") as fh:
        fh.write(html)
    return path
