"""Case documents as PDF with a Chinese font: 受理回执, 一次性告知单 and the 办结 result notice.

Each is made on request from what the database holds (nothing is kept on disk), for the applicant
and the handling department only (``get_case``), and each download is audited.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from govhall import audit, files
from govhall.accounts.models import User
from govhall.cases.models import Case, CaseEvent
from govhall.cases.service import get_case
from govhall.cases.workflow import STATE_LABELS, State
from govhall.catalog.service import get_item
from govhall.db.engine import transaction
from govhall.errors import NotFound
from govhall.fonts import cjk_font_family
from govhall.localtime import LOCAL_TZ

DOCUMENT_TITLES = {"receipt": "受理回执", "notice": "一次性告知单", "result": "办理结果通知书"}


def _when(moment: datetime | None) -> str:
    return moment.astimezone(LOCAL_TZ).strftime("%Y年%m月%d日 %H:%M") if moment else "—"


def _last_event(db: Session, case: Case, action: str) -> CaseEvent | None:
    query = select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.action == action)
    return db.scalar(query.order_by(CaseEvent.id.desc()).limit(1))


def available_documents(db: Session, case: Case) -> list[str]:
    """Which documents exist yet: a receipt once accepted, a notice once materials were asked for,
    a result once the case is finished."""
    kinds = []
    if _last_event(db, case, "accept") is not None:
        kinds.append("receipt")
    if (case.materials_round or 0) > 0:
        kinds.append("notice")
    if State(case.state) in (State.COMPLETED, State.REJECTED):
        kinds.append("result")
    return kinds


def _receipt(db: Session, case: Case) -> list[str]:
    accepted = _last_event(db, case, "accept")
    received = [f"  · {f.material}：{f.filename}" for f in files.case_files(db, case.id) if f.round == 0]
    return [
        f"申请事项：{case.item_name}",
        f"办件编号：{case.number}",
        f"受理部门：{case.department}",
        f"提交时间：{_when(case.submitted_at)}",
        f"受理时间：{_when(accepted.at if accepted else None)}",
        f"承诺办结期限：{case.deadline or '—'}（按工作日计算，补正期间不计入）",
        "",
        "已收到的申请材料：",
        *(received or ["  （无电子材料）"]),
        "",
        "您的申请已受理。可凭办件编号在“我的办件”中查询进度。",
    ]


def _notice(db: Session, case: Case) -> list[str]:
    asked = _last_event(db, case, "request_materials")
    item = get_item(db, case.item_code)
    notes = {m["name"]: m.get("notes", "") for m in item.content["materials"]}
    lines = [
        f"申请事项：{case.item_name}",
        f"办件编号：{case.number}",
        f"告知时间：{_when(asked.at if asked else None)}",
        "",
        "经审查，您的申请材料不齐全或不符合法定形式，请一次性补正以下材料：",
    ]
    for n, name in enumerate(case.requested_materials or [], 1):
        lines.append(f"  {n}. {name}" + (f"（{notes[name]}）" if notes.get(name) else ""))
    lines += [
        "",
        f"说明：{asked.reason if asked else ''}",
        "",
        "补正期间不计入办理时限。请登录网上办事大厅，在办件页面上传上述材料后提交。",
    ]
    return lines


def _result(db: Session, case: Case) -> list[str]:
    final = _last_event(db, case, "complete" if case.state == State.COMPLETED else "reject")
    lines = [
        f"申请事项：{case.item_name}",
        f"办件编号：{case.number}",
        f"办理部门：{case.department}",
        f"办理结果：{STATE_LABELS[State(case.state)]}",
        f"办结时间：{_when(final.at if final else None)}",
    ]
    if case.state == State.REJECTED:
        lines += ["", f"不予通过的理由：{case.last_reason}", "", "如对本决定不服，可依法申请行政复议或者提起行政诉讼。"]
    else:
        lines += ["", "您的申请已办理完毕。需领取证件或结果的，请按事项指南办理。"]
    return lines


_BODIES: dict[str, Callable[[Session, Case], list[str]]] = {"receipt": _receipt, "notice": _notice, "result": _result}


def render_pdf(title: str, lines: list[str]) -> bytes:
    """One A4 page of text in a Chinese font (matplotlib's PDF backend: no extra dependency)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    font = cjk_font_family()
    buffer = io.BytesIO()
    with (
        plt.rc_context({"font.sans-serif": [font], "font.family": "sans-serif", "axes.unicode_minus": False}),
        PdfPages(buffer) as pdf,
    ):
        fig = plt.figure(figsize=(8.27, 11.69))
        fig.text(0.5, 0.93, title, ha="center", fontsize=20)
        fig.text(0.1, 0.87, "\n".join(line[:60] for line in lines), va="top", fontsize=11, linespacing=1.8)
        fig.text(0.1, 0.06, "本文书由网上办事大厅系统生成", fontsize=9, color="gray")
        pdf.savefig(fig)
        plt.close(fig)
    return buffer.getvalue()


def case_document(db: Session, user: User, number: str, kind: str) -> tuple[str, bytes]:
    """``(file name, PDF bytes)`` of one document of a case ``user`` may see; audited."""
    case = get_case(db, user, number)
    if kind not in DOCUMENT_TITLES or kind not in available_documents(db, case):
        raise NotFound("文书", kind)
    title = DOCUMENT_TITLES[kind]
    data = render_pdf(title, _BODIES[kind](db, case))
    with transaction(db):
        audit.record(db, actor=user, action="case.document", target=f"case:{case.number}", details={"kind": kind})
    return f"{title}-{case.number}.pdf", data
