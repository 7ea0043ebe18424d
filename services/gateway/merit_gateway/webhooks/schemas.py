"""Payloads of the webhook routes."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import Field

from merit_shared.api import OutModel, StrictModel

EXAMPLE_URL = "https://ekinerja.example.go.id/hooks/merit"


class SubscriptionIn(StrictModel):
    url: str = Field(min_length=8, max_length=2000, examples=[EXAMPLE_URL],
                     description="Where deliveries are POSTed: an http(s) URL whose origin the agency admin allowed "
                                 "(`GET /api/v1/webhook-origins`). Redirects are not followed.")
    event_types: list[str] = Field(min_length=1, max_length=100, examples=[["position_filled", "assignment_started"]],
                                   description="Event types to receive, or `*` for every type.")
    description: str | None = Field(None, max_length=500, examples=["Sinkronisasi jabatan ke e-Kinerja"])
    active: bool = Field(True, description="False: created disabled (enable it with `POST .../enable`).")


class SubscriptionPatch(StrictModel):
    url: str | None = Field(None, min_length=8, max_length=2000, examples=[EXAMPLE_URL])
    event_types: list[str] | None = Field(None, min_length=1, max_length=100, examples=[["*"]])
    description: str | None = Field(None, max_length=500)


class SubscriptionOut(OutModel):
    id: uuid.UUID
    agency_id: uuid.UUID
    client_id: uuid.UUID = Field(description="The machine client (its account id) that owns the subscription.")
    url: str = Field(examples=[EXAMPLE_URL])
    event_types: list[str] = Field(examples=[["position_filled", "assignment_started"]])
    description: str | None
    active: bool
    disabled_reason: str | None = Field(description="disabled_by_admin, disabled_by_client, consecutive_failures "
                                                    "(every retry of several deliveries in a row failed) or "
                                                    "failing_too_long (no success for longer than the policy).",
                                        examples=[None])
    disabled_detail: str | None = None
    disabled_at: datetime | None = None
    consecutive_failures: int = Field(description="Deliveries in a row that exhausted every retry.")
    failing_since: datetime | None = Field(None, description="The first failed attempt since the last success.")
    secret_rotated_at: datetime | None = None
    previous_secret_expires_at: datetime | None = Field(
        None, description="Until then deliveries carry a signature with the previous secret too.")
    created_at: datetime
    updated_at: datetime
    allowed_actions: list[str] = Field(examples=[["update", "delete", "rotate_secret", "ping", "redeliver",
                                                  "disable"]],
                                       description="What the caller may do with it now.")


class SubscriptionSecretOut(SubscriptionOut):
    secret: str = Field(description="The signing secret, **shown only in this answer**: keep it in the receiver's "
                                    "secret store and verify every delivery with it (README \"Webhooks\").",
                        examples=["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"])


class OriginIn(StrictModel):
    origin: str = Field(min_length=8, max_length=300, examples=["https://ekinerja.example.go.id"],
                        description="scheme://host[:port] (http or https); stored as scheme://host:port.")
    allow_private: bool = Field(False, description="Allow deliveries to loopback and private addresses through this "
                                                   "origin (a receiver inside the agency's network). Cloud metadata "
                                                   "addresses are refused in any case.")
    note: str | None = Field(None, max_length=500, examples=["e-Kinerja BKPSDM"])


class OriginOut(OutModel):
    id: uuid.UUID
    agency_id: uuid.UUID
    origin: str = Field(examples=["https://ekinerja.example.go.id:443"])
    allow_private: bool
    note: str | None
    created_at: datetime


class WebhookDeliveryOut(OutModel):
    id: uuid.UUID
    webhook_id: str = Field(description="The `webhook-id` header: the same on every retry and redelivery.",
                            examples=["msg_2b7f3c0e9d4a4f1c8e6b5a7d9c0e1f23"])
    subscription_id: uuid.UUID
    feed: str | None = Field(description="The service feed of the event; null for a ping.", examples=["positions"])
    event_id: int | None = Field(examples=[42])
    event_type: str = Field(examples=["position_filled"])
    status: str = Field(description="pending (to send or being retried), delivered, failed (retries exhausted).",
                        examples=["delivered"])
    attempts: int = Field(description="Attempts since it was enqueued or last redelivered.")
    next_attempt_at: datetime | None = Field(description="When it is tried next (pending only).")
    last_attempt_at: datetime | None
    last_status_code: int | None = Field(examples=[200])
    last_error: str | None
    delivered_at: datetime | None
    redelivered_at: datetime | None
    created_at: datetime
    payload: dict[str, Any] = Field(description="The body sent: `{type, timestamp, data}`.",
                                    examples=[{"type": "position_filled", "timestamp": "2026-12-03T03:04:05Z",
                                               "data": {"id": 42, "type": "position_filled"}}])


class AttemptOut(OutModel):
    id: uuid.UUID
    delivery_id: uuid.UUID
    webhook_id: str
    event_type: str
    attempted_at: datetime
    outcome: str = Field(description="delivered (2xx), failed (another status, timeout, no connection) or refused "
                                     "(a forbidden address: nothing was sent).", examples=["failed"])
    status_code: int | None = Field(examples=[500])
    duration_ms: int = Field(examples=[37])
    error: str | None = Field(examples=["HTTP 500"])


class DeliveryBody(OutModel):
    """What a subscriber's URL receives (the OpenAPI document's ``webhooks``)."""

    type: str = Field(description="The event type, or `webhook.ping` for a test message.",
                      examples=["position_filled"])
    timestamp: datetime = Field(description="When the event occurred (a ping: when it was asked for).")
    data: dict[str, Any] = Field(description="The event as the service's feed has it: `id` (the feed's cursor), "
                                             "`type`, `occurred_at`, `agency_id`, `data` (and, where the feed "
                                             "gives them, `version`, `actor`, `record`).",
                                 examples=[{"id": 42, "type": "position_filled",
                                            "occurred_at": "2026-12-03T03:04:05.123456+00:00",
                                            "agency_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                                            "data": {"position_id": "9b2d7c1e-4f3a-4e5b-8c6d-7e8f9a0b1c2d",
                                                     "filled": 1, "vacant": 0}}])
