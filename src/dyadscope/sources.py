"""The source catalogue: every dataset dyadscope can load, with its coverage, licence and citation.

The catalogue itself is data (``data/sources.toml`` and ``data/event_sources.toml``); this module
only reads it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from dyadscope.errors import UnknownSourceError


@dataclass(frozen=True)
class Source:
    name: str
    title: str
    folder: str
    files: tuple[str, ...]
    coverage: str
    licence: str
    citation: str
    urls: dict[str, str] = field(default_factory=dict)
    sha256: dict[str, str] = field(default_factory=dict)
    homepage: str = ""

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "title": self.title,
            "folder": self.folder,
            "files": list(self.files),
            "coverage": self.coverage,
            "licence": self.licence,
            "citation": self.citation,
            "homepage": self.homepage,
            "urls": dict(self.urls),
        }


# pinned downloads with checksums; then the event datasets, which users bring as their own files
CATALOGUE_FILES = ("data/sources.toml", "data/event_sources.toml")


@cache
def catalogue() -> dict[str, Source]:
    entries: dict = {}
    for name in CATALOGUE_FILES:
        entries.update(tomllib.loads(resources.files("dyadscope").joinpath(name).read_text(encoding="utf-8")))
    return {
        name: Source(
            name=name,
            title=e["title"],
            folder=e["folder"],
            files=tuple(e["files"]),
            coverage=e["coverage"],
            licence=e["licence"],
            citation=e["citation"],
            urls=dict(e.get("urls", {})),
            sha256=dict(e.get("sha256", {})),
            homepage=e.get("homepage", ""),
        )
        for name, e in entries.items()
    }


def get_source(name: str) -> Source:
    """The catalogue entry called ``name``; raises UnknownSourceError listing the known names."""
    sources = catalogue()
    if name not in sources:
        raise UnknownSourceError(f"unknown source {name!r}; known sources: {', '.join(sources)}")
    return sources[name]
