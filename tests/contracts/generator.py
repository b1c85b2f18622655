"""``GeneratorContract``: what every answer generator promises, whatever model is behind it.

A backend's test subclasses it and provides a ``generator`` fixture. The promises are the ones the
dialogue and the policy library rely on: a reply for every draft, never an empty one; drafts that may
not be reworded (form questions, summaries) come back word for word; every citation marker and case
number of the draft survives; streaming ends with the same kind of reply as composing.
"""

from __future__ import annotations

import re

from govhall.llm import REWORDABLE, Draft, Generator, stream_reply

ANSWER = Draft("answer", "失业保险金最长可以领取24个月。[1] 您的办件 GH20261206000001 已受理。[2]", "失业金能领多久？")
FORM = Draft("form", "请告诉我您的联系电话。", "我叫张三")


def _markers(text: str) -> set[str]:
    return set(re.findall(r"\[\d+\]|GH\d{14}", text))


class GeneratorContract:
    def test_is_a_generator_with_a_name(self, generator: Generator) -> None:
        assert isinstance(generator.name, str) and generator.name

    def test_an_answer_keeps_every_citation_and_case_number(self, generator: Generator) -> None:
        assert ANSWER.kind in REWORDABLE
        reply = generator.compose(ANSWER)
        assert reply.strip() and _markers(ANSWER.text) <= _markers(reply)

    def test_a_form_question_comes_back_word_for_word(self, generator: Generator) -> None:
        assert FORM.kind not in REWORDABLE
        assert generator.compose(FORM) == FORM.text

    def test_streaming_ends_with_a_reply_that_keeps_the_citations(self, generator: Generator) -> None:
        stream = stream_reply(generator, ANSWER)
        deltas = list(stream)
        assert stream.reply.strip() and _markers(ANSWER.text) <= _markers(stream.reply)
        assert not stream.reworded or "".join(deltas).strip() == stream.reply
        form = stream_reply(generator, FORM)
        assert list(form) == [] and form.reply == FORM.text
