"""The state that pipeline components read and extend, one per release."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..sources import Source
from .entities import Mention
from .gazetteer import Gazetteer
from .structure import Structure
from .text import Sentence


@dataclass
class OrgBuild:
    key: str
    name: str
    type: str
    acronym: str | None = None
    country: str | None = None
    parent: str | None = None
    aliases: list[str] = field(default_factory=list)
    source: str = ""
    confidence: float = 0.9
    mentions: list[Mention] = field(default_factory=list)
    head: str | None = None


@dataclass
class Doc:
    source: Source
    gazetteer: Gazetteer
    structure: Structure | None = None
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    orgs: dict[str, OrgBuild] = field(default_factory=dict)
    countries: dict[str, list[Mention]] = field(default_factory=dict)
    acronyms: dict[str, str] = field(default_factory=dict)
    programs: dict[str, dict[str, Any]] = field(default_factory=dict)
    events: dict[str, dict[str, Any]] = field(default_factory=dict)
    people: dict[str, dict[str, Any]] = field(default_factory=dict)
    fundings: list[dict[str, Any]] = field(default_factory=list)
    partnerships: list[dict[str, Any]] = field(default_factory=list)
    footer_entities: list[dict[str, Any]] = field(default_factory=list)
    sdgs: list[dict[str, Any]] = field(default_factory=list)
    main_country: str | None = None
    decisions: Any = None  # curation decisions applied (pressgraph.decisions.Decisions)
    candidates: list[Any] = field(default_factory=list)  # unknown-org candidates (curation)

    @property
    def text(self) -> str:
        return self.structure.text if self.structure else ""

    def sentence_at(self, offset: int) -> Sentence | None:
        for s in self.sentences:
            if s.start <= offset < s.end:
                return s
        return None

    def mentions_in(self, sentence: Sentence, *kinds: str) -> list[Mention]:
        return [
            m
            for m in self.mentions
            if sentence.start <= m.start
            and m.end <= sentence.end
            and (not kinds or m.kind in kinds)
        ]
