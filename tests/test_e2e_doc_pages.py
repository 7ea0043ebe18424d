"""The API documentation pages in a real browser: Swagger UI (`/docs`) and ReDoc (`/redoc`) render from the
gateway alone. An intranet without internet access must get the same pages, so every request a page makes (scripts,
styles, fonts, images, the OpenAPI document) must go to the gateway's own host.

Driven by Playwright on the machine's Chromium (no browser download); skipped where no Chromium is installed.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from merit_shared.stack import Stack

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
# Headless, and quiet: no sync, no component updates, no first-run pages, nothing fetched behind the page's back.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
RENDER_TIMEOUT_MS = 90_000  # a loaded 2-core machine: the merged document is large
LOCAL_SCHEMES = frozenset({"data", "blob", "about"})  # never leave the browser

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM} (apt-get install "
                                                                     "chromium) to render the doc pages")


@dataclass
class Visit:
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)

    def outside(self, base_url: str) -> list[str]:
        """Every request that went anywhere but ``base_url``'s host and port."""
        home = urlsplit(base_url).netloc
        return [u for u in self.requests
                if urlsplit(u).scheme not in LOCAL_SCHEMES and urlsplit(u).netloc != home]


@contextmanager
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="merit-chromium-") as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True, args=ARGS,
                                                       service_workers="block")
        try:
            yield context
        finally:
            context.close()


def visit(url: str, ready: str, facts: dict[str, str]) -> Visit:
    """Load ``url``, wait until ``ready`` (a CSS selector) is on the page and the network is quiet, then count
    ``facts`` (name -> CSS selector) and record the first matches' text."""
    seen = Visit()
    with browser() as context:
        context.on("request", lambda r: seen.requests.append(r.url))
        context.on("requestfailed", lambda r: seen.failed.append(f"{r.url} {r.failure}"))
        page = context.new_page()
        page.on("pageerror", lambda e: seen.errors.append(str(e)))
        page.goto(url, wait_until="load", timeout=RENDER_TIMEOUT_MS)
        page.wait_for_selector(ready, timeout=RENDER_TIMEOUT_MS)
        page.wait_for_load_state("networkidle", timeout=RENDER_TIMEOUT_MS)
        for name, selector in facts.items():
            found = page.locator(selector)
            seen.facts[name] = (found.count(), found.first.inner_text() if found.count() else "")
        seen.facts["body_text"] = page.locator("body").inner_text()
    return seen


def test_swagger_ui_renders_every_operation_from_the_gateway_alone(stack: Stack) -> None:
    base = stack.url("gateway")
    seen = visit(f"{base}/docs", ".opblock", {"operations": ".opblock", "tags": ".opblock-tag",
                                             "title": ".info .title", "authorize": ".btn.authorize"})
    assert seen.outside(base) == [], seen.requests
    assert f"{base}/openapi.json" in seen.requests  # the page read the merged document
    assert seen.errors == [] and seen.failed == [], (seen.errors, seen.failed)
    operations, _ = seen.facts["operations"]
    assert operations > 100, seen.facts  # every service's operations, not a blank or half page
    assert seen.facts["tags"][0] > 10 and "Merit API" in seen.facts["title"][1]
    assert seen.facts["authorize"][0] == 1  # the OAuth2 flows are offered
    assert "/api/v1/employees" in seen.facts["body_text"] and "/api/v1/selections" in seen.facts["body_text"]


def test_redoc_renders_its_menu_from_the_gateway_alone(stack: Stack) -> None:
    base = stack.url("gateway")
    seen = visit(f"{base}/redoc", "li[data-item-id]", {"menu": "li[data-item-id]", "heading": "h1",
                                                        "logo": "img[alt='Merit']"})
    assert seen.outside(base) == [], seen.requests
    assert f"{base}/openapi.json" in seen.requests
    assert seen.errors == [] and seen.failed == [], (seen.errors, seen.failed)
    assert seen.facts["menu"][0] > 100, seen.facts  # tag groups, tags and operations in the side menu
    assert "Merit API" in seen.facts["heading"][1]
    assert seen.facts["logo"][0] == 1  # the local logo, not the bundle's CDN one
    for group in ("Platform", "Positions", "Evaluation", "Recruitment"):
        assert group.upper() in seen.facts["body_text"].upper(), group


class _CdnPage(BaseHTTPRequestHandler):
    PAGE = (b"<!doctype html><html><head><title>t</title>"
            b'<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css">'
            b"</head><body><h1 id=ready>page</h1></body></html>")

    def do_GET(self) -> None:  # noqa: N802 - the http.server hook
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(self.PAGE)))
        self.end_headers()
        self.wfile.write(self.PAGE)

    def log_message(self, *args: Any) -> None:
        pass


def test_a_page_that_fetches_from_a_cdn_is_caught() -> None:
    """The control: the same recording sees a request to an outside host (here a CDN stylesheet, which fails
    offline but is still asked for), so the two tests above cannot pass on a page that needs the internet."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _CdnPage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        seen = visit(f"{base}/", "#ready", {})
    finally:
        server.shutdown()
        server.server_close()
    assert [urlsplit(u).netloc for u in seen.outside(base)] == ["cdn.jsdelivr.net"], seen.requests
