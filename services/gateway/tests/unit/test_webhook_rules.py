"""The webhooks' pure rules, table by table: origins, forbidden addresses, the retry schedule, ordering keys and
signatures (checked against a hand-written HMAC of the Standard Webhooks specification and the reference library)."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from merit_gateway.webhooks import rules


@pytest.mark.parametrize(("url", "origin"), [
    ("https://Hooks.Example.go.id/merit?x=1", "https://hooks.example.go.id:443"),
    ("http://127.0.0.1:8080/h", "http://127.0.0.1:8080"),
    ("http://example.go.id", "http://example.go.id:80"),
    ("https://[::1]:9443/x", "https://[::1]:9443"),
    ("https://example.go.id./x", "https://example.go.id:443"),
])
def test_the_origin_of_a_url(url: str, origin: str) -> None:
    assert rules.parse_target(url).origin == origin


@pytest.mark.parametrize(("url", "why"), [
    ("ftp://example.go.id/x", "only http and https"),
    ("file:///etc/passwd", "only http and https"),
    ("https://user:pw@example.go.id/x", "user information"),
    ("https://example.go.id/x#frag", "fragment"),
    ("https:///nohost", "no host"),
    ("http://example.go.id:99999/", "not a URL"),
    ("http://[::1/x", "not a URL"),
    ("example.go.id/hooks", "only http and https"),
])
def test_urls_merit_does_not_deliver_to(url: str, why: str) -> None:
    with pytest.raises(rules.BadUrl, match=why):
        rules.parse_target(url)


def test_an_allow_list_entry_is_an_origin_not_a_url() -> None:
    assert rules.normalise_origin("HTTPS://Example.go.id/") == "https://example.go.id:443"
    for bad in ("https://example.go.id/hooks", "https://example.go.id?x=1", "javascript:alert(1)", "http://[::1",
                "https://" + "a" * 295):
        with pytest.raises(rules.BadUrl):
            rules.normalise_origin(bad)


@pytest.mark.parametrize(("address", "allow_private", "refused"), [
    ("203.0.113.7", False, "private"),  # documentation ranges (TEST-NET-3) are in Python's private table
    ("8.8.8.8", False, None),
    ("2606:4700:4700::1111", False, None),
    ("127.0.0.1", False, "loopback"),
    ("::1", False, "loopback"),
    ("10.0.0.1", False, "private"),
    ("172.16.5.4", False, "private"),
    ("192.168.1.10", False, "private"),
    ("fd12:3456::1", False, "private"),
    ("169.254.10.10", False, "link-local"),
    ("fe80::1", False, "link-local"),
    ("224.0.0.1", False, "multicast"),
    ("0.0.0.0", False, "unspecified"),
    ("100.64.1.1", False, "not public"),
    ("::ffff:127.0.0.1", False, "loopback"),  # an IPv4-mapped address is checked as the IPv4 address
    ("169.254.169.254", False, "metadata"),
    ("169.254.169.254", True, "metadata"),  # never, whatever the allow-list says
    ("fd00:ec2::254", True, "metadata"),
    ("127.0.0.1", True, None),
    ("10.0.0.1", True, None),
])
def test_forbidden_addresses(address: str, allow_private: bool, refused: str | None) -> None:
    why = rules.address_refusal(address, allow_private)
    assert (why is None) == (refused is None), why
    if refused:
        assert refused in str(why)


@pytest.mark.parametrize(("attempts", "delay"), [(1, 5.0), (2, 300.0), (7, 50400.0), (8, None), (0, None)])
def test_the_retry_schedule(attempts: int, delay: float | None) -> None:
    schedule = (5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 50400.0)
    assert rules.retry_delay(attempts, schedule) == delay
    assert sum(schedule) / 3600 > 24  # the default schedule retries for a day


@pytest.mark.parametrize(("failures", "failing_for", "reason"), [
    (0, None, None),  # never failed
    (1, 3600.0, None),  # one delivery exhausted, failing for an hour: goes on
    (5, 60.0, "consecutive_failures"),
    (7, 60.0, "consecutive_failures"),
    (0, 86401.0, "failing_too_long"),  # still retrying its first delivery, but failing for more than a day
    (4, 86399.0, None),
])
def test_when_a_subscription_is_disabled(failures: int, failing_for: float | None, reason: str | None) -> None:
    from datetime import timedelta

    now = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    since = None if failing_for is None else now - timedelta(seconds=failing_for)
    verdict = rules.disable_verdict(failures, since, now, max_failures=5, max_failing_seconds=86400)
    assert (verdict[0] if verdict else None) == reason


def test_event_types_and_matching() -> None:
    known = ("position_filled", "assignment_started")
    assert rules.unknown_types(["position_filled", "*"], known) == []
    assert rules.unknown_types(["position_filed", "assignment_started"], known) == ["position_filed"]
    assert rules.wants(["*"], "anything") and rules.wants(["position_filled"], "position_filled")
    assert not rules.wants(["position_filled"], "assignment_started")


def test_the_ordering_key_is_the_record_or_else_the_agency() -> None:
    assert rules.record_key("positions", {"record": {"type": "position", "id": "p1"}, "agency_id": "a"}) == \
        "positions:position:p1"
    assert rules.record_key("positions", {"agency_id": "a1"}) == "positions:agency:a1"
    assert rules.record_key("positions", {"record": None, "agency_id": "a1"}) == "positions:agency:a1"


def _hand_signature(secret: str, msg_id: str, ts: int, body: str) -> str:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    return "v1," + base64.b64encode(hmac.new(key, f"{msg_id}.{ts}.{body}".encode(), hashlib.sha256).digest()).decode()


def test_signatures_follow_the_specification_and_verify_during_a_rotation() -> None:
    new, old = rules.new_secret(), rules.new_secret()
    assert new.startswith("whsec_") and len(base64.b64decode(new[6:])) == 32 and new != old
    at = datetime.now(UTC).replace(microsecond=0)
    body = '{"type":"position_filled","data":{"nama":"Dédi"}}'
    header = rules.signature_header([new, old], "msg_1", at, body)
    assert header.split(" ") == [_hand_signature(new, "msg_1", int(at.timestamp()), body),
                                 _hand_signature(old, "msg_1", int(at.timestamp()), body)]
    headers = {"webhook-id": "msg_1", "webhook-timestamp": str(int(at.timestamp())), "webhook-signature": header}
    for secret in (new, old):  # a receiver holding either secret accepts it
        assert Webhook(secret).verify(body, headers)["type"] == "position_filled"
    with pytest.raises(WebhookVerificationError):
        Webhook(rules.new_secret()).verify(body, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(new).verify(body.replace("Dédi", "Dedi"), headers)
    assert rules.webhook_id("0f" * 16) == "msg_" + "0f" * 16
