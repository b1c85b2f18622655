"""One conversation turn (对话轮次): read the state, decide, reply, write the state back.

The state lives in the ``AssistantSession`` row (see ``models.py``); this module holds the rules.
Stages: ``idle`` → (``offered``: an item was explained, "办理" starts it) → ``filling`` (asking for
missing fields) → ``confirming`` (masked summary shown) → ``submitted``; ``choosing`` after a
"don't know" that listed the likeliest items. Side questions, status queries, hand-off, cancel and
restart are answered from any stage without losing the filled fields.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from govhall import cases, policies
from govhall.accounts import Role, User
from govhall.assistant._cues import composed_cue, cue_table, word_cue
from govhall.assistant._words import entities
from govhall.assistant.acts import DialogueActs, rule_act
from govhall.assistant.figures import ITEM_CALCULATORS, Figure, allowance_figure, allowance_inputs, benefit_figure
from govhall.assistant.guide import Similarity, guide_answer, guide_detail, is_question
from govhall.assistant.knowledge import (
    GraphSource,
    asked_document,
    eligibility_answer,
    is_eligibility_question,
    materials_answer,
    read_profile,
)
from govhall.assistant.lead import lead_for
from govhall.assistant.models import AssistantSession
from govhall.assistant.option_reader import OptionReader
from govhall.assistant.prefill import accepts, account_offer, offer_text
from govhall.assistant.routing import ITEM_OVER_OTHER, Route, Router
from govhall.assistant.slots import (
    ask_text,
    fill,
    missing_required,
    narrative,
    only_value,
    plain_letters,
    story_field,
    story_with,
    summary_text,
    title_keys,
)
from govhall.assistant.understand import Message, contribution_months, question_type_of, understand
from govhall.cases import NEXT_STEP, STATE_LABELS, State, WorkCalendar
from govhall.config import Settings
from govhall.embeddings import Embedder, get_embedder
from govhall.errors import FormInvalid, GovhallError, PermissionDenied
from govhall.llm import Citation, Draft, Generator
from govhall.routing import complaint_department, predict_departments
from govhall.text import field_entity_type, normalize

__all__ = ["MAX_FAILURES", "Stage", "Turn", "TurnResult"]

MAX_FAILURES = 3
ASK_AT_ONCE = 2
_MEANINGFUL = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_TO_HUMAN = r"转(?:一下|个|给我)?人工"
"""Asking to be put through to a person in so many words ("给我转个人工")."""
_HANDOFF = re.compile(
    _TO_HUMAN + r"|人工客服|人工服务|找人工|接人工|工作人员帮"
    r"|(?:找|叫|请|换|来|要|转|接|接通|转给|有没有)(?:个|一个|一位|位|你们的?)?"
    r"(?:活人|真人|人工|客服|工作人员|窗口的?(?:人|同志)|专人|领导|负责人|主管|管事的)"
    # "我要找你们社保的工作人员": asked for now by the speaker (not "上次找窗口的工作人员", "要社区的负责人签字吗")
    r"|(?:我要|我想|给我|帮我|麻烦你?)(?:找|转给|接通)(?:你们)?[\u4e00-\u9fff]{1,6}?的(?:活人|真人|工作人员|专人|负责人)"
    r"|(?:让|叫|请|安排)(?:你们的?)?(?:(?:个|一个|一位)?(?:窗口的?(?:人|同志)|工作人员|客服|专人|真人)|(?:个|一个|一位)人)"
    r"[^，。？?了]{0,6}(?:联系|回复|打电话|回电话|来电话|回个电话|处理|说|讲)(?![了过])"  # "叫个人给我打电话"
    r"|(?:跟|和|与|同)(?:你们)?(?:窗口的?(?:人|同志)|工作人员|客服|真人|活人|人工)[^，。？?]{0,8}(?:聊|说|谈|沟通|讲|通话)"
    r"|(?:给我|帮我|你)?找(?:个|一个)人(?:来|跟我|和我|问问|说|聊)?[。！!]?$"  # "你说不明白，给我找个人"
)
"""Fallback cues for a hand-off request; the act model decides first ("你是真人吗" is identity)."""
_PERMISSION = re.compile(
    r"(?:我|我们|俺|咱|当爸妈的|家属|子女)[^，。？?]{0,10}(?:能|可以|能不能|可不可以)(?:替|给|帮|代)"
)
""""我们当爸妈的能替他申请吗": asking whether one may apply for someone, not asking to apply now."""
_DECLINED = re.compile(
    r"(?:不用|先不用|不必|别|算了|不要)[^，。？?]{0,4}(?:(?:转|找)(?:人工|真人|客服)?|人工|真人|客服)"
    r"|本来想|就算了"
)
"""A hand-off declined ("先不用转了", "算了不找人工"); "别跟我说这些，我要找人工" declines nothing."""
_ASKS_IF_HUMAN = re.compile(
    r"(?:有没有|有)(?:个|一个)?(?:人工|真人|客服)(?:吗|么|没有)?[？?]?$|(?:人工|真人)(?:在吗|有吗)"
)
_ASKS_HUMAN_HOURS = re.compile(r"(?:人工|客服|真人)(?:服务|客服)?(?:几点|什么时候|啥时候|的?时间|上班|下班|周末|礼拜)")
"""A question about the hand-off itself ("人工服务几点上班？"): answered, not carried out."""
_EMERGENCY = re.compile(
    r"煤气味|燃气味|天然气味|漏气|燃气泄漏|(?:正在|现在|马上|快)[^，。？?]{0,6}(?:着火|冒烟|烧起来|打起来|晕倒|不行了)"
    r"|有人(?:晕倒|昏迷|受伤|打架|持刀)"
)
_WHAT_NOW = word_cue("dialogue", "what_now")
_EMERGENCY_AFTER = "危险排除后，需要的话我可以帮您通过12345热线反映这件事（回复“投诉”），也可以回复“转人工”。"
_EMERGENCY_REPLY = (
    "如有燃气泄漏、火情或人身危险，请立即离开危险处并拨打119（火警）、110（报警）或120（急救）；"
    "燃气泄漏请勿开关电器、勿动明火。"
)
UNSURE_COMPLAINT = 0.6
"""Below this the intent model's "complain" for a story with no complaint word yields to the item the
service model reads first."""
_RETYPED = re.compile(
    r"(?<!说)(?<!说是)(?:是|算)(?P<kind>投诉|建议|举报)[，,。、\s]*(?:不是|不算)(?:投诉|建议|举报)"
    r"|(?<!说)(?:不是|不算)(?:投诉|建议|举报)[，,。、\s]*(?:而)?(?:是|算)(?P<kind2>投诉|建议|举报)"
)
"""The kind of a complaint set right ("是举报，不是投诉"): a correction of one field, no withdrawal. A
question (咨询) or a request for help said instead withdraws the complaint; someone else's words ("他们
说…") or a question set nothing."""
_NOT_COMPLAINT = re.compile(
    r"不是(?:要|想)?(?:投诉|举报)|没(?:有|说)?(?:要)?投诉|别(?:记|登记)(?:成)?投诉|不(?:想|要|用)?(?:投诉|举报|反映)了"
    r"|(?<![本原])(?:不用|不要|别|不需要|用不着|没必要)(?:给我|帮我|给你们)?(?:登记|记|写)?(?:(?!说|讲|告诉|透露|提|是我)[^，。？?]){0,3}(?:投诉|举报)|不投了"
)
"""A complaint declined: "不用给我登记啥投诉，我就是发发牢骚", "想想还是不投了". Not one that asks
to keep the teller's name out of it ("别说是我举报的", "不要告诉他们是我投诉的")."""
ASKING_SHARE = 0.7
"""A refused question is asked again without its story only when the story is this much of it."""
RELATED_AT_LEAST = 0.6
"""Item-model confidence from which a law question's answer offers that item (on the dev sets'
law questions, right items scored 0.69–0.76 and a wrong guess 0.53)."""
RELATED_BY_BASIS = 0.3
"""A weaker guess of the item stands when the law answered from is one of that item's bases."""
CHANGED_CASE_AT_LEAST = 16
"""Characters from which a "要是…呢" follow-up tells a changed case of the item discussed, even where
it touches another item's keyword; shorter ones ("那要是护照呢") switch to the item they name."""
_REQUEST = re.compile(r"想|要(?!是)|帮|给我|申请(?![了过])|办(?![了过])|领(?![了过])|开具|预约|报名|提取?|换|补|请")
"""An action wanted; "办了残疾证", "领过补贴" tell a state reached (see _STATE)."""
_APPLY_NOW = re.compile(
    r"(?:帮|给|替)(?:我|她|他|俺|孩子|老人)?(?:的|家)?"
    r"(?:妈|爸|母亲|父亲|老人|孩子|家人|奶奶|爷爷|姥姥|姥爷|外婆|外公|老伴|爱人|媳妇|老婆|老公)?(?:们)?"
    r"(?:申请|办|报|弄|搞|整)(?!的)|(?:我|俺)(?:要|想)(?:申请|办|弄|搞)|申请一下"
    r"|现在(?:就)?(?:办|申请|换|补|领|提)|那就(?:办|申请|换|补|领|提)"
    # "那我约一个", "快到期了，换一个": the item just spoken of, done again or anew
    r"|(?:办|弄|搞|整|申请|约|预约|换|补|领)一[个本张份下](?![月问话题说])"
    r"|(?:那|那么)(?:我|俺)?(?:就)?(?:申请|办理?|提取?|弄|报)(?:吧|一下)?[。！!]?$"
)
"""An explicit request to apply now ("帮她申请"), which a question in the same message does not cancel."""
"""Forms of a request: a statement of circumstance without one ("早就退休了") starts no application."""
_STATE = word_cue("dialogue", "state")
"""A state reached, as opposed to an action wanted ("上户口")."""
_HOTLINE = "12345政务服务便民热线"
_STAFF_HOURS = "工作日 9:00—17:00"
"""When clerks read the conversations handed to them."""
_HURRY = word_cue("dialogue", "hurry")
_GREETING_REPLY = (
    "您好！我是政务服务智能助手，可以帮您咨询办事指南和政策、在线填写并提交申请、查询办件进度、"
    "反映投诉建议。请问有什么可以帮您？"
)
_THANKS = word_cue("dialogue", "thanks")
_LEAVING = re.compile(
    r"不打扰|打扰了|再见|拜拜|回见|没有?别的问题|没别的事|不聊了|不说了|先这样|去忙|先撤|先下了|再来|再说|再问"
)
_WHOLE_STORY_ITEM = 0.25
"""How likely an item must be, read from a whole story, to be the one a complaint nobody asked for gives way to."""
_STORY_ITEM_SCORE = 0.5
"""How likely one item must be, above the hotline, for a story read as a complaint to be that item's."""
_DROPS_TOPIC = word_cue("dialogue", "drops_topic")
"""Words that leave the item discussed for the one the message names ("那算了，先把公积金取出来")."""
_ASKED_ITEM_SCORE = 0.3
"""How likely an item must be for a question told as a story to be a consultation of it."""
_PRAISE = re.compile(r"赞|(?<![不没])(?:好用|方便|聪明|清楚|周到|耐心)|(?<![得的])厉害|(?<![不没])明白了|不错")
"""Words of praise; "不方便", "没说清楚" are complaints, not praise."""
_WELL_WISHING = word_cue("dialogue", "well_wishing")
_SOCIAL = ("thanks", "greet", "identity")


def _is_story(text: str) -> bool:
    """A message that tells what happened: of some length, with no identifier in it and more than
    an address (those are the form's own fields, "我家是…12栋2单元1101" is no story)."""
    text = text.strip()
    found = entities(text)
    if len(text) < 10 or any(e.type in _NOT_STORY for e in found):
        return False
    address = sum(e.end - e.start for e in found if e.type == "address")
    return len(text) - address >= 12


_ASKS_ACTION = word_cue("dialogue", "asks_action")
"""A request, or a grievance that lasts or that someone responsible ignores ("物业也不管", "天天半夜")."""
STORY_AT_LEAST = 8
"""Characters a complaint's matter takes beside the complaint word ("审核通过两周了还没到账")."""
WISHES_AT_MOST = 30
"""Characters of a well-wishing message ("天冷了，你们也多注意，哈哈虽然你也不会冷") read as social."""
REMARK_AT_MOST = 16
"""Characters of a complaint-like message with no complaint word and no request that is a remark:
registering a matter takes a description of it (who, where, since when), which takes more words."""


_CAN_COMPLAIN = re.compile(r"(?:能|可以|可不可以|能不能|能否)(?:去|找你们|跟你们|向你们)?(?:投诉|举报|反映)")
"""Whether one may complain of a matter: the hotline's answer, not a law on complaints."""
_ABOUT_HOTLINE = re.compile(
    r"12345|热线|(?:投诉|举报|反映)[^，。？?]{0,3}(?:以后|之后|后)"
    r"|(?:多久|几天|多长时间|什么时候)[^，。？?]{0,6}(?:回我|回复|答复|受理|有人管|处理)"
)
"""A question about the hotline itself, which its guide answers ("投诉以后多久有人管"); a grievance
("物业一直不处理怎么办", "不是说十个工作日吗") is not one."""
_SEVERANCE = re.compile(r"解除合同|(?:工资|给|拿|赔)[^，。？?]{0,4}补偿|补偿[^，。？?]{0,4}(?:几|多少)")
"""An employer's severance asked without naming a hall item ("解除合同…能拿几个月的补偿")."""
_OTHER_PAYMENT = re.compile(r"补偿|赔偿|赔多少|个月(?:的)?工资|违约金|抚恤|补助金")
"""Payments other than an insurance benefit: a "how many months" about them is no calculator's."""
_UNASKED = re.compile(
    r"(?:(?:算了|那|还是)?(?:先|就)?不问了|当我没问|(?:回头|以后|下次|改天)再问|先不问)(?=[，,。.！!…~～]|$)"
)
"""A question taken back in the message that asked it; what follows is what the citizen wants now."""
_FORM_CLAUSE = re.compile(
    r"^(?:我叫|我姓|我是|姓名|名字|电话|手机|联系(?:方式|电话)?|(?:不|不用|无需|需要|要)?(?:给我)?(?:回复|回个话|回话|答复|回我(?![们家])|回电)"
    r"|匿名|保密|别留|不要留|(?:帮我|给我)?(?:登记|提交)|行|好的?|对)"
)
"""A clause about the complaint form itself (who, how to reach them, reply, confidentiality)."""
_SELF_NAMED = re.compile(r"(?:我叫|我姓|我是|姓名是?|名字是?|本人)[\u4e00-\u9fff·]{1,4}")


def _grievance(text: str) -> str:
    """The clauses of a message that tell the matter complained about: "我要投诉公积金中心，审核通过超过
    两周还没到账。我叫孙志刚，手机150…" tells it beside the complainant's name and number, which are
    the form's own fields and are cut out; clauses only about the form go; "" when what is left is too
    short to describe anything. Other people named in the matter stay ("隔壁张伟家的狗天天半夜叫")."""
    kept = []
    for clause in _clauses(text):
        if is_question(clause):
            continue
        for found in sorted(entities(clause), key=lambda e: -e.start):
            if found.type in _NOT_STORY:
                clause = clause[: found.start] + clause[found.end :]
        clause = _SELF_NAMED.sub("", clause)
        body = clause.strip(" ，,。；;！!：:")
        if len(body) < 4 or _FORM_CLAUSE.match(body):
            continue
        kept.append(clause)
    told = "".join(kept).strip("，,；;。 ")
    return told if len(re.sub(r"^我?(?:要|想)?(?:投诉|举报|反映)(?:一下)?", "", told)) >= STORY_AT_LEAST else ""


_ITEM_SUFFIX = re.compile(r"(?:申请|申领|办理|登记|设立|变更|注销|查询|提取|认定|给付|审批|备案|发放)+$")


def _item_core(item: dict[str, Any]) -> str:
    """An item's name without the act ("高龄津贴" of 高龄津贴申请): what citizens call the thing."""
    return _ITEM_SUFFIX.sub("", str(item.get("name", "")))


def _about_item(policy_text: str, item: dict[str, Any]) -> bool:
    """Whether the law quoted beside an item's guide is about that item: it names the item (its name
    without the act, "高龄津贴" of 高龄津贴申请) or one of its keywords. "高龄津贴是按月发吗" shares only
    "津贴" with the maternity allowance articles, which must not follow the guide as its policy."""
    core = _item_core(item)
    names = [core, core[:4], *(str(k) for k in item.get("keywords") or [])]  # 义务教育(入学), 医疗费用(报销)
    plain = normalize(policy_text)
    return any(len(n) >= 2 and normalize(n) in plain for n in names)


_REQUEST_MARK = re.compile(
    r"麻烦|能不能|能否|可以|可不可以|行不行|好不好|能(?:帮|给|替)|(?:帮|替)我[^，。？?]{0,10}(?:吧|好吗|行吗|可以吗)"
)


def _applies_now(text: str) -> bool:
    """Whether ``text`` asks to apply now (``_APPLY_NOW``): in a clause that asks, only with a mark
    of request ("能帮我办一下吗"); "办好以后还要每年去弄一下吗" asks what the item takes."""
    return any(
        _APPLY_NOW.search(clause) and (not is_question(clause) or _REQUEST_MARK.search(clause))
        for clause in _clauses(text)
    )


_ASKING_END = re.compile(
    r"[?？]\s*$|[吗呢么嘛][。！!~～]*$|能不能|可不可以|算不算|是不是|有没有|合不合|违不违|怎么办|咋办|怎么处理|找谁|归谁"
)


def _asks_about_hotline(text: str) -> bool:
    """Whether a question of the message is about the hotline itself (see ``_ABOUT_HOTLINE``)."""
    return bool(_ABOUT_HOTLINE.search(_questions(text)))


def _really_asks(text: str) -> bool:
    """Whether a grievance also asks something: a clause closed as a question or built on one;
    a question word inside a grievance ("缺啥也不说清楚") asks nothing."""
    return any(_ASKING_END.search(c.strip()) for c in _clauses(text))


def _clauses(text: str) -> list[str]:
    """The clauses of ``text``, each with its own closing mark (a question keeps its "？")."""
    return [c for c in re.split(r"(?<=[，。！!？?,；;])", text.strip()) if c.strip()]


def _statements(text: str) -> str:
    """The clauses of ``text`` that ask nothing, joined."""
    return "".join(c for c in _clauses(text) if not is_question(c)).strip("，,；; ")


def _questions(text: str) -> str:
    """The clauses of ``text`` that ask, joined ("" when none does)."""
    return "".join(c for c in _clauses(text) if is_question(c)).strip()


def _asks_besides(text: str, declined: re.Pattern[str]) -> bool:
    """Whether a clause other than the declining one asks something: "不用登记什么投诉" holds a
    question word and asks nothing; "不投诉了，就想问多久能批下来？" asks."""
    return any(is_question(c) for c in _clauses(text) if not declined.search(c))


def _is_remark(message: Message) -> bool:
    """A short complaint-like remark ("排队排得脚都冻麻了") with no complaint word and no request."""
    text = message.norm
    return len(text) <= REMARK_AT_MOST and not _COMPLAINT_CUE.search(text) and not _ASKS_ACTION.search(text)


_ASKS_NOW = re.compile(r"想|要(?!是)|(?<![你您])帮我|请|麻烦|能不能|可不可以|可以吗|怎么")


def _thanks_for_the_past(message: Message) -> bool:
    """Thanks for something done ("…钱已经到了，特意来说声谢谢"): a thanks word, a state reached,
    and nothing asked or wanted now; however long the story, it is a social message."""
    text = message.text
    last = re.split(r"[，。！!？?,；;]", text.strip(" 。！!～~"))[-1]
    return (
        bool(_THANKS.search(last) and _STATE.search(text))
        and not is_question(last)  # "我就试试灵不灵，…排了俩钟头队，谢谢哈": the thanks close it
        and not message.personal
        and not _ASKS_NOW.search(text)
    )


def _is_social(message: Message) -> bool:
    """Thanks, a goodbye or praise, said as such (the act) and in so many words (a cue)."""
    text = message.text
    cued = _THANKS.search(text) or _LEAVING.search(text) or _PRAISE.search(text)
    return message.act.act in _SOCIAL and not message.question and bool(cued)


def _social_parts(text: str) -> tuple[str, str]:
    """(answer, offer) to a social message: thanks are acknowledged, a goodbye said back, praise taken
    kindly; only a greeting is greeted. Mid-application the offer gives way to the form's question."""
    if _THANKS.search(text):
        return "不客气！", "还有什么可以帮您？"
    if _LEAVING.search(text):
        return "好的，再见！", "有需要随时来问我。"
    if _WELL_WISHING.search(text):
        return "谢谢您的关心，您也多保重！", "还有什么可以帮您？"
    if _PRAISE.search(text):
        return "谢谢您的肯定！", "还有什么可以帮您？"
    return "", _GREETING_REPLY


def _social_reply(text: str) -> str:
    return "".join(_social_parts(text))


_FIGURE_ASPECTS = ("fee", "time", "amount", "materials", "place")
"""Aspects a changed case asks again ("那要是商铺呢" after the fee); after the steps or the summary a
changed situation ("要是我住的是亲戚家呢") is checked against the conditions."""
_ASKS_DIFFERENCE = word_cue("dialogue", "asks_difference")
_SENTENCE_ASPECTS = ("proxy", "delivery")
"""Aspects answered by the guide's sentences on that point: another "closest sentence" adds noise."""
_TYPE_ASPECT = {
    "deadline": "conditions",
    "how_long": "time",
    "age": "conditions",
    "can": "conditions",
    "where_apply": "conditions",
    "who": "steps",
    "what": "materials",
}
"""The guide section that answers a question type when no aspect word was used ("满多少岁" → conditions)."""
_CANCEL = re.compile(
    r"^(?:取消|不办了|算了|不申请了|不用了|不想办了)|取消申请|不办了|还是(?:算了|拉倒)|拉倒吧|(?:就)?当我没说"
)
_LEAVE_EMPTY = re.compile(
    r"(?:(?:就|也|还是)?(?:先|暂时)?(?:别|不|不用|不要|甭|不想|不打算)(?:写|填)|(?:就|先|还是先)?(?:不要|去掉|删掉|删|空着|留空))"
    r"(?:了|吧|啊|呢|哈)*$"
)
"""Words after a field's name that leave it empty and end the clause ("意向学校先别写了"; not "别写错了",
"别写实验小学了")."""
_WANTS_ITEM = re.compile(r"(?:要|想|帮我|给我|得|来|去)(?:办|申请|领|弄|开|报)|办(?:个|一下|理)|申请")
"""A clause that asks for the item it names ("我要办那个老年人的补贴"), not one that says it is held."""
_REFERS_BACK = word_cue("dialogue", "refers_back")
"""Words that lean on the answer just given ("还是这个年限吗")."""
_RESTART = dict(cue_table("acts"))["restart"]
"""The acts' cue for starting over, also read when the act model is unsure of it."""
_SWITCH = word_cue("dialogue", "switch")
_SWITCH_TO = re.compile(r"改办|换成|改成|改为|改申请|(?:要|想)?办的是|申请的是|我要(?:办|申请)|我想(?:办|申请)|其实是")
"""A switch says where to: the new item with a verb, or the current item denied (Router.negated)."""
_AGREE = word_cue("dialogue", "agree", re.IGNORECASE)
_HOLD = word_cue("dialogue", "hold")
"""At the summary, an agreeing word with a submit verb confirms ("中，都对，递上去"); a holding word never does."""
_WAIT = word_cue("dialogue", "wait")
"""Putting the form off ("先不提交了，我再想想"); a bare "不是…" that gives no value is not that."""
_CONFIRM = re.compile(
    r"^(?:确认|提交|是的?|对的?|没问题|好的?|可以|确定|ok|OK)[。！!]?$|确认提交|确认无误|可以提交"
    r"|^(?:对|好的?|行|嗯|确认)?[，,]?\s*(?:那就|就|先)?提交(?:申请)?吧?(?:[，,]\s*确认)?[。！!]?$"
)
"""A confirmation: "确认提交", "对，提交吧", "好的，那就提交"; never "先不提交" or "照片拍好再提交"."""
_ALL_SET = re.compile(
    r"^(?:这样|那|那就|是不是)?(?:都)?(?:好了|行了|可以了|齐了|全了|填好了|弄好了|完了)(?:吗|吧|没|没有)?[？?，,\s]*"
)
"""A check that all is there before the confirmation ("好了吗？提交吧"): it asks nothing to answer."""
_SUBMIT_NOW = re.compile(
    r"(?:^|[，,。.！!；;？?\s])(?:[^，,。.！!；;？?\s]{0,8}?(?:没问题|没错|无误|都对|对的)|好的|好了?|行吧|行|对|嗯|可以|没别的了)?"
    r"[，,]?\s*(?:那就|就|然后就?|再|那)?(?:可以)?(?:这样|这么)?(?:确认)?"
    r"(?:提交(?:吧|了|申请)?|交吧|交上去吧?|(?<=就)交了吧?)[。！!]?$"
    r"|改(?:一下|过来|好|了)?(?:以后|之后)?就(?:可以|能)?(?:提交|交)(?:吧|了)?[。！!]?$"  # "…改一下就可以提交了"
)
"""A message that ends by asking to submit ("…也填上吧。好了，提交。"), after the values it gives."""
_CLOSES = re.compile(
    r"(?:^|[，,。.！!；;\s])(?:(?:好的?|行|嗯|那)(?:吧|啊)?)?[，,]?\s*(?:那就|就)(?:这样|这么办|这么定)了?吧?[。！!]?$"
)
"""A message that ends the talk ("好的就这样吧"): after the summary, with one more value, a submit."""
_ANYTHING_ELSE = re.compile(
    r"没别的了?吧|还有别的吗|还要别的吗|还缺(?:什么|啥)|还差(?:什么|啥)|就这些了?吧|齐了吧|够了吧|全了吧"
)
"""Whether the form still lacks anything, asked mid-form."""
_START = re.compile(
    r"^(?:办理|我要办|开始办理|申请|我要申请|办吧|那就办)|帮我办|现在办|开始申请"
    r"|^(?:好的?|好啊|要|行|可以|嗯)[。！!，, ]*(?:那就)?(?:办|办吧|办理|申请|开始吧?)?[。！!]?$"
)
"""Accepting the offer to apply; a bare "好的" only as the whole message ("好的，没问题了，再见" is no)."""
_GREETING = word_cue("dialogue", "greeting", re.IGNORECASE)
_REQUEST_TYPES = ("投诉", "建议", "举报", "求助", "咨询")
_HELP_ASKED = re.compile(r"帮帮忙|帮个忙|帮帮我们?|帮一下忙|求助|求求你们|救救|给(?:我们)?想想办法")
"""A matter brought as a plea for help, with no kind named: the hotline records it as 求助."""
_CAN_HAVE = re.compile(r"(?:能|可以|能不能|可不可以|能否)(?:去)?(?:申请|办|领|报|享受|拿)")
"""Asking whether one may have something ("像我们这样能申请那个临时救助吗")."""
_ASKS_GOVERNMENT = re.compile(
    r"(?:请|让|希望|麻烦)(?:政府|你们|有关部门|相关部门|领导)|帮忙(?:催|问|协调|联系|处理|解决|反映|管)"
)
"""A message that asks the government to act on the matter told ("想请政府帮忙催一下")."""
_PLEA_LENGTH = 12
_DEAL_WITH = word_cue("dialogue", "deal_with")
_ORDINALS = {"1": 0, "一": 0, "2": 1, "二": 1, "两": 1, "3": 2, "三": 2}
_COMPLAINT_CUE = re.compile(
    r"投诉|举报|建议|反映|曝光|不作为|太差|很差|乱收费|态度(?:很|太|真|非常|特别)?(?:差|恶劣|不好|冷)|刁难|推诿|踢皮球|不给办"
)


class Stage(StrEnum):
    """Where a conversation is; each stage has one handler (see ``_HANDLERS``)."""

    IDLE = "idle"
    OFFERED = "offered"
    CHOOSING = "choosing"
    FILLING = "filling"
    CONFIRMING = "confirming"
    SUBMITTED = "submitted"


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
    turn: int | None = None
    """Index of this reply in the conversation's log (for feedback)."""

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
    emergency: bool = False
    """The citizen tells of (or asks what to do in) an emergency this turn."""
    emergency_unanswered: bool = False
    graph: GraphSource | None = None
    acts: DialogueActs = field(default_factory=lambda: DialogueActs(None))
    options: OptionReader = field(default_factory=lambda: OptionReader([], None))
    message: Message | None = None
    _figure_topic: dict[str, Any] | None = None
    thread_aspect: str | None = None
    answered_aspect: str | None = None
    """The aspect this turn's consultation answered ("要是多要一本证呢" after the fee: the fee)."""
    told_to_complaint: str = ""
    """What was told to the complaint nobody asked for that this turn leaves: the new item's story."""

    # -- state helpers -------------------------------------------------------------------------

    def filled(self) -> dict[str, Any]:
        return {name: entry["value"] for name, entry in (self.row.fields or {}).items()}

    def item(self) -> dict[str, Any] | None:
        return self.items.get(self.row.item_code or "")

    def form(self) -> dict[str, Any]:
        item = self.item()
        return item["form"] if item else {}

    def _set_fields(self, values: dict[str, Any], inferred: Collection[str] = ()) -> None:
        """Store ``values`` as given this turn; ``inferred``: those the option reader read from a
        situation, which a later statement of the field may change."""
        fields = dict(self.row.fields or {})
        for name, value in values.items():
            fields[name] = {"value": value, "turn": self.number}
            if name in inferred:
                fields[name]["inferred"] = True
        self.row.fields = fields

    def inferred(self) -> list[str]:
        return [name for name, entry in (self.row.fields or {}).items() if entry.get("inferred")]

    def _start(self, code: str, intent: str = "apply") -> None:
        # the story a hotline form kept, offered on to the item asked about (see _item_over_unasked_complaint)
        self.told_to_complaint = self.told_to_complaint or str((self.row.pending or {}).get("told") or "")
        self.row.item_code = code
        self.row.stage = "filling"
        self.row.fields = {}
        self.row.pending = {}
        self.row.case_number = None

    def _fail(self) -> None:
        if self.emergency:  # an emergency told is understood: the numbers are the answer
            self.emergency_unanswered = True
            return
        self.row.failures = (self.row.failures or 0) + 1
        if self.row.failures >= MAX_FAILURES and not self.row.handoff:
            self.row.handoff = True
            self.row.handoff_reason = "repeated_failures"
            item = self.item()
            self.row.handoff_department = (
                _HOTLINE if self.row.item_code == self.router.complaint else (item or {}).get("department")
            )
            self.flagged_now = True

    def result(self, reply: str, *, kind: str = "form", text: str = "", **extra: Any) -> TurnResult:
        item = self.item()
        form = self.form()
        # "missing" is about an open form: an item only explained (offered) has no form yet
        open_form = self.row.stage in ("filling", "confirming")
        missing = missing_required(form, self.filled()) if form and open_form else []
        cited = tuple(c if isinstance(c, Citation) else Citation.from_dict(c) for c in extra.pop("citations", []))
        composed = self.generator.compose(Draft(kind, reply, text, cited))
        if self.flagged_now:
            composed += "\n（多次没能理解您的意思，已为您转接人工客服，工作人员会尽快查看本次对话。）"
        service = extra.pop("service", {"code": item["code"], "name": item["name"]} if item else None)
        return TurnResult(
            reply=composed,
            service=service,
            form=self.filled(),
            missing=missing,
            handoff=self.row.handoff,
            stage=self.row.stage,
            citations=[c.to_dict() for c in cited],
            **extra,
        )

    # -- the turn ------------------------------------------------------------------------------

    def take(self, text: str) -> TurnResult:
        if not _MEANINGFUL.search(text):
            self._fail()
            return self.result("抱歉，我没有看懂。请用文字告诉我您想办理或咨询的事情，例如“我想申请低保”。")
        withdrawn = _UNASKED.search(text)
        if withdrawn and is_question(text[: withdrawn.start()]):
            # "这个钱算不算她的收入？……算了不问了，先提交吧": the question is taken back; the rest stands
            rest = text[withdrawn.end() :].strip(" ，,。.！!…~？?")
            if not _MEANINGFUL.search(rest):
                self.message = understand(text, self.router, self.acts)
                return self._resume(
                    "好的。",
                    self.row.stage in ("filling", "confirming") and self.item() is not None,
                    idle="有需要随时问我。",
                )
            text = rest
        self.message = message = understand(text, self.router, self.acts)
        # "楼道里一股煤气味", then "那我该打哪个电话": the emergency numbers before anything else
        self.emergency = bool(_EMERGENCY.search(text)) or self._asks_after_emergency(message)
        result = self.cross_stage(message) or _HANDLERS[Stage(self.row.stage)](self, message)
        if self.emergency and self.emergency_unanswered:  # nothing else to say: no "无法回答" after it
            result.reply = self.generator.compose(Draft("chat", f"{_EMERGENCY_REPLY}\n\n{_EMERGENCY_AFTER}", text, ()))
        elif self.emergency:
            result.reply = f"{_EMERGENCY_REPLY}\n\n{result.reply}"
        return result

    def _asks_after_emergency(self, message: Message) -> bool:
        """Whether the citizen asks whom to call or what to do right after telling of an emergency."""
        if not (message.question and _WHAT_NOW.search(message.text)):
            return False
        return any(_EMERGENCY.search(text) for text in self._earlier_turns()[-2:])

    # -- cross-stage dialogue acts (one place, before any stage's handler) ---------------------

    def _act(self, message: Message, *acts: str, sure: float = 0.6) -> bool:
        """Whether the message's act is one of ``acts``: the model's reading, confirmed by a cue of the
        fallback rules unless the model is nearly certain (a cross-stage act interrupts the stage, so a
        wrong one costs more than a missed one)."""
        reading = message.act
        if reading.act not in acts:
            return False
        if reading.source == "rules":
            return True
        return reading.confidence >= sure and (rule_act(message.text) == reading.act or reading.confidence >= 0.9)

    def _bare(self, message: Message) -> bool:
        """A message that is nothing but a social act: no item named, no identifiers, short."""
        return not message.mentioned and not message.personal and len(message.norm) <= 16

    def cross_stage(self, message: Message) -> TurnResult | None:
        text, stage = message.text, Stage(self.row.stage)
        filling = stage in (Stage.FILLING, Stage.CONFIRMING) and self.item() is not None
        if self._act(message, "identity") and self._bare(message):
            reply = (
                "我是政务服务智能助手（程序自动回复），不是真人。需要工作人员时回复“转人工”，会有真人在本对话中答复您。"
            )
            return self._resume(reply, filling, kind="chat")
        cued = _HANDOFF.search(text) and (
            not _WANTS_COMPLAINT.search(text) or re.search(r"转人工|人工客服|人工服务", text)
        )
        declined = _DECLINED.search(text) is not None
        if _ASKS_IF_HUMAN.search(text.strip()) and not declined:
            # "你们这有人工吗": asked, not yet requested
            reply = "有的。需要工作人员答复时回复“转人工”，会有真人在本对话中答复您；也可以先问我。"
            return self._resume(reply, filling, kind="chat")
        asks_now = cued and re.search(_TO_HUMAN + r"(?:吧|啊|呀|了)?(?:[，,。！!]|$)", text)
        if (
            message.question
            and _ASKS_HUMAN_HOURS.search(text)
            and not message.mentioned
            and not _applies_now(text)
            and not asks_now  # "给我转个人工吧，人工什么时候能联系我？": handed off, the reply says when
        ):
            reply = (
                f"人工服务的时间是{_STAFF_HOURS}：转人工后，工作人员在这段时间里查看对话，一般 1 个工作日内"
                "在本对话中答复。需要时回复“转人工”即可，也可以先问我。"
            )
            return self._resume(reply, filling, kind="chat")
        if (self._act(message, "handoff") or (message.act.act != "identity" and cued)) and not declined:
            return self.hand_off(filling)
        transfer_words = re.search(r"转|人工|真人|客服", text)
        if declined and transfer_words and not message.mentioned and not message.personal and not message.question:
            # "先不用转了，我先问问", "好的我就是问问，先不用转，我自己再看看"
            return self._resume(
                "好的，先不转人工。", filling, kind="chat", idle="您可以直接问我，需要时再回复“转人工”。"
            )
        applies = _START.search(text) or _applies_now(text)
        wishes = _WELL_WISHING.search(text) and len(message.norm) <= WISHES_AT_MOST and not message.question
        submits = stage == Stage.CONFIRMING and self._confirms(message)  # "提交吧，谢谢你了": the submit
        if (_thanks_for_the_past(message) or wishes) and not submits:  # "你帮我办好了…": 你 did it
            # "上回你教我报了医药费，钱已经到了，特意来说声谢谢": thanks for what is done, nothing asked
            answer, offer = _social_parts(text)
            return self._resume(answer or "不客气！", filling, kind="chat", idle=offer)
        if (
            self._act(message, "thanks")
            and self._bare(message)
            and not message.question
            and not applies
            and not submits
        ):
            answer, offer = _social_parts(text)
            return self._resume(answer or "您好！", filling, kind="chat", idle=offer)
        if self._act(message, "greet") and self._bare(message) and not message.question:
            return self._resume("您好！", filling, kind="chat", idle=_GREETING_REPLY)
        complaint_open = filling and self.row.item_code == self.router.complaint
        # a denial withdraws the complaint only when it is about the complaint ("我不是投诉"); "不需要
        # 回复" answers the form's question
        retyped = _RETYPED.search(text) if not message.question else None
        if complaint_open and retyped:
            self._set_fields({"request_type": retyped.group("kind") or retyped.group("kind2")})
            return None  # the stage goes on with the kind set right (and submits on "确认提交")
        denies_complaint = self._act(message, "deny") and re.search(r"投诉|举报|反映", text)
        if complaint_open and (denies_complaint or _NOT_COMPLAINT.search(text)):
            hotline = self.item() or {}
            self.row.stage, self.row.item_code, self.row.fields, self.row.pending = "idle", None, {}, {}
            self.row.routed_department = None
            return self.result(  # the reply is still about the 12345 item: it says what became of it
                "好的，不登记投诉，刚才的内容已清除。需要工作人员答复的话请回复“转人工”；"
                "也可以直接告诉我您想办理或咨询的事情。",
                kind="chat",
                service={"code": hotline.get("code"), "name": hotline.get("name")},
            )
        if complaint_open and (item := self._item_over_unasked_complaint(message)) is not None:
            # "十月在杭州住院…" read as a complaint, then "现在想回西安报销，我是职工医保": the item the
            # citizen goes on to apply for, with what they told (see _earlier_turns)
            self.told_to_complaint = str(self.filled().get("content") or "")
            self.row.stage, self.row.item_code, self.row.fields, self.row.pending = "idle", None, {}, {}
            self.row.routed_department = None
            name = self.items[item]["name"]
            if message.question and not message.personal:  # asked about it: answered, offered to apply
                result = self._begin(item, "consult", message, message.route)
                if self.row.stage == "offered":  # the story told to the hotline is the application's too
                    self.row.pending = {**(self.row.pending or {}), "told": self.told_to_complaint}
                return result
            return self._begin(item, "apply", message, message.route, prefix=f"明白了，您要办的是“{name}”。")
        if _NOT_COMPLAINT.search(text) and not message.personal and not _asks_besides(text, _NOT_COMPLAINT):
            # "不用给我登记啥投诉，我就是发发牢骚": heard; nothing is registered
            return self._resume(
                "好的，不登记投诉。",
                filling,
                kind="chat",
                idle="还有什么需要可以随时问我；需要工作人员答复的话请回复“转人工”。",
            )
        dropped = self._dropped_fields(text) if filling else []
        if dropped and not self._gives_new_values(
            message
        ):  # "算了，意向学校先别写了": that field is emptied, the application goes on
            form = self.form()
            self.row.fields = {n: e for n, e in (self.row.fields or {}).items() if n not in dropped}
            titles = "、".join(str(form["properties"][n].get("title", n)) for n in dropped)
            return self.ask_next(prefix=f"好的，{titles}不填了。")
        cancels = _CANCEL.search(text) or (self._act(message, "cancel", sure=0.8) and self._bare(message))
        if filling and cancels and not self._gives_new_values(message):
            code = str(self.row.item_code)
            name = (self.item() or {}).get("name", "")
            self.row.stage, self.row.item_code, self.row.fields = "idle", None, {}
            self.row.pending = {"topic": code}
            switch = self._switch_target(message, code)
            if switch is not None:  # "低保不办了，改办失业金"
                return self._begin(switch, "apply", message, prefix=f"好的，“{name}”不办了。")
            return self.result(f"已取消“{name}”的申请，填写的信息已清除。还有什么可以帮您？")
        restart = _RESTART.search(text) or (self._act(message, "restart", sure=0.8) and self._bare(message))
        if stage in (Stage.FILLING, Stage.CONFIRMING, Stage.SUBMITTED) and self.item() and restart:
            code = str(self.row.item_code)
            switch = self._switch_target(message, code)
            return self._begin(switch or code, "apply", message, prefix="好的，我们重新开始。")
        switching = _SWITCH_TO.search(text) or self.router.negated(text, str(self.row.item_code))
        if filling and (_SWITCH.search(text) or self._act(message, "switch")) and switching and not message.question:
            # "不对，不是护照，我要办的是居住证"; "医保是退休前单位交的，不是居民的" switches nothing
            switch = self._switch_target(message, str(self.row.item_code))
            if switch is not None:  # "不对，不是护照，我要办的是居住证"
                return self._begin(switch, "apply", message, prefix="好的，为您改办。")
        if (
            filling
            and self.row.item_code != self.router.complaint
            and self.router.complaint is not None
            and _WANTS_COMPLAINT.search(text)
            and not message.question
        ):
            # "我要投诉，内容写：…" while another item's form is open: the complaint, not a field of that form
            return self._begin(self.router.complaint, "complain", message)
        case = (self.row.pending or {}).get("case")
        if case and not filling and _HURRY.search(text):
            return self.hurry(str(case), str((self.row.pending or {}).get("case_department") or ""))
        if case and not filling and message.question_type == "how_long" and not message.mentioned:
            return self.case_time(str(case))
        topic = (self.row.pending or {}).get("topic")
        if stage == Stage.IDLE and topic in self.items and restart:
            return self._begin(str(topic), "apply", message, prefix="好的，我们重新开始。")
        return None

    def _resume(self, reply: str, filling: bool, *, kind: str = "chat", idle: str = "") -> TurnResult:
        """A social reply; mid-application the form's open question follows, so nothing is lost."""
        if filling and self.row.stage == "filling":
            return self.ask_next(prefix=reply + "我们继续办理：", intent="other")
        if filling:
            return self.ask_next(prefix=reply, intent="other")
        return self.result(reply + idle, kind=kind, text=self.message.text if self.message else "", intent="other")

    def hand_off(self, filling: bool) -> TurnResult:
        """Flag the conversation for a person of the right department and say who answers and when."""
        named = next((c for c in (self.message.mentioned if self.message else ()) if c in self.items), None)
        item = self.item() or self.items.get(str(named or (self.row.pending or {}).get("topic") or ""))
        if named and not self.item():  # "想跟窗口的人聊聊公积金提取": the clerk of that item, and the thread
            self.row.pending = {**(self.row.pending or {}), "topic": named}
        department = _HOTLINE if self.row.item_code == self.router.complaint else (item or {}).get("department")
        self.row.handoff, self.row.handoff_reason = True, "requested"
        self.row.handoff_department = department
        who = f"{department}的工作人员" if department else "政务服务中心的工作人员"
        reply = (
            f"好的，已为您转接人工：{who}会在工作时间（{_STAFF_HOURS}）查看本次对话和已填写的信息，"
            "一般在 1 个工作日内直接在本对话中答复您，请留意这里的消息。"
        )
        if filling and self.row.stage == "filling":
            return self.ask_next(prefix=reply + "\n\n等待期间也可以继续填写：", intent="other")
        message = self.message
        if item is not None and message is not None and message.question and asked_aspects(message):
            # "公租房审核要多久？还有我想找人工问问我的情况": the question answered first, then the transfer
            answer, citation = guide_answers(item, message.text, asked_aspects(message), message, self._similar)
            result = self.result(
                f"{answer}[1]\n\n{reply}", intent="other", service={"code": item["code"], "name": item["name"]}
            )
            result.citations = [citation]
            return result
        if item is not None:  # the clerk answers about this item: the reply says which one
            return self.result(reply, intent="other", service={"code": item["code"], "name": item["name"]})
        return self.result(reply, intent="other")

    def case_time(self, case: str) -> TurnResult:
        """ "什么时候能办好" after a status look-up: the case's promised time limit and where it stands."""
        pending = self.row.pending or {}
        item = self.items.get(str(pending.get("case_item") or ""))
        state = STATE_LABELS.get(State(str(pending.get("case_state"))), "") if pending.get("case_state") else ""
        if item is None:
            return self.result(f"办件 {case} 的进度请以“我的办件”页面为准。", intent="query_status")
        now = f"目前状态：{state}。" if state else ""
        return self.result(
            f"办件 {case}（{item['name']}）的承诺办理时限是 {item['time_limit_days']} 个工作日（从受理之日起计算，"
            f"补正材料期间不计入）。{now}需要加快的话可以回复“催一下”。",
            intent="query_status",
            service={"code": item["code"], "name": item["name"]},  # the thread stays on that case's item
        )

    def hurry(self, case: str, department: str) -> TurnResult:
        """A request to hurry the case just looked up: handed to that department's clerks."""
        self.row.handoff, self.row.handoff_reason = True, "hurry"
        self.row.handoff_department = department or None
        who = f"{department}的工作人员" if department else "工作人员"
        return self.result(
            f"已将您对办件 {case} 的催办请求转给{who}，他们会在工作时间（{_STAFF_HOURS}）查看，"
            "一般在 1 个工作日内在本对话中答复您；办件仍在承诺时限内办理。",
            intent="query_status",
        )

    # -- free conversation: idle, offered, choosing, submitted -------------------------------

    def free(self, message: Message) -> TurnResult:
        text, stage = message.text, self.row.stage
        topic = (self.row.pending or {}).get("topic")
        if stage == "confirming" and self._confirms(message):
            return self.submit()
        case = self.row.case_number
        if stage == "submitted" and case and self._confirms_again(message):
            return self.result(f"您的申请已经提交（办件编号 {case}），不用重复提交。还有什么可以帮您？", kind="chat")
        if stage == "choosing":
            chosen = self._choice(text)
            if chosen is not None:
                return self._begin(chosen, str((self.row.pending or {}).get("intent", "apply")), message)
        if self._takes_complaint_offer(message):  # "那帮我登记一下吧" after the hotline was offered
            return self._begin(str(self.router.complaint), "complain", message)
        offered = stage == "offered" and self.item() and not message.question
        other_named = [c for c in message.mentioned if c != self.row.item_code]
        asks_to_apply = bool(_START.search(text.strip()) or _applies_now(text)) or (
            not other_named and _REQUEST.search(text) is not None and message.route.intent == "apply"
        )
        if offered and not asks_to_apply and not message.personal and (figured := self.figure(message)):
            return figured  # "我交了七年" after the rule's tiers: the figure, not a form
        wants_complaint = _WANTS_COMPLAINT.search(text) and not _NOT_COMPLAINT.search(text)
        if offered and not wants_complaint and (asks_to_apply or message.personal or self._gives_values(message)):
            # "我要办护照" after talking about another item: the item it names; values given without a
            # request are for the item offered ("老伴办了残疾证…" tells a circumstance of the 低保 asked about)
            named = [c for c in other_named if c in self.items] if asks_to_apply else []
            code = next(iter(named), str(self.row.item_code))
            return self._begin(code, "apply", message)
        figured = self.figure(message)
        if figured is not None:
            return figured
        known = self.knowledge(text)
        if known is not None:
            return known
        followed = self.policy_follow_up(message)
        if followed is not None:
            return followed
        names_item = any(normalize(self.items[c]["name"]) in message.norm for c in message.mentioned if c in self.items)
        law = _LAW.search(text) or (_SEVERANCE.search(text) and not message.mentioned)
        # "那我要是2031年才到退休年龄呢" after the retirement guide: the changed case of that item
        leans_on_item = (
            message.conditional
            and str(topic) in self.items
            and set(message.mentioned) <= {topic}
            and (not message.question_type or _REFERS_BACK.search(text) is not None)
        )  # "那要是剖腹产，产假有多少天" asks a question of its own, which the library answers
        if message.question and law and not names_item and not message.personal and not leans_on_item:
            # a question of law no hall item answers ("辞退有没有补偿", "产假多少天"): the policy library
            answered = self.policy_answer(text, message.route)
            if answered is not None:
                return answered
        route = self._threaded(message)
        result = self.routed(message, route)
        if route.service_code not in (None, self.router.complaint) and route.intent in (
            "apply",
            "consult",
            "query_status",
        ):
            topic = route.service_code
        if topic and self.row.stage in ("idle", "choosing", "offered"):
            pending = {**(self.row.pending or {}), "topic": topic}
            asked = asked_aspects(message)  # "从交材料到拿证要几天" asks the time, the documents are context
            if asked and not self.answered_aspect:  # a consultation has kept the aspect it answered
                pending["aspect"] = asked[0]
            self.row.pending = pending
        return result

    def _hotline_answer(self, answer: str, citation: dict[str, Any]) -> TurnResult:
        """An answer from the hotline's guide, with the offer to register; agreeing next turn opens it."""
        self.row.pending = {**(self.row.pending or {}), "complaint_offer": self.number}
        text = self.message.text if self.message else ""
        offer = "需要的话，回复“投诉”即可开始登记，由相关部门处理并回复您；也可以回复“转人工”。"
        return self.result(f"{answer}[1]\n\n{offer}", kind="answer", text=text, intent="consult", citations=[citation])

    def _offer_hotline(self, opening: str, text: str) -> TurnResult:
        """Offer to register a trouble told or a remark with 12345; agreeing next turn opens it."""
        self.row.pending = {**(self.row.pending or {}), "complaint_offer": self.number}
        return self.result(
            f"{opening}需要的话，我可以帮您通过12345热线登记这件事，由相关部门处理并回复您："
            "回复“投诉”即可开始；也可以直接告诉我您想办理或咨询的事情，或回复“转人工”。",
            kind="chat",
            text=text,
            intent="other",
        )

    def _takes_complaint_offer(self, message: Message) -> bool:
        """Whether the message, right after the hotline was offered, accepts it ("好", "帮我登记吧")."""
        offered = (self.row.pending or {}).get("complaint_offer")
        if offered != self.number - 1 or self.router.complaint is None or message.question:
            return False
        return accepts(message.text) or bool(_TAKES_OFFER.search(message.text))

    def _gives_values(self, message: Message) -> bool:
        """Whether the message states values of the offered item's form ("我叫赵国庆", "我是她爸"):
        giving one's details is how many citizens say "start"; a state that only matches an option
        ("早就退休了") is not."""
        form = self.form()
        found = fill(form, message.text, current={}, pending=[]).values
        props = form.get("properties", {})
        return bool(found) and not (_STATE.search(message.text) and all("enum" in props.get(n, {}) for n in found))

    def _turned(self, route: Route, code: str, intent: str | None = None, *, sure: bool = False) -> Route:
        """``route`` turned to item ``code`` (and to ``intent`` when given); ``sure`` lifts the intent's
        confidence to the threshold, for a reading the conversation settles whatever the models say."""
        changes: dict[str, Any] = {"service_code": code, "service_name": self.items[code]["name"]}
        if intent is not None:
            changes["intent"] = intent
        if sure:
            changes["intent_confidence"] = max(route.intent_confidence, route.threshold)
        return replace(route, **changes)

    def _threaded(self, message: Message) -> Route:
        """The route, resolved against the last topic when the message leans on it.

        "那要多久？" names no item: it is about the item discussed last. "那居住证呢？" names one but
        no aspect: it asks the last question again about that item. A statement of circumstance
        ("早就退休了") that names no item is not a request to apply for whatever the models guess.
        """
        route = message.route
        pending = self.row.pending or {}
        topic = str(pending.get("topic") or "")
        named = message.mentioned[0] if message.mentioned else None
        if named not in (None, topic) and topic in self.items and self._still_topic(message, str(named), topic):
            named = None  # "那退休了提取要带啥材料" about the fund just discussed: 退休 names no switch
        # "那要是涉及好几个部门的呢，比如…": a changed case leans on the topic even without a question mark
        leans = (message.question or message.conditional) and named in (None, topic) and topic in self.items
        weak = not route.sure or route.service_code in (None, topic) or route.service_confidence < 0.6
        weak = weak or message.conditional  # "要是情况特别急呢": the changed case of the item discussed
        complaint_words = bool(_COMPLAINT_CUE.search(message.text))
        asks_aspect = bool(message.aspect or message.question_type)
        if (
            leans
            and not complaint_words
            and (asks_aspect or route.intent in ("consult", "apply", "other", "complain"))
            and (asks_aspect or weak or route.intent == "complain")
        ):
            # "要收费吗？" after talking about an item: about that item, whatever the models guess
            return self._turned(route, topic, "consult", sure=True)
        misread = route.intent == "other" or (route.intent == "complain" and not complaint_words)
        misread = misread or (route.intent in ("consult", "apply") and route.service_code not in message.mentioned)
        labelled_question = message.aspect is not None and (
            (route.intent in ("complain", "other") and not complaint_words)
            or (_TOPIC_ASKED.search(message.text) is not None and not message.personal)
        )
        if labelled_question and named and route.intent == "apply":
            misread = True  # "公积金提取流程": a subject heading asks about the item, it applies for nothing
        if (message.question or labelled_question) and named and misread and (asks_aspect or route.intent == "other"):
            # "居住证怎么办理？": a question naming an item is about that item, whatever the models say
            return self._turned(route, named, "consult", sure=True)
        asks_again = not (message.aspect or message.question_type or _ASKS_DIFFERENCE.search(message.text))
        if message.question and named and asks_again and pending.get("aspect"):
            # "那居住证呢？": the last question, asked again about the item it names
            self.thread_aspect = str(pending["aspect"])
            return self._turned(route, named, "consult", sure=True)
        if (
            route.intent == "apply"
            and not message.question
            and not message.personal
            and _STATE.search(message.text)
            and not _REQUEST.search(message.text)
            and not (self.item() and self._gives_values(message))
        ):
            # "那算了，先把公积金取出来交房租" after the rental housing: the item it names, else the topic
            switched = named if named is not None and _DROPS_TOPIC.search(message.text) else None
            target = switched or (topic if topic in self.items else None) or named or route.service_code
            if target is not None and target != self.router.complaint:
                return self._turned(route, target, "consult", sure=True)
        refused = route.service_code and self.router.negated(message.text, route.service_code)
        never_had = _NEVER_HAD.search(message.text) and not _REFUSES.search(message.text)
        if route.intent == "apply" and refused and not never_had:
            # "我不想领失业金，就想把工资要回来": the item named only to refuse it is applied for by no one
            return replace(route, intent="consult", service_code=None, service_name=None)
        target = named or route.service_code
        if route.intent == "consult" and _applies_now(message.text) and target not in (None, self.router.complaint):
            # "能领高龄补贴吧？帮她申请": answered first, and the form opens in the same reply (_begin)
            return self._turned(route, str(target), "apply")
        if route.intent == "apply" and message.question and not message.personal and not _REQUEST.search(message.text):
            # answer first: "居住证要带啥" is answered, then the application is offered (a message
            # that also asks to apply opens the form after the answer, see _begin)
            target = named or route.service_code
            if target is not None and target != self.router.complaint and (message.aspect or message.question_type):
                return self._turned(route, target, "consult")
        if route.intent == "apply" and _ASKS_ABOUT.search(message.text) and not message.personal:
            # "我想问问低保的事": asking about the item, not applying for it (yet)
            target = named or route.service_code
            if target is not None and target != self.router.complaint and not _applies_now(message.text):
                return self._turned(route, target, "consult")
        if route.intent == "apply" and message.question and _WHETHER.search(message.text) and not message.personal:
            # "退休了还能领失业金吗", "资格还在吗": a yes/no question is answered, it opens no form
            target = named or route.service_code
            if target is not None and target != self.router.complaint and not _applies_now(message.text):
                return self._turned(route, target, "consult")
        if (
            route.intent == "apply"
            and named
            and route.service_code not in (*message.mentioned, self.router.complaint)
            and not complaint_words
            and any(named in self.router.mentioned(c) and _WANTS_ITEM.search(c) for c in _clauses(message.text))
        ):
            # "眼睛不好使…我要办那个老年人的补贴": the item the citizen asks for by name, not one the
            # circumstances suggest ("我有居住证，想给孩子报名上学" holds the permit, it asks for none)
            return self._turned(route, named)
        asked_for = [c for c in message.mentioned if c in self.items and self.router.requested(message.text, c)]
        if (
            route.intent == "apply"
            and len(asked_for) == 1
            and route.service_code in message.mentioned
            and route.service_code not in asked_for
            and not complaint_words
        ):
            # "我想给家里申请低保…儿子有残疾证的": of two items named, the one asked for with a verb; the
            # other is something the family holds
            return self._turned(route, asked_for[0])
        second = route.alternatives[1] if len(route.alternatives) > 1 else None
        if (
            route.intent == "apply"
            and second is not None
            and self.router.complaint not in (second[0], route.service_code)
            and second[0] != route.service_code
            and second[2] >= route.threshold
            and route.service_code not in message.mentioned
            and self.router.said(message.text, str(route.service_code))
        ):
            # "帮儿子登记上初一，我们…办了居住证的": the item said as one held or done is not the one
            # asked for; the next reading is
            return replace(route, service_code=second[0], service_name=second[1])
        first = route.alternatives[0] if route.alternatives else None
        if (
            route.intent == "complain"
            and not complaint_words
            and not message.question
            and route.intent_confidence < UNSURE_COMPLAINT
            and first is not None
            and first[0] != self.router.complaint
        ):
            # "…医保状态不对刷不了，只好自己先付了": a trouble an item puts right, told without a
            # complaint word, is answered with that item, not registered as a complaint
            return replace(route, intent="consult", service_code=first[0], service_name=first[1])
        return route

    # -- application stages ---------------------------------------------------------------

    def application(self, message: Message) -> TurnResult:
        if self.item() is None:
            return self.free(message)
        if self.row.stage == "confirming" and self._confirms(message) and not self._gives_new_values(message):
            # "我奶奶是特困供养的，不是低保…改一下就可以提交了": the value first (see filling), then submitted
            return self.submit()
        return self.filling(message)

    def _dropped_fields(self, text: str) -> list[str]:
        """Optional fields the message leaves empty by name ("意向学校先别写了", "紧急联系人不填了"): the
        field's name, then a word that leaves it empty, in one clause; filled or not, such a message
        is about that field, not a cancel of the application. A required field is never dropped."""
        form = self.form()
        required = set(form.get("required") or [])
        dropped: list[str] = []
        for clause in _clauses(text):
            norm = normalize(clause).rstrip(",.!?;:~ ")
            for name in form.get("properties", {}):
                if name in required or name in dropped:
                    continue
                title = str(form.get("properties", {}).get(name, {}).get("title", name))
                # a two-character key ("方式", "日期") names the field only at the clause's start: inside
                # "联系方式" it is another word
                ends = [
                    norm.find(key) + len(key)
                    for key in title_keys(title)
                    if (len(key) >= 3 and key in norm) or norm.startswith(key)
                ]
                if ends and _LEAVE_EMPTY.match(norm[max(ends) :]):
                    dropped.append(name)
        return dropped

    def _gives_new_values(self, message: Message) -> bool:
        """Whether the message gives a value for the open form that differs from the filled one
        ("算了，电话改成139…" is a correction, not a cancel)."""
        form = self.form()
        if not form:
            return False
        found = fill(form, message.text, current=self.filled(), pending=[], inferred=self.inferred()).values
        filled = self.filled()
        return any(filled.get(name) != value for name, value in found.items())

    def _confirms(self, message: Message) -> bool:
        """Whether the message confirms the summary: the act model's reading ("好的，没问题，帮我交上去"
        in any wording), or the cue pattern, or an agreeing word with no holding word, no question and
        no new value ("中，都对，递上去"). A message carrying values or a question is a correction
        or a question, never a confirmation, however agreeable it sounds."""
        text = message.text.strip()
        if _CONFIRM.search(text) or _CONFIRM.search(_ALL_SET.sub("", text, count=1)):
            return True
        if (
            _AGREE.search(text)
            and not _HOLD.search(text)
            and not message.question
            and not message.personal
            and len(message.norm) <= 24
            and not self._gives_new_values(message)
        ):
            return True
        reading = message.act
        return (
            reading.act == "confirm"
            and reading.confidence >= 0.5
            and not message.personal
            and not message.question
            and not message.entities
            and not self._gives_new_values(message)  # "对对，主要是因为儿子残疾": a correction
        )

    def _confirms_again(self, message: Message) -> bool:
        """ "都对，提交吧" once more after the case was filed: a short agreeing message that names
        nothing new and asks nothing."""
        text = message.text.strip()
        return (
            bool(_AGREE.search(text[:6]) and re.search(r"提交|交|递|确认|都对|没问题", text))
            and self._bare(message)
            and not message.question
            and not message.mentioned
        )

    def _switch_target(self, message: Message, current: str) -> str | None:
        """The other item a cancel or restart names last ("不是护照，我要办的是居住证"), if any."""
        named = [
            c for c in message.mentioned if c != self.router.complaint and not self.router.negated(message.text, c)
        ]
        if named and named[0] != current:
            return named[0]
        return None

    def _still_topic(self, message: Message, named: str, topic: str) -> bool:
        """Whether a follow-up ("那…", "要是…") that touches another item's keyword is still about the
        item just discussed: it does not name the other item in full, and read together with the
        topic's name the item model still finds the topic."""
        if normalize(self.items[named]["name"]) in message.norm:
            return False
        if len(message.norm) < 8:
            return False  # "那护照呢", "那生育津贴呢": the short form of a switch to the item it names
        opening = normalize(_clauses(message.text)[0])
        if len(opening) < 8 and named in self.router.mentioned(opening):
            return False  # "那居住证呢？交完材料多久能发证": the switch, then the question asked of it
        if message.conditional and len(message.norm) >= CHANGED_CASE_AT_LEAST:
            return True  # "那如果是公司半年没给我交社保，我才辞职的呢": a changed case, told at length
        if topic in message.mentioned or message.aspect == "materials":
            return True  # "要交退休证明吗": a document asked about names no item
        alone = message.route
        if alone.service_code == named and alone.service_confidence >= 0.6:
            return False  # "那退休手续本身要多少天": the other item, clearly
        together = self.router.route(f"{self.items[topic]['name']} {message.text}")
        return together.service_code == topic

    def _hall_place(self) -> str:
        """Where the hall is and when it opens, as most items' guides give it ("" when none does)."""
        places = [i["place"] for i in self.items.values() if isinstance(i.get("place"), dict)]
        hours = Counter(str(p.get("hours", "")) for p in places if p.get("hours")).most_common(1)
        addresses = Counter(
            re.split(r"[一二三四五六七八九十\d]楼", str(p.get("address", "")))[0].strip() for p in places
        )
        address = next((a for a, _n in addresses.most_common(1) if a), "")
        if not hours and not address:
            return ""
        parts = [f"办理时间：{hours[0][0]}" if hours else "", f"地址：{address}" if address else ""]
        return (
            "政务服务中心"
            + "；".join(p for p in parts if p)
            + "。各事项的窗口不同，告诉我您要办的事项，我告诉您在几楼哪个窗口。"
        )

    def _asked_item(self, message: Message, route: Route) -> str | None:
        """The item a plain question is about ("办护照收不收钱", "居住证多久能办好") when the intent
        model leans to applying or complaining: a question about one part of an item's guide, with
        no request to apply, no identifiers and no complaint word, is a consultation."""
        if route.intent not in ("apply", "complain") or not message.question:
            return None
        if not (message.aspect or message.question_type or _PERMISSION.search(message.text)):
            return None
        text = message.text
        asks_leave = _PERMISSION.search(text) is not None  # "我们能替他申请吗": whether one may, not a request
        if ((_START.search(text) or _applies_now(text)) and not asks_leave) or message.personal:
            return None
        if _COMPLAINT_CUE.search(text) or _WANTS_COMPLAINT.search(text):
            return None
        candidates = [*message.mentioned, route.service_code if route.intent == "apply" else None]
        if route.intent == "complain":
            # "…铺子我租下来了，想开个小卖部…要办什么": a story read as a complaint that asks what to do
            # is about the likeliest item it tells of
            candidates += [c for c, _name, score in route.alternatives if score >= _ASKED_ITEM_SCORE]
        return next((str(c) for c in candidates if c in self.items and c != self.router.complaint), None)

    def _application_target(self, message: Message, route: Route) -> str | None:
        """The item a message applies for although the models read it otherwise, or None.

        A message with the citizen's ID number, mobile or bank card is an application (a long one-shot
        application reads like a consultation to a model trained on short questions), and without a
        complaint word it is not a complaint; its item is the routed one, else the one it names, else
        the one the conversation was about (``topic``).
        """
        if route.intent == "apply" and route.service_code not in (None, self.router.complaint):
            return None
        if _COMPLAINT_CUE.search(message.text) or route.intent == "query_status":
            return None
        if route.intent == "complain" and not message.question:
            # "厂子黄了，老板跑了…我们这些工人想领失业金": a hard story that asks for an item applies for it
            requested = [c for c in message.mentioned if c in self.items and self.router.requested(message.text, c)]
            if requested:
                return requested[0]
        if not message.personal and route.intent != "apply":
            return None
        topic = (self.row.pending or {}).get("topic")
        candidates = [*message.mentioned, topic]
        if route.intent in ("consult", "other") or not route.sure:
            candidates.insert(0, route.service_code)
        return next((str(c) for c in candidates if c in self.items and c != self.router.complaint), None)

    def _story_item(self, message: Message, route: Route) -> str | None:
        """The one item a story told with no complaint word is about: the item it names, else the
        service model's first reading when that is an item's at :data:`_STORY_ITEM_SCORE` or more."""
        if _COMPLAINT_CUE.search(message.text):
            return None
        named = [c for c in message.mentioned if c in self.items]
        return named[0] if len(named) == 1 else self._likely_item(route)

    def _likely_item(self, route: Route) -> str | None:
        """The service model's first reading when it is an item's (not the hotline's) at
        :data:`_STORY_ITEM_SCORE` or more."""
        likely = route.alternatives[0] if route.alternatives else None
        if likely is None or likely[0] not in self.items or likely[0] == self.router.complaint:
            return None
        return likely[0] if likely[2] >= _STORY_ITEM_SCORE else None

    def _item_over_unasked_complaint(self, message: Message) -> str | None:
        """The item a message applies for while a complaint form is open that nobody asked for: the
        complaint opened on the models' reading of a story with no complaint word in it and no kind
        said (its ``request_type`` still a guess), and this message, no complaint either, reads as an
        application and names one item or is one the models are sure of, or asks whether one can
        have the one item it names ("这种情况能申请临时救助吗")."""
        if "request_type" not in self.inferred():
            return None
        named = [c for c in message.mentioned if c in self.items and c != self.router.complaint]
        can = message.question_type == "can" or _CAN_HAVE.search(_questions(message.text)) is not None
        if message.question and not (can and len(named) == 1):
            return None  # "这种情况能申请临时救助吗": asked of one item, the guess gives way to it too
        told = str(self.filled().get("content") or "")
        if _COMPLAINT_CUE.search(message.text) or _COMPLAINT_CUE.search(told) or _WANTS_COMPLAINT.search(told):
            return None
        if _HELP_ASKED.search(message.text) or _ASKS_GOVERNMENT.search(message.text):
            return None  # "想请政府帮忙催一下": the matter's plea, the hotline's 求助
        route = message.route
        if message.question:
            return named[0]
        if route.intent != "apply":
            return None  # "是阳光家园公租房小区5号楼…": an item's name in the complaint's place
        if len(named) == 1:
            return named[0]
        sure = route.sure and route.service_confidence >= ITEM_OVER_OTHER
        if not sure or route.service_code not in self.items or route.service_code == self.router.complaint:
            return None
        # "医药费自己垫了两万三，卡号…" after a hit-and-run: the item the whole story is about, where
        # the item model reads one in it, not the one this message alone sounds like
        whole = self.router.route(f"{told}，{message.text}")
        story = [c for c, _name, score in whole.alternatives if score >= _WHOLE_STORY_ITEM]
        story = [c for c in story if c in self.items and c != self.router.complaint]
        return story[0] if story else str(route.service_code)

    def _choice(self, text: str) -> str | None:
        choices = list((self.row.pending or {}).get("choices", []))
        stripped = text.strip().removeprefix("第").rstrip("个项。.")
        if stripped in _ORDINALS and _ORDINALS[stripped] < len(choices):
            return str(choices[_ORDINALS[stripped]])
        for code in choices:
            if self.items.get(code, {}).get("name", "\0") in text:
                return str(code)
        return None

    def routed(self, message: Message, route: Route) -> TurnResult:
        text = message.text
        topic = str((self.row.pending or {}).get("topic") or "")
        retried = next((c for c in (*message.mentioned, topic) if c in self.items and c != self.router.complaint), None)
        if _MISANSWERED.search(text) and retried and not message.personal and not _WANTS_COMPLAINT.search(text):
            # "我不是问这个，我说加名字！": the last answer missed; asked again about the item named, else
            # the same one, not a complaint, with the way to a person if this one misses too
            result = self._begin(retried, "consult", message, route)
            retry = "如果还不是您想问的，可以换个说法，或回复“转人工”由工作人员答复。"
            result.reply = f"抱歉，刚才没答到点子上。{result.reply}\n\n{retry}"
            return result
        asked = self._asked_item(message, route)
        if asked is not None:
            return self._begin(asked, "consult", message, route)
        target = self._application_target(message, route)
        if target is not None:
            return self._begin(target, "apply", message, route)
        if "place" in message.aspects and not message.mentioned and (not route.sure or route.intent == "other"):
            hall = self._hall_place()  # "你们大厅下午几点关门": the hall's hours, whatever the item
            if hall:
                return self.result(hall, kind="answer", text=text, intent="consult")
        # "有个建议想提：…能不能延长到晚上九点？", "麻烦赶紧派人来弄": a proposal or a call for action on
        # a matter the models read as the hotline's asks the government to act, it asks no law
        proposes = route.service_code == self.router.complaint and _ASKS_FOR_ACTION.search(text)
        wants_complaint = (_WANTS_COMPLAINT.search(text) or proposes) and not _NOT_COMPLAINT.search(text)
        hotline = self.items.get(str(self.router.complaint))
        # "在这反映问题多久有人答复？…": a question about the hotline goes on to its guide's answer below,
        # however unsure the intent model is
        about_hotline = bool(hotline) and route.intent == "complain" and message.question and _asks_about_hotline(text)
        unsure = not route.sure or (route.intent in ("apply", "consult") and route.service_code is None)
        if unsure and not about_hotline:
            if wants_complaint and self.router.complaint:
                # "…一直没人审核，我要投诉": a complaint asked for in so many words, however unsure the models
                return self._begin(str(self.router.complaint), "complain", message, route)
            story = (
                not message.question
                and _is_story(text)
                and route.intent in ("consult", "complain", "other")
                and not _is_social(message)  # "好啦不打扰你了，我得去上班了": a goodbye, no trouble
            )
            about = self._story_item(message, route) if story and not wants_complaint else None
            if about is not None:
                # "我在大连租房子住…听说公积金可以提出来付房租", "想在小区门口开个面馆…": a situation told
                # of one item (named, or the service model's sure reading) and blaming no one is asked
                # about that item; the hotline opens when asked for
                return self._begin(about, "consult", message, route)
            if story and self.router.complaint is not None:
                # a trouble told with no question and no item ("暖气一直不热…没人来修"): no law to quote
                # and nothing to guess; offer the hotline, the complaint opens when asked for
                return self._offer_hotline("听起来您遇到了麻烦。", text)
            items_named = [c for c in message.mentioned if c in self.items]
            if message.question and len(items_named) == 1 and (message.aspect or message.question_type):
                # "…查社保缴费记录收钱不？": a question about one part of the one item it names is
                # that item's, however unsure the intent model is
                return self._begin(items_named[0], "consult", message, route)
            if (
                not message.question
                and len(items_named) == 1
                and self.router.requested(text, items_named[0])
                and not _COMPLAINT_CUE.search(text)
            ):
                # "…医生让我们办个残疾证": the one item asked for with a verb is applied for
                return self._begin(items_named[0], "apply", message, route)
            if route.intent == "consult" and message.question:
                answered = self.policy_answer(text, route)
                if answered is not None:
                    return answered
            if route.intent == "other" and (_GREETING.search(text) or _is_social(message)):
                return self.result(_social_reply(text), kind="chat", text=text, intent="other")
            return self.dont_know(route)
        if (
            route.intent == "query_status"
            and not _STATUS_CUE.search(text)
            and (message.aspect or message.question_type)
        ):
            # "审核通过后公示几天": a question about a step of the item, not about the citizen's case
            target = next((c for c in (*message.mentioned, route.service_code) if c in self.items), None)
            if target is not None and target != self.router.complaint:
                return self._begin(str(target), "consult", message, route)
        if route.intent == "query_status" and wants_complaint and self.router.complaint is not None:
            # "我要投诉区车管所，材料交了三个礼拜了还没寄到": a delay told to complain of it, not to track it
            return self._begin(self.router.complaint, "complain", message, route)
        if route.intent == "query_status":
            return self.status(route)
        may_complain = _CAN_COMPLAIN.search(text) and (route.intent == "complain" or re.search(r"投诉|举报", text))
        if hotline and message.question and may_complain and not wants_complaint:
            # "楼上半夜装修，能投诉吗": yes, through the hotline, which registers it when asked to
            _summary, citation = guide_answer(hotline, text, "summary")
            return self._hotline_answer(f"可以。{hotline['summary']}", citation)
        asks_hotline = message.question and (message.aspect or message.question_type) and not wants_complaint
        if route.intent == "complain" and hotline and asks_hotline and _asks_about_hotline(text):
            # "投诉以后多久有人管？": the hotline's guide answers; registering waits to be asked for
            return self._hotline_answer(*guide_answers(hotline, text, asked_aspects(message), message, self._similar))
        if route.intent == "complain" and _really_asks(text) and not wants_complaint:
            # "…算不算违法": answered first; the complaint form opens on request ("缺啥也不说清楚",
            # "我都说了啥事了你还问" hold a question word and ask nothing)
            answered = self.policy_answer(text, route)
            if answered is not None:
                return answered
        if route.intent == "complain" and _is_social(message) and not _COMPLAINT_CUE.search(text):
            # "…上回在大厅排了俩钟头队，谢谢哈": a remark on the way out, not a complaint to register
            return self.result(_social_reply(text), kind="chat", text=text, intent="other")
        if route.intent == "complain" and _is_remark(message):
            # "排队排得脚都冻麻了": a remark, not a matter to register; offered, not opened
            named = next((c for c in message.mentioned if c in self.items), None)
            if named is not None and not message.question:
                return self._mentioned_only(named, text)
            return self._offer_hotline("辛苦您了。", text)
        likely = self._likely_item(route) if route.intent == "complain" else None
        if likely is not None and not _COMPLAINT_CUE.search(text) and not wants_complaint:
            # "我妈看慢特病…医保刷不了，只好自己先付了": a trouble the service model reads as one item's
            # matter and that blames no one is that item's, offered; the hotline opens when asked for
            return self._begin(likely, "consult", message, route)
        if route.intent == "complain" and self.router.complaint is not None:
            return self._begin(self.router.complaint, "complain", message, route)
        if route.intent == "other":
            if _GREETING.search(text) or _is_social(message):
                return self.result(_social_reply(text), kind="chat", text=text, intent="other")
            named = next((c for c in message.mentioned if c in self.items), None)
            if named is not None and not message.question:
                return self._mentioned_only(named, text)
            self._fail()
            return self.result(
                "这个问题我暂时无法回答。我可以帮您咨询和办理政务服务事项，例如“失业金怎么领”“我想办居住证”。",
                kind="chat",
                text=text,
                intent="other",
            )
        assert route.service_code is not None
        return self._begin(route.service_code, route.intent, message, route)

    def _begin(
        self, code: str, intent: str, message: Message, route: Route | None = None, *, prefix: str = ""
    ) -> TurnResult:
        item = self.items[code]
        text = message.text
        if intent == "consult":
            before = self.row.pending or {}
            kept = (
                {"topic": code, **{k: before[k] for k in ("aspect", "question", "said") if before.get(k)}}
                if before.get("topic") == code
                else {}
            )
            self.row.item_code, self.row.stage, self.row.pending = code, "offered", kept
            return self.consult(message, item)
        answer = ""
        citations: list[dict[str, Any]] = []
        asks_item = code != self.router.complaint or _asks_about_hotline(text)
        if message.question and (message.aspect or message.question_type) and asks_item:
            # answer first: a one-shot application that also asks ("…要带啥？") gets its answer too;
            # a complaint, when the question is about the hotline ("反映以后多久有人回我")
            figure = self._figure_for(code, message)
            if figure is not None:
                answer, citations = figure.text, [figure.citation]
            else:
                answer, citation = guide_answers(item, text, asked_aspects(message), message, self._similar)
                answer, citations = answer + "[1]", [citation]
        self._start(code)
        values: dict[str, Any] = {}
        prefix += f"好的，我来帮您办理“{item['name']}”（{item['department']}）。"
        if code == self.router.complaint:
            # "同志 帮帮忙" said alone just before the matter: a plea for help, unless the matter asks
            # for someone to be dealt with ("帮帮忙管一管")
            plea = any(_HELP_ASKED.search(t) and len(t) <= _PLEA_LENGTH for t in self._earlier_turns()[-1:])
            plea = plea and not _DEAL_WITH.search(text)
            kind = next((t for t in _REQUEST_TYPES if t in text), "求助" if plea else "投诉")
            values["request_type"] = kind
            own = text.strip() if _is_story(text) else _grievance(text)
            story = [*self._earlier_story(), own] if own else self._earlier_story()
            if story:  # "暖气不热…一个多礼拜了没人来" told first, the complaint asked for later
                values["content"] = "，".join(story)
            department = self._complaint_department(route, str(values.get("content") or text))
            self.row.routed_department = department
        update = fill(item["form"], text, current={}, pending=[], reader=self.options)
        account = values.get("content")
        values.update(update.values)
        if code == self.router.complaint:
            # nothing is recorded before the citizen confirms the summary (see submit); the kind said
            # is the form's ("麻烦赶紧派人来弄" asks for help)
            kind = str(values.get("request_type") or "投诉")
            department = self.row.routed_department
            prefix = (
                f"好的，我来帮您通过12345热线登记{kind}" + (f"（将转交{department}办理）" if department else "") + "。"
            )
        if account:  # the complaint's whole account, not the clauses of it a chosen option's story keeps
            values["content"] = account
        inferred = set(update.inferred)
        if code != self.router.complaint:
            # the story told, without the question that came with it ("开网店要办执照吗，我想办个体户")
            told = _statements(text)
            values.update(narrative(item["form"], told, values))
            for earlier in reversed(self._earlier_story()):  # the story told while asking about the item
                values.update(narrative(item["form"], earlier, values))
            field = story_field(item["form"])
            if field in values:  # the whole story, in the order told, not one message of it
                whole = ""
                for part in [*self._earlier_story(), told]:
                    whole = story_with(item["form"], whole, part)
                if plain_letters(str(values[field])) in plain_letters(whole):
                    values[field] = whole
        # the date or the place told before the form opened ("11月20号就审核通过了" before "我要投诉")
        before_form = self._earlier_story() if code == self.router.complaint else self._earlier_turns()
        earlier_values, guessed = self._told_options(item["form"], before_form)
        # a value stated before beats this message's guess ("男孩，叫…" then "他妈叫…": no 女 read)
        stated_before = {k for k in earlier_values if k in inferred and k not in guessed}
        inferred = (inferred - stated_before) | {k for k in guessed if k not in values}
        values.update({k: v for k, v in earlier_values.items() if k not in values or k in stated_before})
        if code == self.router.complaint and not any(t in text for t in _REQUEST_TYPES):
            # the kind no word named is a guess (the reader's sure reading of the first message, else
            # 投诉): what the citizen goes on to ask for ("要是能加个站就好了", "能不能先给我们送点水"),
            # read as surely, changes it (see fill's ``inferred``)
            inferred.add("request_type")
        self._set_fields(values, inferred)
        if answer:
            prefix = f"{answer}\n\n{prefix}"
        offer = account_offer(item["form"], self.user, text, values) if code != self.router.complaint else {}
        if offer and missing_required(item["form"], values):
            prefix += offer_text(item["form"], offer)
        result = self.ask_next(prefix=prefix, intent=intent)
        if offer and self.row.stage == "filling":
            self.row.pending = {**(self.row.pending or {}), "prefill": offer}
        if citations:
            result.citations = citations
        return result

    def _earlier_turns(self) -> list[str]:
        """The citizen's messages of the last few turns before this one, oldest first, back to the
        last application (which told its own story): as said where the conversation keeps them (the
        last :data:`TOLD_TURNS`, encrypted like the form), else as the masked log has them. Leaving a
        complaint nobody asked for, all that was told to it, and the story it kept first."""
        earlier = [t for t in (self.row.turns or {}).get("items", []) if t.get("role") == "user"]
        said = list((self.row.turns or {}).get("said", []))  # the same messages unmasked, the last few
        told: list[str] = []
        kept = self.told_to_complaint
        for back, turn in enumerate(reversed(earlier[-TOLD_TURNS:]), start=1):
            if turn.get("intent") == "apply" and not kept:
                break
            told.insert(0, str(said[-back] if back <= len(said) else turn.get("text", "")))
        if kept and not any(t in kept for t in told[:1]):
            told.insert(0, kept)  # the story the complaint kept, told before these
        return told

    def _earlier_story(self) -> list[str]:
        """The earlier messages that tell what happened: statements of some length that carry no
        identifier or address (those are the form's own fields), without the clauses that ask
        ("居住证不是说十个工作日吗？我十一月九号就交了…" tells its story after the question)."""
        told = [_statements(text) for text in self._earlier_turns()]
        return [text for text in told if _is_story(text)]

    def _told_options(self, form: dict[str, Any], texts: Sequence[str]) -> tuple[dict[str, Any], set[str]]:
        """Values the citizen's situation gave in the turns before the form opened ("我在厂里上班，
        住我表哥家，能办居住证吗？" → 申领依据, 住所类型; "11月20号在市妇幼做的引产" → the date and the
        hospital; "我叫马俊" → the name). A message the conversation no longer keeps as said comes
        from the masked log, where a person's identifiers and addresses are starred: from such a
        text those kinds of field, and any value with a star in it, are left to be asked. Also:
        which of the values the option reader inferred from a situation."""
        told: dict[str, Any] = {}
        guessed: set[str] = set()
        for text in reversed(texts):
            update = fill(form, text, current={}, pending=[], reader=self.options)
            for name, value in update.values.items():
                spec = form["properties"].get(name, {})
                masked = "*" in text and field_entity_type(name, spec) in _PERSONAL_FIELDS
                if not masked and "*" not in str(value) and name not in told:
                    told[name] = value  # the latest turn that states a value wins
                    if name in update.inferred:
                        guessed.add(name)
        return told, guessed

    def _complaint_department(self, route: Route | None, story: str) -> str | None:
        """The department a complaint is about, by the rule opinion routes hotline posts with
        (:func:`govhall.routing.complaint_department`): the hotline's department model reads the
        whole story, the item model's readings are those of this turn, the catalogue's terms are
        looked for in the story."""
        if route is None:
            return None
        mentions = self.router.mentions
        found = complaint_department(
            mentions,
            mentions.likeliest(normalize(story).lower()),
            predicted=predict_departments(self.router.department_model, [story])[0],
            likely=[(code, score) for code, _name, score in route.alternatives],
        )
        return found.department if found else None

    def filling(self, message: Message) -> TurnResult:
        text = message.text
        form = self.form()
        offer = (self.row.pending or {}).get("prefill")
        if isinstance(offer, dict) and offer and accepts(text):
            # the account's name, ID number and mobile, shown in the last reply and accepted now
            self._set_fields({k: v for k, v in offer.items() if k not in self.filled()})
            return self.ask_next(prefix="好的，已填入您的账号信息。", intent="apply")
        if _CONFIRM.search(text.strip()) and not self._gives_values(message) and not self._gives_new_values(message):
            # "确认提交" before everything is filled is not an answer; "电话…，叫林晨，确认提交" has answers
            return self.ask_next(prefix="还有必填信息没有提供，暂时不能提交。", intent="apply")
        if _ANYTHING_ELSE.search(text) and not self._gives_values(message):
            # "没别的了吧？那提交": what the form still lacks answers it, not the item's overview
            return self.ask_next(prefix="还有必填信息没有提供，暂时不能提交。", intent="apply")
        pending = dict(self.row.pending or {})
        asked = list(pending.get("fields", []))
        question = message.question
        shown_summary = self.row.stage == "confirming"
        if self.row.item_code == self.router.complaint and _ASKS_FOR_ACTION.search(text):
            question = False  # "能不能找人来修一下？电话留…": the complaint's own request, nothing to answer
        # a question is never taken as the answer to ours ("要带户口本吗？" is not an employer's name),
        # and never changes a value already given
        update = fill(
            form,
            text,
            current=self.filled(),
            pending=[] if question else asked,
            options=pending.get("options"),
            question=question,
            similar=self._similar,
            last_answered=[n for n, e in (self.row.fields or {}).items() if e.get("turn") == self.number - 1],
            unchecked=pending.get("raw"),
            reader=self.options,
            inferred=self.inferred(),
        )
        if not question:
            update.values.update(self._read_again_as(form, update.values))
        if self.row.item_code == self.router.complaint and not question and "content" not in update.values:
            told = self._story_so_far(text, update.values)
            if told:  # "在二楼B23号窗口，那个男的…把我的材料扔回来": the matter told over several turns
                update.values["content"] = told
        field = story_field(form)
        if (
            self.row.item_code != self.router.complaint
            and field is not None
            and field in self.filled()
            and update.values.get(field, self.filled()[field]) == self.filled()[field]  # "情况说明就写：…" replaces
            and not question
            and not (set(update.values) & set(asked)) - {field}  # an answer to what was asked is no story
            and _is_story(text)
        ):
            # "他那个病就是透析，医药费一个月好几千" after the story was taken: more of the same account
            more = story_with(form, str(self.filled()[field]), text)
            if more != self.filled()[field]:
                update.values[field] = more
        if update.values or update.problems or update.choose:
            self._set_fields(update.values, update.inferred)
            notes = []
            if update.corrected:
                titles = "、".join(form["properties"][n].get("title", n) for n in update.corrected)
                notes.append(f"已将{titles}更正。")
            if update.choose:
                name, options = next(iter(update.choose.items()))
                self.row.pending = {"fields": [name], "options": options}
                title = form["properties"][name].get("title", name)
                return self.result("".join(notes) + f"请确认{title}是：{'，还是'.join(options)}？", intent="apply")
            invalid = dict(pending.get("invalid", {}))
            skipped = list(pending.get("skipped", []))
            for name, problem in update.problems.items():
                invalid[name] = invalid.get(name, 0) + 1
                if invalid[name] == 1:
                    notes.append(f"{problem}，请核对后重新提供。")
                elif name not in skipped:  # explained once, asked again once: now move on
                    skipped.append(name)
                    title = form["properties"][name].get("title", name)
                    notes.append(f"{title}仍未通过校验，这一项先跳过，稍后可以再补充。")
            if update.problems and any(invalid[n] == 1 for n in update.problems):
                first = [n for n in update.problems if invalid[n] == 1][:ASK_AT_ONCE]
                self.row.pending = {"fields": first, "invalid": invalid, "skipped": skipped, "raw": update.raw}
                return self.result("".join(notes), intent="apply")
            answered: list[dict[str, Any]] = []
            item = self.item()
            assert item is not None
            if question and (message.aspect or message.question_type) and not update.problems:
                # "卡号6212…，多久能到账？": the values are taken and the question answered too
                answer, answered = self._mid_form_answer(message, item)
                notes.insert(0, answer + "\n\n")
            elif question and not update.problems:
                # "卡号…。这个收钱的卡是要我名下的还是我儿子名下的？": the guide's one sentence on it, if any
                detail = guide_detail(item, _questions(text) or text, None, self._similar)
                if detail is not None:
                    notes.insert(0, detail.text + "\n\n")
                    answered = [guide_answer(item, text, detail.section)[1]]
            complete = not missing_required(form, self.filled()) and not update.problems
            # "想读乌沙小学，好的就这样吧" after the summary: one more value, and the citizen is done
            closes = shown_summary and len(update.values) == 1 and _CLOSES.search(text)
            # "等一下，…不是低保…改一下就可以提交了": a wait that opens a correction holds nothing back
            waits = _WAIT.search((_clauses(text) or [text])[-1])
            # "…邮储的。好了吧？没问题就提交": asking whether all is there is answered by submitting
            checks = question and _ALL_SET.fullmatch(_questions(text).strip()) is not None
            if complete and (not question or checks) and (_SUBMIT_NOW.search(text) or closes) and not waits:
                # "出发大概是2027年9月10号，也填上吧。好了，提交。": the value is taken and the case submitted
                submitted = self.submit()
                submitted.reply = "".join(notes) + submitted.reply
                return submitted
            result = self.ask_next(prefix="".join(notes) or "好的。", intent="apply", invalid=invalid, skipped=skipped)
            if answered:
                result.citations = answered
            return result
        item = self.item()
        assert item is not None
        if question or (message.aspect and _TOPIC_ASKED.search(text.strip())):
            route = message.route
            if route.intent == "query_status":
                status = self.status(route)
                return self.ask_next(prefix=status.reply + "\n\n我们继续办理：", intent="query_status")
            answer, citations = self._mid_form_answer(message, item)
            done = not missing_required(self.form(), self.filled())
            last = (_clauses(text) or [""])[-1]
            if shown_summary and done and _SUBMIT_NOW.search(last) and not _WAIT.search(text):
                # "住满半年了吧？那就交了": answered, then submitted as asked
                submitted = self.submit()
                submitted.reply = f"{answer}\n\n{submitted.reply}"
                submitted.citations = citations
                return submitted
            resumed = self.ask_next(prefix=answer + "\n\n我们继续办理：", intent="consult")
            resumed.citations = citations
            return resumed
        if _WAIT.search(text):  # "先不提交了，我再想想": nothing to read, nothing failed
            return self.ask_next(prefix="好的，不着急，已填写的信息会保留，想好了随时继续。", intent="apply")
        self._fail()
        return self._list_unread_option(pending) or self.ask_next(
            prefix="抱歉，没能从您的回复中识别出需要的信息。", intent="apply"
        )

    def _read_again_as(self, form: dict[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
        """Options the earlier messages gave once this one says who the speaker is: "户口跟我" said
        before "我是孩子爸爸" chooses 随父落户 only now. When a message first fills a field of how the
        speaker is related (a title with 关系), the few messages kept as said are read again with it,
        for option fields still empty."""
        filled = self.filled()
        props = form.get("properties", {})
        if not any(n not in filled and "关系" in str(props.get(n, {}).get("title", "")) for n in values):
            return {}
        current = {**filled, **values}
        found: dict[str, Any] = {}
        for earlier in (self.row.turns or {}).get("said", []):
            again = fill(form, str(earlier), current=current, pending=[]).values
            found.update(
                {k: v for k, v in again.items() if "enum" in props.get(k, {}) and k not in current and k not in found}
            )
        return found

    def _story_so_far(self, text: str, values: Mapping[str, Any]) -> str:
        """The complaint's matter with what this message adds to it, or "" when it adds nothing:
        citizens tell a grievance over several turns (what happened, then where and who, then what
        they want), and the hotline records the whole account, not its opening line. Clauses that
        give the form's other fields (``values``: a name, a date, where they live) or a long number
        are not part of it."""
        given = [str(v) for k, v in values.items() if k != "content" and isinstance(v, str) and len(str(v)) >= 2]
        own = "，".join(
            clause
            for clause in re.split(r"[，,。；;！!]", _grievance(text))
            if clause.strip()
            and not re.search(r"\d{6,}", clause)
            and not _FORM_CLAUSE.match(clause.strip())
            and not any(only_value(clause, value) for value in given)
        )
        before = str(self.filled().get("content") or "")
        if not own or plain_letters(own) in plain_letters(before):
            return ""
        limit = int(self.form()["properties"]["content"].get("maxLength", 2000))
        return (f"{before}，{own}" if before else own)[:limit]

    def _list_unread_option(self, pending: dict[str, Any]) -> TurnResult | None:
        """An option field asked and answered in words no option fitted is asked once more with its
        options numbered ("2", "第二个" or a few words of an option answer it); when the list gets no
        pick either, it is skipped like an invalid value, to be asked last, instead of asked again
        and again until the citizen gives up."""
        form = self.form()
        props = form["properties"] if form else {}
        unread = [n for n in pending.get("fields", []) if props.get(n, {}).get("enum") and n not in self.filled()]
        if not unread:
            return None
        name = str(unread[0])
        invalid, skipped = dict(pending.get("invalid", {})), list(pending.get("skipped", []))
        if pending.get("listed") == name:
            title = props[name].get("title", name)
            if [n for n in missing_required(form, self.filled()) if n != name]:
                skipped = [*skipped, name] if name not in skipped else skipped
                self.row.pending = {"invalid": invalid, "skipped": skipped}
                return self.ask_next(prefix=f"{title}这一项先跳过，稍后可以再补充。", skipped=skipped)
            # the last field left: nothing to move on to, so a person is offered instead of a loop
            self.row.pending = {"fields": [name], "invalid": invalid, "skipped": skipped}
            return self.result(
                f"{title}需要从所列选项中选一项。拿不准的话可以回复“转人工”，工作人员会帮您确认。", intent="apply"
            )
        self.row.stage = "filling"
        options = [str(v) for v in props[name]["enum"]]
        self.row.pending = {
            "fields": [name],
            "options": options,
            "listed": name,
            "invalid": invalid,
            "skipped": skipped,
        }
        return self.result(
            f"抱歉，没能从您的回复中识别出需要的信息。{ask_text(form, [name], listed=True)}", intent="apply"
        )

    def _with_policy(
        self, answer: str, citation: dict[str, Any], aspects: Sequence[str], text: str, item: dict[str, Any]
    ) -> tuple[str, list[dict[str, Any]]]:
        """The guide's answer [1], followed by the policy library's where the question is one a law
        settles (conditions, the benefit's amount, the basis) or asks nothing the guide sections name."""
        citations: list[dict[str, Any]] = [citation]
        wants_policy = not aspects or any(a in ("conditions", "basis", "amount") for a in aspects)
        policy = self._policy(text) if wants_policy else None
        if policy is None or not policy.grounded or not _about_item(policy.answer, item):
            return answer + "[1]", citations
        renumbered = re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + 1}]", policy.answer)
        return f"{answer}[1]\n\n相关政策：{renumbered}", [*citations, *policy.citations]

    def _mid_form_answer(self, message: Message, item: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
        """The answer to a question asked while a form is open: about the item being filled, unless
        the question names another one (a model's guess is not enough, and a document asked about,
        "房产证要带吗", names no item even when another item's keyword is that document: only the
        other item's name counts then)."""
        named = next((c for c in message.mentioned if c in self.items), None)
        if named and message.aspect == "materials" and normalize(self.items[named]["name"]) not in message.norm:
            named = None
        asking = _questions(message.text)
        if named and asking and asking != message.text.strip() and not self.router.said(asking, named):
            named = None  # "我是附近开药店的…。投了以后多久有答复？": the story names it, the question not
        target = self.items[named] if named else item
        figure = self._figure_for(str(target["code"]), message)
        if figure is not None:
            return figure.text, [figure.citation]
        aspects = asked_aspects(message)
        answer, citation = guide_answers(target, message.text, aspects, message, self._similar)
        return self._with_policy(answer, citation, aspects, message.text, target)

    def ask_next(
        self,
        *,
        prefix: str = "",
        intent: str = "apply",
        invalid: dict[str, int] | None = None,
        skipped: list[str] | None = None,
    ) -> TurnResult:
        form = self.form()
        missing = missing_required(form, self.filled())
        if invalid is None:
            invalid = dict((self.row.pending or {}).get("invalid", {}))
        if skipped is None:
            skipped = list((self.row.pending or {}).get("skipped", []))
        choosing = self._open_choice()
        if choosing is not None:
            # "是A，还是B？" survives a reply that answered something else: asked again, first
            name, options = choosing
            kept = int((self.row.pending or {}).get("kept", 0)) + 1
            self.row.stage = "filling"
            self.row.pending = {"fields": [name], "options": options, "invalid": invalid, "skipped": skipped}
            self.row.pending["kept"] = kept
            title = form["properties"][name].get("title", name)
            return self.result(f"{prefix}请确认{title}是：{'，还是'.join(options)}？", intent=intent)
        if missing:
            # fields skipped after a second invalid value come last, so the citizen is not stuck on them
            ordered = [n for n in missing if n not in skipped] + [n for n in missing if n in skipped]
            asked = ordered[:ASK_AT_ONCE]
            self.row.stage, self.row.pending = "filling", {"fields": asked, "invalid": invalid, "skipped": skipped}
            return self.result(f"{prefix}{ask_text(form, asked)}", intent=intent)
        # an optional field the citizen left is what the form says by default (生育胎儿数 1, 是否有求职
        # 要求 是): shown in the summary like any value, and changed like any
        filled = self.filled()
        defaults = {
            name: spec["default"]
            for name, spec in form.get("properties", {}).items()
            if "default" in spec and name not in filled
        }
        if defaults:
            self._set_fields(defaults)
        self.row.stage, self.row.pending = "confirming", {}
        summary = summary_text(form, self.filled())
        return self.result(
            f"{prefix}信息已填写完整，请核对（证件号、电话、卡号已部分隐藏）：\n{summary}\n"
            "确认无误请回复“确认”提交；需要修改请直接告诉我，例如“电话改成139…”。",
            intent=intent,
        )

    def _open_choice(self) -> tuple[str, list[str]] | None:
        """The option question still open from the last reply (field, options), if its field is
        still empty; None otherwise."""
        pending = self.row.pending or {}
        options, fields = pending.get("options"), pending.get("fields")
        if not options or not fields or fields[0] in self.filled() or int(pending.get("kept", 0)) >= 1:
            return None  # asked again once; after that the form moves on
        if pending.get("listed"):
            return None  # a numbered list was the asking again (see _list_unread_option)
        return str(fields[0]), [str(o) for o in options]

    def _similar(self, text: str, options: Sequence[str]) -> list[float]:
        """Cosines of ``text`` to each option with the configured embedder ([] without one)."""
        embedder = get_embedder(self.settings)
        if embedder is None:
            return [0.0] * len(options)
        vectors = _option_vectors(embedder, tuple(options))
        # the policy library's cached query vector: a consultation asks both about the same text
        query = policies.query_vector(embedder, text)
        return [float(x) for x in vectors @ query]

    # -- figures -----------------------------------------------------------------------------

    def _figure_for(self, code: str, message: Message) -> Figure | None:
        """The calculator's figure when the message asks about the benefit's duration of ``code``."""
        if ITEM_CALCULATORS.get(code) == "maternity_allowance":
            return self._allowance_for(code, message)
        after_figure = self._last_figure() is not None
        stated = contribution_months(message.norm, bare=after_figure)  # "十二年呢" right after a figure
        follows = after_figure and (message.conditional or stated is not None)
        if message.question_type != "how_long_benefit" and not follows:
            return None
        months = stated
        if months is None:
            months = read_profile(message.text).values.get("unemployment_insurance_months")
        if months is None:
            last = self._last_figure()
            months = last.get("months") if last and last.get("item") == code else None
            if message.conditional and months is None:
                return None
        if months is None and "contribution_months" in self.filled() and code == self.row.item_code:
            months = int(self.filled()["contribution_months"])
        figure = benefit_figure(code, months)
        if figure is not None:
            self._figure_topic = {"item": code, "months": figure.months_paid}
        return figure

    def _allowance_for(self, code: str, message: Message) -> Figure | None:
        """The maternity allowance computed from the wage and the days the message gives ("单位去年
        平均工资九千，产假158天，能拿多少？"), or from the last figure's with one of them changed ("要是
        128天呢"); None when the message asks no amount or gives neither."""
        last = self._last_figure()
        earlier = dict(last.get("inputs") or {}) if last and last.get("item") == code else {}
        said = allowance_inputs(message.text)
        asks = message.question_type == "how_much" or _ASKS_AMOUNT.search(message.text) is not None
        if not said or not (asks or (earlier and message.conditional)):
            return None
        figure = allowance_figure({**earlier, **said})
        self._figure_topic = {"item": code, "inputs": dict(figure.inputs or {})}
        return figure

    def _last_figure(self) -> dict[str, Any] | None:
        figure = (self.row.pending or {}).get("figure")
        return figure if isinstance(figure, dict) else None

    def figure(self, message: Message) -> TurnResult | None:
        """A benefit figure asked outside an application: "交了四年，能领多久" → 最长 12 个月."""
        pending = self.row.pending or {}
        last = self._last_figure()
        code = next(
            (
                c
                for c in (
                    *message.mentioned,
                    message.route.service_code,
                    pending.get("topic"),
                    (last or {}).get("item"),
                )
                if c in ITEM_CALCULATORS
            ),
            None,
        )
        if code is None or (_OTHER_PAYMENT.search(message.text) and code not in message.mentioned):
            # "公司要跟我解除合同，能拿几个月工资的补偿": the employer's severance, which the law
            # settles, not the insurance benefit the calculator counts
            return None
        figure = self._figure_for(code, message)
        if figure is None:
            return None
        item = self.items.get(code)
        offer = f"\n\n如需办理“{item['name']}”，回复“办理”即可开始在线填写申请。" if item else ""
        if item:
            self.row.item_code, self.row.stage = code, "offered"
        self.row.pending = {"topic": code, "figure": self._figure_topic}
        return self.result(
            figure.text + offer, kind="answer", text=message.text, intent="consult", citations=[figure.citation]
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
        recorded = ""
        if item["code"] == self.router.complaint:
            kind = str(data.get("request_type") or "投诉")
            recorded = f"已记录您的{kind}。"
        return self.result(
            f"{recorded}已提交！办件编号：{case.number}（{item['name']}，{case.department}受理{routed}）。"
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
        code = route.service_code if route.service_code != self.router.complaint or "投诉" in route.text else None
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
        if self.row.stage in ("idle", "offered", "choosing", "submitted"):
            # the thread: "能快点吗" next is about this case
            self.row.pending = {
                **(self.row.pending or {}),
                "case": first.number,
                "case_department": first.department,
                "case_item": first.item_code,
                "case_state": first.state,
            }
        asked = self.items.get(str(code)) if code and code != self.router.complaint else None
        named = [c for c in self.router.mentioned(route.text) if c == first.item_code and c != self.router.complaint]
        if asked is None and named:  # "我上周提交的临时救助申请到哪一步了": the item it names and found
            asked = self.items.get(named[0])
        extra: dict[str, Any] = {}
        if asked and not self.item():  # "我的低保到哪了": the answer is about that item
            extra["service"] = {"code": asked["code"], "name": asked["name"]}
        return self.result(
            "为您查到以下办件：\n" + "\n".join(lines),
            intent="query_status",
            case={"number": first.number, "state": first.state, "department": first.department},
            **extra,
        )

    def consult(self, message: Message, item: dict[str, Any]) -> TurnResult:
        text = message.text
        aspects = asked_aspects(message) or ([self.thread_aspect] if self.thread_aspect else [])
        last = (self.row.pending or {}).get("aspect")
        same_topic = (self.row.pending or {}).get("topic") == item["code"]
        differs = _ASKS_DIFFERENCE.search(message.text)  # "两口子一起开呢，有啥不一样": not the figure again
        # "我那是临街商铺不是住宅呢": a statement of the changed case closed by 呢, asking nothing of its own
        elliptical = message.conditional or (
            message.question and not message.question_type and re.search(r"呢[？?。]?$", message.text.strip())
        )
        if elliptical and not message.aspects and last in _FIGURE_ASPECTS and same_topic and not differs:
            # "那要是商铺呢", "我那是临街商铺不是住宅呢" after the fee: the fee again, for the changed case
            aspects = [str(last)]
        aspect = aspects[0] if aspects else None
        before = str((self.row.pending or {}).get("question") or "") if same_topic else ""
        # a short message leans on the last question only when it asks nothing of its own
        leans = message.conditional or (len(message.norm) <= 12 and not message.aspects)
        # "那我自己的呢？我三十五了" after "给她办的护照有效期是几年": the detail is sought for both together
        context = before if before and leans and not differs else ""  # "有啥不一样" asks about the new case
        said = str((self.row.pending or {}).get("said") or "") if same_topic else ""
        answer, citation = guide_answers(item, text, aspects, message, self._similar, context=context, said=said)
        # the library reads a short follow-up with the question it leans on, as the guide does
        answer, citations = self._with_policy(answer, citation, aspects, f"{context} {text}".strip(), item)
        asked: dict[str, Any] = {"topic": item["code"]}
        if message.question_type:  # a specific question ("有效期是几年") that an ellipsis may lean on
            asked["question"] = (context + " " + text).strip()[-120:]
        asked["said"] = answer.split("\n", 1)[0][:200]  # the leading sentence, which a changed case must not repeat
        self.row.pending = {**asked, "aspect": aspect} if aspect else asked
        self.answered_aspect = aspect
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
        eligibility = is_eligibility_question(text) and not any(
            self.router.mentioned(clause) and _WANTS_ITEM.search(clause) for clause in _clauses(text)
        )  # "着火了能申请什么救助吗，想申请临时救助" names what it asks for: not an open question
        if not eligibility and not (self.message.question if self.message else False):
            return None
        mentioned = [c for c in self.router.mentioned(text) if c in self.items and c != self.router.complaint]
        document = asked_document(text, mentioned)
        if document is not None:
            answer, citations = materials_answer(self.graph(), document, self.items, mentioned)
        elif eligibility:
            names = {code: str(item["name"]) for code, item in self.items.items() if code != self.router.complaint}
            answer, citations = eligibility_answer(read_profile(text), names, self.graph())
        else:
            return None
        return self.result(answer, kind="answer", text=text, intent="consult", citations=citations)

    def _policy(self, text: str) -> policies.Answer | None:
        """The policy library's extractive answer: the turn's one LLM call, if any, is the
        assistant's generator rewording the whole reply, so the library is asked without its own."""
        try:
            answer = policies.ask(self.db, _extractive(self.settings), text)
            asking = _questions(text)
            if not answer.grounded and asking and len(asking) < ASKING_SHARE * len(text):
                # "暑假想带闺女出去玩，她今年12岁，给她办的护照有效期是几年？": the library has no word for
                # the holiday; the question alone is what it can answer
                retry = policies.ask(self.db, _extractive(self.settings), asking)
                return retry if retry.grounded else answer
            return answer
        except GovhallError:
            return None

    def policy_answer(self, text: str, route: Route) -> TurnResult | None:
        policy = self._policy(text)
        if policy is None or not policy.grounded:
            return None
        if self.row.stage in ("idle", "offered", "choosing", "submitted"):
            # the thread: "那要是公司不给呢" next is asked against this question
            self.row.pending = {**(self.row.pending or {}), "policy": text[:200], "policy_turn": self.number}
        answer = lead_for(text, policy.answer, policy.answer_sentence)  # "98天" before the add-ons
        related = self._related_item(route, policy)
        if related is not None and self.row.stage in ("idle", "offered", "choosing"):
            # "产假多少天" is the law's; the hall's item for it (生育津贴申领) is offered after the answer
            self.row.item_code, self.row.stage = related, "offered"
            self.row.pending = {**(self.row.pending or {}), "topic": related}
            answer += f"\n\n如需办理“{self.items[related]['name']}”，回复“办理”即可开始在线填写申请。"
        return self.result(answer, kind="answer", text=text, intent="consult", citations=policy.citations)

    def _related_item(self, route: Route, policy: policies.Answer | None = None) -> str | None:
        """The hall item a law question is about: the one it names, else the item model's when it is
        sure enough (a weak guess links "丧葬费" to 高龄津贴), or when the law the answer leads with is
        one the item's guide gives as its basis ("产假多少天" → 女职工劳动保护特别规定 → 生育津贴)."""
        named = self.message.mentioned if self.message else ()
        # the item model's best guess, kept as the first alternative when too weak to route by
        guess = route.service_code or next((str(a[0]) for a in route.alternatives[:1]), None)
        sure = route.service_code is not None and route.service_confidence >= RELATED_AT_LEAST
        if not sure and guess in self.items and policy is not None and policy.citations:
            law = str(policy.citations[0].get("title", ""))
            basis = {str(b.get("law", "")) for b in self.items[guess].get("legal_basis") or []}
            sure = route.service_confidence >= RELATED_BY_BASIS and any(law and law in b for b in basis)
        guessed = (guess,) if sure else ()
        return next((c for c in (*named, *guessed) if c in self.items and c != self.router.complaint), None)

    def policy_follow_up(self, message: Message) -> TurnResult | None:
        """A short question or changed condition after a policy answer, asked together with the
        question it leans on ("辞退有补偿吗" → "那试用期呢")."""
        pending = self.row.pending or {}
        last = pending.get("policy")
        if not last or pending.get("policy_turn") != self.number - 1 or message.mentioned or message.personal:
            return None  # only right after the policy answer
        leans = message.conditional or (message.question and len(message.norm) <= 15 and not message.aspect)
        if not leans:
            return None
        return self.policy_answer(f"{last} {message.text}", message.route)

    def _mentioned_only(self, code: str, text: str) -> TurnResult:
        """A remark that names an item and asks nothing ("明天就去领证啦"): the item becomes the topic
        and what can be done about it is offered, instead of "无法回答"."""
        self.row.pending = {"topic": code}
        name = self.items[code]["name"]
        return self.result(
            f"您说的是“{name}”吧。需要的话我可以告诉您要带的材料、办理地点和时间，或者帮您在线申请。",
            kind="chat",
            text=text,
            intent="other",
            service={"code": code, "name": name},
        )

    def dont_know(self, route: Route) -> TurnResult:
        scored = [(code, score) for code, _name, score in route.alternatives if score >= 0.05][:3]
        choices = [code for code, _score in scored]
        if (
            len(scored) == 1
            and choices[0] != self.router.complaint
            and self.message is not None
            and (scored[0][1] >= _ASKED_ITEM_SCORE or choices[0] in self.message.mentioned)
            and route.intent != "query_status"  # "那个钱什么时候能发下来": their own case, perhaps
        ):
            # "生孩子的那个津贴是怎么算钱的？": one likely item is no choice to offer; its guide answers
            # ("那个钱什么时候能发下来" at 0.05 is a guess, still asked about)
            return self._begin(choices[0], "consult", self.message, route)
        self._fail()
        if not choices:
            return self.result("抱歉，我不太确定您要办理什么。请换个说法，或告诉我事项名称，例如“居住证”“失业金”。")
        self.row.stage = "choosing"
        self.row.pending = {"choices": choices, "intent": "consult" if route.intent == "consult" else "apply"}
        listing = "\n".join(f"{n}. {self.items[c]['name']}" for n, c in enumerate(choices, 1))
        return self.result(
            f"抱歉，我不太确定您的意思。您是想办理以下哪一项？回复序号即可：\n{listing}\n也可以换个说法，或回复“转人工”。",
            intent="unknown",
        )


_PERSONAL_FIELDS = frozenset({"name", "id_card", "phone", "bank_card", "address", "birth_date", "email"})
"""Kinds of field the masked log cannot give back (see Turn._told_options)."""
TOLD_TURNS = 3
"""How many turns before an application are read for the options they state."""
_NOT_STORY = frozenset({"id_card", "phone", "bank_card", "email"})
"""Entities that make a message a field's value rather than a story of what happened."""
_TAKES_OFFER = word_cue("dialogue", "takes_offer")
_ASKS_ABOUT = word_cue("dialogue", "asks_about")
"""Asking about an item ("我想问问低保的事"), which "想" alone would read as applying for it."""
_WHETHER = re.compile(
    r"能不能|可不可以|还在吗|算不算|有没有|是否|会不会|行不行|可以吗|能吗|(?:能|可以)[^，。？?]{1,10}(?:吗|么|不)[？?]?$"
)
"""A yes/no question ("还能领吗", "算不算", "有没有期限"): answered, never taken as a request."""
_TOPIC_ASKED = re.compile(
    r"(?:流程|材料|条件|费用|收费标准|收费|时限|办理时间|步骤|地点|依据|所需材料|要求|办理指南|指南|须知)[。！!？?～~]*$"
)
"""A message that ends in what it wants to know ("公积金提取流程", "护照办理材料")."""
_LAW = word_cue("dialogue", "law")
"""Subjects of law the policy library answers and no hall item does."""
_STATUS_CUE = re.compile(
    r"我的|我那个|我家的|我们的|进度|到哪|哪一步|办到|审到|审核到|批了|批下来|下来了没|怎么样了|受理了|有消息|办好了没"
    r"|办完了没|还没好|还没办|还没批|还没下来|查一下|查查|编号|GH\d|提交的|交的申请|申请的"
)
"""Words of a question about one's own case; without them "公示几天" asks about the item's steps."""
_MISANSWERED = re.compile(
    r"(?:我)?(?:不是|没|没有)(?:要)?(?:问|说|想问)(?:的)?(?:这个|这|那个)|不是这个意思|答非所问|没问(?:你)?这个"
    r"|(?:你|您)(?:说|答|讲|回答)的(?:还是|都)?不对|牛头不对马嘴"
)
"""The citizen says the last answer missed their question."""
_WANTS_COMPLAINT = re.compile(
    r"(?:要|想|得|必须|帮我|给我|我)(?:投诉|举报|反映)(?![的过])|(?:投诉|举报)(?:一下|他们|他|她|这)"
)
"""A wish to complain now; "我反映的问题有结果了吗", "我投诉过" speak of one already made."""
_NEVER_HAD = re.compile(r"(?:从来|从|还|一直)没有?(?:办|领|申请|拿)过")
"""Never having had the item ("还从来没办过护照") is why one applies for it now, no refusal of it."""
_REFUSES = word_cue("dialogue", "refuses")
"""Words that refuse, which no "never had it" turns into a request ("从来没办过，也不想办")."""
_ASKS_FOR_ACTION = re.compile(
    r"(?:有个|提个|提一个|想提个?)(?:建议|意见)|我建议"
    r"|(?:能不能|可不可以|能否|可否|希望|(?<!申)请(?!问)|麻烦)(?:你们|政府|有关部门|相关部门)?(?:赶紧|尽快|快点|早点)?"
    r"(?:派人|来人|找人|派个人|管一管|管管|处理一下|解决一下|修一下|修修|修好|来修|维修|延长|增加|加装|安装|清理|整治"
    r"|考虑|研究一下|协调|督促|增设|新设|加个|加一个|设个|设一个)"
)
"""A proposal ("有个建议…") or a call on the government to act ("麻烦赶紧派人来弄")."""
_CONDITION_WORDS = word_cue("dialogue", "condition_words")
_BASIS_WORDS = dict(cue_table("aspects"))["basis"]
"""The guide's basis aspect cue: a question that names a law or a policy asks for the basis."""
_ASKS_AMOUNT = re.compile(r"(?:拿|领|发|给|算|有)(?:个)?多少|多少钱|怎么算|算一下|算算")
"""A question about how much a benefit pays ("大概能拿多少？")."""
_DURATION_IN_CONDITION = re.compile(
    r"(?:住|交|缴|参保|工作|上班|满|连续|待|呆|生活|就读|读)(?![证费上完])[^，。？?]{0,6}(?:多久|多长时间|几年|几个月|多少年|多少个月)"
    r"|(?:多久|多长时间|几年|几个月|多少年|多少个月)[^，。？?]{0,6}(?:才能|才可以|才可|才行|才够|以上|以后才)"
    r"|(?:产假|婚假|陪产假|护理假|丧假|年假|病假|探亲假|育儿假|假期)[^，。？?]{0,6}(?:多少天|几天|多久|多长)"
    r"|有效期[^，。？?]{0,4}(?:多久|多长|几年|多少年)|(?:管|能用|有效)[^，。？?]{0,2}(?:多少年|几年|多久)"
    r"|(?:多久|多长时间|几天|几个月|多少天)(?:之内|以内)|过期|逾期|来得及|赶得上|赶趟|最晚|截止"
    r"|休[^，。？?]{0,4}(?:几天|多少天|多久|几个月)"
)
"""A "how long" about a condition or a right (how long one must live here, how many days of leave):
answered from the conditions and the policy library, not with the processing time limit."""


def asked_aspects(message: Message) -> list[str]:
    """Every part of the guide a question asks about, in the guide's order: "要多少钱，多久能拿到"
    asks the fee and the time. A "how long" inside a condition is the conditions; 能不能 and 政策 add
    conditions or basis only when nothing more specific was asked."""
    aspects = list(message.aspects)
    if not aspects and message.question_type in _TYPE_ASPECT:
        aspects = [_TYPE_ASPECT[str(message.question_type)]]
    if message.question_type == "deadline" and "materials" in aspects:
        aspects.remove("materials")  # "最晚要在多长时间内交材料": the deadline is asked, not the documents
    if message.question_type == "how_long" and "time" in aspects and "materials" in aspects:
        aspects.remove("materials")  # "材料交上去以后多久能审完": the documents are the context, the time is asked
    if not aspects and message.conditional and not message.mentioned:
        aspects = ["conditions"]  # "要是我住的是亲戚家呢": the changed condition is checked against the conditions
    if _DURATION_IN_CONDITION.search(message.text):
        aspects = ["conditions" if a == "time" else a for a in aspects] or ["conditions"]
    if "amount" in aspects:
        aspects = [a for a in aspects if a != "fee"]
    if (
        len(aspects) > 1
        and not _CONDITION_WORDS.search(message.text)
        and not _DURATION_IN_CONDITION.search(message.text)
    ):
        aspects = [a for a in aspects if a != "conditions"] or aspects
    if len(aspects) > 1 and not _BASIS_WORDS.search(message.text):
        aspects = [a for a in aspects if a != "basis"] or aspects
    return list(dict.fromkeys(aspects))[:3]


def _asked_step(item: dict[str, Any], text: str) -> dict[str, Any] | None:
    """The step of the item a question names by its own name ("公示几天" → the 公示 step), if any:
    a duration inside a step is that step's, not the item's processing time."""
    norm = normalize(text)
    for step in item.get("steps", []):
        name = str(step.get("name", ""))
        if (
            len(name) >= 2
            and name in norm
            and name not in ("申请", "受理", "办结", "审核")
            and re.search(r"多久|几天|多少天|多长|期限|多长时间", norm)
        ):
            return dict(step)
    return None


def guide_answers(
    item: dict[str, Any],
    text: str,
    aspects: Sequence[str],
    message: Message | None = None,
    similar: Similarity | None = None,
    *,
    context: str = "",
    said: str = "",
) -> tuple[str, dict[str, Any]]:
    """The guide's answer to every aspect asked, one paragraph each, under one citation of the guide;
    led by the one sentence of the guide that answers the detail asked, where one does.

    ``said`` is the line that led the last answer on this item: a changed case ("要是已经过期半年了
    还没换呢" after the renewal window) read with the question it leans on finds that sentence again,
    so another sentence is sought for it, where one is close enough. A changed case read on its own
    ("要是过期一年多了呢" right after the cancellation rule) may well get the same sentence again."""
    answer, citation = _section_answers(item, text, aspects)
    question_type = message.question_type if message else None
    aspect = aspects[0] if aspects else None
    detail = guide_detail(item, f"{context} {text}".strip(), question_type, similar, aspect)
    changed = message is not None and message.conditional  # "要是社保已经联网了呢": the one line it changes
    if changed and context and said and detail is not None and detail.text.rstrip("。") == said.rstrip("。"):
        detail = guide_detail(item, f"{context} {text}".strip(), question_type, similar, aspect, said) or detail
    if detail is not None and aspects and aspects[0] in _SENTENCE_ASPECTS:
        detail = None  # the answer is already the guide's own sentences on the point asked
    if detail is not None and aspects[:1] == ["visit"] and detail.section != "faq":
        detail = None  # "还得我自己去一趟吗": the visits and the agents' rule answer, a condition does not
    if detail is not None and detail.section == "fee" and "fee" not in aspects:
        detail = None  # "低保一个月能领多少钱" asks what the benefit pays, not what the service costs
    if detail is not None and detail.section in aspects[:1] and question_type in (None, "what") and not changed:
        detail = None  # "需要什么条件": the whole list answers, not one of its lines
    if changed and said and (case := _said_for_the_case(said, text)) is not None:
        detail = None  # "要是事情比较复杂的呢" after "一般…5个工作日，复杂…15个工作日": that part again
        answer = f"{case}。\n{answer}"
    if detail is not None and detail.text.rstrip("。") not in answer:
        answer = f"{detail.text}\n{answer}"
    for clause in _other_questions(text, aspects):
        # "高龄津贴是按月发吗？发到哪里？": each question its own sentence of the guide
        subject = _item_core(item)  # "钱会打到哪里" is read as the item's money
        more = guide_detail(item, f"{subject} {clause}", question_type_of(normalize(clause)), similar)
        if more is not None and more.text.rstrip("。") not in answer and more.section != "fee":
            answer = f"{answer}\n{more.text}"
    return answer, citation


_CASE_FILLER = composed_cue("dialogue", r"{case_filler}|[？?。，,！!\s]")


def _said_for_the_case(said: str, text: str) -> str | None:
    """The part of the last answer's leading line that a changed case asks about: the line told both
    cases ("一般诉求5个工作日内答复，复杂诉求15个工作日内答复") and the case now asked ("要是比较复杂
    的呢") is its later part, which names the case's words; None when no later part names them."""
    words = _CASE_FILLER.sub(" ", normalize(text)).split()
    pairs = {w[i : i + 2] for w in words for i in range(len(w) - 1)}
    parts = [p.strip() for p in re.split(r"[，,；;。]", said) if p.strip()]
    named = [p for p in parts[1:] if any(pair in p for pair in pairs)]
    return named[0] if len(named) == 1 else None


def _other_questions(text: str, aspects: Sequence[str]) -> list[str]:
    """The question clauses after the first of a message that asks several things, each read with
    the subject of the message ("发到哪里" of "高龄津贴是按月发吗？发到哪里？"); none when a section
    was asked (its whole text answers) or the message asks one thing."""
    asking = [c for c in _clauses(text) if is_question(c)]
    return asking[1:] if len(asking) > 1 and not aspects else []


def _section_answers(item: dict[str, Any], text: str, aspects: Sequence[str]) -> tuple[str, dict[str, Any]]:
    step = _asked_step(item, text)
    if step is not None and (not aspects or aspects[0] in ("time", "steps")):
        _summary, citation = guide_answer(item, text, "steps")
        return f"“{item['name']}”的“{step['name']}”环节：{step['description']}", {**citation, "section": "steps"}
    if len(aspects) <= 1:
        return guide_answer(item, text, aspects[0] if aspects else None)
    parts = [guide_answer(item, text, aspect) for aspect in aspects]
    citation = dict(parts[0][1])
    citation["section"] = ",".join(aspects)
    return "\n".join(answer for answer, _c in parts), citation


def _extractive(settings: Settings) -> Settings:
    return settings if not settings.llm_base_url else settings.model_copy(update={"llm_base_url": ""})


_OPTION_VECTORS: dict[tuple[str, tuple[str, ...]], Any] = {}


def _option_vectors(embedder: Embedder, options: tuple[str, ...]) -> Any:
    """An enum's option vectors, embedded once per process and embedder."""
    key = (embedder.name, options)
    if key not in _OPTION_VECTORS:
        if len(_OPTION_VECTORS) > 256:
            _OPTION_VECTORS.clear()
        _OPTION_VECTORS[key] = embedder.embed_queries(list(options))
    return _OPTION_VECTORS[key]


_HANDLERS: dict[Stage, Callable[[Turn, Message], TurnResult]] = {
    Stage.IDLE: Turn.free,
    Stage.OFFERED: Turn.free,
    Stage.CHOOSING: Turn.free,
    Stage.SUBMITTED: Turn.free,
    Stage.FILLING: Turn.application,
    Stage.CONFIRMING: Turn.application,
}
