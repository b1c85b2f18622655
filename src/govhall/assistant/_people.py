"""Whose value is it: names, ID numbers and phones of the several people one form asks about.

A form such as 新生儿出生登记 asks for the names of the baby, the father and the mother; 结婚登记
for both parties; 残疾人证 for the applicant and a guardian. Each such field names its person in
its title (父亲姓名 → 父亲, 对方公民身份号码 → 对方, 监护人联系电话 → 监护人); titles that name
nobody (申请人姓名, 联系电话) belong to the applicant. A value belongs to the person the words of
its clause point to, the nearest first:

- a label ("紧急联系人是…", "孩子叫…", "对方：…") owns the rest of its clause;
- otherwise the last person word before the value: a person of the form, 我 (the speaker), 他/她
  (the last other person named), or a relative the form has no field for (that is the applicant,
  as in "我爸叫…");
- a clause without any takes the owner of the clause before it in the same sentence, else the
  applicant; a person after 代/替/帮 in a clause the speaker began ("我代他办") is whom the
  speaker acts for, not the owner of what follows.

"我" followed by a relative ("填我爸的") is that relative's value, never the speaker's; a clause
that points back to a number ("联系电话也留这个") reuses the last phone said before it; an ID
number that belongs to someone else than the person of the form's one ID field (the parent's
"我的身份证…" on the child's form) fills nothing.

The speaker is the applicant unless they say otherwise: "我是孩子妈妈" (a person of the form) or
"我是他儿子" / "给我父亲申请" (a relative: then the form's agent or guardian, if it has one).
Person words come from ``data/slot_words.yaml`` (``people``, each person of a form) and
``data/people_words.yaml`` (relatives, 我们, 他/她 and the rest), checked when this module loads.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictStr, model_validator

from govhall.assistant._cues import word_cue
from govhall.assistant._words import entities, slot_words, value_mentions
from govhall.localtime import local_today
from govhall.text import field_entity_type, name_at
from govhall.text.tokenize import default_tokenizer
from govhall.text.validators import id_birth_date

PERSON_KINDS = ("name", "id_card", "phone")
APPLICANT = "本人"
OUTSIDER = "说话人"
"""A speaker who is nobody of the form (a father applying for his daughter's passport): their name
and ID number fill nothing, their phone is the contact phone."""
_ALL = "*"
OTHER_PARTY = "对方"
"""The person of a two-party form (对方姓名) who is never the speaker: a word of theirs the speaker
says they are (女方是我) names the applicant."""
_KIND_SUFFIX = re.compile(
    r"(?:公民身份号码|身份证号码?|身份号码|证件号码?|姓名|名字|联系电话|电话|手机号?码?|联系方式|婚姻状况|性别)$"
)
_LABEL_AFTER = re.compile(r"(?:的名字)?(?:是|为|叫|名叫|：|:|填|写|就是|填写)")
_NAME_LEAD = re.compile(r"\s*(?:的名字|名字)?\s*(?:叫做|名叫|叫|是|为|：|:)?\s*")
_SENTENCE = re.compile(r"[。！？!?\n]")
_CLAUSE = re.compile(r"[，,；;。！？!?\n]")
_DECLARE = re.compile(r"(?:我|俺)(?:就)?是(?:这|那)?(?:孩子|宝宝|小孩|娃)?(?:他|她)?的?$")
_FOR = re.compile(r"(?:给|帮|替|为|代)(?:我|俺)?的?$")
_BENEFIT = "代替帮给为"
_WITH = re.compile(r"[跟和与同找问](?:孩子|娃|宝宝)?[他她]?的?$")
_MY = re.compile(r"(?:我|俺)(?:的|家的?)?$")
_OWNS_VALUE = re.compile(r"(?:的)?(?:名字|姓名|身份证号?码?|电话|手机号?)?\s*(?:叫|是|：|:|\d)")
"""After a relative: a value of theirs follows ("我妈叫…", "我儿子身份证…")."""
_ON_BEHALF_VERB = re.compile(r"代(?:他|她)|代办|代为|替(?:他|她)")
_NO_NAME_AFTER_PERSON = re.compile(r"^[那这哪来去在也都就还又才从到给让把被跟和能会要想可应该得已正刚先再]")
"""How a word after a person word starts when it is no name of theirs, though its first character is
a surname: "她妈那边", "我爸妈那儿" (a place), "她那口子" (a spouse), "我来代办" (a verb), "我能领不"
(a modal verb: 能, 应, 要 are surnames too, but a name after a bare person word is rarely one)."""


def _ends_inside_a_word(text: str, end: int) -> bool:
    """Whether ``end`` falls inside a word of the segmenter's cut of ``text`` (a name read there would
    take the first half of a word: "他左腿截|肢")."""
    return any(start < end < stop for start, stop, _token in default_tokenizer().spans(text))


_PARTNER = "(?:" + word_cue("people", "partner").pattern + ")"
"""Words for the speaker's partner: "女方是我对象" makes the other side the speaker."""
_NAME_APART = re.compile(r"[，,：:]\s*")
_WHAT_IT_IS = re.compile(r"(?:方面|上的|的问题|问题|那种|这种|这一?类|类型?|型的|性的|障碍|残疾|的病|病)")
"""What follows a word after 是 that says what something is, not whom ("他是智力方面的问题", "是听力障碍")."""
_NAME_ENDS = re.compile(r"\s*(?:[，,。；;！!？?\n]|\d|$)")
"""A person's name said as a clause of its own after the person ("…写我妈，解红，136…")."""


_Word = Annotated[StrictStr, Field(min_length=1)]
_Words = Annotated[tuple[_Word, ...], Field(min_length=1)]


class PeopleWords(BaseModel):
    """The tables of ``data/people_words.yaml`` (what each means is written there)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    self_heads: frozenset[StrictStr]
    kin: _Words
    grandchildren: frozenset[_Word]
    everyone: _Words
    third_person: _Words
    phone_words: _Words
    spouses: frozenset[_Word]
    couples: dict[_Word, _Word]
    pronouns: dict[_Word, _Word]

    @model_validator(mode="after")
    def _grandchildren_are_kin(self) -> PeopleWords:
        if not set(self.pronouns) <= set(self.couples) or not set(self.pronouns.values()) <= set(self.third_person):
            raise ValueError("pronouns must map persons of couples to words of third_person")
        if not self.grandchildren <= set(self.kin):
            raise ValueError(f"grandchildren not in kin: {sorted(self.grandchildren - set(self.kin))}")
        if not self.spouses <= set(self.kin):
            raise ValueError(f"spouses not in kin: {sorted(self.spouses - set(self.kin))}")
        if any(self.couples.get(b) != a for a, b in self.couples.items()):
            raise ValueError("couples must name each partner of a pair both ways")
        return self


@functools.cache
def people_words() -> PeopleWords:
    """The word tables, read and checked once (the file ships with the package)."""
    text = resources.files("govhall.assistant").joinpath("data/people_words.yaml").read_text(encoding="utf-8")
    return PeopleWords.model_validate(yaml.safe_load(text))


_WORDS = people_words()
KIN_WORDS = _WORDS.kin
"""Words for relatives (also read by slot filling to tell a list of household members)."""
_MY_KIN = re.compile(
    r"(?:就|也|还是?|改|换)?(?:是|填|写|留|找|成|为)?(?:成)?(?:的是)?(?:我|俺)(?:的|家)?(?:"
    + "|".join(map(re.escape, sorted(KIN_WORDS, key=len, reverse=True)))
    + ")"
)
"""A relative of the speaker right after a form's person ("紧急联系人填我爸", "…就写我儿子", "…还是填我姐",
"…改成我哥"): that person is the relative."""


def person_of(title: str) -> str:
    """The person a field title names (父亲姓名 → 父亲); the applicant (本人) when it names nobody."""
    core = re.sub(r"[（(].*?[)）]", "", title)
    head = _KIND_SUFFIX.sub("", core).removesuffix("联系")
    return APPLICANT if head in _WORDS.self_heads else head


@dataclass
class _Mention:
    start: int
    end: int
    person: str  # a person of the form, APPLICANT for 我, "他" for 他/她, "kin:<word>", or _ALL
    word: str
    label: bool = False
    declares: bool = False  # "我是他爸爸": the word says who the speaker is


class People:
    """Person fields of one form and the words that refer to each person (read-only once built:
    :func:`people_of` shares one per form object)."""

    def __init__(self, form: Mapping[str, Any]) -> None:
        props: Mapping[str, Any] = form.get("properties", {})
        self.fields: dict[str, tuple[str, str]] = {}  # name → (kind, person)
        for name, spec in props.items():
            kind = field_entity_type(name, spec) if "enum" not in spec else None
            if kind in PERSON_KINDS:
                self.fields[name] = (kind, person_of(str(spec.get("title", ""))))
        self.titles = {name: re.sub(r"[（(].*?[)）]", "", str(props[name].get("title", ""))) for name in self.fields}
        applicant_field = next((n for n in ("applicant_name", "id_number") if n in self.fields), None)
        self.applicant = self.fields[applicant_field][1] if applicant_field else APPLICANT
        # in the form's order, never a set's: which of two overlapping words of one length wins
        # ("他妈妈": 他妈 or 妈妈) must not change from one process to the next
        self.persons = dict.fromkeys([*(person for _kind, person in self.fields.values()), self.applicant])
        words = slot_words()
        self.on_behalf = next((p for p in words.on_behalf if p in self.persons and p != self.applicant), None)
        # who a speaker is who says whose relative they are ("我是她爸"): the form's agent or guardian;
        # the applicant when the applicant is the guardian (监护人姓名); else nobody of the form
        self.relative = self.on_behalf or (self.applicant if self.applicant in words.on_behalf else OUTSIDER)
        table: list[tuple[str, str]] = []
        for person in self.persons:
            if person == APPLICANT:
                continue
            for word in dict.fromkeys((person, *words.people.get(person, ()))):
                table.append((word, person))
        table += [(w, APPLICANT) for w in words.people.get(APPLICANT, ("我",))]
        table += [(w, "kin:" + w) for w in KIN_WORDS if all(w != t for t, _ in table)]
        table += [(w, _ALL) for w in _WORDS.everyone] + [(w, "他") for w in _WORDS.third_person]
        self._words = sorted(table, key=lambda pair: len(pair[0]), reverse=True)

    def active(self) -> bool:
        """Whether the form asks about more than one person (else plain auto-fill is enough)."""
        return len({p for _k, p in self.fields.values()} | {self.applicant}) > 1

    def _said_to_be_me(self, text: str) -> set[str]:
        """Words of the other party that the speaker says they are ("女方是我", "我是男方"): on a
        form about two parties (结婚登记) the speaker is the applicant, so in this message the word
        names the applicant, not 对方 ("女方是我对象" says who 女方 is to the speaker, not that she is)."""
        if OTHER_PARTY not in self.persons:
            return set()
        words = [w for w, person in self._words if person == OTHER_PARTY]
        alternatives = "|".join(map(re.escape, words))
        said = re.finditer(
            rf"(?:我|俺)(?:就)?是(?:那个)?({alternatives})|({alternatives})(?:就)?是(?:我|俺)"
            r"(?=[，,。；;！!\s]|$|本人|自己|叫|姓)",
            text,
        )
        selves = {m.group(1) or m.group(2) for m in said}
        partner = re.search(rf"({alternatives})(?:就)?是(?:我|俺)的?{_PARTNER}", text)
        sides = ("男方", "女方")
        if partner is not None and partner.group(1) in sides:  # "女方是我对象…": so 男方 is the speaker
            selves.add(sides[1 - sides.index(partner.group(1))])
        return selves

    def mentions(self, text: str) -> list[_Mention]:
        """Person words in ``text``, longest first where they overlap, in order."""
        taken = bytearray(len(text))
        found = []
        for word, person in self._words:
            start = text.find(word)
            while start != -1:
                end = start + len(word)
                if not any(taken[start:end]) and not (person == "他" and text[end : end + 1] == "们"):
                    taken[start:end] = b"\x01" * len(word)
                    label = bool(_LABEL_AFTER.match(text, end)) and person not in (APPLICANT, "他", _ALL)
                    found.append(_Mention(start, end, person, word, label))
                start = text.find(word, end)
        found.sort(key=lambda m: m.start)
        # "他自己有手机…", "我妈自己去": 自己 right after a person word is that person again, not the speaker
        found = [
            m
            for i, m in enumerate(found)
            if not (
                m.word in ("自己", "本人")
                and i > 0
                and found[i - 1].end == m.start
                and found[i - 1].person != APPLICANT
            )
        ]
        selves = self._said_to_be_me(text)
        for mention in found:
            if mention.word in selves:
                mention.person, mention.label = APPLICANT, False  # "女方是我，戚雨桐": the speaker
        for mention in found:
            if mention.person in self.persons and mention.person not in (APPLICANT, self.applicant):
                # "紧急联系人我爸洪振南": the relative is who the label names, not the applicant
                mention.label = mention.label or bool(_MY_KIN.match(text, mention.end))
        return found


_PEOPLE: dict[int, tuple[Mapping[str, Any], People]] = {}


def people_of(form: Mapping[str, Any]) -> People:
    """The :class:`People` of ``form``, built once per form object: one message's fill asks for it
    a dozen times, and building its word table is the costly part."""
    held = _PEOPLE.get(id(form))
    if held is not None and held[0] is form:
        return held[1]
    if len(_PEOPLE) >= 64:
        _PEOPLE.clear()
    people = People(form)
    _PEOPLE[id(form)] = (form, people)  # the form itself is kept, so its id is not reused meanwhile
    return people


@dataclass
class Owned:
    """A value found in the text and the person it belongs to."""

    kind: str
    value: Any
    start: int
    person: str
    clause: str


def owned_values(
    people: People, text: str, speaker: str | None = None, asked: Sequence[str] = ()
) -> tuple[list[Owned], str | None]:
    """Every name, ID number and phone in ``text`` with its owner, and the relation the speaker declared.

    ``speaker``: who the speaker is when an earlier message said so (与新生儿关系 = 父亲).
    ``asked``: the fields the last reply asked for; a value nobody is named with ("找到了 3201…")
    answers the question, so it is the asked person's of its kind, not the applicant's.
    """
    answering: dict[str, str] = {}
    for field in asked:
        if field in people.fields:
            kind, person = people.fields[field]
            answering[kind] = person if kind not in answering else ""  # two of a kind asked: unsure
    persons = [e for e in entities(text) if e.type in PERSON_KINDS]
    mentions = people.mentions(text)
    found: list[tuple[str, Any, int, int]] = [(e.type, e.value, e.start, e.end) for e in persons]
    spans = {(e.start, e.end) for e in persons if e.type == "name"}
    for mention in mentions:
        lead = _NAME_LEAD.match(text, mention.end)
        at = lead.end() if lead else mention.end
        if at == mention.end and _WITH.search(text[max(0, mention.start - 5) : mention.start]):
            continue  # "跟孩子他妈商量商量": a verb follows the person a preposition leads to, no name
        name = name_at(text, at)
        if name is None and (apart := _NAME_APART.match(text, at)) is not None:
            name = name_at(text, apart.end())  # "紧急联系人写我妈，解红，136…": a clause that is only the name
            whole = name is not None and _NAME_ENDS.match(text, apart.end() + len(name)) is not None
            name, at = (name, apart.end()) if whole else (None, at)
        if name and lead is not None and lead.end() == mention.end and _NO_NAME_AFTER_PERSON.match(name):
            continue  # no 叫/是 between: "她妈那边" names a place, "我来代办" a deed
        if name and lead is not None and lead.end() == mention.end and _ends_inside_a_word(text, at + len(name)):
            continue  # "他左腿截肢": 左腿截 ends inside 截肢, a name ends where a word does
        if name and any(name.startswith(kin) for kin in KIN_WORDS if len(kin) >= 2):
            continue  # "我孙子小名…": a relative word, though 孙 is a surname
        if name and lead is not None and "是" in lead.group() and _WHAT_IT_IS.match(text, at + len(name)):
            continue  # "他是智力方面的问题": 是 says what the matter is, not who he is
        if name and not any(s <= at < e for s, e in spans) and mention.person != _ALL:
            found.append(("name", name, at, at + len(name)))
            spans.add((at, at + len(name)))
    found.sort(key=lambda f: f[2])

    speaker = speaker if speaker in people.persons else people.applicant
    declared: str | None = None
    for index, mention in enumerate(mentions):
        before = text[max(0, mention.start - 6) : mention.start]
        kin = mention.person.startswith("kin:")
        following = mentions[index + 1] if index + 1 < len(mentions) else None
        if following is not None and re.fullmatch(r"[他她的]?", text[mention.end : following.start]):
            continue  # "我是孩子他爸": the speaker is the last word of the chain (爸), not 孩子
        if _DECLARE.search(before) and mention.person not in (APPLICANT, "他", _ALL):
            declared, mention.declares = mention.word, True
            speaker = people.relative if kin else mention.person
        elif _FOR.search(before) and mention.person not in (APPLICANT, "他", _ALL):
            if kin:
                speaker = people.on_behalf or speaker
            if mention.word in _WORDS.grandchildren:
                declared = declared or "grandparent"
        elif kin and _MY.search(before) and _OWNS_VALUE.match(text, mention.end) and speaker == people.applicant:
            # "我儿子叫孙磊…，我叫何静": the relative is the applicant, the speaker acts for them
            speaker = people.on_behalf or speaker
    if _ON_BEHALF_VERB.search(text) and speaker == people.applicant and people.on_behalf:
        speaker = people.on_behalf

    out: list[Owned] = []
    others: list[str] = []  # persons other than the speaker, in the order named

    def resolve(mention: _Mention) -> str:
        person = mention.person
        if person == APPLICANT or mention.declares:
            return speaker
        partner = _WORDS.couples.get(speaker or "")
        if (
            carry == speaker
            and not others
            and partner in people.persons
            and _WORDS.pronouns.get(partner) == mention.word
        ):
            # "我叫林涛，她叫黄诗琪", "我的身份证…，她的…": said next to the speaker's own, the
            # pronoun that fits the speaker's partner is the partner (not the baby a 她 may be)
            return partner
        if person == "他":
            if others:
                return others[-1]
            if speaker != people.applicant:
                return people.applicant
            # with a relative named ("帮我妈办，她…") 他/她 is that relative, the applicant; with none
            # ("改成她手机…") it is the form's one other person, the emergency contact too
            kin_said = any(m.person.startswith("kin:") for m in mentions)
            passed = (people.applicant, people.on_behalf, *(("紧急联系人",) if kin_said else ()))
            rest = [p for p in people.persons if p not in passed]
            return rest[0] if len(rest) == 1 else people.applicant
        if person.startswith("kin:"):
            partner = _WORDS.couples.get(speaker)
            if mention.word in _WORDS.spouses and partner in people.persons:
                return partner  # the father's "我老婆" is the child's mother
            return people.applicant
        return person

    carry: str | None = None
    bounds = [0, *[m.end() for m in _CLAUSE.finditer(text)], len(text)]
    for a, b in itertools.pairwise(bounds):
        if a > 0 and _SENTENCE.match(text, a - 1):
            carry = None  # a new sentence starts with nobody
        events: list[tuple[int, int, Any]] = [(m.start, 0, m) for m in mentions if a <= m.start < b]
        events += [(f[2], 1, f) for f in found if a <= f[2] < b]
        owner, locked = carry, False
        # "紧急联系人电话…，是我老婆，叫陈小霞": a clause that says who the person just labelled is to
        # the speaker describes that person; its 我 and 老婆 hand the clause to nobody else
        who_is = _MY_KIN.match(text, a) if carry not in (None, speaker, people.applicant) else None
        described = who_is.end() if who_is is not None and "是" in who_is.group() else a
        for _at, is_value, event in sorted(events, key=lambda e: (e[0], e[1])):
            if not is_value and event.start < described:
                continue
            if is_value:
                kind, value, start, end = event
                answered = answering.get(kind) if _answers(kind, value, text, end, answering) else None
                who = owner or answered or people.applicant
                out.append(Owned(kind, value, start, who, text[a:start]))
                continue
            mention = event
            if mention.person == _ALL:
                continue
            form_person = mention.person in people.persons and mention.person != APPLICANT
            if locked and not form_person:
                continue  # "紧急联系人是我妈妈…": the label owns the clause
            if owner is not None and mention.start > a and text[mention.start - 1] in _BENEFIT:
                continue  # "我代他办": 他 is whom the speaker acts for; the clause is still the speaker's
            owner, locked = resolve(mention), mention.label
            if owner != speaker and owner not in others:
                others.append(owner)
        carry = owner
    return out, declared


_MINE_AFTER = re.compile(r"\s*(?:是|这个是|这是)?(?:我|本人|我自己)(?:本人)?的")
"""A number the speaker then calls their own ("…0015是我本人的"): not the asked person's."""
_YOUNG_TITLE = word_cue("people", "young_title")


def _answers(kind: str, value: Any, text: str, end: int, answering: Mapping[str, str]) -> bool:
    """Whether a value nobody is named with answers the question asked for its kind: not when the
    speaker says it is theirs, nor an adult's ID number asked for a pupil or a baby."""
    person = answering.get(kind)
    if not person or _MINE_AFTER.match(text, end):
        return False
    if kind == "id_card" and _YOUNG_TITLE.search(person):
        born = id_birth_date(str(value))
        return born is None or born.year >= local_today().year - 18
    return True


def assign(
    people: People, text: str, speaker: str | None = None, asked: Sequence[str] = ()
) -> tuple[dict[str, Any], str | None]:
    """Field → value for the person fields of a form that asks about several people.

    Only kinds with two or more fields are assigned (one phone field takes any phone as before).
    A value also goes to every other field of its kind whose whole title its clause states
    ("联系电话和代办人电话都留我的…"). The later of two values for one field wins.
    """
    by_kind: dict[str, list[str]] = {}
    for name, (kind, _person) in people.fields.items():
        by_kind.setdefault(kind, []).append(name)
    multi = {kind for kind, names in by_kind.items() if len(names) > 1}
    values: dict[str, Any] = {}
    owned, declared = owned_values(people, text, speaker, asked)
    for item in owned:
        if item.kind not in multi or (item.person == OUTSIDER and item.kind != "phone"):
            continue
        if item.person == OUTSIDER:
            item.person = people.applicant  # "电话留我的，我是她爸": the contact phone
        for name in by_kind[item.kind]:
            person = people.fields[name][1]
            owner = person == item.person or (person == APPLICANT and item.person == people.applicant)
            cued = len(people.titles[name]) >= 3 and people.titles[name] in item.clause
            if owner or cued:
                values[name] = item.value
    return values, declared


def person_enum_values(
    people: People, form: Mapping[str, Any], text: str, words: list[str], speaker: str | None = None
) -> dict[str, str]:
    """Values of enum fields that several people share (申请人婚姻状况 / 对方婚姻状况), by owner.

    ``words``: the enum's options. Each option the text states (whole or by a synonym) goes to the
    field of the person its clause points to; "我们俩都…" to every such field.
    """
    props: Mapping[str, Any] = form.get("properties", {})
    fields = {
        name: person_of(str(spec.get("title", "")))
        for name, spec in props.items()
        if list(spec.get("enum", [])) == words
    }
    out: dict[str, str] = {}
    hits = [(m.start(), len(w), w) for w in words for m in re.finditer(re.escape(w), text)]
    hits += value_mentions(text, words)
    mentions = people.mentions(text)
    owned, _ = owned_values(people, text, speaker)
    for at, _size, value in sorted(hits):
        clause_start = max([m.end() for m in _CLAUSE.finditer(text, 0, at)], default=0)
        sentence_start = max([m.end() for m in _SENTENCE.finditer(text, 0, at)], default=0)
        before = [m for m in mentions if clause_start <= m.start < at]
        said = [m for m in mentions if sentence_start <= m.start < at]
        # "我们俩想预约领证，都是头婚": a clause of 都 naming nobody goes on about everyone named before
        both = not before and bool(said) and said[-1].person == _ALL and _BOTH.match(text, clause_start) is not None
        # "我没结过婚，她之前结过一次，去年离了": a clause naming nobody goes on about the last person named
        before = before or [m for m in said if m.person != _ALL]
        if both or (before and before[-1].person == _ALL):
            targets = list(fields)
        else:
            if before:
                mention = before[-1]
                if (
                    mention.person.startswith("kin:")
                    and len(before) > 1
                    and re.fullmatch(r"的?", text[before[-2].end : mention.start])
                ):
                    mention = before[-2]  # "她丈夫前几年去世了": the state is hers, whose husband he was
                person = mention.person
                if person == "他":
                    # 他/她 is the last other person named before, else the form's one other person
                    # with this enum (对方婚姻状况): never the speaker
                    prior = [o.person for o in owned if o.start < at and o.person != people.applicant]
                    others = [p for p in fields.values() if p not in (APPLICANT, people.applicant)]
                    person = prior[-1] if prior else others[0] if len(set(others)) == 1 else people.applicant
                elif person.startswith("kin:") or person == APPLICANT:
                    person = people.applicant
            else:
                prior = [o.person for o in owned if sentence_start <= o.start < at]
                person = prior[-1] if prior else people.applicant
            targets = [n for n, p in fields.items() if p == person or (p == APPLICANT and person == people.applicant)]
        for name in targets:
            out[name] = value
    if len(set(out.values())) == 1 and len(out) < len(fields):
        # "我没结过婚；她叫…，也是第一次": the other person's clause says the same with 也
        for same in _SAME_AS_BEFORE.finditer(text):
            clause_start = max([m.end() for m in _SENTENCE.finditer(text, 0, same.start())], default=0)
            named = [
                m for m in mentions if clause_start <= m.start < same.start() and m.person not in (APPLICANT, _ALL)
            ]
            if not named or any(named[-1].start <= at < same.end() for at, _size, _value in hits):
                continue
            person = named[-1].person
            person = next((p for p in fields.values() if p not in (APPLICANT, people.applicant)), person)
            for name, owner in fields.items():
                if owner == person and name not in out:
                    out[name] = next(iter(out.values()))
    return out


_BOTH = re.compile(r"\s*(?:也|就|还)?都")
"""A clause that opens with 都: about everyone the sentence named before it."""
_SAME_AS_BEFORE = re.compile(r"也(?:都)?(?:是|一样|同样)|同样(?:是|也是)?(?=第一次|头一回|初婚|[，。,;；！!？?\s]|$)")
"""A clause saying its person is as the one before ("她…，也是第一次")."""


_MINE = re.compile(
    r"(?:留|填|写|用|打)(?:的)?(?:是)?(?:我|俺)(?!"  # "填我爸的": 我 and a relative is the relative's, not mine
    + "|".join(map(re.escape, sorted(KIN_WORDS, key=len, reverse=True)))
    + r")(?:的|自己的|自己)?"
)
_REUSE = re.compile(r"也(?:都)?(?:留|填|写|用)(?:成)?(?:这个|这|同一个|一样的|上面那个|刚才那个)")


def speaker_phone_fields(people: People, text: str, known: Mapping[str, Any]) -> dict[str, Any]:
    """Phone fields a clause such as "联系电话也留我的" gives the speaker's phone.

    The speaker who says so acts for the applicant (the form's agent or guardian: an applicant
    would not point to their own number), so their number is the one this message gave the agent
    or guardian, or the one ``known`` (values so far) holds for them. The fields are those whose
    title the clause states, else the applicant's phone for a plain "电话…留我的".
    """
    source = next(
        (n for n, (kind, person) in people.fields.items() if kind == "phone" and person == people.on_behalf), None
    )
    number = known.get(source) if source else None
    if not number:
        return {}
    out: dict[str, Any] = {}
    clauses = _CLAUSE.split(text)
    for index, clause in enumerate(clauses):
        # "老人没手机，就留我的": the phone may be named in the clause just before, when that one
        # gives no number and this one names nobody else ("代办人写我" is about the agent)
        before = clauses[index - 1] if index else ""
        lone = not re.search(r"\d", before) and all(m.person == APPLICANT for m in people.mentions(clause))
        about = [clause, before if lone else ""]
        if not _MINE.search(clause) or not any(w in c for c in about for w in _WORDS.phone_words):
            continue
        for name in _phone_targets(people, "".join(about), source):
            out[name] = number
    return out


def _phone_targets(people: People, clause: str, source: str | None) -> list[str]:
    """The phone fields a clause about a phone points to: those whose title it states, else the applicant's."""
    phones = [n for n, (kind, _p) in people.fields.items() if kind == "phone" and n != source]
    named = [n for n in phones if people.titles[n] in clause]
    return named or [n for n in phones if people.fields[n][1] in (APPLICANT, people.applicant)]


def reused_phone_fields(people: People, text: str) -> dict[str, Any]:
    """Phone fields a clause such as "联系电话也留这个" gives the number said just before it.

    The clause names no number of its own but points back ("这个", "同一个"): the number is the
    last phone of the message before the clause, and the fields are those of the clause's words.
    """
    phones = [e for e in entities(text) if e.type == "phone"]
    out: dict[str, Any] = {}
    start = 0
    for clause in _CLAUSE.split(text):
        at, start = start, start + len(clause) + 1
        if not _REUSE.search(clause) or not any(w in clause for w in _WORDS.phone_words):
            continue
        before = [e for e in phones if e.end <= at]
        if before and not any(at <= e.start < at + len(clause) for e in phones):
            for name in _phone_targets(people, clause, None):
                out[name] = before[-1].value
    return out


def others_ids(people: People, text: str, speaker: str | None = None) -> tuple[dict[str, Any], set[str]]:
    """The one ID-number field of a form and the ID the message gives its own person, if any.

    "我是她妈妈，我的身份证…" on the daughter's passport form: the mother's number is nobody's
    field there (or the guardian's, who has no ID field), so it must not fill the daughter's. Returns
    the value for the field (an ID of its own person said beside the other's) and the fields decided,
    empty when no ID of the message belongs to someone else.
    """
    fields = [n for n, (kind, _p) in people.fields.items() if kind == "id_card"]
    if len(fields) != 1:
        return {}, set()
    name = fields[0]
    person = people.fields[name][1]
    owned, _ = owned_values(people, text, speaker)
    ids = [o for o in owned if o.kind == "id_card"]
    own = [o for o in ids if o.person == person or (person == APPLICANT and o.person == people.applicant)]
    if len(own) == len(ids):
        return {}, set()
    return ({name: own[-1].value} if own else {}), {name}


_RENAME = word_cue("people", "rename")
_RENAME_LOOSE = re.compile(r"名字(?:要|得)?改|改(?:个|一下)?名|改成|改为|换成|改叫|换个名")


def renamed(people: People, text: str, current: Mapping[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with a new name moved to the field whose old name the message says it replaces.

    "他妈刚说名字不用沐阳了，改成任沐禾": the clause speaks of the mother, but the name it drops
    (沐阳, the child's so far) says whose name changes. Only a name given to another person's field
    in the same message moves, and only when exactly one field's current name is quoted.
    """
    names = [n for n, (kind, _p) in people.fields.items() if kind == "name"]
    if _RENAME_LOOSE.search(text) and (like := _renamed_alike(names, text, current)) is not None:
        field, new = like  # "名字改一下，…要叫许知遥": the name most like it (许知夏) is the one changed
        labelled = {m.person for m in people.mentions(text) if m.label}
        given = [n for n in names if n != field and values.get(n) == new and people.fields[n][1] in labelled]
        if not given:  # "紧急联系人改成我姐，沈佳琪": the label says whose name it is, a sister's alike
            return {**{k: v for k, v in values.items() if k not in names or v != new}, field: new}
    if not _RENAME.search(text):
        return values
    quoted = [
        n
        for n in names
        if isinstance(old := current.get(n), str)
        and len(old) >= 2
        and (old in text or (len(old) >= 3 and old[1:] in text))
        and values.get(n, old) == old
    ]
    moved = [n for n in names if n in values and values[n] != current.get(n) and n not in quoted]
    if len(quoted) != 1 or len(moved) != 1:
        return values
    out = {k: v for k, v in values.items() if k != moved[0]}
    out[quoted[0]] = values[moved[0]]
    return out


def _renamed_alike(names: list[str], text: str, current: Mapping[str, Any]) -> tuple[str, str] | None:
    """The one name field whose current name shares its surname and more with the one new name the
    text says, when no current name is quoted: a rename keeps the family name ("许知夏" → "许知遥")."""
    olds = {n: current[n] for n in names if isinstance(current.get(n), str) and len(current[n]) >= 2}
    if any(old in text for old in olds.values()):
        return None
    said = [str(e.value) for e in entities(text) if e.type == "name" and e.value not in olds.values()]
    if len(set(said)) != 1:
        return None
    new = said[0]

    def shared(old: str) -> int:
        return next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), min(len(old), len(new)))

    ranked = sorted(((shared(old), n) for n, old in olds.items()), reverse=True)
    if not ranked or ranked[0][0] < 2 or (len(ranked) > 1 and ranked[1][0] == ranked[0][0]):
        return None
    return ranked[0][1], new
