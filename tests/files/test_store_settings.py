"""``GOVHALL_FILE_STORE`` and the ``GOVHALL_S3_*`` settings are checked when the settings load: a
typo, an s3 store without endpoint or bucket, or without the minio package stops start-up with
exit 2 and a clear message, and the secret key is never part of any message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from govhall.config import Settings
from govhall.files import LocalBlobStore, S3BlobStore, make_blob_store
from govhall.files import storage as file_storage
from govhall.registry import FILE_STORES
from tests.files.s3 import SECRET_KEY

S3 = {"file_store": "s3", "s3_endpoint": "http://127.0.0.1:9", "s3_bucket": "materials", "s3_secret_key": SECRET_KEY}


def _govhall(tmp_path: Path, env: dict[str, str], *args: str, code: str = "") -> subprocess.CompletedProcess[str]:
    """``python -m govhall ARGS`` (or ``python -c CODE ARGS``) with its own data folder and ``env``."""
    full = {
        **os.environ,
        "GOVHALL_DATA_DIR": str(tmp_path / "data"),
        "GOVHALL_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        **env,
    }
    command = [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "govhall", *args]
    return subprocess.run(command, capture_output=True, text=True, env=full, timeout=120)


def test_the_backends_are_registered_and_local_is_the_default(tmp_path: Path) -> None:
    assert FILE_STORES.names() == ["local", "s3"]
    store = make_blob_store(Settings(data_dir=tmp_path))
    assert isinstance(store, LocalBlobStore) and store.root == tmp_path / "files"
    assert isinstance(make_blob_store(Settings(data_dir=tmp_path, **S3)), S3BlobStore)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"file_store": "S3 "}, r"GOVHALL_FILE_STORE.*可选：local、s3"),
        ({"file_store": "s3"}, r"GOVHALL_S3_ENDPOINT、GOVHALL_S3_BUCKET"),
        ({**S3, "s3_bucket": ""}, r"必须设置 GOVHALL_S3_BUCKET "),
        ({**S3, "s3_bucket": "Materials_2026"}, r"GOVHALL_S3_BUCKET“Materials_2026”不是有效的存储桶名称"),
        ({**S3, "s3_endpoint": "minio.internal:9000"}, r"http\(s\)://主机:端口"),
        ({**S3, "s3_endpoint": "https://oss.example.com/bucket"}, r"不含路径"),
        ({**S3, "s3_endpoint": "https://key:pass@oss.example.com"}, r"不含路径、参数或账号"),
        ({**S3, "s3_endpoint": "http://127.0.0.1:99999"}, r"端口无效"),
    ],
)
def test_bad_store_settings_are_refused_with_the_setting_named(overrides: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationError, match=message) as refused:
        Settings(**overrides)  # type: ignore[arg-type]
    assert SECRET_KEY not in str(refused.value)


def test_the_secret_is_not_shown(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, **S3)  # type: ignore[arg-type]
    assert settings.s3_secret_key.get_secret_value() == SECRET_KEY
    assert SECRET_KEY not in repr(settings) and SECRET_KEY not in str(settings.model_dump())
    assert SECRET_KEY not in repr(make_blob_store(settings))


def test_s3_without_minio_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "minio", None)  # what an installation without the s3 extra sees
    file_storage._client.cache_clear()
    with pytest.raises(ValidationError, match=r"需要 minio 软件包.*needs the minio package"):
        Settings(**{**S3, "s3_endpoint": "http://127.0.0.1:8"})  # type: ignore[arg-type]
    file_storage._client.cache_clear()


def test_a_typo_stops_serve_at_start_up(tmp_path: Path) -> None:
    result = _govhall(tmp_path, {"GOVHALL_FILE_STORE": "locale"}, "serve", "--port", "1")
    assert result.returncode == 2, result.stderr
    assert "GOVHALL_FILE_STORE" in result.stderr and "local、s3" in result.stderr
    assert "Traceback" not in result.stderr


def test_incomplete_s3_settings_stop_the_cli_without_showing_the_secret(tmp_path: Path) -> None:
    env = {"GOVHALL_FILE_STORE": "s3", "GOVHALL_S3_BUCKET": "materials", "GOVHALL_S3_SECRET_KEY": SECRET_KEY}
    result = _govhall(tmp_path, env, "catalog", "list")
    assert result.returncode == 2 and "GOVHALL_S3_ENDPOINT" in result.stderr
    assert SECRET_KEY not in result.stderr + result.stdout and "Traceback" not in result.stderr


def test_s3_without_minio_stops_the_cli(tmp_path: Path) -> None:
    env = {"GOVHALL_FILE_STORE": "s3", "GOVHALL_S3_ENDPOINT": "http://127.0.0.1:9", "GOVHALL_S3_BUCKET": "materials"}
    hide_minio = "import sys; sys.modules['minio'] = None; from govhall.cli.main import main; main()"
    result = _govhall(tmp_path, env, "catalog", "list", code=hide_minio)
    assert result.returncode == 2, result.stderr
    assert "需要 minio 软件包" in result.stderr and "pip install minio" in result.stderr
    assert "Traceback" not in result.stderr
