"""govhall: an offline-first online government service hall with an AI assistant."""

__version__ = "0.1.0"
