# case: a typo in the stage name
FROM golang:1.22 AS builder
FROM alpine:3.20
COPY --from=build /app /app
# ---
# case: a stage number that does not exist
FROM alpine:3.20
COPY --from=3 /a /a
# ---
# ok: an earlier stage, any case
FROM golang:1.22 AS Builder
FROM alpine:3.20
COPY --from=builder /app /app
COPY --from=0 /app /app2
# ---
# ok: a stage defined further down (BuildKit builds it first; hadolint reports it)
FROM alpine:3.20
COPY --from=assets /a /a
FROM node:20 AS assets
# ---
# ok: image references
FROM alpine:3.20
COPY --from=nginx:1.27 /etc/nginx /etc/nginx
COPY --from=docker/compose-bin /docker-compose /usr/bin/
COPY --from=ghcr.io/org/tool@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef /tool /tool
# ---
# ok: ONBUILD names a stage of the downstream build
FROM alpine:3.20
ONBUILD COPY --from=build /a /a
# ---
# ok: template syntax
FROM alpine:3.20
COPY --from={{baseImage}} /a /a
