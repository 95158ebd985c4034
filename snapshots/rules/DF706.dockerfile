# case: a Go image that builds and ships itself, the artifact named
FROM golang:1.22
WORKDIR /src
COPY . .
RUN go build -o /app/server ./cmd/server
CMD ["/app/server"]
# ---
# case: a compiler installed and kept, then make
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends build-essential && rm -rf /var/lib/apt/lists/*
COPY . /src
RUN make -C /src && make -C /src install
# ---
# case: cargo in the rust image
FROM rust:1.80-slim
COPY . .
RUN cargo build --release --locked
CMD ["./target/release/app"]
# ---
# ok: a multi-stage build
FROM golang:1.22 AS build
RUN go build -o /app/server .
FROM gcr.io/distroless/base-debian12
COPY --from=build /app/server /app/server
# ---
# ok: the build dependencies removed in the RUN that used them
FROM alpine:3.20
RUN apk add --no-cache --virtual .build-deps gcc musl-dev make \
    && make -C /usr/src/app \
    && apk del .build-deps
# ---
# ok: a toolchain image that builds nothing
FROM golang:1.22
RUN go env GOPATH
RUN go version
# ---
# ok: Node images need node at run time
FROM node:20
COPY . .
RUN npm ci && npm run build
CMD ["node", "dist/server.js"]
# ---
# ok: a compiler without a build step
FROM python:3.12-slim
RUN apt-get update && apt-get install -y gcc && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir psycopg2
