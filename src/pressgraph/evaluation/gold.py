"""The gold file: hand labels of documents, by the annotation guidelines (docs/gold.md).

>>> g = parse_gold({"documents": [{"doc": {"nid": 1}, "countries": ["KEN"]}]})
>>> g.documents[0].countries, g.documents[0].set
(['KEN'], 'theme')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import PressgraphError

ORG_TYPES = {"un", "government", "donor_agency", "igo", "ngo", "private", "academic", "other"}
_DOC_KEYS = {
    "doc",
    "publisher",
    "date",
    "date_in_text",
    "organizations",
    "countries",
    "countries_adjective_only",
    "countries_uncertain",
    "people",
    "programs",
    "fundings",
    "note",
}


class GoldError(PressgraphError):
    code = "PG601"


@dataclass
class GoldDoc:
    ref: dict[str, Any]
    set: str
    publisher: str | None = None
    date: str | None = None
    date_in_text: str | None = None
    has_date_in_text: bool = False
    organizations: list[dict] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    countries_adjective_only: list[str] = field(default_factory=list)
    countries_uncertain: list[str] = field(default_factory=list)
    people: list[dict] = field(default_factory=list)
    programs: list[dict] = field(default_factory=list)
    fundings: list[dict] = field(default_factory=list)

    @property
    def label(self) -> str:
        for key in ("reliefweb_id", "nid", "path"):
            if key in self.ref:
                return f"{self.set}:{self.ref[key]}"
        return f"{self.set}:?"


@dataclass
class Gold:
    documents: list[GoldDoc]
    path: str | None = None


def _set_of(ref: dict) -> str:
    if "reliefweb_id" in ref:
        return "api"
    if "nid" in ref:
        return "theme"
    if "path" in ref:
        return "sample"
    raise GoldError(f"document reference {ref!r}: needs reliefweb_id, nid or path")


def _str(v) -> str | None:
    return None if v is None else str(v)


def parse_gold(data: Any, *, path: str | None = None) -> Gold:
    where = path or "<gold>"
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise GoldError(f"{where}: a mapping with a 'documents' list is expected")
    docs = []
    for i, item in enumerate(data["documents"]):
        here = f"{where}: documents[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("doc"), dict):
            raise GoldError(f"{here}: needs a 'doc' reference")
        unknown = set(item) - _DOC_KEYS
        if unknown:
            raise GoldError(f"{here}: unknown keys {sorted(unknown)}")
        ref = item["doc"]
        doc = GoldDoc(
            ref=ref,
            set=_set_of(ref),
            publisher=item.get("publisher"),
            date=_str(item.get("date")),
            date_in_text=_str(item.get("date_in_text")),
            has_date_in_text="date_in_text" in item,
            countries=list(item.get("countries") or []),
            countries_adjective_only=list(item.get("countries_adjective_only") or []),
            countries_uncertain=list(item.get("countries_uncertain") or []),
        )
        for key in ("organizations", "people", "programs", "fundings"):
            items = item.get(key) or []
            for j, x in enumerate(items):
                if not isinstance(x, dict):
                    raise GoldError(f"{here}.{key}[{j}]: a mapping is expected")
                if key != "fundings" and not x.get("name"):
                    raise GoldError(f"{here}.{key}[{j}]: needs a name")
                if key == "organizations" and x.get("type") not in ORG_TYPES:
                    raise GoldError(f"{here}.{key}[{j}]: type must be one of {sorted(ORG_TYPES)}")
                if key == "fundings" and "funder" not in x:
                    raise GoldError(f"{here}.{key}[{j}]: needs a funder")
            setattr(doc, key, list(items))
        for code in (*doc.countries, *doc.countries_adjective_only, *doc.countries_uncertain):
            if not (isinstance(code, str) and len(code) == 3 and code.isupper()):
                raise GoldError(f"{here}: {code!r} is not an ISO 3166-1 alpha-3 code")
        docs.append(doc)
    return Gold(documents=docs, path=path)


def load_gold(path: str | Path) -> Gold:
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except OSError as err:
        raise GoldError(f"{p}: cannot read ({err.strerror})") from err
    except yaml.YAMLError as err:
        raise GoldError(f"{p}: not valid YAML ({err})") from err
    return parse_gold(data, path=str(p))
