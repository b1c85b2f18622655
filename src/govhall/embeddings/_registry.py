"""A registry of named backend factories (as spaCy does): configuration picks, code never branches."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from govhall.config import Settings
from govhall.embeddings._protocol import Embedder
from govhall.errors import BadInput

T = TypeVar("T")


class Registry(Generic[T]):
    """Factories ``Settings -> T`` by name."""

    def __init__(self, kind: str, setting: str) -> None:
        self.kind = kind
        self.setting = setting
        self._factories: dict[str, Callable[[Settings], T | None]] = {}

    def register(self, name: str) -> Callable[[Callable[[Settings], T | None]], Callable[[Settings], T | None]]:
        def decorate(factory: Callable[[Settings], T | None]) -> Callable[[Settings], T | None]:
            self._factories[name] = factory
            return factory

        return decorate

    def names(self) -> list[str]:
        return sorted(self._factories)

    def create(self, name: str, settings: Settings) -> T | None:
        if name not in self._factories:
            raise BadInput(
                f"unknown_{self.kind}",
                f"设置 {self.setting} 的取值“{name}”无效，可选：{'、'.join(self.names())}",
            )
        return self._factories[name](settings)


EMBEDDERS: Registry[Embedder] = Registry("embedder", "GOVHALL_EMBEDDER")

_cache: dict[tuple[str, str, str], Embedder | None] = {}


def get_embedder(settings: Settings) -> Embedder | None:
    """The embedder the settings name (``None`` for ``none``); one instance per process and backend.

    A loaded model is read-only, so sharing it between requests keeps no state a worker needs.
    """
    import govhall.embeddings.backends  # noqa: F401  (registers the backends)

    key = (settings.embedder, str(settings.embedder_path), settings.embedder_url)
    if key not in _cache:
        _cache[key] = EMBEDDERS.create(settings.embedder, settings)
    return _cache[key]
