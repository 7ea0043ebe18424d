"""Error codes of the webhooks: each code with its Indonesian and English message."""

from __future__ import annotations

from merit_shared.errors import Spec

WEBHOOK_URL_INVALID = Spec(
    "webhook_url_invalid", 422,
    "URL webhook tidak dapat dipakai: {why_id}; kirim URL http(s) lengkap, misalnya https://sistem.example.go.id/hooks.",
    "The webhook URL cannot be used: {why_en}; send a full http(s) URL, e.g. https://system.example.go.id/hooks.",
)

WEBHOOK_URL_NOT_ALLOWED = Spec(
    "webhook_url_not_allowed", 422,
    "Origin {origin} tidak ada dalam daftar izin webhook instansi; minta admin instansi menambahkannya "
    "(POST /api/v1/webhook-origins) atau pakai origin yang diizinkan.",
    "The origin {origin} is not on the agency's webhook allow-list; ask the agency admin to add it "
    "(POST /api/v1/webhook-origins) or use an allowed origin.",
)

WEBHOOK_ORIGIN_INVALID = Spec(
    "webhook_origin_invalid", 422,
    "Origin tidak valid: {why_id}; tulis skema://host[:port], misalnya https://sistem.example.go.id.",
    "The origin is invalid: {why_en}; write scheme://host[:port], e.g. https://system.example.go.id.",
)

WEBHOOK_ORIGIN_EXISTS = Spec(
    "webhook_origin_exists", 409,
    "Origin {origin} sudah ada dalam daftar izin instansi.",
    "The origin {origin} is already on the agency's allow-list.",
)

WEBHOOK_EVENT_TYPE_UNKNOWN = Spec(
    "webhook_event_type_unknown", 422,
    "Jenis event {types} tidak dikenal; pilih dari {known} atau * (semua).",
    "Unknown event type {types}; choose from {known} or * (all).",
)

WEBHOOK_ONLY_MACHINE_CLIENTS = Spec(
    "forbidden", 403,
    "Hanya klien mesin instansi yang berlangganan webhook (dengan scope webhooks:manage).",
    "Only a machine client of the agency subscribes to webhooks (with the scope webhooks:manage).",
)

WEBHOOK_SUBSCRIPTION_DISABLED = Spec(
    "webhook_subscription_disabled", 409,
    "Langganan webhook ini nonaktif ({reason}); aktifkan dulu dengan POST /api/v1/webhook-subscriptions/{id}/enable.",
    "This webhook subscription is disabled ({reason}); enable it first with "
    "POST /api/v1/webhook-subscriptions/{id}/enable.",
)

WEBHOOK_SUBSCRIPTION_ACTIVE = Spec(
    "webhook_subscription_active", 409,
    "Langganan webhook ini sudah aktif.",
    "This webhook subscription is already active.",
)

WEBHOOK_DISABLED_BY_ADMIN = Spec(
    "webhook_disabled_by_admin", 409,
    "Langganan ini dinonaktifkan oleh admin instansi; hanya admin instansi yang dapat mengaktifkannya lagi.",
    "The agency admin disabled this subscription; only the agency admin can enable it again.",
)

WEBHOOK_DELIVERY_PENDING = Spec(
    "webhook_delivery_pending", 409,
    "Pengiriman ini masih menunggu atau sedang diulang (percobaan berikutnya {next_attempt_at}); tunggu hasilnya.",
    "This delivery is still pending or being retried (next attempt {next_attempt_at}); wait for its outcome.",
)
