"""The assistant (智能助手): routing, dialogue state, form filling, answers, hand-off.

One conversation turn takes a citizen's message to an answer with citations or to the next question
of an application, and finally to a submitted case. ``POST /api/assistant/…``, the ``/assistant``
page and ``govhall chat`` / ``govhall classify`` are thin adapters over :class:`Assistant`,
:class:`Router` and :func:`train_routing`. The generators that reword its drafts are
:mod:`govhall.llm`'s, imported from there (one place names them).
"""

from govhall.assistant.dialogue import TurnResult
from govhall.assistant.models import AssistantSession
from govhall.assistant.routing import INTENTS, Route, Router
from govhall.assistant.service import (
    FEEDBACK_RATINGS,
    MAX_MESSAGE_CHARS,
    Assistant,
    TurnStream,
    check_message,
    clerk_view,
    conversation_turns,
    flagged_sessions,
    get_session,
    mark_handled,
    new_browser_key,
    open_session,
    record_feedback,
    replay_dialogue,
    staff_reply,
)
from govhall.assistant.training import SHIPPED_INTENTS, read_intents, train_routing

__all__ = [
    "FEEDBACK_RATINGS",
    "INTENTS",
    "MAX_MESSAGE_CHARS",
    "SHIPPED_INTENTS",
    "Assistant",
    "AssistantSession",
    "Route",
    "Router",
    "TurnResult",
    "TurnStream",
    "check_message",
    "clerk_view",
    "conversation_turns",
    "flagged_sessions",
    "get_session",
    "mark_handled",
    "new_browser_key",
    "open_session",
    "read_intents",
    "record_feedback",
    "replay_dialogue",
    "staff_reply",
    "train_routing",
]
