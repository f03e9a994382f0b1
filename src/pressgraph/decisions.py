"""Curation decisions: what a researcher decided about unknown-organization candidates.

The pipeline keeps some organizations it finds outside the gazetteers and rejects other
candidates (``pressgraph review`` lists both). A researcher accepts, rejects or merges them;
the decisions are data, in a YAML file (``data/decisions.yaml`` by default), applied by the
``curation`` component on every extraction and build:

.. code-block:: yaml

    version: 1
    decisions:
      - {name: Coastal Livelihoods Alliance, action: accept, type: ngo, country: KEN}
      - {name: Sud Department, action: reject}
      - {name: FMOH, action: merge, into: federal-ministry-of-health-eth}

``name`` matches a candidate by its name (case, accents, punctuation and a leading "the"
ignored) or by its record key (``ministry-of-health-eth`` names the Ethiopian one only).
``into`` is a gazetteer key (``who``), a government (``government-eth``), another
organization's key, or a name (a new canonical name for the candidate).

Which file is used: the ``decisions=`` argument / ``--decisions FILE``; else
``$PRESSGRAPH_DECISIONS``; else ``data/decisions.yaml`` in the current directory when it
exists; else none.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import DecisionsError, DecisionsSyntaxError
from .util import atomic_write, slugify

ENV = "PRESSGRAPH_DECISIONS"
DEFAULT_PATH = Path("data") / "decisions.yaml"
ACTIONS = ("accept", "reject", "merge")
ORG_TYPES = ("un", "government", "donor_agency", "igo", "ngo", "private", "academic", "other")
FORMAT_VERSION = 1
_ENTRY_KEYS = {"name", "action", "type", "country", "into", "note"}
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def name_key(name: str) -> str:
    """The normalized form names are grouped and matched by.

    >>> name_key("The Ministry of Health "), name_key("Coastal Livelihoods Alliance")
    ('ministry-of-health', 'coastal-livelihoods-alliance')
    """
    return slugify(re.sub(r"^the\s+", "", " ".join(name.split()), flags=re.I))


@dataclass(frozen=True)
class Decision:
    """One decision about every candidate with this name (or key)."""

    name: str
    action: str  # accept, reject, merge
    type: str | None = None  # accept: the organization type
    country: str | None = None  # accept: ISO 3166-1 alpha-3
    into: str | None = None  # merge: target key or name
    note: str | None = None

    @property
    def key(self) -> str:
        return name_key(self.name)

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass
class Decisions:
    """The decisions of one file, looked up by name or key."""

    items: list[Decision] = field(default_factory=list)
    path: Path | None = None

    def __post_init__(self) -> None:
        self._index = {d.key: d for d in self.items}

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Decision]:
        return iter(self.items)

    def get(self, *names: str | None) -> Decision | None:
        """The decision for the first of ``names`` (keys or names) that has one."""
        for name in names:
            if name:
                d = self._index.get(name_key(name))
                if d is not None:
                    return d
        return None

    def final_target(self, decision: Decision) -> str:
        """Where a merge ends once chains (A into B, B into C) are followed."""
        into = decision.into or decision.name
        seen = {decision.key}
        nxt = self._index.get(name_key(into))
        while nxt is not None and nxt.action == "merge" and nxt.key not in seen:
            seen.add(nxt.key)
            into = nxt.into or into
            nxt = self._index.get(name_key(into))
        return into

    @property
    def digest(self) -> str:
        """Changes when any decision changes (not with comments or layout)."""
        body = json.dumps(
            sorted((d.as_dict() for d in self.items), key=lambda d: name_key(d["name"]))
        )
        return hashlib.sha256(body.encode("utf-8")).hexdigest()

    def with_decision(self, decision: Decision) -> Decisions:
        """A copy where ``decision`` replaces any decision about the same name."""
        items = [d for d in self.items if d.key != decision.key] + [decision]
        return Decisions(items, self.path)

    def without(self, name: str) -> Decisions:
        items = [d for d in self.items if d.key != name_key(name)]
        return Decisions(items, self.path)


EMPTY = Decisions()


# --------------------------------------------------------------------------- reading


def parse_decisions(data: Any, *, source: str) -> Decisions:
    """Check the structure of a decisions file; raise a coded error naming the field."""

    def fail(message: str, where: str) -> DecisionsError:
        return DecisionsError(message, source=source, field=where)

    if data is None:
        return Decisions([], Path(source))
    if not isinstance(data, dict):
        raise fail(f"expected a mapping, found {type(data).__name__}", "(file)")
    unknown = sorted(set(data) - {"version", "decisions"})
    if unknown:
        raise fail(f"unknown key {unknown[0]!r} (expected version, decisions)", unknown[0])
    version = data.get("version", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        raise fail(f"unsupported version {version!r} (expected {FORMAT_VERSION})", "version")
    entries = data.get("decisions") or []
    if not isinstance(entries, list):
        raise fail(f"expected a list, found {type(entries).__name__}", "decisions")
    items: list[Decision] = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(entries):
        at = f"decisions[{i}]"
        if not isinstance(entry, dict):
            raise fail(f"expected a mapping, found {type(entry).__name__}", at)
        extra = sorted(set(entry) - _ENTRY_KEYS)
        if extra:
            raise fail(
                f"unknown key {extra[0]!r} (expected {sorted(_ENTRY_KEYS)})", at + "." + extra[0]
            )
        for key in _ENTRY_KEYS:
            value = entry.get(key)
            if value is not None and not isinstance(value, str):
                raise fail(f"expected a string, found {type(value).__name__}", f"{at}.{key}")
        name = (entry.get("name") or "").strip()
        if not name or not name_key(name).strip("x"):
            raise fail("a decision needs a non-empty name", f"{at}.name")
        action = entry.get("action")
        if action not in ACTIONS:
            raise fail(f"action {action!r} is not one of {', '.join(ACTIONS)}", f"{at}.action")
        otype, country, into = entry.get("type"), entry.get("country"), entry.get("into")
        if action != "accept":
            for key, value in (("type", otype), ("country", country)):
                if value is not None:
                    raise fail(f"{key} is only for action accept, not {action}", f"{at}.{key}")
        if otype is not None and otype not in ORG_TYPES:
            raise fail(f"type {otype!r} is not one of {', '.join(ORG_TYPES)}", f"{at}.type")
        if country is not None and not _known_country(country):
            raise fail(f"country {country!r} is not an ISO 3166-1 alpha-3 code", f"{at}.country")
        if action == "merge":
            if not (into or "").strip():
                raise fail("a merge needs `into` (a key or a name)", f"{at}.into")
            if name_key(into) == name_key(name):
                raise fail(f"{name!r} cannot be merged into itself", f"{at}.into")
        elif into is not None:
            raise fail(f"into is only for action merge, not {action}", f"{at}.into")
        key = name_key(name)
        if key in seen:
            raise fail(f"{name!r} already has a decision (decisions[{seen[key]}])", f"{at}.name")
        seen[key] = i
        items.append(
            Decision(name, action, otype, country, into and into.strip(), entry.get("note"))
        )
    decisions = Decisions(items, Path(source))
    for i, d in enumerate(items):
        if d.action != "merge":
            continue
        chain, nxt = [d.key], decisions.get(d.into)
        while nxt is not None and nxt.action == "merge":
            if nxt.key in chain:
                raise fail(
                    f"merges form a loop: {' -> '.join(chain + [nxt.key])}", f"decisions[{i}].into"
                )
            chain.append(nxt.key)
            nxt = decisions.get(nxt.into)
        if nxt is not None and nxt.action == "reject":
            raise fail(f"merges into {nxt.name!r}, which is rejected", f"decisions[{i}].into")
    return decisions


def _known_country(code: str) -> bool:
    """An ISO 3166-1 alpha-3 code (plus XKX, Kosovo, which the gazetteers also know)."""
    import pycountry

    return code == "XKX" or (
        len(code) == 3 and code.isupper() and pycountry.countries.get(alpha_3=code) is not None
    )


def load_decisions(path: str | os.PathLike[str]) -> Decisions:
    """Read and check a decisions file (cached while the file is unchanged)."""
    path = Path(path)
    try:
        st = path.stat()
    except OSError as err:
        raise DecisionsSyntaxError(f"cannot read: {err.strerror}", source=str(path)) from None
    return _load_cached(str(path), st.st_size, st.st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _load_cached(path: str, _size: int, _mtime_ns: int) -> Decisions:
    try:
        raw = Path(path).read_bytes()
    except OSError as err:
        raise DecisionsSyntaxError(f"cannot read: {err.strerror}", source=path) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise DecisionsSyntaxError(f"not UTF-8 (byte {err.start})", source=path) from None
    try:
        data = yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - safe loaders only
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise DecisionsSyntaxError(f"not valid YAML{where}: {problem}", source=path) from None
    return parse_decisions(data, source=path)


_HEADER = """\
# Curation decisions about unknown organizations, applied on every extract and build.
# Written by `pressgraph review accept|reject|merge`; edit by hand if you like.
# Each entry: name (a candidate's name or record key), action (accept | reject | merge),
# for accept an optional type (un, government, donor_agency, igo, ngo, private, academic,
# other) and country (ISO3), for merge `into` (a key such as `who`, `government-eth`, or a
# name), and an optional note. See docs/records.md ("Curation decisions").
"""


def write_decisions(decisions: Decisions, path: str | os.PathLike[str]) -> Path:
    """Write the file atomically (temporary file, then rename), header comment first."""
    path = Path(path)
    body = {"version": FORMAT_VERSION, "decisions": [d.as_dict() for d in decisions]}
    text = yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=100)
    with atomic_write(path) as handle:
        handle.write(_HEADER + text)
    return path


def decisions_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The file decisions are read from and written to (see the module docstring)."""
    if path is not None:
        return Path(path)
    env = os.environ.get(ENV)
    return Path(env) if env else DEFAULT_PATH


def resolve_decisions(decisions: Decisions | str | os.PathLike[str] | None = None) -> Decisions:
    """Decisions given, or read from a path, or the active ones (empty when there is no file)."""
    if isinstance(decisions, Decisions):
        return decisions
    if decisions is not None:
        return load_decisions(decisions)
    return active_decisions()


# --------------------------------------------------------------------------- the active set

_ACTIVE: Decisions | None = None


def active_decisions() -> Decisions:
    """The decisions extraction applies when none are passed explicitly."""
    if _ACTIVE is not None:
        return _ACTIVE
    env = os.environ.get(ENV)
    if env == "-":
        return EMPTY
    if env:
        return load_decisions(env)
    if DEFAULT_PATH.is_file():
        return load_decisions(DEFAULT_PATH)
    return EMPTY


@contextmanager
def use_decisions(decisions: Decisions | str | os.PathLike[str] | None) -> Iterator[Decisions]:
    """Make ``decisions`` the active set in this process and in workers it starts."""
    global _ACTIVE
    chosen = resolve_decisions(decisions)
    before_active, before_env = _ACTIVE, os.environ.get(ENV)
    tmp = None
    if chosen.path is not None and Path(chosen.path).is_file():
        os.environ[ENV] = str(Path(chosen.path).resolve())
    elif len(chosen) == 0:
        os.environ[ENV] = "-"
    else:  # decisions made in Python: workers read them from a temporary file
        import tempfile

        fd, tmp = tempfile.mkstemp(prefix="pressgraph-decisions-", suffix=".yaml")
        os.close(fd)
        write_decisions(chosen, tmp)
        os.environ[ENV] = tmp
    _ACTIVE = chosen
    try:
        yield chosen
    finally:
        _ACTIVE = before_active
        if before_env is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = before_env
        if tmp:
            Path(tmp).unlink(missing_ok=True)
