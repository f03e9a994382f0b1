"""Invented press releases for measuring pressgraph at scale.

``pressgraph synth -n N -o DIR --seed S`` writes N text releases shaped like the
UN country-team releases in ``data/releases/``: a kind line, a title, a date
line, bullets, body paragraphs naming organizations, countries, programmes,
fundings and events, quotes attributed to people with roles, and the two
footers (UN entities involved, goals supported).

Real names come from the project's gazetteers (UN entities, donor agencies,
multilaterals, countries), so the real extraction has real work to do; people,
national NGOs and programmes are invented. Popularity is skewed the way a real
corpus is: a handful of organizations and countries appear everywhere, most
rarely (Zipf-like weights). Dates span 15 years. Release ``i`` depends only on
``(seed, i)``, so a corpus is reproducible and can be generated in pieces.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import yaml

from .extract.dates import MONTH_NAMES
from .resources import data_dir

try:  # libyaml when present
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

START = date(2010, 1, 1)
DAYS = 15 * 365

FIRST_NAMES = [
    "Amina",
    "Jonas",
    "Farida",
    "Mateo",
    "Leila",
    "Tomasz",
    "Nadia",
    "Kwame",
    "Ingrid",
    "Ravi",
    "Chiara",
    "Omar",
    "Yuki",
    "Selin",
    "Baraka",
    "Elena",
    "Tariq",
    "Mariam",
    "Lucas",
    "Aisha",
    "Hugo",
    "Noor",
    "Pablo",
    "Zainab",
    "Arjun",
    "Sofia",
    "Kofi",
    "Hana",
    "Dmitri",
    "Grace",
    "Samuel",
    "Lina",
    "Ibrahim",
    "Astrid",
    "Diego",
    "Fatou",
    "Malik",
    "Rosa",
    "Jamal",
    "Mei",
    "Niklas",
    "Esi",
    "Carmen",
    "Yusuf",
    "Anouk",
    "Tendai",
    "Priya",
    "Felix",
    "Habiba",
    "Marco",
]
LAST_NAMES = [
    "Okonkwo",
    "Lindqvist",
    "Haddad",
    "Moreau",
    "Tanaka",
    "Osei",
    "Kowalski",
    "Banerjee",
    "Castillo",
    "Nyambura",
    "Petrov",
    "Almeida",
    "Karimova",
    "Dubois",
    "Mensah",
    "Rahimi",
    "Varga",
    "Ochieng",
    "Sato",
    "Fernandes",
    "Abdullahi",
    "Novak",
    "Quispe",
    "Halvorsen",
    "Diallo",
    "Rossi",
    "Mutasa",
    "Kaya",
    "Nguyen",
    "Bergstrom",
    "Achebe",
    "Sorensen",
    "Mwangi",
    "Lopez",
    "Hakimi",
    "Ivanova",
    "Toure",
    "Schmidt",
    "Chowdhury",
    "Mbeki",
    "Salazar",
    "Eriksen",
    "Farouk",
    "Kamau",
    "Jansen",
    "Boateng",
    "Yilmaz",
    "Cardenas",
    "Owusu",
    "Lindgren",
]
HONORIFICS = ("Mr.", "Ms.", "Dr.", "Mrs.", "Prof.")
ROLES_UN = (
    "Resident Coordinator",
    "Representative",
    "Country Director",
    "Deputy Representative",
    "Head of Office",
    "Chief of Mission",
    "Regional Director",
)
ROLES_GOV = ("Minister of Health", "Deputy Minister of Education", "Minister of Agriculture")
ROLES_NGO = ("Executive Director", "Programme Manager", "Chairperson")

THEMES = [
    # (programme head words, purpose phrase, SDG goals)
    ("Clean Water", "bring safe drinking water and sanitation to rural communities", (6, 3)),
    ("Girls' Education", "keep adolescent girls in secondary school", (4, 5)),
    ("Climate Resilience", "help farming communities adapt to drought and floods", (13, 2)),
    ("Maternal Health", "reduce maternal and newborn deaths in district hospitals", (3, 5)),
    ("Food Security", "improve nutrition and school meals for vulnerable families", (2, 1)),
    ("Decent Work", "create jobs and skills for young women and men", (8, 4)),
    ("Access to Justice", "bring mobile courts and legal aid to remote areas", (16, 5)),
    ("Clean Energy", "bring solar power to health centres and schools", (7, 13)),
    ("Coastal Ecosystems", "restore mangroves and protect fisheries", (14, 15)),
    ("Safe Migration", "protect migrants and fight human trafficking", (10, 16)),
    ("Digital Skills", "train young people in coding and digital entrepreneurship", (9, 4)),
    ("Urban Resilience", "make cities safer against disasters", (11, 13)),
]
PROGRAMME_KINDS = ("Programme", "Project", "Initiative", "Plan")
EVENT_KINDS = ("Workshop", "Conference", "Forum", "Training", "Dialogue")
EVENT_TOPICS = (
    "Early Warning Systems",
    "Gender-Responsive Budgeting",
    "Social Protection",
    "Data for Development",
    "Water Governance",
    "Youth Employment",
    "Disaster Risk Reduction",
    "Migration Governance",
)
MINISTRIES = ("Health", "Education", "Agriculture", "Water", "Interior")
NGO_HEADS = ("Association", "Foundation", "Network", "Alliance", "Trust", "Society")
NGO_WORDS = (
    "Women's",
    "Youth",
    "Farmers'",
    "Community",
    "Health",
    "Water",
    "Rural",
    "Education",
    "Green",
    "Hope",
)
QUOTES = (
    "No one should be left behind, and this partnership shows what working together can achieve.",
    "These results belong to the communities who led the work from the first day.",
    "We are proud to support the Government in a programme that changes lives.",
    "Every family deserves the chance to build a safer and healthier future.",
    "This is an investment in people, and people are the country's greatest strength.",
    "Today we turn commitments into action on the ground.",
)
FILLERS = (
    "The activities were agreed with local authorities and community leaders.",
    "A mid-term review will assess progress against the agreed indicators.",
    "Participants stressed the importance of reliable data for planning.",
    "The results will be shared at a national validation meeting later this year.",
    "Community volunteers will be trained to sustain the services after the programme ends.",
)
COMMON_UN = (
    "UNDP",
    "UNICEF",
    "WFP",
    "UNHCR",
    "IOM",
    "WHO",
    "UNFPA",
    "FAO",
    "UN Women",
    "ILO",
    "UNESCO",
    "UNEP",
    "OCHA",
    "UNODC",
    "UN-Habitat",
    "IFAD",
    "UNIDO",
    "UNOPS",
    "ITC",
    "UNCDF",
)
KINDS = ("Press Release",) * 6 + ("Story",) * 3 + ("Statement",)


@dataclass(frozen=True)
class _Org:
    name: str
    acronym: str | None


@dataclass(frozen=True)
class _Country:
    iso3: str
    name: str
    adjective: str | None


class _Zipf:
    """Draw from a list with weights 1/rank^s (a few items everywhere, most rare)."""

    def __init__(self, items: list, s: float, rng: random.Random | None):
        self.items = list(items)
        if rng is not None:
            rng.shuffle(self.items)
        self.cum = list(itertools.accumulate(1.0 / (r + 1) ** s for r in range(len(self.items))))

    def draw(self, rng: random.Random):
        return self.items[bisect.bisect_left(self.cum, rng.random() * self.cum[-1])]

    def sample(self, rng: random.Random, k: int) -> list:
        out: list = []
        for _ in range(k * 8):
            x = self.draw(rng)
            if x not in out:
                out.append(x)
                if len(out) == k:
                    break
        return out


def _load(name: str):
    with (data_dir() / "gazetteer" / name).open("rb") as fh:
        return yaml.load(fh, Loader=_Loader)  # noqa: S506 (safe loader)


@lru_cache(maxsize=4)
def _universe(seed: int):
    rng = random.Random(f"pressgraph-synth-universe-{seed}")
    un = [
        _Org(e["name"], e["acronym"])
        for e in _load("un_entities.yaml")
        if e.get("acronym") and e["name"] != e["acronym"] and e["id"] != "un"
    ]
    un.sort(key=lambda o: o.name)
    rng.shuffle(un)
    # the agencies a real corpus is dominated by come first (most frequent)
    un.sort(key=lambda o: COMMON_UN.index(o.acronym) if o.acronym in COMMON_UN else 99)
    donors = [
        _Org(e["name"], e.get("acronym"))
        for e in _load("donor_agencies.yaml") + _load("multilaterals.yaml")
        if e.get("type") in ("donor_agency", "igo") and e.get("acronym")
    ]
    donors.sort(key=lambda o: o.name)
    countries = []
    for iso3, e in sorted(_load("countries.yaml").items()):
        if e.get("ambiguous") or not e.get("names"):
            continue
        name = e["names"][0]
        if not name[0].isupper() or len(name) > 30:
            continue
        adjs = e.get("adjectives") or []
        countries.append(_Country(iso3, name, adjs[0] if adjs else None))
    return (
        _Zipf(un, 1.1, None),
        _Zipf(donors, 1.0, rng),
        _Zipf(countries, 0.9, rng),
    )


def _person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(HONORIFICS), f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _ngo(rng: random.Random, country: _Country) -> _Org:
    place = country.adjective or country.name
    words = rng.sample(NGO_WORDS, 2)
    name = f"{place} {words[0]} {words[1].rstrip(chr(39) + 's')} {rng.choice(NGO_HEADS)}"
    acronym = "".join(w[0] for w in name.split() if w[0].isupper())[:5]
    return _Org(name, acronym if len(acronym) >= 3 else None)


def _money(rng: random.Random) -> str:
    currency = rng.choice(("US$", "US$", "US$", "EUR ", "USD "))
    if rng.random() < 0.6:
        return f"{currency}{rng.choice((0.5, 1, 1.2, 2, 2.5, 3, 4.8, 5, 7.5, 10, 12, 20))} million"
    return f"{currency}{rng.randrange(50, 950) * 1000:,}"


def _org_ref(org: _Org, first: bool) -> str:
    if first and org.acronym:
        return f"the {org.name} ({org.acronym})" if not org.name.startswith("the ") else org.name
    return org.acronym or f"the {org.name}"


def release_text(i: int, seed: int = 0) -> tuple[str, str]:
    """The ``i``-th invented release of a corpus: ``(file stem, text)``."""
    un_z, donor_z, country_z = _universe(seed)
    rng = random.Random(f"{seed}-{i}")
    day = START + timedelta(days=rng.randrange(DAYS))
    lead = un_z.draw(rng)
    others = [o for o in un_z.sample(rng, rng.choice((1, 1, 2, 3))) if o != lead]
    countries = country_z.sample(rng, rng.choice((1, 1, 1, 2, 3)))
    home = countries[0]
    theme, purpose, goals = rng.choice(THEMES)
    prog_kind = rng.choice(PROGRAMME_KINDS)
    region = "Regional " if len(countries) > 1 else "National "
    programme = f"{region}{theme} {prog_kind}"
    ngo = _ngo(rng, home)
    donors = donor_z.sample(rng, rng.choice((0, 1, 1, 1, 2)))
    kind = rng.choice(KINDS)
    years = rng.choice((2, 3, 4, 5))
    start_year = day.year

    where = (
        home.name
        if len(countries) == 1
        else ", ".join(c.name for c in countries[:-1]) + f" and {countries[-1].name}"
    )
    verb = rng.choice(("Launch", "Expand", "Celebrate Results of", "Announce"))
    title = f"{lead.acronym} and Partners {verb} {theme} {prog_kind} in {where}"
    date_line = f"{day.day:02d} {MONTH_NAMES[day.month - 1]} {day.year}"

    bullets = [f"The {programme} will {purpose} in {where} by {start_year + years}."]
    if donors:
        bullets.append(
            f"The first phase is made possible by a contribution from the {donors[0].name}."
        )

    paras: list[str] = []
    gov = f"the Government of {home.name}"
    paras.append(
        f"{_org_ref(lead, True)[0].upper()}{_org_ref(lead, True)[1:]} and {gov} today "
        f"announced the {programme}, a {years}-year effort ({start_year}-{start_year + years}) "
        f"to {purpose} in {where}."
    )
    partners = [_org_ref(o, True) for o in others]
    ngo_ref = f"the {ngo.name} ({ngo.acronym})" if ngo.acronym else f"the {ngo.name}"
    partners.append(ngo_ref)
    paras.append(
        f"The {prog_kind.lower()} is implemented together with "
        + (", ".join(partners[:-1]) + " and " + partners[-1] if len(partners) > 1 else partners[0])
        + f", in close cooperation with the Ministry of {rng.choice(MINISTRIES)} of {home.name}."
    )
    for donor in donors:
        ref = _org_ref(donor, True)
        if rng.random() < 0.5:
            paras.append(
                f"{lead.acronym}'s work is possible thanks to a contribution of {_money(rng)} "
                f"from {ref}."
            )
        else:
            paras.append(f"The {programme} is funded by {ref} with {_money(rng)}.")
    if rng.random() < 0.45:
        event = f"{rng.choice(EVENT_TOPICS)} {rng.choice(EVENT_KINDS)}"
        guests = country_z.sample(rng, rng.choice((2, 3, 4)))
        paras.append(
            f"{lead.acronym} organized a {rng.choice(('one-day', 'two-day', 'three-day'))} "
            f"Regional {event} in {home.name}, which brought together experts from "
            + ", ".join(c.name for c in guests[:-1])
            + f" and {guests[-1].name}."
        )
    for _ in range(rng.choice((1, 1, 2))):
        paras.append(rng.choice(FILLERS))
    honorific, person = _person(rng)
    paras.append(
        f"“{rng.choice(QUOTES)[:-1]},” said {person}, "
        f"{lead.acronym} {rng.choice(ROLES_UN)} in {home.name}."
    )
    if rng.random() < 0.5:
        h2, p2 = _person(rng)
        role = rng.choice(ROLES_NGO)
        paras.append(
            f"{h2} {p2}, {role} of the {ngo.name}, noted that local ownership is the key to "
            f"lasting change. “{rng.choice(QUOTES)}” {h2} {p2.split()[-1]} said."
        )
    elif rng.random() < 0.5:
        h2, p2 = _person(rng)
        paras.append(
            f"{h2} {p2}, {rng.choice(ROLES_GOV)} of {home.name}, welcomed the partnership."
        )

    footer_orgs = [lead] + [o for o in others if rng.random() < 0.7]
    parts = [kind, "", title, "", date_line, ""]
    parts += [f"  • {b}" for b in bullets]
    parts.append("")
    for p in paras:
        parts += [p, ""]
    parts += ["UN entities involved in this initiative", ""]
    for o in footer_orgs:
        parts += [o.acronym, o.name, ""]
    parts += ["Goals we are supporting through this initiative", ""]
    for g in goals:
        parts += [str(g), ""]
    slug = f"{lead.acronym}-{home.iso3}".lower().replace(" ", "-")
    stem = f"{day.isoformat()}-{slug}-{i:06d}"
    return stem, "\n".join(parts).rstrip() + "\n"


def iter_releases(n: int, seed: int = 0, start: int = 0) -> Iterator[tuple[str, str]]:
    for i in range(start, start + n):
        yield release_text(i, seed)


def write_corpus(n: int, out_dir: str | Path, seed: int = 0) -> int:
    """Write ``n`` releases to ``out_dir`` (one ``.txt`` each); returns the count."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for stem, text in iter_releases(n, seed):
        (out / f"{stem}.txt").write_text(text, encoding="utf-8")
        count += 1
    return count
