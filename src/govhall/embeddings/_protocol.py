"""The ``Embedder`` protocol every backend satisfies."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of ``dim`` dimensions.

    ``name`` identifies the model and its settings: vectors cached under one name are never mixed
    with another's. Queries and passages are embedded separately because e5-style models prefix
    them differently (``query: `` / ``passage: ``).
    """

    name: str
    dim: int

    def embed_queries(self, texts: Sequence[str]) -> npt.NDArray[np.float32]: ...

    def embed_passages(self, texts: Sequence[str]) -> npt.NDArray[np.float32]: ...
