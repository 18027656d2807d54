"""Loaders, one module per source format, looked up by source name: ``get_loader("unvotes")``."""

from __future__ import annotations

from dyadscope.errors import UnknownSourceError
from dyadscope.loaders.atop import AtopLoader
from dyadscope.loaders.base import Loader, LoadResult, load_parts, run_load
from dyadscope.loaders.cow_alliance import CowAllianceLoader
from dyadscope.loaders.cow_contiguity import CowContiguityLoader
from dyadscope.loaders.cow_distance import CowDistanceLoader
from dyadscope.loaders.cow_igo import CowIgoLoader
from dyadscope.loaders.cow_states import CowStatesLoader, GwStatesLoader
from dyadscope.loaders.cow_trade import CowTradeLoader
from dyadscope.loaders.gdelt import GdeltLoader
from dyadscope.loaders.icews import IcewsLoader
from dyadscope.loaders.curated import CuratedLoader
from dyadscope.loaders.idealpoints import IdealpointsLoader
from dyadscope.loaders.plover import PloverLoader
from dyadscope.loaders.polecat import PolecatLoader
from dyadscope.loaders.rivalries import RivalriesLoader
from dyadscope.loaders.text import TextLoader
from dyadscope.loaders.unvotes import UnvotesLoader
from dyadscope.loaders.unxml import UnxmlLoader

LOADERS: dict[str, type[Loader]] = {
    cls.source: cls
    for cls in (UnvotesLoader, UnxmlLoader, IdealpointsLoader, AtopLoader, CowAllianceLoader, CowTradeLoader, CowIgoLoader,
                CowStatesLoader, GwStatesLoader, CowContiguityLoader, RivalriesLoader, CowDistanceLoader,
                CuratedLoader)
}
#: event-data loaders: user-supplied files, one part per file, optional ``actors`` filter
EVENT_LOADERS: dict[str, type[Loader]] = {cls.source: cls for cls in (GdeltLoader, IcewsLoader, PolecatLoader, PloverLoader,
                                                                     TextLoader)}
LOADERS.update(EVENT_LOADERS)


def get_loader(name: str, registry=None) -> Loader:
    """The loader for source ``name``; raises UnknownSourceError listing the known sources."""
    if name not in LOADERS:
        raise UnknownSourceError(f"unknown source {name!r}; known sources: {', '.join(LOADERS)}")
    return LOADERS[name](registry)


__all__ = ["EVENT_LOADERS", "LOADERS", "Loader", "LoadResult", "get_loader", "load_parts", "run_load"]
