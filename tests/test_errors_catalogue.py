"""The error catalogue (src/govhall/errors.yaml) lists every code the code can raise, with its status.

An AST scan of src/govhall finds every construction of a ``GovhallError`` class (``BadInput(...)``,
``BadInput.of(...)``, ``NotFound(...)``, subclasses defined in other packages, the HTTP layer's
``error_body(...)``) and reads the code it carries: the literal first argument, the literal a
class's ``__init__`` passes up, or a ``code`` parameter's default. Every such code must be in the
catalogue with the status its class answers with, so a new code anywhere fails here until it is
catalogued; ``.of`` sites must name a wording that exists and pass exactly its values.
"""

from __future__ import annotations

import ast
import re
import string
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from govhall.errors import (
    BadInput,
    FileRejected,
    FormInvalid,
    GovhallError,
    NotFound,
    catalogue,
    catalogue_markdown,
    message_for,
)

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "govhall"
PAGE = ROOT / "docs" / "errors.md"

STATUS_VARIES = {"FileRejected"}
"""Classes whose status is the code's own (an upload may be 400, 413, 415 or 429)."""

KNOWN_MISMATCHES: set[tuple[str, str]] = set()
"""Sites in packages this catalogue's author may not edit that answer a catalogued code with
another status; each is reported to its owners. Fixing one makes this test fail until it is removed."""


@dataclass
class ErrorClass:
    name: str
    bases: list[str]
    status: int | None = None
    params: list[str] | None = None
    """``__init__``'s parameters after ``self``, when the class defines one."""
    defaults: dict[str, ast.expr] = field(default_factory=dict)
    fixed_code: str | None = None
    """The literal code its ``__init__`` passes to ``super().__init__``."""


@dataclass
class Site:
    path: str
    line: int
    cls: str
    code: str | None
    pattern: str | None
    """A code built with an f-string (``f"unknown_{kind}"``), as a regular expression."""
    status: int
    via_of: bool
    call: ast.Call


def _sources() -> dict[str, ast.Module]:
    return {str(p.relative_to(SRC)): ast.parse(p.read_text(encoding="utf-8")) for p in sorted(SRC.rglob("*.py"))}


def _error_classes(trees: dict[str, ast.Module]) -> dict[str, ErrorClass]:
    defs = [node for tree in trees.values() for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    found: dict[str, ErrorClass] = {"GovhallError": ErrorClass("GovhallError", [], 400, ["code", "message", "fields"])}
    changed = True
    while changed:
        changed = False
        for node in defs:
            bases = [b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases]
            if node.name in found or not any(b in found for b in bases):
                continue
            info = ErrorClass(node.name, bases)
            for stmt in node.body:
                if isinstance(stmt, ast.Assign) and any(getattr(t, "id", "") == "status" for t in stmt.targets):
                    info.status = ast.literal_eval(stmt.value)
                if isinstance(stmt, ast.FunctionDef) and stmt.name == "__init__":
                    args = stmt.args.args[1:]
                    info.params = [a.arg for a in args]
                    info.defaults = dict(zip([a.arg for a in args][::-1], stmt.args.defaults[::-1], strict=False))
                    for call in ast.walk(stmt):
                        if (
                            isinstance(call, ast.Call)
                            and isinstance(call.func, ast.Attribute)
                            and call.func.attr == "__init__"
                            and call.args
                            and isinstance(call.args[0], ast.Constant)
                        ):
                            info.fixed_code = call.args[0].value
            found[node.name] = info
            changed = True
    return found


def _inherited(classes: dict[str, ErrorClass], name: str, attribute: str) -> object:
    info = classes[name]
    value = getattr(info, attribute)
    if value is not None:
        return value
    for base in info.bases:
        if base in classes:
            return _inherited(classes, base, attribute)
    return None


def _code_of(node: ast.expr | None) -> tuple[str | None, str | None]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value, None
    if isinstance(node, ast.JoinedStr):
        parts = [re.escape(v.value) if isinstance(v, ast.Constant) else "[a-z0-9_]+" for v in node.values]
        return None, "".join(parts)
    return None, None


def _sites() -> list[Site]:
    trees = _sources()
    classes = _error_classes(trees)
    sites = []
    for path, tree in trees.items():
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call):
                continue
            func = call.func
            via_of = isinstance(func, ast.Attribute) and func.attr == "of" and isinstance(func.value, ast.Name)
            name = func.value.id if via_of else getattr(func, "id", None)  # type: ignore[attr-defined]
            if name in ("error_body", "message_for"):  # a message by code: checked like an .of site
                code, pattern = _code_of(call.args[0])
                if code or pattern:
                    sites.append(Site(path, call.lineno, name, code, pattern, 0, name == "message_for", call))
                continue
            if name not in classes:
                continue
            status = _inherited(classes, name, "status")
            assert isinstance(status, int)
            keywords = {k.arg: k.value for k in call.keywords}
            if "status" in keywords and not via_of:  # FileRejected(..., status=413); a computed one is not checked
                given = keywords["status"]
                status = given.value if isinstance(given, ast.Constant) else 0
            if via_of:
                code, pattern = _code_of(call.args[0])
            else:
                params = _inherited(classes, name, "params")
                assert isinstance(params, list)
                if "code" in params:
                    index = params.index("code")
                    given = call.args[index] if len(call.args) > index else keywords.get("code")
                    if given is None:
                        init_owner = next(c for c in _mro(classes, name) if classes[c].params is not None)
                        given = classes[init_owner].defaults.get("code")
                    code, pattern = _code_of(given)
                else:
                    code, pattern = _inherited(classes, name, "fixed_code"), None  # type: ignore[assignment]
            sites.append(Site(path, call.lineno, name, code, pattern, status, via_of, call))
    return sites


def _mro(classes: dict[str, ErrorClass], name: str) -> list[str]:
    order = [name]
    for base in classes[name].bases:
        if base in classes:
            order += _mro(classes, base)
    return order


SITES = _sites()

INLINE_LEFT: set[str] = set()
"""Packages whose owners have not yet moved every message onto the catalogue; everywhere else a
Chinese message written at a raise site fails ``test_messages_come_from_the_catalogue``. A package
that has none left must leave this set, or the set hides its next one."""


def _chinese_literal(node: ast.expr | None) -> bool:
    """Whether ``node`` writes Chinese text itself: a literal, an f-string, or one of them inside a
    conditional or a concatenation. Calls (``message_for(...)``) and dicts (per-field messages) are
    not looked into: the first take their text from the catalogue, the second are no message."""
    if node is None or isinstance(node, (ast.Call, ast.Dict)):
        return False
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and any("\u4e00" <= ch <= "\u9fff" for ch in node.value)
    return any(_chinese_literal(child) for child in ast.iter_child_nodes(node) if isinstance(child, ast.expr))


def _inline_messages() -> list[str]:
    """Every place that writes an error's message inline instead of naming its code, as "path:line what".

    That is a site passing Chinese text as a class's ``message`` (or ``error_body``'s), a class
    whose ``__init__`` has a Chinese default message, or one that passes Chinese text up itself."""
    trees = _sources()
    classes = _error_classes(trees)
    found = []
    for s in SITES:
        if s.via_of or s.cls == "message_for":
            continue
        params = ["code", "message"] if s.cls == "error_body" else _inherited(classes, s.cls, "params")
        if isinstance(params, list) and "message" in params:
            index = params.index("message")
            keywords = {k.arg: k.value for k in s.call.keywords}
            given = s.call.args[index] if len(s.call.args) > index else keywords.get("message")
            if _chinese_literal(given):
                found.append(f"{s.path}:{s.line} {ast.unparse(s.call)}")
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.ClassDef) and node.name in classes):
                continue
            for init in node.body:
                if not (isinstance(init, ast.FunctionDef) and init.name == "__init__"):
                    continue
                defaults = [*init.args.defaults, *(d for d in init.args.kw_defaults if d is not None)]
                calls = [
                    c for c in ast.walk(init) if isinstance(c, ast.Call) and getattr(c.func, "attr", "") == "__init__"
                ]
                written = [*defaults, *(a for c in calls for a in [*c.args, *(k.value for k in c.keywords)])]
                if any(_chinese_literal(value) for value in written):
                    found.append(f"{path}:{init.lineno} class {node.name}")
    return found


INLINE = _inline_messages()


def test_the_scan_sees_the_raise_sites() -> None:
    """The scan itself works: it finds hundreds of sites, in many packages, through every form."""
    assert len(SITES) > 250
    assert len({s.path.split("/")[0] for s in SITES}) > 15
    assert {s.cls for s in SITES} >= {
        "BadInput",
        "NotFound",
        "FormInvalid",
        "FileRejected",
        "error_body",
        "message_for",
    }
    assert any(s.via_of for s in SITES) and any(s.pattern for s in SITES)


def test_messages_come_from_the_catalogue() -> None:
    """A raise site names its code (``BadInput.of("no_file")``) rather than writing the message, so
    the wording the user reads is edited in one place and listed in docs/errors.md."""
    inline = [site for site in INLINE if site.split("/")[0] not in INLINE_LEFT]
    assert not inline, "name a catalogue code (add a wording to src/govhall/errors.yaml):\n" + "\n".join(inline)


def test_packages_left_inline_still_write_some() -> None:
    """The scan sees inline messages where they still are; a package done leaves ``INLINE_LEFT``."""
    done = sorted(p for p in INLINE_LEFT if not any(site.split("/")[0] == p for site in INLINE))
    assert not done, f"remove {done} from INLINE_LEFT in tests/test_errors_catalogue.py"


def test_every_raised_code_is_in_the_catalogue() -> None:
    codes = catalogue()
    missing = sorted(
        f"{s.path}:{s.line} {s.code}"
        for s in SITES
        if (s.code is not None and s.code not in codes)
        or (s.pattern is not None and not any(re.fullmatch(s.pattern, c) for c in codes))
    )
    assert not missing, "add these codes to src/govhall/errors.yaml:\n" + "\n".join(missing)


def test_every_site_answers_with_its_codes_status() -> None:
    codes = catalogue()
    wrong = []
    for s in SITES:
        if s.code not in codes or (s.via_of and s.cls in STATUS_VARIES) or s.cls == "error_body" or not s.status:
            continue
        if codes[s.code].status != s.status and (s.path, s.code) not in KNOWN_MISMATCHES:
            wrong.append(f"{s.path}:{s.line} {s.cls}({s.code}) answers {s.status}, catalogue {codes[s.code].status}")
    assert not wrong, "\n".join(wrong)


def test_known_mismatches_are_still_there() -> None:
    """A fixed mismatch must leave the list, or the list hides the next one."""
    codes = catalogue()
    for path, code in KNOWN_MISMATCHES:
        assert any(s.path == path and s.code == code and s.status != codes[code].status for s in SITES), (path, code)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_of_sites_name_a_wording_and_pass_exactly_its_values() -> None:
    codes = catalogue()
    wrong = []
    for s in SITES:
        if not s.via_of or s.code is None or s.code not in codes:
            continue
        entry = codes[s.code]
        variant = s.call.args[1] if len(s.call.args) > 1 else None
        if variant is not None and not (isinstance(variant, ast.Constant) and variant.value in entry.variants):
            wrong.append(f"{s.path}:{s.line} {s.code}: no wording {ast.unparse(variant)}")
            continue
        template = entry.template(variant.value if isinstance(variant, ast.Constant) else None)
        passed = {k.arg for k in s.call.keywords if k.arg not in (None, "fields")}
        if any(k.arg is None for k in s.call.keywords):
            continue  # **values: checked when it runs
        if passed != _fields(template):
            wrong.append(
                f"{s.path}:{s.line} {s.code}: passes {sorted(passed)}, message needs {sorted(_fields(template))}"
            )
    assert not wrong, "\n".join(wrong)


def test_every_catalogue_entry_is_well_formed() -> None:
    for code, entry in catalogue().items():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", code), code
        assert 400 <= entry.status <= 599, code
        assert entry.meaning.strip() and entry.message.strip(), code
        for template in (entry.message, *entry.variants.values()):
            assert any("\u4e00" <= ch <= "\u9fff" for ch in template) or _fields(template), (code, template)
            template.format(**dict.fromkeys(_fields(template), 1))  # parses; {{ }} balanced


def test_docs_page_is_generated_from_the_catalogue() -> None:
    assert PAGE.read_text(encoding="utf-8") == catalogue_markdown(), "run: .venv/bin/python scripts/errors_doc.py"


def test_of_keeps_the_error_shape_and_the_class() -> None:
    error = BadInput.of("bad_json", "not_object", path="a.jsonl", number=3, fields={"file": "不是对象"})
    assert isinstance(error, BadInput) and error.status == 400
    assert error.to_dict() == {
        "error": {"code": "bad_json", "message": "a.jsonl 第 3 行不是 JSON 对象", "fields": {"file": "不是对象"}}
    }
    assert str(error) == "a.jsonl 第 3 行不是 JSON 对象"


def test_of_gives_an_upload_the_status_of_its_code() -> None:
    error = FileRejected.of("file_type_not_allowed", name="a.exe")
    assert error.status == 415 and error.fields == {"file": error.message}
    assert FileRejected.of("file_empty", name="a.pdf").status == 400


def test_classes_with_fixed_codes_take_their_message_from_the_catalogue() -> None:
    assert NotFound("事项", "x").message == message_for("not_found", what="事项", key="x") == "事项“x”不存在或无权查看"
    assert FormInvalid({"a": "b"}).message == catalogue()["form_invalid"].message


def test_an_unknown_code_or_wording_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        GovhallError.of("no_such_code_anywhere")
    with pytest.raises(KeyError):
        BadInput.of("bad_json", "no_such_wording", path="a", number=1)
