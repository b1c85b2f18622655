"""Outbound channels behind one interface: a webhook or an SMS gateway, chosen by ``GOVHALL_NOTIFY_CHANNEL``.

Both are plain HTTP POSTs of JSON with one timeout and one error mapping, so a new gateway is a new
small class registered in :data:`govhall.registry.NOTIFY_CHANNELS` (``CHANNELS`` here), never a
branch in the callers; the setting's name is checked against it when the settings load.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Protocol

from govhall.config import Settings
from govhall.errors import BadInput
from govhall.registry import NOTIFY_CHANNELS


@dataclass(frozen=True)
class Outbound:
    """What leaves the system: no more than the recipient needs (no case data beyond the title)."""

    kind: str
    title: str
    body: str
    link: str
    phone: str | None


class ChannelFailed(Exception):
    """The gateway did not take the message (unreachable, timeout or a non-2xx answer)."""


class Channel(Protocol):
    @property
    def name(self) -> str: ...

    def send(self, message: Outbound) -> None: ...


def _post_json(url: str, payload: dict[str, Any], token: str, timeout: float) -> None:
    headers = {"Content-Type": "application/json; charset=utf-8"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(
        url, data=json.dumps(payload, ensure_ascii=False).encode("utf-8"), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            if not 200 <= response.status < 300:
                raise ChannelFailed(f"HTTP {response.status}")
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise ChannelFailed(str(exc)) from exc


@dataclass(frozen=True)
class _PostingChannel:
    """A channel that POSTs JSON to one URL with an optional bearer token (what both gateways share)."""

    url: str
    token: str = ""
    timeout: float = 5.0

    def _post(self, payload: dict[str, Any]) -> None:
        _post_json(self.url, payload, self.token, self.timeout)


@dataclass(frozen=True)
class WebhookChannel(_PostingChannel):
    """POSTs every notification as JSON (kind, title, body, link) to one URL, e.g. an office IM bot."""

    name: str = "webhook"

    def send(self, message: Outbound) -> None:
        self._post({"kind": message.kind, "title": message.title, "body": message.body, "link": message.link})


@dataclass(frozen=True)
class SmsGatewayChannel(_PostingChannel):
    """POSTs ``{"phone", "text"}`` to an SMS gateway; messages without a phone number are skipped."""

    name: str = "sms"

    def send(self, message: Outbound) -> None:
        if not message.phone:
            return
        text = f"【办事大厅】{message.title}" + (f"：{message.body}" if message.body else "")
        self._post({"phone": message.phone, "text": text[:300]})


CHANNELS = NOTIFY_CHANNELS
"""The channels by the name ``GOVHALL_NOTIFY_CHANNEL`` gives (the registry of every channel kind)."""


@CHANNELS.register("webhook")
def _webhook(settings: Settings) -> Channel:
    return WebhookChannel(settings.notify_url, settings.notify_token)


@CHANNELS.register("sms")
def _sms(settings: Settings) -> Channel:
    return SmsGatewayChannel(settings.notify_url, settings.notify_token)


def make_channel(settings: Settings) -> Channel | None:
    """The configured channel, or None when notifications stay in the inbox only."""
    name = settings.notify_channel.strip()
    if not name:
        return None
    factory = CHANNELS.get(name)  # an unknown name: bad_notify_channel (the settings refuse it first)
    if not settings.notify_url:
        raise BadInput.of("notify_url_missing")
    channel: Channel = factory(settings)
    return channel
