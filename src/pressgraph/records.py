"""Release records: the contract between extraction and the graph.

A record is a plain ``dict`` that validates against
``schema/record.schema.json`` (documented in ``docs/records.md``). This
module reads and writes records as YAML or JSON, validates them, and keeps
human corrections alive across re-extraction:

* machine output lives in the main sections (``organizations``, ``people``...);
* corrections live in ``curated`` (``set`` for scalars, ``upsert``/``remove``
  per section) and are applied on every build by :func:`effective_record`;
* a record whose main sections were edited by hand is detected through the
  per-item digests in ``extraction.digests``; :func:`merge_reextracted` folds
  those edits into ``curated`` so a new extraction does not lose them.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import RecordSchemaError, RecordSyntaxError
from .util import atomic_write

SCHEMA_VERSION = 1

LIST_SECTIONS: tuple[str, ...] = (
    "organizations",
    "countries",
    "people",
    "programs",
    "fundings",
    "events",
    "partnerships",
    "un_entities_involved",
    "sdgs",
)
SCALAR_FIELDS: tuple[str, ...] = ("title", "date", "kind", "language", "dateline", "summary")

# The order keys are written in, so YAML records read top-down like the release.
KEY_ORDER: tuple[str, ...] = (
    "schema_version",
    "id",
    "title",
    "date",
    "kind",
    "language",
    "dateline",
    "source",
    "summary",
    *LIST_SECTIONS,
    "curated",
    "extraction",
)

Record = dict[str, Any]


@functools.lru_cache(maxsize=1)
def record_schema() -> dict[str, Any]:
    """The JSON Schema every record (produced or hand-written) must satisfy."""
    text = resources.files("pressgraph").joinpath("schema/record.schema.json").read_text("utf-8")
    return json.loads(text)


@functools.lru_cache(maxsize=1)
def _validator():
    import jsonschema

    schema = record_schema()
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


def _path_of(error) -> str:
    parts = []
    for part in error.absolute_path:
        parts.append(f"[{part}]" if isinstance(part, int) else f".{part}")
    return "".join(parts).lstrip(".") or "(record)"


def schema_problems(record: Any) -> list[tuple[str, str]]:
    """All schema violations as ``(field path, message)`` pairs, in path order."""
    problems = []
    for error in _validator().iter_errors(record):
        message = error.message
        if error.validator in ("oneOf", "anyOf") and error.context:
            message = min(error.context, key=lambda e: len(e.message)).message
        if len(message) > 200:
            message = message[:197] + "..."
        problems.append((_path_of(error), message))
    return sorted(problems)


def validate_record(record: Any, *, source: str = "<record>") -> Record:
    """Raise :class:`RecordSchemaError` naming the first bad field; return the record.

    >>> validate_record({"id": 3}, source="r.yaml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pressgraph.errors.RecordSchemaError: PG202 r.yaml [(record)]: 'countries' is a required ...
    """
    problems = schema_problems(record)
    if problems:
        field, message = problems[0]
        raise RecordSchemaError(message, source=source, field=field, problems=problems)
    _check_references(record, source)
    return record


def _check_references(record: Record, source: str) -> None:
    """Cross-references inside a record must point at items that exist."""
    eff = effective_record(record)
    orgs = {o["id"] for o in eff["organizations"]}
    programs = {p["id"] for p in eff["programs"]}
    events = {e["id"] for e in eff["events"]}
    items = programs | events | {eff["id"]}

    def need(value, pool, field):
        if value is not None and value not in pool:
            raise RecordSchemaError(f"refers to unknown id {value!r}", source=source, field=field)

    for i, org in enumerate(eff["organizations"]):
        need(org.get("parent"), orgs, f"organizations[{i}].parent")
    for i, person in enumerate(eff["people"]):
        need(person.get("organization"), orgs, f"people[{i}].organization")
    for i, prog in enumerate(eff["programs"]):
        need(prog.get("owner"), orgs, f"programs[{i}].owner")
    for i, fund in enumerate(eff["fundings"]):
        need(fund.get("funder"), orgs, f"fundings[{i}].funder")
        for key in ("recipient", "channel"):
            need(fund.get(key), orgs, f"fundings[{i}].{key}")
        need(fund.get("program"), programs, f"fundings[{i}].program")
        need(fund.get("event"), events, f"fundings[{i}].event")
    for i, event in enumerate(eff["events"]):
        for key in ("organizers", "participants"):
            for j, ref in enumerate(event.get(key) or []):
                need(ref, orgs, f"events[{i}].{key}[{j}]")
        need(event.get("program"), programs, f"events[{i}].program")
    for i, part in enumerate(eff["partnerships"]):
        for j, ref in enumerate(part["organizations"]):
            need(ref, orgs, f"partnerships[{i}].organizations[{j}]")
        need(part.get("context"), items, f"partnerships[{i}].context")
    for i, foot in enumerate(eff["un_entities_involved"]):
        need(foot["organization"], orgs, f"un_entities_involved[{i}].organization")
    for i, sdg in enumerate(eff["sdgs"]):
        need(sdg.get("item"), items, f"sdgs[{i}].item")


# --------------------------------------------------------------------------- curation


def effective_record(record: Record) -> Record:
    """The record as it is built: machine sections with ``curated`` applied."""
    curated = record.get("curated") or {}
    if not curated:
        return record
    out = copy.deepcopy(record)
    for key, value in (curated.get("set") or {}).items():
        out[key] = value
    for section in LIST_SECTIONS:
        edit = curated.get(section) or {}
        removed = set(edit.get("remove") or [])
        items = [item for item in out.get(section, []) if item.get("id") not in removed]
        index = {item.get("id"): n for n, item in enumerate(items)}
        for item in edit.get("upsert") or []:
            item = _mark_curated(copy.deepcopy(item), section)
            if item["id"] in index:
                items[index[item["id"]]] = item
            else:
                index[item["id"]] = len(items)
                items.append(item)
        out[section] = items
    return out


def _mark_curated(item: dict[str, Any], section: str) -> dict[str, Any]:
    """A hand-written relation without evidence is evidenced as curated."""
    if section in ("fundings", "partnerships") and "evidence" not in item:
        item["evidence"] = {"method": "curated", "confidence": 1.0}
    return item


def _digest(value: Any) -> str:
    blob = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def item_digests(record: Record) -> dict[str, str]:
    """Digest of every machine-produced field and item, keyed ``section/id``."""
    digests = {f: _digest(record.get(f)) for f in SCALAR_FIELDS if f in record}
    for section in LIST_SECTIONS:
        for item in record.get(section, []):
            digests[f"{section}/{item['id']}"] = _digest(item)
    return digests


def hand_edits(record: Record) -> dict[str, Any]:
    """Edits made directly to the machine sections, as a ``curated`` fragment."""
    digests = (record.get("extraction") or {}).get("digests")
    if not digests:
        return {}
    edits: dict[str, Any] = {}
    for field in SCALAR_FIELDS:
        if field in record and field in digests and _digest(record[field]) != digests[field]:
            edits.setdefault("set", {})[field] = record[field]
    for section in LIST_SECTIONS:
        present = set()
        for item in record.get(section, []):
            key = f"{section}/{item['id']}"
            present.add(key)
            if digests.get(key) != _digest(item):
                edits.setdefault(section, {}).setdefault("upsert", []).append(item)
        prefix = f"{section}/"
        for key in digests:
            if key.startswith(prefix) and key not in present:
                edits.setdefault(section, {}).setdefault("remove", []).append(key[len(prefix) :])
    return edits


def merge_curated(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Combine two ``curated`` fragments; ``new`` wins on the same field or id."""
    out = copy.deepcopy(old) if old else {}
    for key, value in (new.get("set") or {}).items():
        out.setdefault("set", {})[key] = value
    for section in LIST_SECTIONS:
        edit = new.get(section)
        if not edit:
            continue
        target = out.setdefault(section, {})
        ups = {item["id"]: item for item in target.get("upsert", [])}
        for item in edit.get("upsert", []):
            ups[item["id"]] = item
        removes = list(dict.fromkeys([*target.get("remove", []), *edit.get("remove", [])]))
        removes = [r for r in removes if r not in ups]
        target.clear()
        if ups:
            target["upsert"] = list(ups.values())
        if removes:
            target["remove"] = removes
    if "note" in new:
        out["note"] = new["note"]
    return {k: v for k, v in out.items() if v}


def merge_reextracted(previous: Record | None, fresh: Record) -> Record:
    """A fresh extraction that keeps every human correction of ``previous``."""
    if not previous:
        return fresh
    curated = merge_curated(previous.get("curated") or {}, hand_edits(previous))
    out = dict(fresh)
    if curated:
        out["curated"] = curated
    return ordered(out)


def stamp(record: Record, *, pipeline: str, components: Iterable[str]) -> Record:
    """Attach the extraction metadata that lets hand edits be detected later."""
    record = dict(record)
    record["extraction"] = {
        "pipeline": pipeline,
        "components": list(components),
        "digests": item_digests(record),
    }
    return ordered(record)


def ordered(record: Record) -> Record:
    known = {k: record[k] for k in KEY_ORDER if k in record}
    rest = {k: v for k, v in record.items() if k not in known}
    return {**known, **rest}


# --------------------------------------------------------------------------- I/O


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    pass


def _str_presenter(dumper, data):
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _str_presenter)


def to_yaml(record: Record) -> str:
    return yaml.dump(
        ordered(record), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
    )


def to_json(record: Record, *, indent: int | None = 2) -> str:
    return json.dumps(ordered(record), ensure_ascii=False, indent=indent)


def write_record(record: Record, path: str | Path, *, format: str = "yaml") -> Path:
    """Write one record atomically (temporary file, then rename)."""
    path = Path(path)
    text = to_yaml(record) if format == "yaml" else to_json(record) + "\n"
    with atomic_write(path) as handle:
        handle.write(text)
    return path


def parse_record_text(text: str, *, source: str) -> Record:
    """Parse YAML or JSON text (safe loader only) and validate it."""
    try:
        data = yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506 - safe loaders only
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise RecordSyntaxError(f"not valid YAML{where}: {problem}", source=source) from None
    if not isinstance(data, dict):
        raise RecordSchemaError(
            f"expected a mapping at the top level, found {type(data).__name__}", source=source
        )
    # YAML turns 2018-05-02 into a date object; records keep ISO strings.
    if hasattr(data.get("date"), "isoformat"):
        data["date"] = data["date"].isoformat()
    set_date = (
        (data.get("curated") or {}).get("set", {}) if isinstance(data.get("curated"), dict) else {}
    )
    if isinstance(set_date, dict) and hasattr(set_date.get("date"), "isoformat"):
        set_date["date"] = set_date["date"].isoformat()
    return validate_record(data, source=source)


def read_record(path: str | Path) -> Record:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise RecordSyntaxError(f"cannot read: {err.strerror}", source=str(path)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise RecordSyntaxError(
            f"not UTF-8 (byte {err.start}: {raw[err.start : err.start + 1]!r})", source=str(path)
        ) from None
    return parse_record_text(text, source=str(path))


def is_record_path(path: Path) -> bool:
    return path.suffix.lower() in (".yaml", ".yml")


def iter_record_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    for p in paths:
        p = Path(p)
        if p.is_dir():
            yield from sorted(x for x in p.rglob("*") if x.is_file() and is_record_path(x))
        else:
            yield p
