"""pressgraph: press releases to an RDF knowledge graph of partnerships, with evidence.

The public API, in pipeline order::

    record = extract_file("release.txt")            # source → record
    report = build(["data/releases"], store="st")   # records → RDF → store
    with GraphStore.open("st") as store:
        rows = run_query(store, "donors")           # store → query library
        rows.to_dataframe()
"""

__version__ = "0.1.0"

from .build import build, extract_file, extract_text, iter_extract  # noqa: E402
from .errors import PressgraphError  # noqa: E402
from .export import export  # noqa: E402
from .queries import library, run_query, run_sparql  # noqa: E402
from .records import effective_record, read_record, validate_record, write_record  # noqa: E402
from .store import GraphStore  # noqa: E402
from .summary import stats, summary  # noqa: E402
from .validate import validate  # noqa: E402

__all__ = [
    "GraphStore",
    "PressgraphError",
    "__version__",
    "build",
    "effective_record",
    "export",
    "extract_file",
    "extract_text",
    "iter_extract",
    "library",
    "read_record",
    "run_query",
    "run_sparql",
    "stats",
    "summary",
    "validate",
    "validate_record",
    "write_record",
]
