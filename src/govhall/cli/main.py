"""``govhall``: the command line. Each command parses options, calls a capability and prints."""

from __future__ import annotations

import typer

from govhall.cli import (
    assistant_cmd,
    audit_cmd,
    catalog_cmd,
    db_cmd,
    graph_cmd,
    learn_cmd,
    opinion_cmd,
    policies_cmd,
    recommend_cmd,
    serve_cmd,
    text_cmd,
    users_cmd,
)

app = typer.Typer(
    name="govhall",
    help="govhall 网上办事大厅：事项目录、在线申请、办件审核、智能助手与政务分析。"
    " (Offline-first government service hall.)",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("serve", help=serve_cmd.SERVE_HELP)(serve_cmd.serve)
app.command("demo", help=serve_cmd.DEMO_HELP)(serve_cmd.demo)
app.command("extract", help=text_cmd.EXTRACT_HELP)(text_cmd.extract_cmd)
app.command("mask", help=text_cmd.MASK_HELP)(text_cmd.mask_cmd)
app.add_typer(db_cmd.app, name="db")
app.add_typer(catalog_cmd.app, name="catalog")
app.add_typer(audit_cmd.app, name="audit")
app.add_typer(users_cmd.app, name="users")
app.add_typer(graph_cmd.app, name="graph")
app.command("recommend", help=recommend_cmd.RECOMMEND_HELP)(recommend_cmd.recommend_cmd)
app.command("ingest", help=policies_cmd.INGEST_HELP)(policies_cmd.ingest_cmd)
app.command("search", help=policies_cmd.SEARCH_HELP)(policies_cmd.search_cmd)
app.command("ask", help=policies_cmd.ASK_HELP)(policies_cmd.ask_cmd)
app.command("train", help=learn_cmd.TRAIN_HELP)(learn_cmd.train_cmd)
app.command("evaluate", help=learn_cmd.EVALUATE_HELP)(learn_cmd.evaluate_cmd)
app.command("distil", help=learn_cmd.DISTIL_HELP)(learn_cmd.distil_cmd)
app.add_typer(learn_cmd.app, name="models")
app.command("classify", help=assistant_cmd.CLASSIFY_HELP)(assistant_cmd.classify_cmd)
app.command("chat", help=assistant_cmd.CHAT_HELP)(assistant_cmd.chat_cmd)
app.add_typer(opinion_cmd.app, name="opinion")
app.command("sentiment", help=opinion_cmd.SENTIMENT_HELP)(opinion_cmd.sentiment_cmd)


def main() -> None:
    app()
