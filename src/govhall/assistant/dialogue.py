"""One conversation turn (对话轮次): read the state, decide, reply, write the state back.

The state lives in the ``AssistantSession`` row (see ``models.py``); this module holds the rules.
Stages: ``idle`` → (``offered``: an item was explained, "办理" starts it) → ``filling`` (asking for
missing fields) → ``confirming`` (masked summary shown) → ``submitted``; ``choosing`` after a
"don't know" that listed the likeliest items. Side questions, status queries, hand-off, cancel and
restart are answered from any stage without losing the filled fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from govhall import cases, policies
from govhall.accounts import Role, User
from govhall.assistant.generator import Draft, Generator
from govhall.assistant.guide import guide_answer, guide_aspect, is_question
from govhall.assistant.knowledge import (
    GraphSource,
    asked_document,
    eligibility_answer,
    is_eligibility_question,
    materials_answer,
    read_profile,
)
from govhall.assistant.models import AssistantSession
from govhall.assistant.routing import Route, Router
from govhall.assistant.slots import ask_text, fill, missing_required, summary_text
from govhall.cases import NEXT_STEP, STATE_LABELS, State, WorkCalendar
from govhall.config import Settings
from govhall.errors import FormInvalid, GovhallError, PermissionDenied
from govhall.text import extract

__all__ = ["COMPLAINT_CODE", "MAX_FAILURES", "Turn", "TurnResult"]

COMPLAINT_CODE = "complaint-12345"
MAX_FAILURES = 3
ASK_AT_ONCE = 2
_MEANINGFUL = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_HANDOFF = re.compile(r"转人工|人工客服|人工服务|找人工|真人|接人工|工作人员帮")
_CANCEL = re.compile(r"^(?:取消|不办了|算了|不申请了|不用了|不想办了)|取消申请|不办了")
_RESTART = re.compile(r"重新开始|重来|重新来|重新填|从头")
_SWITCH = re.compile(r"不是|改办|换成|改成|改为|弄错")
_CONFIRM = re.compile(
    r"^(?:确认|提交|是的?|对的?|没问题|好的?|可以|确定|ok|OK)[。！!]?$|确认提交|确认无误|可以提交"
    r"|^(?:对|好的?|行|嗯|确认)?[，,]?\s*(?:那就|就|先)?提交(?:申请)?吧?(?:[，,]\s*确认)?[。！!]?$"
)
"""A confirmation: "确认提交", "对，提交吧", "好的，那就提交"; never "先不提交" or "照片拍好再提交"."""
_START = re.compile(r"^(?:办理|我要办|开始办理|好的?|要|申请|我要申请|办吧|那就办)|帮我办|现在办|开始申请")
_GREETING = re.compile(r"你好|您好|在吗|谢谢|感谢|再见|hello|hi", re.IGNORECASE)
_REQUEST_TYPES = ("投诉", "建议", "举报", "求助", "咨询")
_ORDINALS = {"1": 0, "一": 0, "2": 1, "二": 1, "两": 1, "3": 2, "三": 2}
_COMPLAINT_CUE = re.compile(r"投诉|举报|建议|反映|曝光|不作为|太差|乱收费")
_PERSONAL = frozenset({"id_card", "phone", "bank_card"})
"""Entity types that only an application carries: nobody gives an ID number to ask a question."""


@dataclass
class TurnResult:
    """What one turn returns to the API, the page and ``govhall chat``."""

    reply: str
    intent: str | None = None
    service: dict[str, str] | None = None
    form: dict[str, Any] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    citations: list[dict[str, Any]] = field(default_factory=list)
    case: dict[str, Any] | None = None
    handoff: bool = False
    stage: str = "idle"

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Turn:
    """Everything a turn needs besides the text: the stored state and the collaborators."""

    db: Session
    settings: Settings
    calendar: WorkCalendar
    router: Router
    generator: Generator
    items: dict[str, dict[str, Any]]
    row: AssistantSession
    user: User | None
    number: int
    flagged_now: bool = False
    graph: GraphSource | None = None

    # -- state helpers -------------------------------------------------------------------------

    def filled(self) -> dict[str, Any]:
        return {name: entry["value"] for name, entry in (self.row.fields or {}).items()}

    def item(self) -> dict[str, Any] | None:
        return self.items.get(self.row.item_code or "")

    def form(self) -> dict[str, Any]:
        item = self.item()
        return item["form"] if item else {}

    def _set_fields(self, values: dict[str, Any]) -> None:
        fields = dict(self.row.fields or {})
        for name, value in values.items():
            fields[name] = {"value": value, "turn": self.number}
        self.row.fields = fields

    def _start(self, code: str, intent: str = "apply") -> None:
        self.row.item_code = code
        self.row.stage = "filling"
        self.row.fields = {}
        self.row.pending = {}
        self.row.case_number = None

    def _fail(self) -> None:
        self.row.failures = (self.row.failures or 0) + 1
        if self.row.failures >= MAX_FAILURES and not self.row.handoff:
            self.row.handoff = True
            self.row.handoff_reason = "repeated_failures"
            self.flagged_now = True

    def result(self, reply: str, *, kind: str = "form", text: str = "", **extra: Any) -> TurnResult:
        item = self.item()
        form = self.form()
        missing = missing_required(form, self.filled()) if form and self.row.stage != "submitted" else []
        composed = self.generator.compose(Draft(kind, reply, text))
        if self.flagged_now:
            composed += "\n（多次没能理解您的意思，已为您转接人工客服，工作人员会尽快查看本次对话。）"
        return TurnResult(
            reply=composed,
            service={"code": item["code"], "name": item["name"]} if item else None,
            form=self.filled(),
            missing=missing,
            handoff=self.row.handoff,
            stage=self.row.stage,
            **extra,
        )

    # -- the turn ------------------------------------------------------------------------------

    def take(self, text: str) -> TurnResult:
        if not _MEANINGFUL.search(text):
            self._fail()
            return self.result("抱歉，我没有看懂。请用文字告诉我您想办理或咨询的事情，例如“我想申请低保”。")
        if _HANDOFF.search(text):
            self.row.handoff, self.row.handoff_reason = True, "requested"
            return self.result("好的，已为您转接人工客服。工作人员会查看本次对话和已填写的信息，并尽快与您联系。")
        stage = self.row.stage
        if stage in ("filling", "confirming") and _CANCEL.search(text):
            code = str(self.row.item_code)
            name = (self.item() or {}).get("name", "")
            self.row.stage, self.row.item_code, self.row.fields = "idle", None, {}
            self.row.pending = {"topic": code}
            switch = self._switch_target(text, code)
            if switch is not None:  # "低保不办了，改办失业金"
                return self._begin(switch, "apply", text, prefix=f"好的，“{name}”不办了。")
            return self.result(f"已取消“{name}”的申请，填写的信息已清除。还有什么可以帮您？")
        if stage in ("filling", "confirming", "submitted") and self.item() and _RESTART.search(text):
            code = str(self.row.item_code)
            switch = self._switch_target(text, code)
            return self._begin(switch or code, "apply", text, prefix="好的，我们重新开始。")
        if stage in ("filling", "confirming") and self.item() and _SWITCH.search(text):
            switch = self._switch_target(text, str(self.row.item_code))
            if switch is not None:  # "不对，不是护照，我要办的是居住证"
                return self._begin(switch, "apply", text, prefix="好的，为您改办。")
        topic = (self.row.pending or {}).get("topic")
        if stage == "idle" and topic in self.items and _RESTART.search(text):
            return self._begin(str(topic), "apply", text, prefix="好的，我们重新开始。")
        if stage == "confirming" and _CONFIRM.search(text.strip()):
            return self.submit()
        if stage == "choosing":
            chosen = self._choice(text)
            if chosen is not None:
                return self._begin(chosen, str((self.row.pending or {}).get("intent", "apply")), text)
        offered = stage == "offered" and self.item() and not is_question(text)
        if offered and (_START.search(text.strip()) or self._personal(text)):
            return self._begin(str(self.row.item_code), "apply", text)
        if stage in ("filling", "confirming") and self.item():
            return self.filling(text)
        known = self.knowledge(text)
        if known is not None:
            return known
        route = self.router.route(text)
        result = self.routed(text, route)
        if route.service_code not in (None, COMPLAINT_CODE) and route.intent in ("apply", "consult", "query_status"):
            topic = route.service_code
        if topic and self.row.stage in ("idle", "choosing", "offered"):
            self.row.pending = {**(self.row.pending or {}), "topic": topic}
        return result

    def _personal(self, text: str) -> bool:
        """Whether the message carries the citizen's identifiers (ID, mobile, bank card)."""
        return any(entity.type in _PERSONAL for entity in extract(text))

    def _switch_target(self, text: str, current: str) -> str | None:
        """The other item a cancel or restart names last ("不是护照，我要办的是居住证"), if any."""
        mentioned = self.router.mentioned(text)
        if mentioned and mentioned[0] not in (current, COMPLAINT_CODE):
            return mentioned[0]
        return None

    def _application_target(self, text: str, route: Route) -> str | None:
        """The item a message applies for although the models read it otherwise, or None.

        A message with the citizen's ID number, mobile or bank card is an application (a long one-shot
        application reads like a consultation to a model trained on short questions), and without a
        complaint word it is not a complaint; its item is the routed one, else the one it names, else
        the one the conversation was about (``topic``).
        """
        if route.intent == "apply" and route.service_code not in (None, COMPLAINT_CODE):
            return None
        if _COMPLAINT_CUE.search(text) or route.intent == "query_status":
            return None
        personal = self._personal(text)
        if not personal and route.intent != "apply":
            return None
        mentioned = [c for c in self.router.mentioned(text) if c != COMPLAINT_CODE]
        topic = (self.row.pending or {}).get("topic")
        candidates = [*mentioned, topic]
        if route.intent in ("consult", "other") or not route.sure:
            candidates.insert(0, route.service_code)
        return next((str(c) for c in candidates if c in self.items and c != COMPLAINT_CODE), None)

    def _choice(self, text: str) -> str | None:
        choices = list((self.row.pending or {}).get("choices", []))
        stripped = text.strip().removeprefix("第").rstrip("个项。.")
        if stripped in _ORDINALS and _ORDINALS[stripped] < len(choices):
            return str(choices[_ORDINALS[stripped]])
        for code in choices:
            if self.items.get(code, {}).get("name", "\0") in text:
                return str(code)
        return None

    def routed(self, text: str, route: Route) -> TurnResult:
        target = self._application_target(text, route)
        if target is not None:
            return self._begin(target, "apply", text, route)
        if not route.sure or (route.intent in ("apply", "consult") and route.service_code is None):
            if route.intent == "consult":
                answered = self.policy_answer(text, route)
                if answered is not None:
                    return answered
            if route.intent == "other" and _GREETING.search(text):
                return self.result(
                    "您好！我是政务服务智能助手，可以帮您咨询办事指南和政策、在线填写并提交申请、查询办件进度、"
                    "反映投诉建议。请问有什么可以帮您？",
                    kind="chat",
                    text=text,
                    intent="other",
                )
            return self.dont_know(route)
        if route.intent == "query_status":
            return self.status(route)
        if route.intent == "complain":
            return self._begin(COMPLAINT_CODE, "complain", text, route)
        if route.intent == "other":
            if _GREETING.search(text):
                return self.routed(text, Route(text, "other", 0.0, None, None, 0.0))
            self._fail()
            return self.result(
                "这个问题我暂时无法回答。我可以帮您咨询和办理政务服务事项，例如“失业金怎么领”“我想办居住证”。",
                kind="chat",
                text=text,
                intent="other",
            )
        assert route.service_code is not None
        return self._begin(route.service_code, route.intent, text, route)

    def _begin(self, code: str, intent: str, text: str, route: Route | None = None, *, prefix: str = "") -> TurnResult:
        item = self.items[code]
        if intent == "consult":
            self.row.item_code, self.row.stage, self.row.pending = code, "offered", {}
            return self.consult(text, item, route)
        self._start(code)
        values: dict[str, Any] = {}
        prefix += f"好的，我来帮您办理“{item['name']}”（{item['department']}）。"
        if code == COMPLAINT_CODE:
            kind = next((t for t in _REQUEST_TYPES if t in text), "投诉")
            values["request_type"] = kind
            if len(text.strip()) >= 10:
                values["content"] = text.strip()
            department = self._complaint_department(route)
            self.row.routed_department = department
            prefix = f"已记录您的{kind}，将通过12345热线受理" + (f"并转交{department}办理" if department else "") + "。"
        update = fill(item["form"], text, current={}, pending=[])
        values.update(update.values)
        self._set_fields(values)
        return self.ask_next(prefix=prefix, intent=intent)

    def _complaint_department(self, route: Route | None) -> str | None:
        """The department a complaint is about: that of the likeliest item other than 12345 itself."""
        if route is None:
            return None
        for code, _name, score in route.alternatives:
            if code != COMPLAINT_CODE and score >= 0.15:
                return str(self.items[code]["department"])
        return None

    def filling(self, text: str) -> TurnResult:
        form = self.form()
        if _CONFIRM.search(text.strip()):  # "确认提交" before everything is filled is not an answer
            return self.ask_next(prefix="还有必填信息没有提供，暂时不能提交。", intent="apply")
        pending = list((self.row.pending or {}).get("fields", []))
        question = is_question(text)
        # a question is never taken as the answer to ours ("要带户口本吗？" is not an employer's name)
        update = fill(form, text, current=self.filled(), pending=[] if question else pending)
        if update.values or update.problems:
            self._set_fields(update.values)
            notes = []
            if update.corrected:
                titles = "、".join(form["properties"][n].get("title", n) for n in update.corrected)
                notes.append(f"已将{titles}更正。")
            for message in update.problems.values():
                notes.append(f"{message}，请重新提供。")
            if update.problems:
                self.row.pending = {"fields": list(update.problems)[:ASK_AT_ONCE]}
                return self.result("".join(notes), intent="apply")
            return self.ask_next(prefix="".join(notes) or "好的。", intent="apply")
        item = self.item()
        assert item is not None
        if question or guide_aspect(text):
            route = self.router.route(text)
            if route.intent == "query_status":
                status = self.status(route)
                return self.ask_next(prefix=status.reply + "\n\n我们继续办理：", intent="query_status")
            target = item
            if route.service_code and route.service_code != item["code"] and route.service_confidence >= 0.6:
                target = self.items[route.service_code]
            answer, citation = guide_answer(target, text)
            resumed = self.ask_next(prefix=answer + "\n\n我们继续办理：", intent="consult")
            resumed.citations = [citation]
            return resumed
        self._fail()
        return self.ask_next(prefix="抱歉，没能从您的回复中识别出需要的信息。", intent="apply")

    def ask_next(self, *, prefix: str = "", intent: str = "apply") -> TurnResult:
        form = self.form()
        missing = missing_required(form, self.filled())
        if missing:
            asked = missing[:ASK_AT_ONCE]
            self.row.stage, self.row.pending = "filling", {"fields": asked}
            return self.result(f"{prefix}{ask_text(form, asked)}", intent=intent)
        self.row.stage, self.row.pending = "confirming", {}
        summary = summary_text(form, self.filled())
        return self.result(
            f"{prefix}信息已填写完整，请核对（个人信息已部分隐藏）：\n{summary}\n"
            "确认无误请回复“确认”提交；需要修改请直接告诉我，例如“电话改成139…”。",
            intent=intent,
        )

    def submit(self) -> TurnResult:
        item = self.item()
        assert item is not None
        if self.user is None or self.user.role != Role.CITIZEN:
            return self.result(
                "提交申请需要先登录群众账号。您填写的信息已保存，登录后回复“确认”即可提交。", intent="apply"
            )
        data = self.filled()
        try:
            case = cases.submit(self.db, self.user, item["code"], data, self.calendar)
        except FormInvalid as exc:
            fields = dict(self.row.fields or {})
            for name in exc.fields:
                fields.pop(name, None)
            self.row.fields = fields
            problems = "；".join(exc.fields.values())
            return self.ask_next(prefix=f"提交前检查发现问题：{problems}。", intent="apply")
        except PermissionDenied as exc:
            return self.result(exc.message, intent="apply")
        self.row.stage, self.row.case_number, self.row.pending, self.row.failures = "submitted", case.number, {}, 0
        routed = f"，将转交{self.row.routed_department}办理" if self.row.routed_department else ""
        return self.result(
            f"已提交！办件编号：{case.number}（{item['name']}，{case.department}受理{routed}）。"
            f"当前状态：{STATE_LABELS[State(case.state)]}；承诺时限 {item['time_limit_days']} 个工作日。"
            "您可以随时问我“我的申请到哪一步了”。",
            intent="apply",
            case={"number": case.number, "state": case.state, "department": case.department},
        )

    def status(self, route: Route) -> TurnResult:
        if self.user is None:
            return self.result("查询办件进度需要先登录。登录后问我“我的申请到哪一步了”即可。", intent="query_status")
        if self.user.role != Role.CITIZEN:
            return self.result("办件进度查询仅面向群众账号，工作人员请在待办队列中查看。", intent="query_status")
        code = route.service_code if route.service_code != COMPLAINT_CODE or "投诉" in route.text else None
        page = cases.list_cases(self.db, self.user, item_code=code, limit=5)
        if not page.items and code:
            page = cases.list_cases(self.db, self.user, limit=5)
        if not page.items:
            return self.result("没有查到您提交过的办件。需要办理的话，告诉我想办什么即可。", intent="query_status")
        lines = []
        for case in page.items:
            state = State(case.state)
            lines.append(f"· {case.item_name}（{case.number}）：{STATE_LABELS[state]}。下一步：{NEXT_STEP[state]}")
        first = page.items[0]
        return self.result(
            "为您查到以下办件：\n" + "\n".join(lines),
            intent="query_status",
            case={"number": first.number, "state": first.state, "department": first.department},
        )

    def consult(self, text: str, item: dict[str, Any], route: Route | None) -> TurnResult:
        answer, citation = guide_answer(item, text)
        citations = [citation]
        policy = self._policy(text)
        if policy is not None and policy.grounded:
            offset = len(citations)
            renumbered = re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + offset}]", policy.answer)
            answer += f"[1]\n\n相关政策：{renumbered}"
            citations.extend(policy.citations)
        else:
            answer += "[1]"
        return self.result(
            f"{answer}\n\n如需办理，回复“办理”即可开始在线填写申请。",
            kind="answer",
            text=text,
            intent="consult",
            citations=citations,
        )

    def knowledge(self, text: str) -> TurnResult | None:
        """Questions across items, from the knowledge graph; None for everything else.

        "哪些事要带户口簿？" lists the items whose materials need it (or, when it names several
        items, says yes or no for each); "我65岁、独居、低收入，能申请什么？" runs the eligibility
        rules over what the message says. Neither fits the one-item router, which would pick one
        item at random among many equally likely ones.
        """
        if self.graph is None:
            return None
        eligibility = is_eligibility_question(text)
        if not eligibility and not is_question(text):
            return None
        mentioned = [c for c in self.router.mentioned(text) if c in self.items and c != COMPLAINT_CODE]
        document = asked_document(text, mentioned)
        if document is not None:
            answer, citations = materials_answer(self.graph(), document, self.items, mentioned)
        elif eligibility:
            names = {code: str(item["name"]) for code, item in self.items.items() if code != COMPLAINT_CODE}
            answer, citations = eligibility_answer(read_profile(text), names, self.graph())
        else:
            return None
        return self.result(answer, kind="answer", text=text, intent="consult", citations=citations)

    def _policy(self, text: str) -> policies.Answer | None:
        try:
            return policies.ask(self.db, self.settings, text)
        except GovhallError:
            return None

    def policy_answer(self, text: str, route: Route) -> TurnResult | None:
        policy = self._policy(text)
        if policy is None or not policy.grounded:
            return None
        return self.result(policy.answer, kind="answer", text=text, intent="consult", citations=policy.citations)

    def dont_know(self, route: Route) -> TurnResult:
        self._fail()
        choices = [code for code, _name, score in route.alternatives if score >= 0.05][:3]
        if not choices:
            return self.result("抱歉，我不太确定您要办理什么。请换个说法，或告诉我事项名称，例如“居住证”“失业金”。")
        self.row.stage = "choosing"
        self.row.pending = {"choices": choices, "intent": "consult" if route.intent == "consult" else "apply"}
        listing = "\n".join(f"{n}. {self.items[c]['name']}" for n, c in enumerate(choices, 1))
        return self.result(
            f"抱歉，我不太确定您的意思。您是想办理以下哪一项？回复序号即可：\n{listing}\n也可以换个说法，或回复“转人工”。",
            intent="unknown",
        )
