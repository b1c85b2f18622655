"""Dialogue acts (对话行为): what a message does in the conversation, whatever its topic.

Intent and item say *what* a citizen wants; the act says what this message does to the dialogue:
gives a value (inform), asks (ask), corrects, confirms or denies, cancels, restarts or switches the
application, thanks, greets, asks who is answering (identity), asks for a person (handoff) or
complains. The acts are a model of the project's learn pipeline (task ``dialogue_act``), trained by
:func:`govhall.assistant.train_routing` from ``data/acts.jsonl`` (written for this purpose, never
grown from an evaluation set), so "你是真人还是机器人" and "能不能让工作人员跟我说" are told apart by
what the sentences look like as a whole rather than by one shared word. The cue rules below are only
the fallback for an installation where no act model is active.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govhall.assistant._cues import cue_table, first_cue
from govhall.assistant._fast import FastLinear, fast_proba
from govhall.errors import ModelMissing
from govhall.learn import Classifier, ModelRegistry

__all__ = ["ACTS", "ACT_TASK", "CROSS_STAGE", "SHIPPED_ACTS", "ActReading", "DialogueActs", "rule_act", "train_acts"]

ACTS = (
    "inform",
    "ask",
    "correct",
    "confirm",
    "deny",
    "cancel",
    "restart",
    "switch",
    "thanks",
    "greet",
    "identity",
    "handoff",
    "complain",
    "other",
)
ACT_TASK = "dialogue_act"
SHIPPED_ACTS = Path(__file__).parent / "data" / "acts.jsonl"
CROSS_STAGE = frozenset({"thanks", "greet", "identity", "handoff", "cancel", "restart", "switch", "deny"})
"""Acts the dialogue handles before any stage's own handler."""
ACT_THRESHOLD = 0.35
"""Below this the model's reading is replaced by the cue rules' (when they find a cue)."""

_RULES = cue_table("acts")


@dataclass(frozen=True)
class ActReading:
    act: str
    confidence: float
    source: str
    """``model`` or ``rules``."""


def rule_act(text: str) -> str | None:
    """The first act whose cue the text shows, or None."""
    return first_cue(_RULES, text)


_LOADED: dict[tuple[str, str], DialogueActs] = {}


class DialogueActs:
    """The active act model of a models folder, with the cue rules as fallback."""

    def __init__(self, model: Classifier | None) -> None:
        self.model = model
        self.fast = FastLinear.wrap(model) if model is not None else None

    @classmethod
    def from_registry(cls, models_dir: Path) -> DialogueActs:
        registry = ModelRegistry(models_dir)
        try:
            path = registry.active_path(ACT_TASK)
        except ModelMissing:
            return cls(None)  # an installation trained before acts existed: rules only
        meta = path / "govhall-model.json"
        stamp = json.loads(meta.read_text(encoding="utf-8")).get("saved_at", "") if meta.is_file() else ""
        key = (str(path.resolve()), str(stamp))
        reader = _LOADED.get(key)
        if reader is None:
            reader = _LOADED[key] = cls(registry.load_active(ACT_TASK))
        return reader

    def read(self, text: str) -> ActReading:
        ruled = rule_act(text)
        if self.model is None:
            return ActReading(ruled or "inform", 0.0, "rules")
        probs = fast_proba(self.model, self.fast, [text])[0]
        best = int(probs.argmax())
        act, confidence = str(self.model.labels[best]), float(probs[best])
        if confidence < ACT_THRESHOLD and ruled is not None:
            return ActReading(ruled, confidence, "rules")
        return ActReading(act, confidence, "model")


def train_acts(
    models_dir: Path, *, data: Path = SHIPPED_ACTS, prefix: str = "assistant", activate: bool = True
) -> dict[str, Any]:
    """Train (and activate) ``{prefix}-dialogue-act`` with ``govhall train``'s own use case; its card."""
    from govhall import learn  # scikit-learn loads only when training

    rows = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines() if line.strip()]
    registry = learn.ModelRegistry(models_dir)
    with tempfile.TemporaryDirectory(prefix="govhall-acts-") as tmp:
        path = Path(tmp) / "acts.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps({"text": row["text"], "label": row["act"]}, ensure_ascii=False) + "\n")
        spec = learn.TrainSpec(
            data=path,
            task=ACT_TASK,
            name=f"{prefix}-dialogue-act",
            overwrite=True,
            test_ratio=0.1,
            seed=42,
            tfidf=learn.TfidfConfig(char_ngram_max=3, c=2.0, class_weight="balanced"),
        )
        card = learn.train_model(spec, registry)
        if activate:
            registry.activate(ACT_TASK, card["name"])
    return card
