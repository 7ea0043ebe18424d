"""Settings read from environment variables (pydantic-settings), the same names in every service."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[1].parent
DEV_SERVICE_SECRET = "dev-service-secret-change-me"


class Settings(BaseSettings):
    """Configuration of one Merit process. Every field maps to an upper-case environment variable."""

    model_config = SettingsConfigDict(env_prefix="", extra="ignore", case_sensitive=False)

    merit_env: str = Field("development", description="`development` or `production`.")
    database_url: str | None = Field(
        None, description="PostgreSQL URL. Unset: an embedded PostgreSQL is started in MERIT_DATA_DIR."
    )
    merit_data_dir: Path = Field(REPO_ROOT / ".data", description="Folder for the embedded database and dev keys.")
    db_pool_size: int = 10
    log_level: str = "INFO"
    log_json: bool = True
    log_requests: bool = Field(True, description="Log every request (method, path, status, duration).")

    # Tokens: the gateway signs; every service verifies.
    jwt_issuer: str = "merit-gateway"
    jwt_audience: str = "merit"
    jwks_url: str | None = Field(None, description="JWKS URL to verify tokens; default: the gateway's.")
    jwt_private_key_file: Path | None = Field(None, description="PEM RSA private key (gateway). Dev: generated.")
    access_token_minutes: int = 60
    revocation_refresh_seconds: float = Field(30.0, gt=0, description="How often a service refreshes the list of "
                                              "disabled accounts from the gateway (their tokens are refused).")
    # An external OpenID Connect provider (e.g. Keycloak) whose access tokens are trusted next to the gateway's.
    oidc_issuer: str | None = Field(None, description="The provider's issuer (`iss`), e.g. "
                                    "https://sso.example.go.id/realms/merit.")
    oidc_jwks_url: str | None = Field(None, description="The provider's jwks_uri.")
    oidc_audience: str | None = Field(None, description="The `aud` its tokens must carry; default JWT_AUDIENCE.")
    jwks_refresh_seconds: float = Field(300.0, gt=0, description="How often keys are refetched (a retired key stops "
                                        "being trusted).")
    accept_untyped_tokens: bool = Field(True, description="Accept access tokens whose header `typ` is `JWT` or "
                                        "absent (Keycloak), not only RFC 9068 `at+jwt`. ID tokens are always refused.")

    # Login throttling at the gateway (POST /auth/token and POST /auth/password); 0 turns a limit off.
    login_max_failures: int = Field(5, ge=0, description="Failed logins for one username within the window that "
                                    "lock it until the window ends (429 too_many_attempts).")
    login_max_failures_per_address: int = Field(100, ge=0, description="Failed logins from one client address "
                                                "within the window that lock that address.")
    login_failure_window_seconds: int = Field(900, gt=0, description="The window, opened by the first failure.")

    # Where the services are (the gateway routes there; services call each other through these).
    gateway_url: str = "http://127.0.0.1:8000"
    positions_url: str = "http://127.0.0.1:8001"
    evaluation_url: str = "http://127.0.0.1:8002"
    recruitment_url: str = "http://127.0.0.1:8003"
    upstream_timeout_seconds: float = 15.0
    # The ports `python -m merit_shared.stack run` (make run) listens on, on 127.0.0.1.
    gateway_port: int = Field(8000, gt=0, lt=65536, description="The public port (make run).")
    positions_port: int = Field(8001, gt=0, lt=65536, description="positions' port (make run).")
    evaluation_port: int = Field(8002, gt=0, lt=65536, description="evaluation's port (make run).")
    recruitment_port: int = Field(8003, gt=0, lt=65536, description="recruitment's port (make run).")
    # Operations.
    metrics_token: str | None = Field(None, description="Bearer token a Prometheus scrape of /metrics must send. "
                                      "The gateway (the public port) refuses /metrics without it, and refuses every "
                                      "scrape while it is unset; a service's own port requires it when it is set.")
    stack_max_restarts: int = Field(5, ge=0, description="How often make run restarts a service that died (with "
                                    "backoff) before it stops the whole stack.")

    # A service's own machine credentials (client-credentials grant at the gateway).
    service_client_id: str | None = None
    service_client_secret: str = DEV_SERVICE_SECRET

    outbox_poll_seconds: float = 0.5

    # The daily jobs (merit_shared.scheduler): retirement at BUP, personnel actions on their TMT, acting ends;
    # recruitment's registration extensions.
    scheduler_enabled: bool = Field(True, description="Run the daily jobs in this process (every replica may: each "
                                    "(job, agency, day) runs once).")
    scheduler_interval_seconds: float = Field(300.0, gt=0, description="How often the scheduler looks for due days.")
    scheduler_max_catch_up_days: int = Field(366, ge=0, description="After downtime, at most this many missed days "
                                             "are run (the jobs act on everything due up to the day they run).")

    # Webhooks (the gateway's dispatcher): event feeds fanned out to agencies' subscriptions, signed (Standard Webhooks).
    webhooks_enabled: bool = Field(True, description="Run the webhook dispatcher in this gateway process (every "
                                   "replica may: feeds and deliveries are claimed with row locks).")
    webhook_poll_seconds: float = Field(1.0, gt=0, description="How often the dispatcher reads the event feeds and "
                                        "looks for due deliveries when it found nothing to do.")
    webhook_timeout_seconds: float = Field(5.0, gt=0, le=30, description="Timeout of one delivery (connect and "
                                           "answer); a slower receiver counts as a failed attempt.")
    webhook_retry_schedule: str = Field("5,300,1800,7200,18000,36000,50400", description="Seconds to wait after "
                                        "each failed attempt, comma separated (default: 5 s, 5 min, 30 min, 2 h, 5 h, "
                                        "10 h, 14 h: about a day); after the last the delivery has failed.")
    webhook_disable_after_failures: int = Field(5, ge=1, description="Consecutive failed deliveries (every retry "
                                                "exhausted) that disable a subscription.")
    webhook_disable_after_seconds: float = Field(86400.0, gt=0, description="A subscription whose deliveries have "
                                                 "failed without a success for this long is disabled.")
    webhook_secret_overlap_seconds: float = Field(86400.0, ge=0, description="After a secret rotation, deliveries "
                                                  "are signed with the old secret too for this long.")
    webhook_concurrency: int = Field(20, ge=1, le=200, description="Deliveries sent in parallel by one process.")

    @property
    def webhook_retry_delays(self) -> tuple[float, ...]:
        """WEBHOOK_RETRY_SCHEDULE as seconds (an empty schedule: one attempt only)."""
        return tuple(float(x) for x in self.webhook_retry_schedule.split(",") if x.strip())

    # E-mail notifications to people (the gateway sends them; merit_shared.notify queues them).
    smtp_host: str | None = Field(None, description="SMTP server. Unset: notifications are kept and marked "
                                  "`not_sent` (nothing is sent).")
    smtp_port: int = Field(587, gt=0, lt=65536, description="SMTP port (25, 587 STARTTLS, 465 TLS).")
    smtp_tls: Literal["none", "starttls", "tls"] = Field("starttls", description="`none`, `starttls` or `tls` "
                                                         "(implicit TLS, port 465).")
    smtp_username: str | None = Field(None, description="SMTP login, when the server asks for one.")
    smtp_password: str | None = None
    smtp_sender: str = Field("Merit <merit@localhost>", description="The From address of every notification.")
    smtp_timeout_seconds: float = Field(15.0, gt=0)
    notify_poll_seconds: float = Field(2.0, gt=0, description="How often the gateway looks for e-mails to send.")
    notify_retry_seconds: float = Field(60.0, gt=0, description="First retry delay after an SMTP failure "
                                        "(doubled each time, at most an hour).")
    notify_max_attempts: int = Field(10, gt=0, description="SMTP attempts before a notification is `failed`.")
    notify_digest_hour: int = Field(7, ge=0, le=23, description="Hour (agency time zone) from which the daily "
                                    "digest is sent to people who chose `digest`.")
    public_url: str | None = Field(None, description="Base URL of Merit's public address: e-mails link to "
                                   "`PUBLIC_URL` + the record's route (unset: the route alone).")

    @property
    def is_production(self) -> bool:
        return self.merit_env.lower() == "production"

    @property
    def effective_jwks_url(self) -> str:
        return self.jwks_url or f"{self.gateway_url.rstrip('/')}/.well-known/jwks.json"

    def refuse_unsafe_production(self) -> None:
        """In production a service must not run on development defaults."""
        if not self.is_production:
            return
        problems = []
        if self.service_client_secret == DEV_SERVICE_SECRET:
            problems.append("SERVICE_CLIENT_SECRET is the development default")
        if not self.database_url:
            problems.append("DATABASE_URL is unset (the embedded database is for development only)")
        if problems:
            raise SystemExit("Refusing to start in production: " + "; ".join(problems))
