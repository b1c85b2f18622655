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
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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

_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("identity", re.compile(r"(?:你|您)是(?:不是)?(?:真人|机器人?|人工智能|AI|谁|程序)|是机器|自动回复")),
    (
        "handoff",
        re.compile(
            r"转人工|人工客服|人工服务|找人工|接人工|(?:我要|我想|给我|帮我)找.{0,8}?(?:真人|工作人员|专人)|找(?:个)?(?:真人|工作人员|专人)|工作人员.{0,4}(?:跟|和|给|联系|回复)"
            r"|(?:让|叫|请|安排).{0,4}(?:人|工作人员|客服).{0,6}(?:说|讲|回复|联系|处理|打电话|回电话|来电话)"
        ),
    ),
    ("complain", re.compile(r"投诉|举报|反映|曝光|不作为|乱收费")),
    ("deny", re.compile(r"^(?:不是|不对|没有|不用|不要|否)|不是(?:要)?投诉|没说要")),
    ("cancel", re.compile(r"^(?:取消|不办了|算了|不申请了|不用了|不想办了)|取消申请|不办了")),
    ("restart", re.compile(r"重新开始|重来|重新来|重新填|从头")),
    ("thanks", re.compile(r"谢谢|感谢|多谢|辛苦了|thank|再见|拜拜|没有?别的问题|知道了|明白了", re.IGNORECASE)),
    ("greet", re.compile(r"^(?:你好|您好|在吗|hello|hi|早上好|下午好|晚上好)", re.IGNORECASE)),
    ("correct", re.compile(r"说错|写错|填错|打错|搞错|更正|改成|改为|应该是")),
    ("confirm", re.compile(r"^(?:确认|是的?|对的?|没问题|好的?|可以|确定|ok)[。！!]?$", re.IGNORECASE)),
    ("ask", re.compile(r"[?？]|吗|什么|怎么|多久|多少|哪|能不能|可不可以|要不要|啥")),
)


@dataclass(frozen=True)
class ActReading:
    act: str
    confidence: float
    source: str
    """``model`` or ``rules``."""


def rule_act(text: str) -> str | None:
    """The first act whose cue the text shows, or None."""
    for act, pattern in _RULES:
        if pattern.search(text):
            return act
    return None


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
