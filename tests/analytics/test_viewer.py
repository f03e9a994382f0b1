"""The offline viewer: a self-contained page, checked in real headless Chromium.

The browser test needs Debian's chromium (/usr/bin/chromium) and the playwright package; it
skips with the reason when either is missing. The screenshot is kept in
build/test-artifacts/ (or $PRESSGRAPH_ARTIFACTS).
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import networkx as nx
import pytest
from analytics_corpus import ORG

from pressgraph.viewer import render_html, viewer_data, write_viewer

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("PRESSGRAPH_ARTIFACTS") or ROOT / "build" / "test-artifacts")


def test_page_is_self_contained(G):
    html = render_html(G, title="Test <net>")
    assert "<title>Test &lt;net&gt;</title>" in html
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", html)
    assert "vis-network" in html
    data = viewer_data(G)
    assert len(data["nodes"]) == 20 and len(data["edges"]) == 88
    assert data["years"] == [2015, 2024]
    baa = next(n for n in data["nodes"] if n["id"] == ORG + "baa")
    assert baa["type"] == "donor_agency"


def _browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is absent: apt-get install -y chromium to run the browser test")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed: pip install 'pressgraph[viewer-test]'")
    return sync_playwright


def _open(p, url, viewport=(1400, 850)):
    browser = p.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
    )
    ctx = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    blocked, errors = [], []

    def only_files(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    ctx.route("**/*", only_files)
    page = ctx.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_function("window.pgViewer && window.pgViewer.drawn", timeout=20000)
    return browser, page, blocked, errors


def test_viewer_in_headless_chromium(tmp_path, G):
    sync_playwright = _browser()
    path = write_viewer(G, tmp_path / "graph.html", title="Fixture corpus")
    with sync_playwright() as p:
        browser, page, blocked, errors = _open(p, path.as_uri())
        try:
            assert page.evaluate("window.pgViewer.nodes.length") == 20
            assert page.inner_text("#status") == "20 of 20 organizations shown"
            # Click the Helvetic Development Agency where the network drew it.
            xy = page.evaluate(
                "(() => { const v = window.pgViewer;"
                f" return v.network.canvasToDOM(v.network.getPosition('{ORG}hda')); }})()"
            )
            box = page.locator("#graph").bounding_box()
            page.mouse.click(box["x"] + xy["x"], box["y"] + xy["y"])
            page.wait_for_selector("#panel[data-showing=node]", timeout=5000)
            panel = page.inner_text("#panel")
            assert "Helvetic Development Agency" in panel
            assert "Government of Tajikistan" in panel  # its strongest partner
            assert "The Helvetic Development Agency supports" in panel  # evidence sentence
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "viewer.png"))
            # Filters: only NGOs, then a year window.
            for t in ["un", "government", "donor_agency", "igo", "private", "academic"]:
                page.uncheck(f"#types input[value={t}]")
            assert page.inner_text("#status") == "3 of 20 organizations shown"
            page.fill("#search", "RRN")
            page.press("#search", "Enter")
            assert "Riverbank Relief Network" in page.inner_text("#panel")
            assert blocked == [] and errors == []
        finally:
            browser.close()


def test_viewer_stays_responsive_at_5000_nodes(tmp_path):
    sync_playwright = _browser()
    G = nx.barabasi_albert_graph(5000, 2, seed=1)
    G = nx.relabel_nodes(G, {n: f"n{n}" for n in G})
    for i, n in enumerate(G):
        G.nodes[n].update(
            label=f"Org {i}", type=["un", "ngo", "government"][i % 3], years=[2015 + i % 10]
        )
    pos = {n: ((i % 70) * 40.0, (i // 70) * 40.0) for i, n in enumerate(G)}  # layout is not timed
    path = write_viewer(G, tmp_path / "big.html", positions=pos)
    with sync_playwright() as p:
        t0 = time.perf_counter()
        browser, page, blocked, errors = _open(p, path.as_uri())
        try:
            load = time.perf_counter() - t0
            assert page.evaluate("window.pgViewer.nodes.length") == 5000
            t1 = time.perf_counter()
            page.uncheck("#types input[value=ngo]")
            page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            filt = time.perf_counter() - t1
            assert page.inner_text("#status").startswith("3333 of 5000")
            frame_ms = page.evaluate(
                "new Promise(r => { const t = performance.now();"
                " window.pgViewer.network.moveTo({scale: 0.5});"
                " const done = () => r(performance.now() - t);"
                " requestAnimationFrame(() => requestAnimationFrame(done));"
                " })"
            )
            assert load < 20 and filt < 5 and frame_ms < 3000, (load, filt, frame_ms)
            assert errors == [] and blocked == []
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "viewer-5000.png"))
            (ARTIFACTS / "viewer-5000-timing.txt").write_text(
                f"load {load:.2f} s, type filter {filt:.2f} s, zoom redraw {frame_ms:.0f} ms\n"
            )
        finally:
            browser.close()


def test_missing_gravis_gives_a_friendly_message(monkeypatch):
    import pressgraph.viewer as viewer

    monkeypatch.setattr(viewer, "_VIS", ("pressgraph_no_such_package", "x.js"))
    with pytest.raises(ImportError, match=r"pressgraph\[viewer\]"):
        viewer.vis_network_js()
    assert shutil.which("true")
