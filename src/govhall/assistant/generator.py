"""The assistant's view of :mod:`govhall.llm`: drafts, citations and the one generator path.

The protocol and its backends live in :mod:`govhall.llm.generators` so that the policy library can
compose through the same generator (a turn makes at most one LLM call); the dialogue imports them
from here.
"""

from govhall.llm import (
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
    "REWORDABLE",
    "Citation",
    "Draft",
    "ExtractiveGenerator",
    "Generator",
    "OpenAIGenerator",
    "ReplyStream",
    "make_generator",
    "stream_reply",
]
