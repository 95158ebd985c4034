# case: a suppression comment before the second of two RUNs keeps them apart
FROM debian:12
RUN apt-get update
# hadolint ignore=DL3008
RUN apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
# ---
# case: the RUNs around a suppressed RUN still merge with their other neighbours
FROM alpine:3
RUN echo one
RUN echo two
# dockfix: ignore[merge-runs]
RUN echo three
RUN echo four
RUN echo five
# ---
# case: plain comments between RUNs are merged into the continuation as before
FROM alpine:3
RUN echo one
# not a suppression
RUN echo two
# ---
# case: ignore-file between RUNs is not moved into a merged RUN
FROM alpine:3
RUN echo one
# dockfix: ignore-file[DF401]
RUN echo two
ADD ./app /app
