"""A real S3-compatible server for tests and benchmarks: moto's standalone server in this process,
on a free loopback port, spoken to with the same ``minio`` client the product uses."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field
from typing import Any

from minio import Minio
from moto.server import ThreadedMotoServer

ACCESS_KEY = "govhall-test"
SECRET_KEY = "s3cr3t-" + "k" * 24  # distinctive, so a test can look for it in logs and messages
REGION = "us-east-1"


@dataclass
class S3Server:
    """One running server; ``bucket()`` makes a fresh bucket so tests never see each other's objects."""

    server: ThreadedMotoServer = field(default_factory=lambda: ThreadedMotoServer("127.0.0.1", 0, verbose=False))
    running: bool = False

    def start(self) -> S3Server:
        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one log line per request otherwise
        self.server.start()
        self.running = True
        return self

    def stop(self) -> None:
        """Shut the server and close its socket: clients now get 'connection refused'."""
        if self.running:
            self.server.stop()
            self.running = False

    @property
    def endpoint(self) -> str:
        host, port = self.server.get_host_and_port()
        return f"http://{host}:{port}"

    def client(self) -> Minio:
        return Minio(
            self.endpoint.removeprefix("http://"),
            access_key=ACCESS_KEY,
            secret_key=SECRET_KEY,
            secure=False,
            region=REGION,
        )

    def bucket(self) -> str:
        name = f"govhall-{secrets.token_hex(6)}"
        self.client().make_bucket(name)
        return name

    def settings(self, bucket: str, prefix: str = "") -> dict[str, Any]:
        """The ``Settings`` overrides that point the file store at ``bucket`` on this server."""
        return {
            "file_store": "s3",
            "s3_endpoint": self.endpoint,
            "s3_bucket": bucket,
            "s3_access_key": ACCESS_KEY,
            "s3_secret_key": SECRET_KEY,
            "s3_region": REGION,
            "s3_prefix": prefix,
        }

    def objects(self, bucket: str) -> dict[str, bytes]:
        """Every object in ``bucket`` by name, with its bytes."""
        client = self.client()
        result = {}
        for item in client.list_objects(bucket, recursive=True):
            name = str(item.object_name)
            response = client.get_object(bucket, name)
            try:
                result[name] = response.read()
            finally:
                response.close()
                response.release_conn()
        return result
