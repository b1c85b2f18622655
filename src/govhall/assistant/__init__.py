"""The assistant (智能助手): routing, dialogue state, form filling, answers, hand-off.

One conversation turn takes a citizen's message to an answer with citations or to the next question
of an application, and finally to a submitted case. ``POST /api/assistant/…``, the ``/assistant``
page and ``govhall chat`` / ``govhall classify`` are thin adapters over :class:`Assistant`,
:class:`Router` and :func:`train_routing`. The generators that reword its drafts are
:mod:`govhall.llm`'s, imported from there (one place names them).
"""

from govhall.assistant import service
from govhall.assistant.dialogue import TurnResult
from govhall.assistant.models import AssistantSession
from govhall.assistant.routing import INTENTS, Route, Router
from govhall.assistant.service import *  # noqa: F403  (its __all__ is the package's, listed once there)
from govhall.assistant.training import SHIPPED_INTENTS, read_intents, train_routing

__all__ = [
    "INTENTS",
    "SHIPPED_INTENTS",
    "AssistantSession",
    "Route",
    "Router",
    "TurnResult",
    "read_intents",
    "train_routing",
]
__all__ += service.__all__
