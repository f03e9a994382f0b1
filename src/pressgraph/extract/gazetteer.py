"""Gazetteers: data files with general coverage, loaded once per process.

* ``data/gazetteer/un_entities.yaml``: every UN system entity;
* ``multilaterals.yaml``, ``donor_agencies.yaml``, ``ngos.yaml``, ``national_agencies.yaml``: other
  international organizations, bilateral donors and their ministries, NGOs;
* countries: ISO 3166 through :mod:`pycountry`, plus ``countries.yaml`` for
  the names, adjectives and demonyms that text uses; a government per country
  (``government-<iso3>``) is derived, not listed.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
import yaml

from ..resources import data_dir

ORG_FILES = ("un_entities", "multilaterals", "donor_agencies", "ngos", "national_agencies")


@dataclass(frozen=True)
class OrgEntry:
    id: str
    name: str
    type: str
    acronym: str | None = None
    aliases: tuple[str, ...] = ()
    country: str | None = None
    parent: str | None = None
    source: str = "gazetteer"


@dataclass(frozen=True)
class CountryEntry:
    iso3: str
    iso2: str | None
    m49: str | None
    name: str
    names: tuple[str, ...]
    adjectives: tuple[str, ...]
    demonyms: tuple[str, ...]
    ambiguous: bool = False

    @property
    def government_id(self) -> str:
        return f"government-{self.iso3.lower()}"

    @property
    def government_name(self) -> str:
        """ "Government of Kenya", "Government of the United Kingdom"."""
        return f"Government of {with_article(self.name)}"


# country names written with "the" in running text
_THE_FIRST_WORDS = ("United ", "Republic ", "Democratic ", "Federated ", "Holy ", "State of ")
_THE_LAST_WORDS = (" Islands", " Republic", " Emirates", " Federation", " Territories")
_THE_NAMES = {"Philippines", "Netherlands", "Bahamas", "Comoros", "Maldives", "Gambia"}


def with_article(name: str) -> str:
    """The country name as running text writes it.

    >>> with_article("United Kingdom"), with_article("Philippines"), with_article("Kenya")
    ('the United Kingdom', 'the Philippines', 'Kenya')
    """
    if name.startswith(_THE_FIRST_WORDS) or name.endswith(_THE_LAST_WORDS) or name in _THE_NAMES:
        return f"the {name}"
    return name


def fold(text: str) -> str:
    """Case- and accent-insensitive key for looking names up.

    >>> fold("Türkiye") == fold("turkiye")
    True
    """
    text = text.replace("’", "'").replace("‘", "'")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip().lower()


# Short names a reader expects where ISO's names are long or formal.
_PREFERRED_SHORT = {
    "BOL": "Bolivia",
    "BRN": "Brunei",
    "COD": "Democratic Republic of the Congo",
    "COG": "Republic of the Congo",
    "CZE": "Czechia",
    "FSM": "Micronesia",
    "IRN": "Iran",
    "KOR": "Republic of Korea",
    "PRK": "Democratic People's Republic of Korea",
    "LAO": "Lao PDR",
    "MDA": "Moldova",
    "PSE": "State of Palestine",
    "RUS": "Russian Federation",
    "SYR": "Syria",
    "TWN": "Taiwan",
    "TZA": "Tanzania",
    "VEN": "Venezuela",
    "VNM": "Viet Nam",
    "GBR": "United Kingdom",
    "USA": "United States",
    "TUR": "Türkiye",
    "CIV": "Côte d'Ivoire",
    "VAT": "Holy See",
    "MKD": "North Macedonia",
    "SWZ": "Eswatini",
    "CPV": "Cabo Verde",
}


@dataclass
class Gazetteer:
    organizations: dict[str, OrgEntry] = field(default_factory=dict)
    countries: dict[str, CountryEntry] = field(default_factory=dict)

    def country_code(self, text: str) -> str | None:
        """ISO3 for a country name, code, adjective or demonym; None if unknown.

        >>> load_gazetteer().country_code("the Republic of Turkey")
        'TUR'
        """
        key = fold(text)
        key = re.sub(r"^the ", "", key)
        return self._country_index().get(key)

    @functools.cache  # noqa: B019 - one gazetteer per process
    def _country_index(self) -> dict[str, str]:
        index: dict[str, str] = {}
        for c in self.countries.values():
            for form in (c.iso3, c.iso2 or "", c.name, *c.names, *c.adjectives, *c.demonyms):
                if form:
                    index.setdefault(re.sub(r"^the ", "", fold(form)), c.iso3)
        return index

    def government(self, iso3: str) -> OrgEntry:
        c = self.countries[iso3]
        return OrgEntry(
            id=c.government_id,
            name=c.government_name,
            type="government",
            country=iso3,
            source="gazetteer:countries",
        )

    def parent_of(self, org: OrgEntry) -> str | None:
        """The listed parent, else a national body's government."""
        if org.parent and org.parent in self.organizations:
            return org.parent
        if org.type in ("government", "donor_agency") and org.country in self.countries:
            return self.countries[org.country].government_id
        return None

    def __hash__(self) -> int:
        return id(self)


_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~10x


def _load_yaml(path: Path):
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_SafeLoader)  # noqa: S506 - a safe loader


def _load_orgs(directory: Path) -> dict[str, OrgEntry]:
    out: dict[str, OrgEntry] = {}
    for stem in ORG_FILES:
        path = directory / f"{stem}.yaml"
        if not path.exists():
            continue
        for item in _load_yaml(path) or []:
            entry = OrgEntry(
                id=item["id"],
                name=item["name"],
                type=item["type"],
                acronym=item.get("acronym") or None,
                aliases=tuple(a for a in (item.get("aliases") or []) if a),
                country=item.get("country") or None,
                parent=item.get("parent") or None,
                source=f"gazetteer:{stem}",
            )
            out.setdefault(entry.id, entry)
    return out


def _load_countries(directory: Path) -> dict[str, CountryEntry]:
    extra_path = directory / "countries.yaml"
    extra = (_load_yaml(extra_path) or {}) if extra_path.exists() else {}
    out: dict[str, CountryEntry] = {}
    for c in pycountry.countries:
        iso3 = c.alpha_3
        more = extra.get(iso3) or {}
        short = _PREFERRED_SHORT.get(iso3) or getattr(c, "common_name", None) or c.name
        names = [
            c.name,
            getattr(c, "common_name", None),
            getattr(c, "official_name", None),
            short,
            *(more.get("names") or []),
        ]
        out[iso3] = CountryEntry(
            iso3=iso3,
            iso2=c.alpha_2,
            m49=c.numeric,
            name=short,
            names=tuple(dict.fromkeys(n for n in names if n)),
            adjectives=tuple(more.get("adjectives") or []),
            demonyms=tuple(more.get("demonyms") or []),
            ambiguous=bool(more.get("ambiguous")),
        )
    for iso3, more in extra.items():
        if iso3 in out or not more:
            continue
        names = list(more.get("names") or [])
        if not names:
            continue
        out[iso3] = CountryEntry(
            iso3=iso3,
            iso2=None,
            m49=None,
            name=names[0],
            names=tuple(names),
            adjectives=tuple(more.get("adjectives") or []),
            demonyms=tuple(more.get("demonyms") or []),
            ambiguous=bool(more.get("ambiguous")),
        )
    return out


@functools.lru_cache(maxsize=4)
def load_gazetteer(directory: str | None = None) -> Gazetteer:
    """The gazetteer from ``directory`` (default: the package's data)."""
    path = Path(directory) if directory else data_dir() / "gazetteer"
    return Gazetteer(organizations=_load_orgs(path), countries=_load_countries(path))
