"""``ChannelContract``: what every outbound notification channel (``govhall.registry.NOTIFY_CHANNELS``)
promises.

A backend's test subclasses it, names the channel (``name``, its registry name and what
``GOVHALL_NOTIFY_CHANNEL`` says) and provides :meth:`ChannelContract.check_sent` (what its gateway
receives for a message). The promises are the ones :mod:`govhall.notify.service`'s delivery job
relies on, so the job cannot tell the channels apart: the setting builds the channel through the
registry, a message is one JSON POST with the bearer token, the channel reports itself by its name
(stored as the row's ``delivery``), and a gateway that refuses or cannot be reached is
:class:`~govhall.notify.ChannelFailed` (the job counts it failed and retries it next pass), never any
other exception.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from govhall import notify
from govhall.registry import NOTIFY_CHANNELS
from tests.conftest import make_settings
from tests.support.servers import Recorder, recording

NO_DATABASE = "sqlite://"
"""A channel opens no database: an in-memory URL that nothing connects to."""
MESSAGE = notify.Outbound("case.submit", "申请已提交", "您的申请已受理", "/cases/GH1", "13800138000")


class ChannelContract:
    name: str
    """The channel's name in the registry (``GOVHALL_NOTIFY_CHANNEL``)."""

    def check_sent(self, payload: dict[str, Any], message: notify.Outbound) -> None:
        """What the gateway receives for ``message`` (the backend's own body)."""
        raise NotImplementedError

    @pytest.fixture
    def recorder(self) -> Iterator[Recorder]:
        yield from recording()

    @pytest.fixture
    def channel(self, tmp_path: Path, recorder: Recorder) -> notify.Channel:
        settings = make_settings(
            tmp_path, NO_DATABASE, notify_channel=self.name, notify_url=recorder.url, notify_token="s3cret"
        )
        channel = notify.make_channel(settings)
        assert channel is not None
        return channel

    def test_registered_under_its_name(self, channel: notify.Channel) -> None:
        assert self.name in NOTIFY_CHANNELS.names()
        assert channel.name == self.name

    def test_one_json_post_with_the_token(self, channel: notify.Channel, recorder: Recorder) -> None:
        channel.send(MESSAGE)
        assert len(recorder.received) == 1
        headers, payload = recorder.received[0]
        sent = {name.lower(): value for name, value in headers.items()}
        assert sent["authorization"] == "Bearer s3cret"
        assert sent["content-type"].startswith("application/json")
        self.check_sent(payload, MESSAGE)

    def test_a_refusing_gateway_is_channel_failed(self, channel: notify.Channel, recorder: Recorder) -> None:
        recorder.status = 503
        with pytest.raises(notify.ChannelFailed):
            channel.send(MESSAGE)

    def test_an_unreachable_gateway_is_channel_failed(self, tmp_path: Path) -> None:
        settings = make_settings(tmp_path, NO_DATABASE, notify_channel=self.name, notify_url="http://127.0.0.1:9/none")
        channel = notify.make_channel(settings)
        assert channel is not None
        with pytest.raises(notify.ChannelFailed):
            channel.send(MESSAGE)
