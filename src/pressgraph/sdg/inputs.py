"""Texts to classify: a JSONL file of ``{"id": ..., "text": ...}`` lines, or a release
(plain text, Markdown or saved HTML), whose title, summary and body are classified."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ..errors import PressgraphError


def release_text(path: str | Path) -> str:
    """A release's title, summary and body as text (footers and page furniture left out)."""
    from ..extract.structure import read_structure
    from ..extract.text import split_sentences
    from ..sources import read_file

    st = read_structure(read_file(path))
    sentences = split_sentences(st)
    if not sentences:
        return st.text
    return st.text[: max(s.end for s in sentences)]


def iter_texts(path: str | Path) -> Iterator[tuple[str, str]]:
    """(id, text) pairs of an input file: one per JSONL line, or one for a release."""
    p = Path(path)
    if p.suffix.lower() in (".jsonl", ".ndjson"):
        try:
            lines = p.read_text(encoding="utf-8").splitlines()
        except OSError as err:
            raise PressgraphError(f"{p}: {err.strerror}") from None
        for n, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                text = item["text"]
            except (ValueError, KeyError, TypeError):
                raise PressgraphError(
                    f'{p}, line {n}: expected {{"id": ..., "text": ...}}'
                ) from None
            if not isinstance(text, str):
                raise PressgraphError(f"{p}, line {n}: text is not a string")
            yield str(item.get("id", n)), text
        return
    yield p.stem, release_text(p)
