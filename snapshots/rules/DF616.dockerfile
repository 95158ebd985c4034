# case: a user name, with and without a group
FROM debian:12
USER app
USER app:app
# ---
# ok: numeric ids and variables
FROM debian:12
ARG UID=10001
USER 10001
USER 10001:app
USER $UID
USER ${UID}:${UID}
