"""Server-side paths named in API requests, confined to the configured import folder.

An API client is not the server's operator: a path it sends may only name a file inside
``GOVHALL_IMPORT_DIR`` (default ``<data dir>/import``). The path is resolved first (``..`` and symlinks
followed), so a link inside the folder that points outside is refused like any outside path. Every
refusal is the same error whether or not the path exists, so the answer reveals nothing about the
server's files. The CLI, run by the operator, keeps reading any path.
"""

from __future__ import annotations

from pathlib import Path

from govhall.errors import BadInput


def confined_path(root: Path, raw: object, field: str = "path") -> Path:
    """The resolved file ``raw`` names (relative to ``root``, or absolute), if it lies inside ``root``."""
    refusal = BadInput.of("path_not_allowed", fields={field: "路径不在导入文件夹内"})
    if not isinstance(raw, str) or not raw.strip() or "\x00" in raw:
        raise refusal
    try:
        base = root.resolve()
        target = (base / raw).resolve()
    except (OSError, RuntimeError):  # a symlink loop, a name too long: refused like any other
        raise refusal from None
    if target == base or not target.is_relative_to(base):
        raise refusal
    return target
