"""Reading the labelled documents' texts from the shared data directory.

The texts are never part of the repository: they are read from ``../shared/data`` (the
directory next to the repository root) or from ``--inputs DIR``. Three document sets:

* ``api`` — ReliefWeb API sample reports, by ``reliefweb_id``: the text is ``title`` +
  newline + ``body_text`` with tags removed and entities unescaped;
* ``theme`` — ReliefWeb theme sample reports, by ``nid``: the ``post`` column (Markdown);
* ``sample`` — a release file of the repository (``path`` relative to the repo root).
"""

from __future__ import annotations

import csv
import gzip
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..sources import Source

API_FILES = (
    "api_sample_hurricane_melissa_hti_reports.json",
    "api_sample_marburg_eth_reports.json",
)
THEME_FILE = "report_theme_en-1k.csv.gz"
REPO_ROOT = Path(__file__).resolve().parents[3]


def default_data_dir() -> Path:
    """``../shared/data`` relative to the repository root's parent."""
    return REPO_ROOT.parent / "shared" / "data"


@dataclass(frozen=True)
class Document:
    """One labelled document: the text as the guidelines define it, and what to extract."""

    key: str  # "api:4197637", "theme:2286534", "sample:data/releases/x.txt"
    set: str
    text: str  # the guidelines' normalised text, for checking surfaces
    source: Source  # what the pipeline reads
    meta_date: str | None = None


_TAG = re.compile(r"<[^>]+>")
_BLOCK = re.compile(r"</?(p|div|br|li|ul|ol|h[1-6]|tr|table|blockquote)\b[^>]*>", re.I)


def normalise_space(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\u2009", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", text).strip()


def api_text(report: dict) -> str:
    body = html.unescape(_TAG.sub(" ", report.get("body_text") or ""))
    return normalise_space(report["title"] + "\n" + body)


def _api_page(report: dict) -> str:
    date = (report.get("date") or {}).get("original", "")[:10]
    title = html.escape(report["title"])
    return (
        "<!doctype html><html><head>"
        f"<title>{title}</title>"
        f'<meta property="article:published_time" content="{date}">'
        f"</head><body><article><h1>{title}</h1>\n{report.get('body_text') or ''}"
        "</article></body></html>"
    )


class Corpus:
    """Lazy access to the shared data's labelled documents."""

    def __init__(self, data_dir: Path | str | None = None) -> None:
        self.data_dir = Path(data_dir) if data_dir else default_data_dir()
        self._api: dict[str, dict] | None = None
        self._theme: dict[str, str] | None = None

    @property
    def reliefweb(self) -> Path:
        d = self.data_dir / "reliefweb"
        return d if d.is_dir() else self.data_dir

    def available(self) -> bool:
        return all((self.reliefweb / f).is_file() for f in (*API_FILES, THEME_FILE))

    def _load_api(self) -> dict[str, dict]:
        if self._api is None:
            self._api = {}
            for name in API_FILES:
                data = json.loads((self.reliefweb / name).read_text(encoding="utf-8"))
                for rep in data["reports"]:
                    self._api[str(rep["reliefweb_id"])] = rep
        return self._api

    def _load_theme(self) -> dict[str, str]:
        if self._theme is None:
            self._theme = {}
            with gzip.open(self.reliefweb / THEME_FILE, "rt", encoding="utf-8") as fh:
                for row in csv.DictReader(fh):
                    self._theme.setdefault(str(row["nid"]), row["post"])
        return self._theme

    def document(self, ref: dict) -> Document:
        """The document a gold entry's ``doc`` reference names."""
        if "reliefweb_id" in ref:
            rid = str(ref["reliefweb_id"])
            rep = self._load_api().get(rid)
            if rep is None:
                raise KeyError(f"reliefweb_id {rid} not in the API samples")
            date = (rep.get("date") or {}).get("original", "")[:10] or None
            return Document(
                key=f"api:{rid}",
                set="api",
                text=api_text(rep),
                source=Source(text=_api_page(rep), format="html", path=f"reliefweb-{rid}.html"),
                meta_date=date,
            )
        if "nid" in ref:
            nid = str(ref["nid"])
            post = self._load_theme().get(nid)
            if post is None:
                raise KeyError(f"nid {nid} not in the theme sample")
            return Document(
                key=f"theme:{nid}",
                set="theme",
                text=normalise_space(post),
                source=Source(text=post, format="markdown", path=f"reliefweb-{nid}.md"),
            )
        if "path" in ref:
            path = REPO_ROOT / ref["path"]
            text = path.read_text(encoding="utf-8")
            fmt = {".md": "markdown", ".html": "html", ".htm": "html"}.get(path.suffix, "text")
            return Document(
                key=f"sample:{ref['path']}",
                set="sample",
                text=normalise_space(text),
                source=Source(text=text, format=fmt, path=str(path)),
            )
        raise KeyError(f"unknown document reference {ref!r}")
