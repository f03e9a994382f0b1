"""Extraction speed: releases/s and KB/s on one core, a spaCy baseline, and ``--jobs`` scaling.

Run:  .venv/bin/python benchmarks/bench_extraction.py [--repeat 5] [--synth 200] [--no-spacy]

Corpus (every release distinct, read once, then extracted ``--repeat`` times):

* ``sample`` and ``fixtures``: the repository's sample release and invented fixture releases;
* ``dev``: the development gold set's real ReliefWeb documents, read in place from
  ../shared/data when present (nothing is copied into the repository);
* ``synth``: ``--synth`` invented releases from ``pressgraph synth`` (seed 0).

One core: each release goes through the whole pipeline (``extract_source``: structure,
sentences, entities, resolution, relations, SDGs, record). Figures are per CPU second of this
process (``time.process_time``) in the best of the passes (the least disturbed by other
processes on a shared machine; every pass and the wall clock are kept too). The issue's
target is stated for ~4 KB releases, so besides the raw releases/s (at the corpus's mean size)
the benchmark reports KB/s ÷ 4 (releases/s normalized to 4 KB) and, as a check on that
normalization, the time per release predicted at 4 KB by a least-squares line of per-release
time against size.

Baseline, in the same run: a blank English spaCy pipeline with an EntityRuler loaded with
the same gazetteers (organization names, acronyms and aliases; country names, adjectives and
demonyms) over the same texts, so the figure is a ratio. It only finds gazetteer strings:
no discovered organizations, people, roles, programmes, fundings, dates or evidence.

A direct 4 KB figure: the real ReliefWeb reports of the shared sample (API and theme files)
that are 3.5-4.5 KB long, read in place, timed the same way (and with spaCy).

Scaling: the corpus is written to a temporary directory and extracted ``--scale-repeat``
times over through the worker path of ``pressgraph build --jobs N``
(``pressgraph.build._run_tasks``: spawned worker processes, chunks of inputs, results in
order; each worker reads, extracts and serializes the release's graph) with 1 and 2 workers.

Writes benchmarks/results/extraction.json (or ``--json``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
TARGET_KB = 4.0


def corpus(n_synth: int) -> list[tuple[str, object]]:
    """(set name, Source) for every release of the benchmark corpus."""
    from pressgraph.evaluation.corpus import Corpus
    from pressgraph.evaluation.gold import load_gold
    from pressgraph.sources import Source, read_file
    from pressgraph.synth import iter_releases

    out: list[tuple[str, object]] = []
    out += [("sample", read_file(p)) for p in sorted((ROOT / "data" / "releases").iterdir())]
    fixtures = sorted((ROOT / "tests" / "fixtures" / "releases").iterdir())
    out += [("fixtures", read_file(p)) for p in fixtures]
    c = Corpus(DATA)
    if c.available():
        for g in load_gold(ROOT / "data" / "gold" / "extraction-dev.yaml").documents:
            if g.set != "sample":
                out.append(("dev", c.document(g.ref).source))
    for stem, text in iter_releases(n_synth, seed=0):
        out.append(("synth", Source(text=text, format="text", path=f"{stem}.txt")))
    return out


def band_4kb(low: float = 3.5, high: float = 4.5) -> list[tuple[str, object]]:
    """Real ReliefWeb reports of the shared sample (API and theme files) of ``low``-``high`` KB.

    Read in place, never copied: a direct 4 KB figure that needs no normalization.
    """
    from pressgraph.evaluation.corpus import Corpus

    c = Corpus(DATA)
    if not c.available():
        return []
    out = []
    refs = [{"reliefweb_id": k} for k in sorted(c._load_api())]
    refs += [{"nid": k} for k in sorted(c._load_theme())]
    for ref in refs:
        src = c.document(ref).source
        if low <= _size_kb(src) <= high:
            out.append(("band", src))
    return out


def _size_kb(source) -> float:
    return len(source.text.encode("utf-8")) / 1024


def spacy_pipeline():
    import spacy

    from pressgraph.extract.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
    patterns = []
    for o in gaz.organizations.values():
        for form in {o.name, o.acronym, *o.aliases} - {None, ""}:
            patterns.append({"label": "ORG", "pattern": form, "id": o.id})
    for c in gaz.countries.values():
        for form in {c.name, *c.names, *c.adjectives, *c.demonyms}:
            patterns.append({"label": "GPE", "pattern": form, "id": c.iso3})
    ruler.add_patterns(patterns)
    return nlp, len(patterns)


def _fit_at(sizes: list[float], seconds: list[float], x: float) -> tuple[float, float, float]:
    """Least-squares line of time against size: (fixed s, s per KB, predicted s at ``x``)."""
    mx, my = statistics.fmean(sizes), statistics.fmean(seconds)
    sxx = sum((s - mx) ** 2 for s in sizes)
    slope = sum((s - mx) * (t - my) for s, t in zip(sizes, seconds)) / sxx if sxx else 0.0
    fixed = my - slope * mx
    return fixed, slope, fixed + slope * x


def one_core(items, repeat: int) -> dict:
    from pressgraph.extract.gazetteer import load_gazetteer
    from pressgraph.extract.pipeline import extract_source

    t0 = time.perf_counter()
    gaz = load_gazetteer()
    extract_source(items[0][1], release_id="warm-up", gazetteer=gaz)
    startup = time.perf_counter() - t0
    for i, (_, src) in enumerate(items):  # warm the per-word caches once, untimed
        extract_source(src, release_id=f"w{i}", gazetteer=gaz)

    # every pass is timed; the best pass (least disturbed by other processes) is the headline,
    # and each release's time is its best over the passes
    per_release = [float("inf")] * len(items)
    passes = []
    wall0 = time.perf_counter()
    for r in range(repeat):
        cpu0 = time.process_time()
        for i, (_, src) in enumerate(items):
            t = time.process_time()
            extract_source(src, release_id=f"r{r}-{i}", gazetteer=gaz)
            per_release[i] = min(per_release[i], time.process_time() - t)
        passes.append(time.process_time() - cpu0)
    wall = time.perf_counter() - wall0
    cpu, best = sum(passes), min(passes)
    n = len(items) * repeat
    sizes = [_size_kb(s) for _, s in items]
    kb = sum(sizes)
    fixed, per_kb, at4 = _fit_at(sizes, per_release, TARGET_KB)
    sets = {}
    for name in dict.fromkeys(k for k, _ in items):
        idx = [i for i, (k, _) in enumerate(items) if k == name]
        secs = sum(per_release[i] for i in idx)
        sets[name] = {
            "releases": len(idx),
            "mean_kb": round(statistics.fmean(sizes[i] for i in idx), 2),
            "releases_per_s": round(len(idx) / secs, 1),
            "kb_per_s": round(sum(sizes[i] for i in idx) / secs, 1),
        }
    return {
        "startup_s": round(startup, 3),
        "releases": n,
        "passes": repeat,
        "cpu_s": round(cpu, 3),
        "wall_s": round(wall, 3),
        "best_pass_cpu_s": round(best, 4),
        "releases_per_cpu_s": round(len(items) / best, 1),
        "kb_per_cpu_s": round(kb / best, 1),
        "normalized_4kb_releases_per_cpu_s": round(kb / best / TARGET_KB, 1),
        "all_passes_releases_per_cpu_s": round(n / cpu, 1),
        "all_passes_releases_per_wall_s": round(n / wall, 1),
        "fit": {
            "fixed_ms": round(1000 * fixed, 3),
            "ms_per_kb": round(1000 * per_kb, 3),
            "predicted_4kb_releases_per_s": round(1 / at4, 1) if at4 > 0 else None,
        },
        "sets": sets,
    }


def spacy_baseline(items, repeat: int) -> dict | None:
    from pressgraph.extract.structure import read_structure

    try:
        t0 = time.perf_counter()
        nlp, n_patterns = spacy_pipeline()
        startup = time.perf_counter() - t0
    except ImportError:
        return None
    texts = [read_structure(s).text for _, s in items]  # the same text the pipeline reads
    list(nlp.pipe(texts))  # warm-up
    kb = sum(len(t.encode("utf-8")) for t in texts) / 1024
    m = 0
    passes = []
    wall0 = time.perf_counter()
    for _ in range(repeat):
        cpu0 = time.process_time()
        for doc in nlp.pipe(texts):
            m += len(doc.ents) >= 0
        passes.append(time.process_time() - cpu0)
    wall, best = time.perf_counter() - wall0, min(passes)
    return {
        "patterns": n_patterns,
        "startup_s": round(startup, 3),
        "releases": m,
        "cpu_s": round(sum(passes), 3),
        "wall_s": round(wall, 3),
        "best_pass_cpu_s": round(best, 4),
        "releases_per_cpu_s": round(len(texts) / best, 1),
        "kb_per_cpu_s": round(kb / best, 1),
        "all_passes_releases_per_wall_s": round(m / wall, 1),
    }


def scaling(items, repeat: int, jobs_list: list[int]) -> dict:
    """Releases/s through the build's worker pool with 1, 2, ... workers (wall clock)."""
    import importlib

    build = importlib.import_module("pressgraph.build")  # the module, not the function
    run_tasks = getattr(build, "_run_tasks", None)
    if run_tasks is None:
        return {"skipped": "pressgraph.build._run_tasks not found"}
    out: dict = {"inputs": 0, "runs": []}
    with tempfile.TemporaryDirectory(prefix="pg-bench-extract-") as tmp:
        paths = []
        for i, (_, src) in enumerate(items):
            suffix = {"html": ".html", "markdown": ".md"}.get(src.format, ".txt")
            stem = Path(src.path).stem if src.path else f"release-{i}"
            p = Path(tmp) / f"{i:05d}-{stem}{suffix}"
            p.write_text(src.text, encoding="utf-8")
            paths.append(str(p))
        tasks = [("release", p, None, None, "yaml") for p in paths] * repeat
        out["inputs"] = len(tasks)

        def timed(jobs: int, n: int) -> tuple[float, int, int]:
            t0 = time.perf_counter()
            built = problems = 0
            for done in run_tasks(iter(tasks[:n]), jobs):
                built += done.status == "built"
                problems += done.status == "problem"
            return time.perf_counter() - t0, built, problems

        for jobs in jobs_list:
            # a short run (one chunk of 32 inputs per worker) gives the pool's start-up
            # (spawning, imports, gazetteers), which the marginal rate leaves out
            small = min(len(tasks) // 2, 32 * jobs)
            wall_small, _, _ = timed(jobs, small)
            wall, built, problems = timed(jobs, len(tasks))
            out["runs"].append(
                {
                    "jobs": jobs,
                    "wall_s": round(wall, 3),
                    "built": built,
                    "problems": problems,
                    "releases_per_s": round(len(tasks) / wall, 1),
                    "short_run": {"inputs": small, "wall_s": round(wall_small, 3)},
                    "marginal_releases_per_s": round(
                        (len(tasks) - small) / max(wall - wall_small, 1e-9), 1
                    ),
                }
            )
    first = out["runs"][0]
    for run in out["runs"]:
        extra = run["jobs"] - first["jobs"]
        for rate, name in (("releases_per_s", ""), ("marginal_releases_per_s", "marginal_")):
            speedup = run[rate] / first[rate]
            run[f"{name}speedup"] = round(speedup, 2)
            run[f"{name}speedup_per_added_core"] = (
                round((speedup - 1) / extra, 2) if extra else None
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7, help="one-core passes over the corpus")
    parser.add_argument("--synth", type=int, default=200, help="synthetic releases in corpus")
    parser.add_argument("--spacy", action="store_true", help="(default) time the spaCy baseline")
    parser.add_argument("--no-spacy", action="store_true", help="skip the spaCy baseline")
    parser.add_argument("--scale-repeat", type=int, default=6, help="corpus passes per --jobs")
    parser.add_argument("--jobs", default="1,2", help="worker counts to compare, e.g. 1,2")
    parser.add_argument("--no-scaling", action="store_true", help="skip the --jobs runs")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks/results/extraction.json")
    args = parser.parse_args()

    items = corpus(args.synth)
    sizes = [_size_kb(s) for _, s in items]
    results: dict = {
        "machine": {
            "cores": os.cpu_count(),
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "note": "shared machine (several sessions at once): CPU-second figures are the "
            "steadier ones; re-run on a quiet machine for final wall-clock figures",
        },
        "corpus": {
            "releases": len(items),
            "mean_kb": round(statistics.fmean(sizes), 2),
            "median_kb": round(statistics.median(sizes), 2),
            "max_kb": round(max(sizes), 2),
            "repeat": args.repeat,
        },
    }
    counts = {k: sum(1 for n, _ in items if n == k) for k in dict.fromkeys(n for n, _ in items)}
    print(
        f"corpus: {len(items)} releases ({', '.join(f'{k} {v}' for k, v in counts.items())}), "
        f"mean {statistics.fmean(sizes):.2f} KB, x{args.repeat}"
    )

    pg = one_core(items, args.repeat)
    results["pressgraph"] = pg
    print(
        f"pressgraph, one core: {pg['releases_per_cpu_s']:.1f} releases/s "
        f"({pg['kb_per_cpu_s']:.0f} KB/s) per CPU second (best pass); all passes "
        f"{pg['all_passes_releases_per_cpu_s']:.1f} per CPU second, "
        f"{pg['all_passes_releases_per_wall_s']:.1f} per wall second"
    )
    print(
        f"  normalized to {TARGET_KB:.0f} KB releases: "
        f"{pg['normalized_4kb_releases_per_cpu_s']:.1f}"
        f" releases/s (fit: {pg['fit']['fixed_ms']:.2f} ms + {pg['fit']['ms_per_kb']:.2f} ms/KB"
        f" -> {pg['fit']['predicted_4kb_releases_per_s']} releases/s at 4 KB)"
    )
    for name, s in pg["sets"].items():
        print(
            f"  {name:9s} {s['releases']:4d} releases, mean {s['mean_kb']:5.2f} KB: "
            f"{s['releases_per_s']:7.1f} releases/s, {s['kb_per_s']:6.0f} KB/s"
        )

    band = band_4kb()
    if band:
        bd = one_core(band, args.repeat)
        bd["mean_kb"] = round(statistics.fmean(_size_kb(s) for _, s in band), 2)
        results["band_4kb"] = bd
        print(
            f"real ReliefWeb reports of 3.5-4.5 KB ({len(band)}, mean {bd['mean_kb']:.2f} KB): "
            f"{bd['releases_per_cpu_s']:.1f} releases/s ({bd['kb_per_cpu_s']:.0f} KB/s) per CPU "
            f"second (best pass), {bd['all_passes_releases_per_wall_s']:.1f} per wall second"
        )

    if not args.no_spacy:
        sp = spacy_baseline(items, args.repeat)
        if sp is None:
            print("spaCy is not installed: pip install spacy (baseline skipped)")
        else:
            results["spacy_entity_ruler"] = sp
            ratio = pg["releases_per_cpu_s"] / sp["releases_per_cpu_s"]
            results["ratio_pressgraph_over_spacy"] = round(ratio, 3)
            print(
                f"spaCy blank en + EntityRuler ({sp['patterns']} patterns): "
                f"{sp['releases_per_cpu_s']:.1f} releases/s per CPU second (best pass)"
            )
            print(f"ratio pressgraph / spaCy: {ratio:.2f}")
            if band:
                sb = spacy_baseline(band, args.repeat)
                results["band_4kb"]["spacy_entity_ruler"] = sb
                rb = results["band_4kb"]["releases_per_cpu_s"] / sb["releases_per_cpu_s"]
                results["band_4kb"]["ratio_pressgraph_over_spacy"] = round(rb, 3)
                print(
                    f"  on the 3.5-4.5 KB reports: spaCy {sb['releases_per_cpu_s']:.1f} "
                    f"releases/s, ratio {rb:.2f}"
                )

    if not args.no_scaling:
        jobs = [int(j) for j in args.jobs.split(",")]
        sc = scaling(items, args.scale_repeat, jobs)
        results["scaling"] = sc
        if "skipped" in sc:
            print(f"--jobs scaling skipped: {sc['skipped']}")
        for run in sc.get("runs", []):
            print(
                f"--jobs {run['jobs']}: {run['releases_per_s']:.1f} releases/s wall "
                f"({sc['inputs']} inputs, {run['wall_s']:.2f} s, speed-up {run['speedup']:.2f}); "
                f"without pool start-up {run['marginal_releases_per_s']:.1f} releases/s "
                f"(speed-up {run['marginal_speedup']:.2f}, "
                f"per added core {run['marginal_speedup_per_added_core']})"
            )

    args.json.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.json.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    tmp.replace(args.json)
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
