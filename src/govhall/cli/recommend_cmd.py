"""``govhall recommend``: what one citizen can apply for, or who on a roster qualifies (免申即享)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from pydantic import ValidationError

from govhall import catalog
from govhall.cli._common import JSON_OUTPUT, database, echo_json, settings
from govhall.errors import BadInput
from govhall.knowledge_graph import Profile, recommend
from govhall.knowledge_graph.batch import assess_roster, read_roster

RECOMMEND_HELP = (
    "我能办什么 / 免申即享：--profile 给出一位群众的情况（JSON），列出可办、差一点可办的事项及依据；"
    "--item 与 --roster 给出事项和名单（JSON Lines 或 CSV，每行一个带 id 的情况），列出名单中可能符合条件的人。"
    " (Recommend items for one profile, or find who on a roster qualifies for an item.)"
)


def recommend_cmd(
    profile: str | None = typer.Option(None, "--profile", help="一位群众的情况，JSON (one profile as JSON)"),
    item: str | None = typer.Option(None, "--item", help="事项编码，与 --roster 一起用 (item code, with --roster)"),
    roster: Path | None = typer.Option(None, "--roster", help="名单文件 (roster: JSON Lines or CSV)"),
    as_json: bool = JSON_OUTPUT,
) -> None:
    if (profile is None) == (roster is None):
        raise BadInput.of("bad_arguments", "profile_or_roster")
    if roster is not None:
        if not item:
            raise BadInput.of("bad_arguments", "roster_needs_item")
        result = assess_roster(item, read_roster(roster)).to_dict()
        if as_json:
            echo_json(result)
            return
        counts = result["counts"]
        typer.echo(
            f"事项 {item}：可能符合 {counts['eligible']} 人，差一点符合 {counts['almost']} 人，"
            f"信息不足 {counts['insufficient']} 人，不符合 {counts['not_eligible']} 人，有误 {counts['errors']} 行"
        )
        for entry in result["eligible"]:
            typer.echo(f"  ✓ {entry['id']}")
        for entry in result["almost"]:
            typer.echo(f"  ~ {entry['id']}：未满足 {'；'.join(entry['unmet'])}")
        for error in result["errors"]:
            typer.echo(f"  ✗ 第{error['line']}行 {error['id']}：{error['message']}")
        return
    assert profile is not None
    try:
        parsed = Profile.model_validate(json.loads(profile))
    except json.JSONDecodeError as exc:
        raise BadInput.of("bad_json", "profile", reason=exc.msg) from exc
    except ValidationError as exc:
        raise BadInput.of("bad_profile", field=exc.errors()[0]["loc"], reason=exc.errors()[0]["msg"]) from exc
    with database(settings(), require=False) as db:
        names = {entry["code"]: entry["name"] for entry in catalog.current_contents(db)}
    result = recommend(parsed, names)
    if as_json:
        echo_json(result)
        return
    labels = {"eligible": "可以办理", "almost": "差一点符合", "insufficient": "还需补充信息"}
    for key, label in labels.items():
        for entry in result[key]:
            missing = "、".join(m["label"] for m in entry["missing"])
            typer.echo(f"[{label}] {entry['name']}" + (f"（缺少：{missing}）" if missing else ""))
