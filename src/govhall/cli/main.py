"""``govhall``: the command line. Each command parses options, calls a capability and prints.

Command modules are imported only when their command runs (or for ``--help``): importing all of
them pulled in the assistant, the web app and scikit-learn, about 3 seconds before
``govhall sentiment TEXT`` could even start.
"""

from __future__ import annotations

import importlib
from typing import Any

import typer
from typer.core import TyperGroup

# name → (module, attribute, help attribute or None): a function command with its help text, or a
# sub-application (``typer.Typer``) whose commands follow the name. In the order ``--help`` lists them.
COMMANDS: dict[str, tuple[str, str, str | None]] = {
    "serve": ("serve_cmd", "serve", "SERVE_HELP"),
    "demo": ("serve_cmd", "demo", "DEMO_HELP"),
    "extract": ("text_cmd", "extract_cmd", "EXTRACT_HELP"),
    "mask": ("text_cmd", "mask_cmd", "MASK_HELP"),
    "db": ("db_cmd", "app", None),
    "catalog": ("catalog_cmd", "app", None),
    "audit": ("audit_cmd", "app", None),
    "users": ("users_cmd", "app", None),
    "keys": ("keys_cmd", "app", None),
    "graph": ("graph_cmd", "app", None),
    "recommend": ("recommend_cmd", "recommend_cmd", "RECOMMEND_HELP"),
    "ingest": ("policies_cmd", "ingest_cmd", "INGEST_HELP"),
    "search": ("policies_cmd", "search_cmd", "SEARCH_HELP"),
    "ask": ("policies_cmd", "ask_cmd", "ASK_HELP"),
    "train": ("learn_cmd", "train_cmd", "TRAIN_HELP"),
    "evaluate": ("learn_cmd", "evaluate_cmd", "EVALUATE_HELP"),
    "distil": ("learn_cmd", "distil_cmd", "DISTIL_HELP"),
    "models": ("learn_cmd", "app", None),
    "classify": ("assistant_cmd", "classify_cmd", "CLASSIFY_HELP"),
    "chat": ("assistant_cmd", "chat_cmd", "CHAT_HELP"),
    "opinion": ("opinion_cmd", "app", None),
    "sentiment": ("opinion_cmd", "sentiment_cmd", "SENTIMENT_HELP"),
    "worker": ("jobs_cmd", "worker_cmd", "WORKER_HELP"),
    "jobs": ("jobs_cmd", "jobs_cmd", "JOBS_HELP"),
    "schedules": ("jobs_cmd", "schedules_app", None),
}


class LazyCommands(TyperGroup):
    """The top-level group: lists every command, imports a command's module when it is asked for."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in COMMANDS:
            return None
        module_name, attribute, help_attribute = COMMANDS[cmd_name]
        module = importlib.import_module(f"govhall.cli.{module_name}")
        target = getattr(module, attribute)
        if isinstance(target, typer.Typer):
            sub = typer.Typer()
            sub.add_typer(target, name=cmd_name)
            return typer.main.get_group(sub).get_command(ctx, cmd_name)
        single = typer.Typer()
        single.command(cmd_name, help=getattr(module, help_attribute or ""))(target)
        return typer.main.get_command(single)

    def invoke(self, ctx: Any) -> Any:
        """Every command runs inside the one error mapping (``_common.mapped_errors``)."""
        from govhall.cli._common import mapped_errors

        with mapped_errors():
            return super().invoke(ctx)


app = typer.Typer(
    name="govhall",
    help="govhall 网上办事大厅：事项目录、在线申请、办件审核、智能助手与政务分析。"
    " (Offline-first government service hall.)",
    cls=LazyCommands,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """No options of its own: a group needs a callback (its commands come from ``COMMANDS``)."""


def main() -> None:
    app()
