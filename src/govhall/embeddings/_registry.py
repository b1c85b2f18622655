"""One embedder per process and backend, picked by ``GOVHALL_EMBEDDER`` from :data:`govhall.registry.EMBEDDERS`."""

from __future__ import annotations

from govhall.config import Settings
from govhall.embeddings._protocol import Embedder
from govhall.registry import EMBEDDERS

_cache: dict[tuple[str, str, str], Embedder | None] = {}


def get_embedder(settings: Settings) -> Embedder | None:
    """The embedder the settings name (``None`` for ``none``); one instance per process and backend.

    A loaded model is read-only, so sharing it between requests keeps no state a worker needs.
    """
    key = (settings.embedder, str(settings.embedder_path), settings.embedder_url)
    if key not in _cache:
        embedder: Embedder | None = EMBEDDERS.get(settings.embedder)(settings)
        _cache[key] = embedder
    return _cache[key]
