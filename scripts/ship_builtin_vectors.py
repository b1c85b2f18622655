"""Recompute the shipped dense vectors of the built-in policy library (run after its texts change).

    .venv/bin/python scripts/ship_builtin_vectors.py [--cache DATA_DIR]

Writes ``src/govhall/policies/data/vectors/<embedder>/chunk-builtin.npz`` holding exactly the
current built-in articles and their clauses; vectors already shipped or cached under ``--cache`` (a GOVHALL_DATA_DIR
that has embedded the library) are reused, the rest are embedded here (minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np

from govhall.config import Settings
from govhall.db import make_engine, make_session_factory, upgrade
from govhall.embeddings import get_embedder
from govhall.policies import ensure_builtin
from govhall.policies.index import SHIPPED_VECTORS, _read_cache, embed_pending, vector_keys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cache", type=Path, help="a data dir whose vectors to reuse")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), database_url=f"sqlite:///{tmp}/lib.db")  # type: ignore[arg-type]
        upgrade(settings.resolved_database_url)
        embedder = get_embedder(settings)
        assert embedder is not None, "GOVHALL_EMBEDDER must name a dense embedder"
        factory = make_session_factory(make_engine(settings.resolved_database_url))
        with factory() as db:
            ensure_builtin(db)
            db.commit()
            wanted = sorted(vector_keys(db))
            if args.cache:
                own = settings.data_dir / "policies" / "vectors" / embedder.name
                own.mkdir(parents=True, exist_ok=True)
                keys, vectors = _read_cache(args.cache / "policies" / "vectors" / embedder.name)
                np.savez(own / "chunk-reused.npz", keys=keys, vectors=vectors)
            embed_pending(db, settings, embedder, lambda done, total: print(f"\r{done}/{total}", end=""))
        parts = [
            _read_cache(SHIPPED_VECTORS / embedder.name),
            _read_cache(settings.data_dir / "policies" / "vectors" / embedder.name),
        ]
        keys = np.concatenate([k for k, v in parts if k.size])
        vectors = np.concatenate([v for k, v in parts if k.size])
        first = {int(k): i for i, k in reversed(list(enumerate(keys.tolist())))}
        order = [first[k] for k in wanted]
        target = SHIPPED_VECTORS / embedder.name
        target.mkdir(parents=True, exist_ok=True)
        for old in target.glob("chunk-*.npz"):
            old.unlink()
        np.savez_compressed(target / "chunk-builtin.npz", keys=keys[order], vectors=vectors[order])
        print(f"\n{len(order)} vectors → {target}")


if __name__ == "__main__":
    main()
