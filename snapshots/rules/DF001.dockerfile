# case: a code whose rule does not fire on the instruction below
FROM alpine
# dockfix: ignore[DF401]
COPY app /app
# ---
# case: one unused code among used ones, and a reason after --
FROM alpine
# dockfix: ignore[DF401, DF101, add-remote-url] -- vendored tool
ADD https://example.com/tool.tar.gz /opt/
# ---
# case: a code that is no rule
FROM alpine
# dockfix: ignore[DF999]
RUN make
# ---
# case: ignore-file with nothing to suppress in the whole file
# dockfix: ignore-file[merge-runs]
FROM alpine
RUN make
COPY . /src
# ---
# case: a bare ignore with nothing to suppress
FROM alpine
# dockfix: ignore
WORKDIR /src
# ---
# case: ignore-file with nothing to suppress is not silenced by itself
# dockfix: ignore-file
FROM alpine
WORKDIR /src
# ---
# case: a comment that is not a suppression (no fix: what it meant is for a person to say)
FROM alpine
# dockfix: ignore(DF401)
COPY app /app
# ---
# case: an ignore above nothing
FROM alpine
RUN make
# dockfix: ignore[DF101]
# ---
# ok: every code is used
FROM alpine
# dockfix: ignore[DF402] -- the archive is ours
ADD https://example.com/tool.tar.gz /opt/
# dockfix: ignore[add-to-copy]
ADD app /app
# ---
# ok: merge-runs would join the RUN below with the one above
FROM alpine
RUN apt-get update
# dockfix: ignore[DF101]
RUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
# ---
# ok: a hadolint alias in a dockfix comment
FROM alpine
RUN apt-get update
# dockfix: ignore[DL3059]
RUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
# ---
# ok: a code of a rule that does not run here is left alone
FROM alpine
# dockfix: ignore[DF104]
RUN make
# ---
# ok: hadolint's pragmas are hadolint's business
FROM alpine
# hadolint ignore=DL3020
COPY app /app
# ---
# ok: ignore-file used by a finding anywhere in the file
# dockfix: ignore-file[DF401]
FROM alpine
ADD app /app
# ---
# ok: ignore-file with every rule used
# dockfix: ignore-file
FROM alpine
ADD app /app
