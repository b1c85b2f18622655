"""The HTTP API (FastAPI): a thin adapter over the capability packages."""

from govhall.api.app import create_app

__all__ = ["create_app"]
