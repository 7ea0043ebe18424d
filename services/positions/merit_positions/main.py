"""The positions service application."""

from __future__ import annotations

from merit_shared.app import ServiceSpec, create_service_app

SPEC = ServiceSpec(
    name="positions",
    package="merit_positions",
    title="Merit Positions",
    description="Merit positions service.",
    routers=[],
)


def create_app():  # type: ignore[no-untyped-def]
    return create_service_app(SPEC)


app = create_app()
