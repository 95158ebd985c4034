# case: a single stage without USER
FROM node:20-slim
COPY . /app
CMD ["node", "/app/server.js"]
# ---
# case: the final stage sets no USER, an earlier stage does
FROM golang:1.22 AS build
USER nobody
RUN go build -o /tmp/server .
FROM debian:12-slim
COPY --from=build /tmp/server /usr/local/bin/server
# ---
# case: scratch runs as uid 0
FROM scratch
COPY server /server
ENTRYPOINT ["/server"]
# ---
# ok: a USER in the final stage
FROM node:20-slim
USER node
CMD ["node", "server.js"]
# ---
# ok: the last USER is root: hadolint's DL3002, not this rule
FROM debian:12
USER root
# ---
# ok: inherited from the stage it is built FROM
FROM python:3.12 AS base
RUN useradd app
USER app
FROM base
COPY . /app
# ---
# ok: a nonroot base image
FROM gcr.io/distroless/static-debian12:nonroot
COPY server /server
# ---
# ok: a USER from a variable
FROM alpine:3.20
ARG APP_USER=app
USER $APP_USER
