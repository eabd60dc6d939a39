# One image: the `switchboard` binary and the built console.
FROM node:20-bookworm-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
COPY openapi.yaml /src/openapi.yaml
RUN npm run build

FROM rust:1.88-bookworm AS api
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p switchboard

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 ca-certificates && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /app switchboard
WORKDIR /app
COPY --from=api /src/target/release/switchboard /usr/local/bin/switchboard
COPY --from=web /src/web/dist /app/web/dist
RUN mkdir -p /app/data && chown switchboard /app/data
USER switchboard
ENV SWITCHBOARD_BIND=0.0.0.0:8080 SWITCHBOARD_WEB_DIR=/app/web/dist SWITCHBOARD_DATA_DIR=/app/data
EXPOSE 8080
CMD ["switchboard", "serve"]
