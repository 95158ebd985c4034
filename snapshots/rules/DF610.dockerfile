# case: the last USER is root
FROM debian:12
USER app
USER root
# ---
# case: uid 0 with a group
FROM debian:12
USER 0:0
# ---
# ok: back to an unprivileged user
FROM debian:12
USER root
RUN true
USER app
# ---
# ok: a build stage only copied from
FROM debian:12 AS build
USER root
FROM debian:12
COPY --from=build /a /a
USER app
# ---
# ok: no USER
FROM debian:12
# ---
# case: hadolint's transitive root: the image is built FROM the stage that sets it
FROM debian:12 AS base
USER root
RUN something
FROM base
RUN something else
# ---
# case: hadolint's multiple stages: an unused stage is a build target too
FROM debian:12 AS base
USER root
RUN something
FROM scratch
USER foo
