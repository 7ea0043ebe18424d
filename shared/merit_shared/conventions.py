"""Conventions every Merit answer and every OpenAPI document follows, applied in one place.

- The OpenAPI document states every error a route can answer, each as an RFC 9457 problem document with an
  example of its own status; schema names are readable and unique and each schema's ``title`` is its name.
- A 201 carries ``Location`` (RFC 9110 section 10.2.2): the created resource's address, taken from the
  route's item path and the created resource's id.
- Every answer says its language (``Content-Language``) and that it depends on ``Accept-Language`` (``Vary``).
- Conditional GET (RFC 9110 section 13.1.2): a 200 answer to GET/HEAD with an ``ETag`` that the request's
  ``If-None-Match`` matches becomes 304 without a body (``ConditionalGetMiddleware``).
- A JSON body in another media type is refused with 415 before validation (``json_body_required``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

import orjson
from fastapi import Request
from fastapi.params import Form
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from merit_shared.error_codes import UNSUPPORTED_MEDIA_TYPE
from merit_shared.i18n import negotiate
from merit_shared.problems import PROBLEM_MEDIA_TYPE, PROBLEM_TYPE_BASE, title_for

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
WRITE_METHODS = frozenset({"post", "put", "patch", "delete"})
DEFAULT_RETRY_AFTER = {429: 60, 503: 5}

# One example per status, each the problem a client really gets (in English; Indonesian is the default).
_EXAMPLES: dict[int, tuple[str, str]] = {
    400: ("http_400", "There was an error parsing the body"),
    401: ("unauthenticated", "This route requires login: send Authorization: Bearer <token>."),
    403: ("forbidden", "Your role may not do this."),
    404: ("not_found", "Employee with id 3fa85f64-5717-4562-b3fc-2c963f66afa6 was not found; check the id."),
    409: ("conflict", "The request conflicts with the record's current state."),
    412: ("precondition_failed", "The record was changed by someone else; reload it and apply your change again."),
    415: ("unsupported_media_type", "Send the body as application/json (Content-Type text/plain is not accepted "
                                    "here)."),
    414: ("uri_too_long", "The query string is too long; send fewer or shorter parameters."),
    422: ("validation_error", "Fix the fields listed in errors and send the request again."),
    429: ("rate_limited", "Too many requests from your address; try again in 30 second(s)."),
    502: ("bad_gateway", "The positions service gave an invalid answer."),
    503: ("service_unavailable", "The positions service is unavailable; try again shortly."),
    504: ("upstream_timeout", "The positions service did not answer in time."),
}


def problem_example(status: int) -> dict[str, Any]:
    code, detail = _EXAMPLES.get(status, (f"http_{status}", title_for(status, "en")))
    example: dict[str, Any] = {"type": PROBLEM_TYPE_BASE + code, "title": title_for(status, "en"),
                               "status": status, "detail": detail, "code": code,
                               "instance": "/api/v1/employees/3fa85f64-5717-4562-b3fc-2c963f66afa6",
                               "request_id": "5f0c6f0c2f3b4c0e9d7c1b2a3e4f5a6b"}
    if status == 422:
        example["errors"] = [{"loc": ["body", "nip"], "msg": "Field required", "type": "missing"}]
    if status == 415:
        example["errors"] = [{"loc": ["header", "content-type"], "msg": detail, "type": code}]
        example["accepted"] = ["application/json"]
    return example


def problem_answer(status: int, description: str | None = None) -> dict[str, Any]:
    answer: dict[str, Any] = {"description": description or title_for(status, "en"),
                              "content": {PROBLEM_MEDIA_TYPE: {"schema": PROBLEM_REF,
                                                               "example": problem_example(status)}}}
    if status in DEFAULT_RETRY_AFTER:
        answer["headers"] = {"Retry-After": {"description": "Seconds to wait before trying again.",
                                             "schema": {"type": "integer"}}}
    return answer


LOCATION_HEADER = {"Location": {"description": "Address of the created resource (of its collection where it has "
                                               "no address of its own).", "schema": {"type": "string"}}}
ETAG_HEADERS = {"ETag": {"description": "Version of what was read: send it in `If-None-Match` to read again "
                                   "only if it changed (304 otherwise), in `If-Match` to write only that version.",
                    "schema": {"type": "string"}}}
NOT_MODIFIED_HEADERS = {
    **ETAG_HEADERS,
    "Cache-Control": {"description": "As on the 200 answer (`private, no-cache` when read with a token).",
                      "schema": {"type": "string"}},
    "Vary": {"description": "As on the 200 answer.", "schema": {"type": "string"}},
}
NOT_MODIFIED = {"description": "Not modified: `If-None-Match` names the current ETag; no body (reuse your copy).",
                "headers": NOT_MODIFIED_HEADERS}
IF_NONE_MATCH = {"name": "If-None-Match", "in": "header", "required": False, "schema": {"type": "string"},
                 "description": "ETags of copies you hold (or `*`): when one is current the answer is 304 "
                                "without a body."}
LANGUAGE_HEADERS = {"Content-Language": {"description": "Language of the answer: `id` (default) or `en`.",
                                         "schema": {"type": "string", "enum": ["id", "en"]}}}


def statuses_for(method: str, op: dict[str, Any]) -> set[int]:
    """The error statuses an operation can answer, from what it takes."""
    params = op.get("parameters", [])
    out = {422}  # every request is screened (merit_shared.db_errors) before it reaches its route
    if op.get("security"):
        out |= {401, 403}
    if op.get("requestBody"):
        out |= {400, 404, 415}  # an unparseable body; an id in the body that names nothing; another media type
    if any(p.get("in") == "path" for p in params):
        out.add(404)
    if any(p.get("in") == "query" for p in params):
        out.add(414)  # a query string past MAX_QUERY_STRING is refused before the route (merit_shared.db_errors)
    if method in WRITE_METHODS:
        out.add(409)
    if any(p.get("in") == "header" and p.get("name", "").lower() == "if-match" for p in params):
        out.add(412)
    return out


def returns_etag(method: str, item: dict[str, Any], op: dict[str, Any]) -> bool:
    """A read answers an ETag when a write of the same resource takes ``If-Match`` (the ETag to send comes from
    this read), or when it documents the header on its 200 itself."""
    if method != "get":
        return False
    ok = op.get("responses", {}).get("200", {})
    if "ETag" in ok.get("headers", {}) or "304" in op.get("responses", {}):
        return True
    return any(isinstance(other, dict) and any(p.get("in") == "header" and p.get("name", "").lower() == "if-match"
                                               for p in other.get("parameters", []))
               for m, other in item.items() if m in WRITE_METHODS)


def document_conditional_get(op: dict[str, Any]) -> None:
    """The 200 names its ETag, 304 is documented and ``If-None-Match`` is a parameter."""
    responses = op.setdefault("responses", {})
    responses.setdefault("200", {"description": "Successful Response"}).setdefault("headers", {}).update(ETAG_HEADERS)
    responses["304"] = {**NOT_MODIFIED, "description": responses.get("304", {}).get("description")
                        or NOT_MODIFIED["description"]}
    params = op.setdefault("parameters", [])
    if not any(p.get("in") == "header" and p.get("name", "").lower() == "if-none-match" for p in params):
        params.append(dict(IF_NONE_MATCH))


def rename_refs(node: Any, renames: dict[str, str]) -> Any:
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str) and v.startswith("#/components/schemas/"):
                name = v.rsplit("/", 1)[1]
                out[k] = "#/components/schemas/" + renames.get(name, name)
            else:
                out[k] = rename_refs(v, renames)
        return out
    if isinstance(node, list):
        return [rename_refs(v, renames) for v in node]
    return node


def _camel(snake: str) -> str:
    return "".join(p[:1].upper() + p[1:] for p in re.split(r"[^A-Za-z0-9]+", snake) if p)


def readable_name(name: str) -> str:
    """``Page_EmployeeListItem_`` -> ``EmployeeListItemPage``; ``merit_positions__org__schemas__MoveIn`` ->
    ``OrgMoveIn``; ``Body_auth_token`` -> ``AuthTokenForm``."""
    page = re.fullmatch(r"Page_(\w+?)_", name)
    if page:
        return readable_name(page.group(1)) + "Page"
    if "__" in name:
        parts = name.split("__")
        return _camel(parts[1]) + parts[-1]
    if name.startswith("Body_"):
        return _camel(name[len("Body_"):]) + "Form"
    return name


def tidy_schemas(doc: dict[str, Any]) -> dict[str, Any]:
    """Readable unique schema names, each schema titled by its name."""
    schemas = doc.get("components", {}).get("schemas", {})
    renames: dict[str, str] = {}
    for name in schemas:
        new = readable_name(name)
        if new != name and new not in schemas and new not in renames.values():
            renames[name] = new
    if renames:
        doc = rename_refs(doc, renames)
        doc["components"]["schemas"] = {renames.get(k, k): v for k, v in doc["components"]["schemas"].items()}
    for name, schema in doc.get("components", {}).get("schemas", {}).items():
        schema["title"] = name
    return doc


def complete_document(doc: dict[str, Any]) -> dict[str, Any]:
    """Every error answer documented as a problem document with its own example; 201s with Location;
    the client-credentials flow next to the password flow; Authorization never a plain parameter."""
    for item in doc.get("paths", {}).values():
        for method, op in item.items():
            if not isinstance(op, dict) or "responses" not in op:
                continue
            if returns_etag(method, item, op):
                document_conditional_get(op)
            op["parameters"] = [p for p in op.get("parameters", [])
                                if not (p.get("in") == "header" and p.get("name", "").lower() == "authorization")]
            if not op["parameters"]:
                del op["parameters"]
            responses = op["responses"]
            for status in statuses_for(method, op):
                responses.setdefault(str(status), {})
            for status, answer in list(responses.items()):
                if status.isdigit() and status.startswith(("4", "5")):
                    described = answer.get("description")
                    keep = described if described and not described.startswith("Successful") else None
                    completed = problem_answer(int(status), keep)
                    # a route's own example (its specific code) stands; the status's example fills in otherwise
                    declared: dict[str, Any] = next(iter(answer.get("content", {}).values()), {})
                    media = completed["content"][PROBLEM_MEDIA_TYPE]
                    for key in ("example", "examples"):
                        if key in declared:
                            media.pop("example", None)
                            media[key] = declared[key]
                    completed["headers"] = {**completed.get("headers", {}), **answer.get("headers", {})}
                    if not completed["headers"]:
                        del completed["headers"]
                    responses[status] = completed
                elif status.isdigit() and status.startswith("2"):
                    headers = answer.setdefault("headers", {})
                    headers.update(LANGUAGE_HEADERS)
                    if status == "201":
                        headers.update(LOCATION_HEADER)
            op["responses"] = dict(sorted(responses.items()))
    for scheme in doc.get("components", {}).get("securitySchemes", {}).values():
        flows = scheme.get("flows", {}) if scheme.get("type") == "oauth2" else {}
        if "password" in flows and "clientCredentials" not in flows:
            flows["clientCredentials"] = {"tokenUrl": flows["password"]["tokenUrl"],
                                          "scopes": dict(flows["password"].get("scopes", {}))}
    return tidy_schemas(doc)


# --- the answers -------------------------------------------------------------------------------------------------

def _item_templates(paths: list[str]) -> Callable[[str], str | None]:
    """For a creating route's path template, the template of the created resource's own address."""
    gets = set(paths)
    by_shape = {re.sub(r"\{[^}]+\}", "{}", p): p for p in gets}

    def find(template: str) -> str | None:
        shape = re.sub(r"\{[^}]+\}", "{}", template)
        if shape + "/{}" in by_shape:
            return by_shape[shape + "/{}"]
        last = template.rstrip("/").rsplit("/", 1)[-1]
        if "{" not in last and f"/api/v1/{last}/{{}}" in by_shape:
            return by_shape[f"/api/v1/{last}/{{}}"]
        return None

    return find


class ConventionsMiddleware:
    """Adds ``Content-Language`` and ``Vary: Accept-Language`` to every answer and ``Location`` to every 201.

    ``get_paths`` lists the app's GET path templates (read once, on the first 201)."""

    def __init__(self, app: ASGIApp, get_paths: Callable[[], list[str]] | None = None) -> None:
        self.app = app
        self.get_paths = get_paths
        self._find: Callable[[str], str | None] | None = None

    def location(self, scope: Scope, body: bytes) -> str:
        path: str = scope["path"]
        route = scope.get("route")
        template = getattr(route, "path", None)
        if self.get_paths is None or template is None:
            return path
        if self._find is None:
            self._find = _item_templates(self.get_paths())
        item = self._find(template)
        try:
            created = orjson.loads(body) if body else {}
        except orjson.JSONDecodeError:
            created = {}
        if item is None or not isinstance(created, dict):
            return path
        values = {**scope.get("path_params", {})}
        last = re.findall(r"\{([^}]+)\}", item)[-1]
        ident = created.get(last) or created.get("id")
        if ident is None:
            return path
        values[last] = ident
        try:
            return re.sub(r"\{([^}:]+)(?::[^}]*)?\}", lambda m: str(values[m.group(1)]), item)
        except KeyError:
            return path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        lang = "id"
        for k, v in scope["headers"]:
            if k == b"accept-language":
                lang = negotiate(v.decode("latin-1"))
        held: Message | None = None
        chunks: list[bytes] = []

        def decorate(message: Message, location: str | None) -> Message:
            headers = list(message.get("headers", []))
            names = {k.lower() for k, _ in headers}
            if b"content-language" not in names:
                headers.append((b"content-language", lang.encode()))
            vary = [v for k, v in headers if k.lower() == b"vary"]
            if not any(b"accept-language" in v.lower() for v in vary):
                headers.append((b"vary", b"Accept-Language"))
            if location is not None and b"location" not in names:
                headers.append((b"location", location.encode("latin-1", "replace")))
            return {**message, "headers": headers}

        async def wrapped(message: Message) -> None:
            nonlocal held
            if message["type"] == "http.response.start":
                if message["status"] == 201 and not any(k.lower() == b"location" for k, _ in
                                                        message.get("headers", [])):
                    held = message  # the created resource's id is in the body
                    return
                await send(decorate(message, None))
                return
            if held is not None and message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                body = b"".join(chunks)
                await send(decorate(held, self.location(scope, body)))
                held = None
                await send({"type": "http.response.body", "body": body})
                return
            await send(message)

        await self.app(scope, receive, wrapped)


# --- conditional GET ---------------------------------------------------------------------------------------------

_ENTITY_TAG = re.compile(r'(?:W/)?"([^"]*)"')
# Representation metadata a 304 leaves out (RFC 9110 section 15.4.5): the client keeps its stored copy's.
_NOT_IN_304 = frozenset({b"content-type", b"content-length", b"content-encoding", b"content-range",
                         b"content-disposition", b"transfer-encoding"})


def _opaque(tag: str) -> str:
    found = _ENTITY_TAG.fullmatch(tag.strip())
    return found.group(1) if found else tag.strip()


def etag_matches(if_none_match: str, etag: str) -> bool:
    """RFC 9110 section 13.1.2: ``*`` matches any current representation; otherwise a list of entity-tags
    compared weakly (``W/"x"`` matches ``"x"``). Entity-tags are quoted, and a quoted tag may hold a comma."""
    if if_none_match.strip() == "*":
        return True
    current = _opaque(etag)
    return any(t == current for t in _ENTITY_TAG.findall(if_none_match))


def with_body_digest(etag: bytes, body: bytes) -> bytes:
    """``"<version tag>.<digest of the answer>"``: the record's version (what ``If-Match`` checks, see
    ``merit_shared.api.check_if_match``) joined to a digest of what this caller was shown, so a changed answer
    (``allowed_actions`` after a date or a role change, holders as of today, counts) never revalidates as 304."""
    opaque = _opaque(etag.decode("latin-1"))
    if "." in opaque:  # digested already (by the service behind the gateway): the same tag on 200 and 304
        return etag
    return f'"{opaque}.{hashlib.sha256(body).hexdigest()[:16]}"'.encode("latin-1")


class ConditionalGetMiddleware:
    """A 200 answer to GET or HEAD with an ``ETag`` matched by ``If-None-Match`` becomes 304 with no body, keeping
    ETag, Cache-Control, Vary and the other headers the 200 carries except its representation metadata.

    Read with a token, an answer is the caller's own: it says ``Cache-Control: private, no-cache`` (unless the
    route chose) and ``Vary: Authorization``, and its ETag carries a digest of the body next to the record's
    version (``with_body_digest``): a 304 means exactly the bytes the caller holds. A write's answer keeps the
    version tag the route gave it; public answers keep their own ETags (content hashes)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        reading = scope["method"] in ("GET", "HEAD")
        tags: list[str] = []
        with_token = False
        for k, v in scope["headers"]:
            if k == b"if-none-match":
                tags.append(v.decode("latin-1"))
            elif k == b"authorization":
                with_token = True
        if not reading:  # a write's ETag is the record's version, as the route gave it (If-Match checks that)
            await self.app(scope, receive, send)
            return
        if_none_match = ",".join(tags) if tags and reading else None
        held: dict[str, Any] | None = None  # the start of an answer whose ETag waits for its body
        chunks: list[bytes] = []
        not_modified = False

        async def start(message: Message, headers: list[tuple[bytes, bytes]], etag: bytes) -> None:
            nonlocal not_modified
            if reading and message["status"] == 200 and if_none_match is not None and \
                    etag_matches(if_none_match, etag.decode("latin-1")):
                not_modified = True
                await send({"type": "http.response.start", "status": 304,
                            "headers": [(k, v) for k, v in headers if k.lower() not in _NOT_IN_304]})
                await send({"type": "http.response.body", "body": b""})
                return
            await send({**message, "headers": headers})

        async def wrapped(message: Message) -> None:
            nonlocal held
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                etag = next((v for k, v in headers if k.lower() == b"etag"), None)
                if etag is None or not 200 <= message["status"] < 300:
                    await send(message)
                    return
                if with_token:
                    held = {**message, "headers": _private(headers)}  # the ETag is known once the body is
                    return
                await start(message, headers, etag)
                return
            if message["type"] == "http.response.body" and held is not None:
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                body = b"".join(chunks)
                headers = [(k, with_body_digest(v, body) if k.lower() == b"etag" else v) for k, v in held["headers"]]
                etag = next(v for k, v in headers if k.lower() == b"etag")
                message_start, held = held, None
                await start(message_start, headers, etag)
                if not not_modified:
                    await send({"type": "http.response.body", "body": body})
                return
            if not_modified and message["type"] == "http.response.body":
                return  # the 200's body is dropped; the 304 has ended the answer
            await send(message)

        await self.app(scope, receive, wrapped)


def _private(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    if not any(k.lower() == b"cache-control" for k, _ in headers):
        headers.append((b"cache-control", b"private, no-cache"))
    if not any(b"authorization" in v.lower() for k, v in headers if k.lower() == b"vary"):
        headers.append((b"vary", b"Authorization"))
    return headers


# --- 415 ---------------------------------------------------------------------------------------------------------

JSON_MEDIA_TYPES = ("application/json",)


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


async def json_body_required(request: Request) -> None:
    """An app-wide dependency: a route whose body is JSON refuses a body in another media type (or none named) with
    415 ``unsupported_media_type`` (RFC 9110 section 15.5.16) instead of a 422 about the body's fields. Routes that
    take a form or read their own body (document uploads) are left to themselves; an empty body is left to
    validation (a missing required body is a 422)."""
    route = request.scope.get("route")
    body_field = getattr(route, "body_field", None)
    if body_field is None or isinstance(body_field.field_info, Form):
        return
    content_type = request.headers.get("content-type")
    if content_type is not None and _is_json(content_type):
        return
    if not await request.body():
        return
    raise UNSUPPORTED_MEDIA_TYPE.error(field="header.content-type", extra={"accepted": list(JSON_MEDIA_TYPES)},
                                       accepted=", ".join(JSON_MEDIA_TYPES),
                                       given=(content_type or "(none)")[:100])
