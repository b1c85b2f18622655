"""Language-model plumbing below the assistant and the policy library: one OpenAI-compatible
client (:mod:`govhall.llm.client`) and the ``Generator`` protocol with its backends
(:mod:`govhall.llm.generators`), registered in :data:`govhall.registry.GENERATORS`."""

from govhall.llm.client import FAILURES, OpenAIClient
from govhall.llm.generators import (
    REWORDABLE,
    Citation,
    Draft,
    ExtractiveGenerator,
    Generator,
    OpenAIGenerator,
    ReplyStream,
    make_generator,
    stream_reply,
)

__all__ = [
    "FAILURES",
    "REWORDABLE",
    "Citation",
    "Draft",
    "ExtractiveGenerator",
    "Generator",
    "OpenAIClient",
    "OpenAIGenerator",
    "ReplyStream",
    "make_generator",
    "stream_reply",
]
