"""Where the project's shipped files are: the query library and the ontology.

In a source checkout (editable install) they are the repository's
``queries/`` and ``ontology/``; in a wheel they are bundled under
``pressgraph/_bundled/``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    checkout = _PACKAGE.parents[1] / name
    if checkout.is_dir():
        return checkout
    bundled = _PACKAGE / "_bundled" / name
    if bundled.is_dir():
        return bundled
    raise FileNotFoundError(f"pressgraph resource directory {name!r} not found")


def queries_dir() -> Path:
    return _find("queries")


def ontology_dir() -> Path:
    return _find("ontology")


def data_dir() -> Path:
    return _PACKAGE / "data"
