"""Notifications: the in-site inbox and outbound channels (webhook, SMS gateway) behind one interface."""

from govhall.notify.channels import (
    CHANNELS,
    Channel,
    ChannelFailed,
    Outbound,
    SmsGatewayChannel,
    WebhookChannel,
    make_channel,
)
from govhall.notify.models import Notification
from govhall.notify.service import (
    DELIVER_JOB,
    NewNotification,
    list_notifications,
    mark_read,
    notify,
    request_delivery,
    unread_count,
)

__all__ = [
    "CHANNELS",
    "DELIVER_JOB",
    "Channel",
    "ChannelFailed",
    "NewNotification",
    "Notification",
    "Outbound",
    "SmsGatewayChannel",
    "WebhookChannel",
    "list_notifications",
    "make_channel",
    "mark_read",
    "notify",
    "request_delivery",
    "unread_count",
]
