"""SDG classifier speed: snippets per second on one core, and extraction overhead.

Run:  .venv/bin/python benchmarks/bench_sdg.py [--repeat 5]

Texts: the SDG Classification Benchmark's development snippets, read in place from
../shared/data/sdg-benchmark/ when present (nothing is copied), otherwise the invented
releases in tests/fixtures/releases cut into paragraphs. Measures ``predict`` (goals only,
what ``pressgraph eval sdg`` uses) and ``classify`` (goals, targets, terms, evidence), in one
process on one core. Prints a table and writes benchmarks/results/sdg.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCHMARK = ROOT.parent / "shared" / "data" / "sdg-benchmark" / "sdg_benchmark_dev.csv"


def _texts() -> tuple[list[str], str]:
    if BENCHMARK.exists():
        from pressgraph.sdg.evaluate import read_benchmark

        return [r.text for r in read_benchmark(BENCHMARK)], "sdg-benchmark dev snippets"
    texts = []
    for path in sorted((ROOT / "tests" / "fixtures" / "releases").iterdir()):
        texts += [p for p in path.read_text("utf-8").split("\n\n") if len(p) > 200]
    return texts, "invented fixture paragraphs"


def _rate(fn, texts: list[str], repeat: int) -> tuple[float, float]:
    rates = []
    for _ in range(repeat):
        start = time.perf_counter()
        for t in texts:
            fn(t)
        rates.append(len(texts) / (time.perf_counter() - start))
    return statistics.median(rates), min(rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="timed passes over the texts")
    args = parser.parse_args()

    from pressgraph.sdg import Classifier

    start = time.perf_counter()
    classifier = Classifier()
    load_s = time.perf_counter() - start
    texts, corpus = _texts()
    chars = statistics.mean(len(t) for t in texts)
    classifier.predict(texts[0])  # warm up
    predict = _rate(classifier.predict, texts, args.repeat)
    classify = _rate(classifier.classify, texts, args.repeat)
    result = {
        "corpus": corpus,
        "texts": len(texts),
        "mean_chars": round(chars),
        "lexicon_load_s": round(load_s, 3),
        "predict_per_s": {"median": round(predict[0]), "worst": round(predict[1])},
        "classify_per_s": {"median": round(classify[0]), "worst": round(classify[1])},
        "python": sys.version.split()[0],
        "machine": platform.machine(),
        "processor": platform.processor() or platform.machine(),
    }
    print(f"corpus: {corpus}, {len(texts)} texts, {chars:.0f} characters on average")
    print(f"lexicon load: {load_s * 1000:.0f} ms")
    print(f"predict  (goals only):             {predict[0]:>8.0f} texts/s (worst {predict[1]:.0f})")
    print(
        f"classify (goals, targets, terms):  {classify[0]:>8.0f} texts/s (worst {classify[1]:.0f})"
    )
    out = ROOT / "benchmarks" / "results" / "sdg.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
