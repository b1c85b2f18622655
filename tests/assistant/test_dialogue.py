"""Multi-turn conversations on SQLite and PostgreSQL: apply with corrections and side questions,
submit a real case, cancel, status, hand-off, and state that survives a new process."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from govhall.accounts import Role
from govhall.assistant import Assistant, AssistantSession, open_session
from govhall.cases import Case
from govhall.db import make_engine, make_session_factory
from tests.assistant.conftest import Person
from tests.conftest import UserFactory


def _say(helper: Assistant, db: Session, user: object, sid: str, *texts: str) -> list[object]:
    return [helper.take_turn(db, user, sid, t) for t in texts]  # type: ignore[arg-type]


def test_apply_with_correction_side_question_and_submit(helper: Assistant, db: Session, make_user: UserFactory) -> None:
    user = make_user(Role.CITIZEN)
    person = Person()
    sid = open_session(db, user).public_id
    first = helper.take_turn(db, user, sid, "我想申请失业保险金")
    assert first.service == {"code": "unemployment-benefit", "name": "失业保险金申领"}
    assert "申请人姓名" in first.reply and first.missing[0] == "applicant_name"
    helper.take_turn(db, user, sid, f"我叫王小明，身份证号{person.id_number}，电话13912345678")
    side = helper.take_turn(db, user, sid, "要带户口本吗？")
    assert side.citations and side.citations[0]["kind"] == "guide" and "我们继续办理" in side.reply
    helper.take_turn(db, user, sid, "原单位是北京华信科技有限公司，2026年10月8日离职")
    helper.take_turn(db, user, sid, "被用人单位解除劳动合同")
    helper.take_turn(db, user, sid, "累计缴费36个月")
    summary = helper.take_turn(db, user, sid, person.bank_card)
    assert summary.stage == "confirming" and "确认" in summary.reply
    assert person.id_number not in summary.reply  # the summary is masked
    corrected = helper.take_turn(db, user, sid, "刚才电话说错了，是13812345678")
    assert corrected.form["phone"] == "13812345678" and "更正" in corrected.reply
    done = helper.take_turn(db, user, sid, "确认")
    assert done.case is not None and done.case["number"] in done.reply
    case = db.scalar(select(Case).where(Case.number == done.case["number"]))
    assert case is not None and case.data["phone"] == "13812345678" and case.data["contribution_months"] == 36
    status = helper.take_turn(db, user, sid, "我的失业金申请到哪一步了")
    assert status.intent == "query_status" and done.case["number"] in status.reply


def test_state_survives_a_new_process(helper: Assistant, db_url: str, make_user: UserFactory, db: Session) -> None:
    user = make_user(Role.CITIZEN)
    sid = open_session(db, user).public_id
    helper.take_turn(db, user, sid, "我想申请失业保险金")
    helper.take_turn(db, user, sid, "我叫王小明")
    engine = make_engine(db_url)  # a second worker: its own engine and session
    try:
        with make_session_factory(engine)() as other:
            row = other.scalar(select(AssistantSession).where(AssistantSession.public_id == sid))
            assert row is not None and row.item_code == "unemployment-benefit"
            assert row.fields["applicant_name"] == {"value": "王小明", "turn": 2}
            assert row.pending["fields"]
            owner = other.merge(user)
            result = helper.take_turn(other, owner, sid, "电话13912345678")
            assert result.form["applicant_name"] == "王小明" and result.form["phone"] == "13912345678"
    finally:
        engine.dispose()


def test_cancel_clears_the_application(helper: Assistant, db: Session) -> None:
    sid = open_session(db, None).public_id
    helper.take_turn(db, None, sid, "我想办居住证")
    cancelled = helper.take_turn(db, None, sid, "算了，不办了")
    assert cancelled.service is None and cancelled.form == {} and "已取消" in cancelled.reply


def test_anonymous_user_must_log_in_to_submit(helper: Assistant, db: Session) -> None:
    sid = open_session(db, None).public_id
    helper.take_turn(db, None, sid, "我要投诉，小区门口的烧烤店每天半夜还很吵")
    helper.take_turn(db, None, sid, "电话13912345678，需要回复")
    result = helper.take_turn(db, None, sid, "确认")
    assert result.case is None and "登录" in result.reply


def test_emoji_and_repeated_failures_hand_off(helper: Assistant, db: Session) -> None:
    sid = open_session(db, None).public_id
    replies = [helper.take_turn(db, None, sid, "🙂🙂🙂") for _ in range(3)]
    assert "没有看懂" in replies[0].reply
    assert replies[-1].handoff and not replies[0].handoff


def test_transfer_to_a_person(helper: Assistant, db: Session) -> None:
    sid = open_session(db, None).public_id
    result = helper.take_turn(db, None, sid, "转人工")
    assert result.handoff and "人工" in result.reply
