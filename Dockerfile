# One image for every Merit service; docker-compose.yml picks the app per container.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_LINK_MODE=copy
WORKDIR /app
RUN pip install --no-cache-dir uv
COPY pyproject.toml uv.lock ./
COPY shared shared
COPY services services
RUN uv sync --locked --no-dev
ENV PATH=/app/.venv/bin:$PATH
EXPOSE 8000 8001 8002 8003
CMD ["uvicorn", "merit_gateway.main:app", "--host", "0.0.0.0", "--port", "8000", "--http", "h11", "--h11-max-incomplete-event-size", "1048576"]
