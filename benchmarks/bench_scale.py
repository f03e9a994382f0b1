"""Scale figures: build, bulk-load floor, queries (vs rdflib), incremental rebuild.

Run:  .venv/bin/python benchmarks/bench_scale.py [--sizes 1000,10000,100000] [--jobs 2]

For each size N it writes an invented corpus (``pressgraph synth``), builds it into an
on-disk store with ``--jobs`` workers (timing and peak memory of the whole process
tree), bulk-loads the very quads the build loaded into a fresh store (the floor),
measures extraction alone on a sample, times every library query (median of 5) on
pyoxigraph and, up to --rdflib-max releases, on rdflib's in-memory store holding the
same merged graph, then changes one release and rebuilds. Prints a table, keeps the
raw figures in benchmarks/results/scale.json (merged with earlier sizes) and writes
docs/performance-scale.md. Not part of the test suite; talks to nothing but disk.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "scale.json"
DOC = ROOT / "docs" / "performance-scale.md"
PY = sys.executable


# --------------------------------------------------------------------------- measuring


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat", "rb") as fh:
                ppid = int(fh.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        kids.setdefault(ppid, []).append(int(d))
    return kids


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree_rss(pid: int) -> int:
    kids, total, todo = _children(), 0, [pid]
    while todo:
        p = todo.pop()
        total += _rss(p)
        todo.extend(kids.get(p, []))
    return total


def run_measured(args: list[str], **kw) -> tuple[float, int, str]:
    """Run a command; wall seconds, peak RSS of its process tree (sampled), stdout."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True, **kw)
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_rss(proc.pid))
            time.sleep(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    seconds = time.perf_counter() - t0
    sampler.join()
    if proc.returncode:
        raise RuntimeError(f"{args[:4]}... exited {proc.returncode}")
    return seconds, peak[0], out


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


class _Timeout(Exception):
    pass


def _alarm(signum, frame):  # pragma: no cover - signal handler
    raise _Timeout


def timed_runs(fn, runs: int, budget: float) -> tuple[float | None, int, str | None]:
    """Median seconds over up to ``runs`` runs (fewer when over ``budget`` seconds)."""
    times, error = [], None
    spent = 0.0
    for _ in range(runs):
        signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(int(budget) + 1)
        t = time.perf_counter()
        try:
            fn()
        except _Timeout:
            return None, len(times), f"over {budget:.0f} s"
        except Exception as err:  # noqa: BLE001 - reported, not fatal
            error = f"{type(err).__name__}: {str(err)[:120]}"
            break
        finally:
            signal.alarm(0)
        times.append(time.perf_counter() - t)
        spent += times[-1]
        if spent > budget:
            break
    return (statistics.median(times) if times else None), len(times), error


# --------------------------------------------------------------------------- steps

BUILD_SCRIPT = """
import json, sys
from pressgraph.build import build
r = build([sys.argv[1]], store=sys.argv[2], jobs=int(sys.argv[3]), keep_nquads=sys.argv[4])
print(json.dumps({"added": r.count("added"), "replaced": r.count("replaced"),
                  "unchanged": r.count("unchanged"), "problems": len(r.problems),
                  "quads": sum(o.quads for o in r.outcomes), "seconds": r.seconds}))
"""

FLOOR_SCRIPT = """
import sys, pyoxigraph as ox
from pathlib import Path
s = ox.Store(sys.argv[1])
for part in sorted(Path(sys.argv[2]).glob("*.nq")):
    s.bulk_load(path=str(part), format=ox.RdfFormat.N_QUADS)
s.flush()
"""

EXTRACT_SCRIPT = """
import sys, time
from pathlib import Path
from pressgraph.build import _run_tasks
files = sorted(Path(sys.argv[1]).glob("*.txt"))[: int(sys.argv[2])]
t = time.perf_counter()
tasks = iter([("release", str(f), None, None, "yaml") for f in files])
for _ in _run_tasks(tasks, int(sys.argv[3])):
    pass
print(time.perf_counter() - t, len(files))
"""


REFRESH_SCRIPT = """
import sys, time
from pressgraph.store import GraphStore
with GraphStore.open(sys.argv[1]) as gs:
    if not gs.derived().facts_ready:
        t = time.perf_counter()
        gs.refresh_facts()
        print(round(time.perf_counter() - t, 1))
"""

QUERY_SCRIPT = """
import json, sys, time
from pressgraph.queries import run_query
from pressgraph.store import GraphStore
store, path, params, runs = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), int(sys.argv[4])
derived = sys.argv[5] == "1"
with GraphStore.open(store, read_only=True) as gs:
    for _ in range(runs):
        t = time.perf_counter()
        n = len(run_query(gs, path, params, derived=derived))
        print(json.dumps([time.perf_counter() - t, n]), flush=True)
"""


def query_in_child(store, path, params, runs, budget, derived=True):
    """Run a query ``runs`` times in a child process, killed after ``budget`` seconds
    (a query inside pyoxigraph cannot be interrupted from Python). ``derived=False``:
    the plain SPARQL, without plans or derived data."""
    proc = subprocess.Popen(
        [
            PY,
            "-c",
            QUERY_SCRIPT,
            str(store),
            path,
            json.dumps(params),
            str(runs),
            "1" if derived else "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        out, errtext = proc.communicate(timeout=budget)
        err = None if proc.returncode == 0 else errtext.strip().splitlines()[-1][:160]
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        err = f"over {budget:.0f} s"
    results = [json.loads(line) for line in out.splitlines() if line.startswith("[")]
    times = [t for t, _ in results]
    return times, (results[0][1] if results else None), err


def pressgraph(*args: str) -> list[str]:
    return [PY, "-m", "pressgraph.cli", *args]


def label(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


STEPS = ("build", "queries", "incremental")


def bench_size(
    n: int,
    work: Path,
    jobs: int,
    rdflib_max: int,
    steps: tuple[str, ...] = STEPS,
    previous: dict | None = None,
) -> dict:
    """Measure one size. Without ``build`` in ``steps`` the corpus and store of an earlier
    run in ``work`` are reused and the build figures of ``previous`` are kept."""
    base = work / label(n)
    corpus, store, parts = base / "corpus", base / "store", base / "nq"
    res: dict = {"releases": n, "jobs": jobs, "load_average_at_start": os.getloadavg()[0]}
    print(f"\n== {n:,} releases", flush=True)
    if "build" in steps:
        _build_size(n, base, corpus, store, parts, jobs, res)
    else:
        if not (base / "READY").exists():
            raise SystemExit(f"no built store in {base}: run with the build step first")
        for key in ("synth_s", "corpus_mb", "build", "floor", "extraction", "ratio_to_floor"):
            if previous and key in previous:
                res[key] = previous[key]
        if previous and "target_2x_floor_plus_extraction_s" in previous:
            res["target_2x_floor_plus_extraction_s"] = previous["target_2x_floor_plus_extraction_s"]
    release_id = sorted(corpus.glob("*.txt"))[n // 3].stem
    refresh = subprocess.run(
        [PY, "-c", REFRESH_SCRIPT, str(store)], check=True, capture_output=True, text=True
    ).stdout.strip()
    if refresh:  # a store built by an older pressgraph: its fact tables filled again
        res["facts_refresh_s"] = float(refresh)
        print(f"fact tables refreshed from the graphs in {refresh} s", flush=True)
    if "queries" in steps:
        res["queries"] = bench_queries(store, n <= rdflib_max, n, release_id)
    elif previous and "queries" in previous:
        res["queries"] = previous["queries"]
    if "incremental" in steps:
        res.update(bench_incremental(corpus, store, n))
    elif previous:
        for key in ("incremental", "unchanged_rebuild_s", "incremental_load_average"):
            if key in previous:
                res[key] = previous[key]
    return res


def _build_size(n, base, corpus, store, parts, jobs, res) -> None:
    for old in (corpus, store, parts, base / "READY"):
        if old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)
    base.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    subprocess.run(pressgraph("synth", "-n", str(n), "-o", str(corpus), "--seed", "7"), check=True)
    res["synth_s"] = round(time.perf_counter() - t, 1)
    res["corpus_mb"] = round(dir_size(corpus) / 1e6, 1)

    secs, peak, out = run_measured(
        [PY, "-c", BUILD_SCRIPT, str(corpus), str(store), str(jobs), str(parts)]
    )
    report = json.loads(out.strip().splitlines()[-1])
    (base / "READY").touch()  # the store is complete: others may read it from here on
    loaded = 0
    for part in parts.glob("*.nq"):
        with open(part, "rb") as fh:
            loaded += sum(chunk.count(b"\n") for chunk in iter(lambda fh=fh: fh.read(1 << 24), b""))
    res["build"] = {
        "seconds": round(secs, 1),
        "releases_per_s": round(n / secs, 1),
        "peak_rss_mb": round(peak / 2**20),
        "store_mb": round(dir_size(store) / 1e6),
        "quads_loaded": loaded,
        "release_graph_quads": report["quads"],
        "quads_per_release": round(loaded / n, 1),
        "problems": report["problems"],
    }
    print(f"build: {res['build']}", flush=True)

    floor_dir = base / "floor"
    fsecs, fpeak, _ = run_measured([PY, "-c", FLOOR_SCRIPT, str(floor_dir), str(parts)])
    res["floor"] = {
        "seconds": round(fsecs, 1),
        "peak_rss_mb": round(fpeak / 2**20),
        "nquads_mb": round(dir_size(parts) / 1e6),
        "store_mb": round(dir_size(floor_dir) / 1e6),
    }
    shutil.rmtree(floor_dir, ignore_errors=True)
    shutil.rmtree(parts, ignore_errors=True)

    sample = min(n, 2000)
    out = subprocess.run(
        [PY, "-c", EXTRACT_SCRIPT, str(corpus), str(sample), str(jobs)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    ex_rate = float(out[1]) / float(out[0])
    res["extraction"] = {
        "sample": sample,
        "releases_per_s": round(ex_rate, 1),
        "seconds_for_corpus": round(n / ex_rate, 1),
    }
    bound = 2 * fsecs + n / ex_rate
    res["ratio_to_floor"] = round(secs / fsecs, 2)
    res["target_2x_floor_plus_extraction_s"] = round(bound, 1)
    print(
        f"floor: {res['floor']}; extraction {ex_rate:.0f}/s; "
        f"build/floor {res['ratio_to_floor']}; bound {bound:.0f} s",
        flush=True,
    )


def _rewrite(path: Path, text: str) -> None:
    """Give ``path`` new content as a new file: the corpus may be hard links to another."""
    path.unlink()
    path.write_text(text, "utf-8")


def _insert(text: str, sentence: str) -> str:
    """The release with one more body paragraph (before the footer when there is one)."""
    footer = "\n\nUN entities involved"
    if footer in text:
        return text.replace(footer, f"\n\n{sentence}{footer}", 1)
    return text.rstrip("\n") + f"\n\n{sentence}\n"


def bench_incremental(corpus: Path, store: Path, n: int, runs: int = 3) -> dict:
    """An unchanged rebuild, then one release changed and rebuilt, through the command line
    (``pressgraph build CORPUS --store S -q``, the whole process: the median of ``runs``,
    a different change each time); then the same through ``build()`` for what was touched
    (median of ``runs`` too), and ``build([that file])`` alone. Every change inserts a
    paragraph, so the release's graph really differs; the file is rewritten as a new file."""
    import resource

    out: dict = {"incremental_load_average": os.getloadavg()[0]}
    cli = pressgraph("build", str(corpus), "--store", str(store), "-q")

    def timed() -> tuple[float, float]:  # wall and CPU (user + system) seconds of one run
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = run_measured(cli)[0]
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        return wall, cpu

    unchanged = [timed() for _ in range(runs)]
    victim = sorted(corpus.glob("*.txt"))[n // 2]
    changed = []
    for k in range(runs):
        text = victim.read_text("utf-8")
        _rewrite(victim, _insert(text, f"The partners agreed to meet again{' soon' * (k + 1)}."))
        changed.append(timed())
    sys.path.insert(0, str(ROOT / "src"))
    from pressgraph.build import build

    lib_runs = []
    for k in range(runs):
        _rewrite(victim, _insert(victim.read_text("utf-8"), f"A second phase{' soon' * k}."))
        lib = build([corpus], store=store)
        lib_runs.append(lib.seconds)
    _rewrite(victim, _insert(victim.read_text("utf-8"), "A third phase is planned."))
    t = time.perf_counter()
    one = build([victim], store=store)
    one_s = time.perf_counter() - t
    out["unchanged_rebuild_s"] = round(statistics.median(w for w, _ in unchanged), 2)
    out["incremental"] = {
        "cli_seconds": round(statistics.median(w for w, _ in changed), 2),
        "cli_cpu_seconds": round(statistics.median(c for _, c in changed), 2),
        "unchanged_cpu_seconds": round(statistics.median(c for _, c in unchanged), 2),
        "cli_runs_s": [round(w, 2) for w, _ in changed],
        "unchanged_runs_s": [round(w, 2) for w, _ in unchanged],
        "library_seconds": round(statistics.median(lib_runs), 2),
        "library_runs_s": [round(x, 2) for x in lib_runs],
        "one_file_library_seconds": round(one_s, 2),
        "one_file_replaced": one.count("replaced"),
        "replaced": lib.count("replaced"),
        "unchanged": lib.count("unchanged"),
        "added": lib.count("added"),
        "touched_quads": sum(o.quads for o in lib.outcomes),
        "machine_shared": True,
    }
    print(f"unchanged rebuild: {out['unchanged_rebuild_s']} s", flush=True)
    print(f"incremental: {out['incremental']}", flush=True)
    return out


def _to_rdflib(term):
    import pyoxigraph as ox
    from rdflib import Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(term)


# Each query measured twice: with no parameters (every row: for some queries the whole
# corpus) and as it is typically used, with the parameters below.
TYPICAL = {
    "co-mentioned-organizations": {"min_weight": "2"},
    "donors": {"country": "Kenya"},
    "events": {"country": "Kenya"},
    "evidence-for-edge": {"a": "UNDP", "b": "UNICEF"},
    "network-funding": {"country": "Kenya"},
    "network-goal-releases": {"sdg": "6"},
    "network-involvements": {"country": "Kenya"},
    "network-memberships": {"since": "2020-01-01", "until": "2020-01-31"},
    "network-release-organizations": {"min_confidence": "0.9"},
    "network-releases": {"since": "2020-01-01", "until": "2020-01-31"},
    "network-scores": {"metric": "pagerank"},
    "footer-text-disagreements": {"release": "@release"},
    "organization-hierarchy": {"org": "UNDP"},
    "organization-timeline": {"org": "UNICEF"},
    "organizations": {"type": "ngo"},
    "partners-of-organization": {"org": "UNICEF"},
    "people-and-affiliations": {"org": "UNDP"},
    "programmes-by-country": {"country": "Kenya"},
    "release-sentences": {"release": "@release"},
    "releases": {"since": "2020-01-01", "until": "2020-01-31"},
    "sdg-alignments": {"release": "@release"},
    "sdg-coverage-by-country": {"country": "Kenya"},
    "search-evidence": {"text": "mangroves"},
    "un-entities-by-country": {"country": "Kenya"},
    "organization-names": {"org": "UNICEF"},
}


def typical_params(name: str, release_id: str) -> dict:
    return {k: (release_id if v == "@release" else v) for k, v in TYPICAL.get(name, {}).items()}


def bench_queries(store: Path, with_rdflib: bool, n: int, release_id: str) -> dict:
    sys.path.insert(0, str(ROOT / "src"))
    from pressgraph import vocab as v
    from pressgraph.queries import bindings, get_query, library
    from pressgraph.store import GraphStore

    out: dict = {}
    big = n > 10_000
    # caps keep the whole three-size run under ~45 minutes on 2 cores
    budget = 60.0 if n <= 1_000 else 12.0 if big else 40.0
    try:
        names = list(library())
    except Exception:  # noqa: BLE001 - a query being edited elsewhere: take the parseable ones
        names = []
        for f in sorted((ROOT / "queries").glob("*.rq")):
            try:
                get_query(f)
                names.append(f.stem)
            except Exception:  # noqa: BLE001
                print(f"  skipped {f.name}: does not parse", flush=True)
    for name in names:
        path = str(ROOT / "queries" / f"{name}.rq")
        entry: dict = {}
        for label, params in (("all", {}), ("typical", typical_params(name, release_id))):
            if label == "typical" and not params:
                entry["typical_ms"] = entry.get("all_ms")
                entry["typical_rows"] = entry.get("all_rows")
                continue
            runs = 1 if n > 1_000 and label == "all" else 3 if big else 5
            times, rows, err = query_in_child(store, path, params, runs, budget)
            entry[f"{label}_ms"] = round(statistics.median(times) * 1000, 1) if times else None
            entry[f"{label}_rows"] = rows
            if len(times) != runs:
                entry[f"{label}_runs"] = len(times)
            if err:
                entry[f"{label}_error"] = err
        if with_rdflib:  # what the plans and derived data gain: the plain SPARQL
            params = typical_params(name, release_id)
            runs = 5 if n <= 1_000 else 1
            times, _, err = query_in_child(store, path, params, runs, budget, derived=False)
            entry["sparql_ms"] = round(statistics.median(times) * 1000, 1) if times else None
            if err:
                entry["sparql_error"] = err
        out[name] = entry
        print(f"  {name:34s} {entry}", flush=True)
    with GraphStore.open(store, read_only=True) as gs:
        if not with_rdflib:
            return out
        import rdflib

        t = time.perf_counter()
        # a Dataset whose default graph is the union of its graphs, as in pressgraph
        g = rdflib.Dataset(default_union=True)
        for q in gs.quads():
            g.add(
                (
                    _to_rdflib(q.subject),
                    _to_rdflib(q.predicate),
                    _to_rdflib(q.object),
                    rdflib.URIRef(q.graph_name.value),
                )
            )
        load_s = time.perf_counter() - t
        out["_rdflib_load_s"] = round(load_s, 1)
        out["_rdflib_triples"] = len(list(g.quads((None, None, None, None))))
        print(f"  rdflib: {out['_rdflib_triples']:,} quads loaded in {load_s:.0f} s", flush=True)
        header = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in v.PREFIXES.items())
        rdf_budget = 30.0 if n <= 1_000 else 20.0
        for name in names:
            q = get_query(str(ROOT / "queries" / f"{name}.rq"))
            entry = out[name]
            try:
                subs = {
                    str(k.value): _to_rdflib(t)
                    for k, t in bindings(gs, q, typical_params(name, release_id)).items()
                }
            except Exception as err:  # noqa: BLE001
                entry["rdflib_error"] = str(err)[:100]
                continue
            text = header + q.sparql

            def run(text=text, subs=subs, graph=g):
                return list(graph.query(text, initBindings=subs))

            med, done, err = timed_runs(run, 5 if n <= 1_000 else 1, rdf_budget)
            if med is not None:
                entry["rdflib_ms"] = round(med * 1000, 1)
                if entry.get("typical_ms"):
                    entry["ratio"] = round(med * 1000 / entry["typical_ms"], 1)
            if err:
                entry["rdflib_error"] = err
                if err.startswith("over") and entry.get("typical_ms"):
                    entry["ratio"] = f">{rdf_budget * 1000 / entry['typical_ms']:.0f}"
            print(f"  {name:34s} {entry}", flush=True)
        g = None
    return out


# --------------------------------------------------------------------------- report


def machine() -> dict:
    import pyoxigraph
    import rdflib

    mem = 0
    with open("/proc/meminfo") as fh:
        for line in fh:
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) * 1024
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(mem / 2**30, 1),
        "python": sys.version.split()[0],
        "pyoxigraph": pyoxigraph.__version__,
        "rdflib": rdflib.__version__,
        "platform": platform.platform(),
        "load_average_at_start": os.getloadavg()[0],
    }


def _ms(x) -> str:
    return "–" if x is None else f"{x:,.0f}" if x >= 10 else f"{x:.1f}"


def render(results: dict) -> str:
    sizes = sorted(results["sizes"], key=int)
    m = results["machine"]
    lines = [
        "# Performance at scale",
        "",
        f"Measured with `benchmarks/bench_scale.py` on {m['cores']} cores, "
        f"{m['memory_gib']} GiB, Python {m['python']}, pyoxigraph {m['pyoxigraph']}, "
        f"rdflib {m['rdflib']}. Raw figures: `benchmarks/results/scale.json`. The machine is "
        "shared: other jobs ran at the same time, so treat differences under 1.5x as noise.",
        "",
        "Corpus: `pressgraph synth --seed 7` (invented releases shaped like the sample, real "
        "gazetteer names, Zipf-skewed organizations and countries, 15 years of dates).",
        "",
        "## Build",
        "",
        "| releases | build s | releases/s | peak MB | store MB | quads loaded | floor s | "
        "build / floor | extraction s | 2×floor + extraction s |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in sizes:
        r = results["sizes"][s]
        if "build" not in r:  # measured without its build step and no earlier build kept
            continue
        b = r["build"]
        lines.append(
            f"| {int(s):,} | {b['seconds']:,} | {b['releases_per_s']:,} | {b['peak_rss_mb']:,} | "
            f"{b['store_mb']:,} | {b['quads_loaded']:,} | {r['floor']['seconds']:,} | "
            f"{r['ratio_to_floor']} | {r['extraction']['seconds_for_corpus']:,} | "
            f"{r['target_2x_floor_plus_extraction_s']:,} |"
        )
    lines += [
        "",
        "*build*: `build(jobs=J)` end to end (extract → record → RDF → store, reference "
        "graphs included), wall clock, peak = summed RSS of the process tree. *floor*: the "
        "same N-Quads (release graphs and the shared statements) "
        "bulk-loaded by pyoxigraph into an empty store. *extraction*: extraction, records, "
        "RDF and serialization alone with J workers (measured on a sample of up to 2,000 "
        "releases, scaled).",
        "",
        "## Rebuilds",
        "",
        "`pressgraph build CORPUS --store S -q` on the built store, the whole process timed "
        "(median of 3 where the CPU column is filled: user + system seconds of the process, "
        "which a busy machine inflates less than the wall clock); then one release changed "
        "(a paragraph inserted, the file rewritten) and the same command again; *library "
        "call*: `build([CORPUS], store=S)` after another change, from inside Python. Re-run "
        "this step alone on a built store with `benchmarks/bench_scale.py --incremental-only "
        "--store S --corpus CORPUS`.",
        "",
        "| releases | unchanged rebuild (CLI) s | one changed release (CLI) s | same, CPU s | "
        "same, library call s | touched |",
        "| ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for s in sizes:
        r = results["sizes"][s]
        i = r["incremental"]
        unchanged = i.get("unchanged_rebuild_s", r.get("unchanged_rebuild_s"))
        lines.append(
            f"| {int(s):,} | {unchanged} | {i['cli_seconds']} | "
            f"{i.get('cli_cpu_seconds', '–')} | "
            f"{i['library_seconds']} | {i['replaced']} graph replaced ({i['touched_quads']} "
            f"quads), {i['unchanged']} skipped by the manifest |"
        )
    names = sorted(
        {q for s in sizes for q in results["sizes"][s]["queries"] if not q.startswith("_")}
    )
    lines += [
        "",
        "## Library queries",
        "",
        "Median of 5 runs (3 at 100,000; 1 run for *every row* above 1,000), in ms. "
        "*typical*: with the parameters a user gives (`TYPICAL` in the benchmark: an "
        "organization, a country, a release, a word); *every row*: no parameters, which "
        "for some queries is the whole corpus (row counts in the JSON). rdflib: the same "
        "query, same parameters, on rdflib's in-memory `Dataset` holding the same quads, "
        "its default graph the union of the graphs (as pressgraph queries it); ratio = "
        "rdflib / pressgraph (typical). *SPARQL only*: the same typical call with "
        "`run_query(..., derived=False)`, the query's SPARQL on pyoxigraph without the "
        "plans and derived data (1 run at 10,000).",
        "",
    ]
    header, rule = ["query"], ["---"]
    for s in sizes:
        qs = results["sizes"][s]["queries"]
        header += [f"{int(s):,} typical", f"{int(s):,} every row"]
        rule += ["---:", "---:"]
        if "_rdflib_load_s" in qs:
            header += [f"{int(s):,} SPARQL only", f"{int(s):,} rdflib", "ratio"]
            rule += ["---:", "---:", "---:"]
    lines += ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    for q in names:
        cells = [q]
        for s in sizes:
            qs = results["sizes"][s]["queries"]
            e = qs.get(q, {})
            cells.append(
                _ms(e.get("typical_ms"))
                if e.get("typical_ms") is not None
                else e.get("typical_error", "–")
            )
            cells.append(
                _ms(e.get("all_ms")) if e.get("all_ms") is not None else e.get("all_error", "–")
            )
            if "_rdflib_load_s" in qs:
                cells.append(
                    _ms(e["sparql_ms"])
                    if e.get("sparql_ms") is not None
                    else e.get("sparql_error", "–")
                )
                cells.append(
                    _ms(e["rdflib_ms"]) if "rdflib_ms" in e else e.get("rdflib_error", "–")
                )
                cells.append(str(e.get("ratio", "–")))
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    for s in sizes:
        qs = results["sizes"][s]["queries"]
        if "_rdflib_load_s" in qs:
            lines.append(
                f"rdflib at {int(s):,}: {qs['_rdflib_triples']:,} quads loaded in "
                f"{qs['_rdflib_load_s']} s (5 runs at 1,000, 1 at 10,000; a query is cut "
                "after 30 s at 1,000, 20 s at 10,000)."
            )
    lines.append("")
    lines += NOTES.splitlines()
    lines += results.get("notes", [])
    return "\n".join(lines).rstrip() + "\n"


NOTES = """
## Targets at 100,000 releases (2 cores, 23.5 GiB)

| target | measured | met |
| --- | --- | --- |
| built in < 10 min with `--jobs 2` | 778 s (129 releases/s); 584 s before the fact tables | no |
| peak memory < 2 GB | 1,430 MB (process tree) | yes |
| build <= 2 × floor + extraction | 778 s against 2 × 305 + 347 = 957 s | yes |
| every library query < 1 s (typical parameters) | 28 of 28 (slowest 343 ms) | yes |
| >= 20× faster than rdflib at 10,000 | 27 of 28 (lowest 32×); rdflib cannot run the 28th | yes |
| one changed release rebuilt in < 2 s | 1.37 s CLI, whole corpus checked (median of 3) | yes |
| memory grows with the store, not the corpus | 1.4 GB at 100,000; 1.3 GB at 10,000 | yes |

* **Queries.** Every library query has a plan (`src/pressgraph/plans/`) that answers from
  fact tables kept beside the graphs (`src/pressgraph/facts/`, `docs/graph.md`), with the rows
  of its SPARQL (`tests/plans/` compares them query by query). The typical calls at 100,000
  take 0.3 ms to 343 ms; the slowest return tens of thousands of rows (organizations of a
  type: 51,245 rows in 275 ms; UNICEF's timeline: 61,974 rows in 116 ms) or read every
  organization (network-organizations, 54,158 rows in 292 ms). The *SPARQL only* column shows
  what the same calls cost without plans: pyoxigraph 0.5 hash-joins every `OPTIONAL`,
  sub-select and `UNION` branch over the whole store, so a call that returns a handful of rows
  still reads its predicates across the corpus (`donors` for Kenya: 1,055 ms SPARQL, 0.5 ms
  plan at 10,000). Whole-corpus forms (no parameters) are exports: most take 0.3-1.3 s at
  100,000; `organization-timeline` (1.09 M rows) 3.9 s, `donors` 2.7 s, `sdg-alignments`
  (900,066 rows) 2.4 s, and `evidence-for-edge`, `search-evidence` and `release-sentences`
  without parameters (every assertion or span with its sentence) pass the 12 s cap.
* **rdflib at 10,000** (a `Dataset` whose default graph is the union, same quads, same
  parameters): every query is 20× or more faster here, from `funding-totals-by-donor` (32×,
  a whole-corpus aggregate) and `network-organization-rows` (34×) up to thousands; 10 are cut
  at 20 s in rdflib (lower bounds). rdflib fails on `sdg-coverage-by-country` (it sorts unbound
  values). The 1,000 column was measured before two small plan fixes
  (`organization-hierarchy` for one organization, the covering index of the organization
  table), hence its 8× and 17× for the two sub-millisecond lookups there.
* **Build.** The fact tables cost the build about 190 s at 100,000 (584 s without them last
  round, 778 s now; 882 s before their indexes were deferred): 4.5 GB of SQLite rows written
  by the main process, which also feeds the bulk loader, and ~50 indexes sorted after the last
  release. The bound (twice the bulk-load floor plus extraction) holds; ten minutes does not.
  What would bring it back: narrower tables (evidence sentences are stored in several tables;
  a span id would do), and writing the rows in the workers (per-worker SQLite files merged
  with `ATTACH`) so the main process only loads quads. At 10,000 the build is faster than
  before the fact tables (56 s against 82 s): the deferred indexes and the 256 MB page cache
  also cover the older derived tables.
* **Incremental.** `pressgraph build CORPUS` with one release changed: 1.37 s wall, 1.43 s CPU
  (median of 3), the whole 100,000-file directory checked against the manifest; nothing
  changed: 1.02 s. The main process decides what is unchanged from one read of the manifest
  and one `stat` per file; up to 64 changed inputs are extracted in-process (no worker pool);
  only the changed release's graph, shared-statement counts, index entries and fact rows are
  touched.
* **Derived data** (`pressgraph-derived.sqlite`, 4.5 GB at 100,000): shared-statement counts,
  the trigram index of span texts, co-mention pair counts and the fact tables, all maintained
  on build, replace and remove; `run_query(..., derived=False)` gives the SPARQL answer.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rdflib-max", type=int, default=10_000)
    parser.add_argument(
        "--work",
        default="/work/scale-data",
        help="working directory: SIZE/corpus, SIZE/store (kept at 100,000), SIZE/READY",
    )
    parser.add_argument("--keep", action="store_true", help="keep corpora and stores")
    parser.add_argument(
        "--steps",
        default=",".join(STEPS),
        help="what to measure: build (synth, build, floor, extraction), queries, incremental;"
        " without build, the store of an earlier run in --work is reused",
    )
    parser.add_argument(
        "--render", action="store_true", help="only rewrite the doc from the JSON results"
    )
    parser.add_argument(
        "--incremental-only",
        action="store_true",
        help="only the rebuild step, on an already built --store from --corpus (its "
        "release count is the size it is filed under); one file of --corpus is rewritten "
        "as a new file, so a corpus of hard links leaves the linked files alone",
    )
    parser.add_argument("--store", help="with --incremental-only: the built store")
    parser.add_argument("--corpus", help="with --incremental-only: the corpus it was built from")
    args = parser.parse_args()
    if args.render:
        DOC.write_text(render(json.loads(RESULTS.read_text())), "utf-8")
        print(f"wrote {DOC.relative_to(ROOT)}")
        return
    if args.incremental_only:
        if not (args.store and args.corpus):
            parser.error("--incremental-only needs --store and --corpus")
        corpus = Path(args.corpus)
        n = sum(1 for _ in corpus.glob("*.txt"))
        results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {"sizes": {}}
        step = bench_incremental(corpus, Path(args.store), n)
        results["sizes"].setdefault(str(n), {"releases": n}).update(step)
        RESULTS.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
        DOC.write_text(render(results), "utf-8")
        print(f"wrote {RESULTS.relative_to(ROOT)} and {DOC.relative_to(ROOT)}")
        return

    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {"sizes": {}}
    results["machine"] = machine()
    work = Path(args.work or tempfile.mkdtemp(prefix="pressgraph-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        for n in (int(x) for x in args.sizes.split(",")):
            steps = tuple(x for x in args.steps.split(",") if x)
            unknown = set(steps) - set(STEPS)
            if unknown:
                raise SystemExit(f"unknown steps: {', '.join(sorted(unknown))}")
            previous = results["sizes"].get(str(n))
            results["sizes"][str(n)] = bench_size(
                n, work, args.jobs, args.rdflib_max, steps, previous
            )
            RESULTS.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
            DOC.write_text(render(results), "utf-8")
            if not args.keep and n < 100_000 and "build" in steps:  # 100,000 is kept
                shutil.rmtree(work / label(n), ignore_errors=True)
    finally:
        if not args.keep and not args.work:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print(render(results))


if __name__ == "__main__":
    main()
