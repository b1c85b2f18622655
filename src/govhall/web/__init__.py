"""Server-rendered pages (Jinja2 + HTMX) for citizens and clerks, over the same services as the API."""

from govhall.web.app import create_app

__all__ = ["create_app"]
