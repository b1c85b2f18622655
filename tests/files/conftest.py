"""One S3-compatible server (moto) for the file tests that need one; each test takes its own bucket."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.files.s3 import S3Server


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    server = S3Server().start()
    yield server
    server.stop()


@pytest.fixture
def s3_down() -> Iterator[S3Server]:
    """A server of its own, which the test stops to play an outage."""
    server = S3Server().start()
    yield server
    server.stop()
