"""The recruitment service application."""

from __future__ import annotations

from merit_shared.app import ServiceSpec, create_service_app

SPEC = ServiceSpec(
    name="recruitment",
    package="merit_recruitment",
    title="Merit Recruitment",
    description="Merit recruitment service.",
    routers=[],
)


def create_app():  # type: ignore[no-untyped-def]
    return create_service_app(SPEC)


app = create_app()
