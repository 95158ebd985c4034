# case: a suppression comment before the second of two RUNs keeps them apart
FROM debian:12
RUN apt-get update
# hadolint ignore=DL3008
RUN apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
# ---
# case: the RUNs around a suppressed RUN still merge with their other neighbours
FROM debian:12
RUN apt-get update
RUN apt-get install -y --no-install-recommends a && rm -rf /var/lib/apt/lists/*
# dockfix: ignore[merge-runs]
RUN apt-get update
RUN apt-get install -y --no-install-recommends b
RUN rm -rf /var/lib/apt/lists/*
# ---
# case: plain comments between RUNs are merged into the continuation as before
FROM debian:12
RUN apt-get update
# not a suppression
RUN apt-get install -y --no-install-recommends a && rm -rf /var/lib/apt/lists/*
# ---
# case: ignore-file between RUNs is not moved into a merged RUN
FROM debian:12
RUN apt-get update
# dockfix: ignore-file[DF401]
RUN apt-get install -y --no-install-recommends a && rm -rf /var/lib/apt/lists/*
ADD ./app /app
