"""Extraction speed on one core, optionally against a spaCy EntityRuler baseline.

Run:  .venv/bin/python benchmarks/bench_extraction.py [--repeat 20] [--spacy]

Corpus: the sample release, the invented fixture releases and, when ../shared/data is
present, the development gold set's documents (real ReliefWeb reports), repeated.
With ``--spacy`` (needs ``pip install spacy``) the same texts also go through a blank
English pipeline with an EntityRuler loaded with the same gazetteers (organization names,
acronyms and aliases; country names, adjectives and demonyms), so the figure is a ratio.
That baseline only finds gazetteer strings: no discovered organizations, people, roles,
programmes, fundings, dates or evidence. Writes benchmarks/results/extraction.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def corpus():
    from pressgraph.evaluation.corpus import Corpus
    from pressgraph.evaluation.gold import load_gold
    from pressgraph.sources import read_file

    inputs = [ROOT / "data" / "releases" / "2018-05-02-iom-turkmenistan-counter-trafficking.txt"]
    inputs += sorted((ROOT / "tests" / "fixtures" / "releases").iterdir())
    sources = [read_file(p) for p in inputs]
    c = Corpus()
    if c.available():
        for g in load_gold(ROOT / "data" / "gold" / "extraction-dev.yaml").documents:
            if g.set != "sample":
                sources.append(c.document(g.ref).source)
    return sources


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20, help="passes over the corpus")
    parser.add_argument("--spacy", action="store_true", help="also time the spaCy baseline")
    args = parser.parse_args()

    from pressgraph.extract.gazetteer import load_gazetteer
    from pressgraph.extract.pipeline import extract_source
    from pressgraph.extract.structure import read_structure

    sources = corpus()
    kb = sum(len(s.text.encode("utf-8")) for s in sources) / len(sources) / 1024
    t0 = time.perf_counter()
    gaz = load_gazetteer()
    extract_source(sources[0], release_id="warm-up", gazetteer=gaz)
    startup = time.perf_counter() - t0

    n = 0
    t0 = time.perf_counter()
    for r in range(args.repeat):
        for i, src in enumerate(sources):
            extract_source(src, release_id=f"r{r}-{i}", gazetteer=gaz)
            n += 1
    seconds = time.perf_counter() - t0
    results = {
        "machine": {
            "cores": os.cpu_count(),
            "python": sys.version.split()[0],
            "platform": platform.platform(),
        },
        "corpus": {"releases": n, "distinct": len(sources), "mean_kb": round(kb, 2)},
        "startup_s": round(startup, 3),
        "pressgraph": {"seconds": round(seconds, 3), "releases_per_s": round(n / seconds, 1)},
    }
    print(f"corpus: {len(sources)} distinct releases, mean {kb:.1f} KB, x{args.repeat}")
    print(f"pressgraph extraction: {n / seconds:8.1f} releases/s ({seconds:.2f} s, one core)")

    if args.spacy:
        try:
            t0 = time.perf_counter()
            nlp, n_patterns = spacy_pipeline()
            spacy_startup = time.perf_counter() - t0
        except ImportError:
            print("spaCy is not installed: pip install spacy (baseline skipped)")
        else:
            texts = [read_structure(s).text for s in sources]  # same input text, pre-rendered
            m = 0
            t0 = time.perf_counter()
            for _ in range(args.repeat):
                for doc in nlp.pipe(texts):
                    m += len(doc.ents) >= 0
            sp = time.perf_counter() - t0
            results["spacy_entity_ruler"] = {
                "patterns": n_patterns,
                "startup_s": round(spacy_startup, 3),
                "seconds": round(sp, 3),
                "releases_per_s": round(m / sp, 1),
            }
            results["ratio_pressgraph_over_spacy"] = round((n / seconds) / (m / sp), 2)
            print(f"spaCy blank en + EntityRuler ({n_patterns} patterns): {m / sp:8.1f} releases/s")
            print(f"ratio pressgraph / spaCy: {results['ratio_pressgraph_over_spacy']:.2f}")

    out = ROOT / "benchmarks" / "results" / "extraction.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
