# case: a whole stage copied onto an image
FROM golang:1.22 AS build
RUN go build -o /out/app .
FROM debian:12
COPY --from=build / /
# ---
# case: JSON form
FROM golang:1.22 AS build
RUN go build -o /out/app .
FROM debian:12
COPY --from=build ["/", "/"]
# ---
# ok: flattening onto scratch
FROM debian:12 AS build
FROM scratch
COPY --from=build / /
# ---
# ok: artifacts only, or into a folder
FROM golang:1.22 AS build
FROM debian:12
COPY --from=build /out/app /usr/local/bin/app
COPY --from=build / /rootfs/
# ---
# ok: an image made to be copied whole, and an artifact stage built on scratch
FROM scratch AS artifacts
COPY app /app
FROM debian:12
COPY --from=docker/buildx-bin / /
COPY --from=artifacts / /
# ---
# ok: a stage that only names a tools image
FROM tonistiigi/xx:1.6 AS xx
FROM golang:1.22-alpine
COPY --from=xx / /
