# case: a capitalised stage name and its references are lower-cased
FROM golang:1.22 AS Builder
RUN go build -o /app .
FROM Builder AS Test
RUN go test ./...
FROM alpine:3.20
COPY --from=Builder /app /app
RUN --mount=type=cache,from=BUILDER,target=/cache true
# ---
# case: ONBUILD references name stages of another build and stay
FROM alpine:3.20 AS Base
ONBUILD COPY --from=Base /a /a
# ---
# report: a name used by two stages
FROM alpine:3.20 AS Dup
FROM alpine:3.20 AS dup
# ---
# ok: lower case
FROM alpine:3.20 AS base
FROM base
# ---
# ok: an image reference is not a stage
FROM alpine:3.20 AS build
COPY --from=Build:1 /a /a
# ---
# ok: a stage name made of variables (buildah) is not lower-cased
ARG FIRST=Build
FROM alpine:3.20 AS ${FIRST}
