"""``govhall catalog``: the service items."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from govhall import catalog
from govhall.cli._common import database, echo_json, settings

app = typer.Typer(help="事项目录。 (Service catalogue.)", no_args_is_help=True)


@app.command("list", help="列出事项；--json 输出完整事项（含表单 JSON Schema）。 (List items.)")
def list_items(
    as_json: bool = typer.Option(False, "--json", help="输出 JSON 数组 (print a JSON array of whole items)"),
) -> None:
    s = settings()
    with database(s, require=False) as db:
        items = catalog.current_contents(db)
    if as_json:
        echo_json(items)
        return
    table = Table("编码", "名称", "部门", "时限(工作日)", "办理方式")
    for item in items:
        table.add_row(item["code"], item["name"], item["department"], str(item["time_limit_days"]), item["online"])
    Console().print(table)
