# case: a long UID without -l
FROM debian:12
RUN useradd -u 123456 luser
# ---
# case: --uid=, in an ONBUILD trigger
FROM debian:12
ONBUILD RUN groupadd -g 123456 app && useradd --uid=123456 -g app app
# ---
# ok: useradd alone
FROM debian:12
RUN useradd luser
# ---
# ok: a short UID
FROM debian:12
RUN useradd -u 12345 luser
# ---
# ok: a long UID and -l
FROM debian:12
RUN useradd -l -u 123456 luser
# ---
# ok: just -l
FROM debian:12
RUN useradd -l luser
# ---
# ok: --no-log-init
FROM debian:12
RUN useradd --no-log-init -u 123456 luser
# ---
# ok: a UID this file does not know
FROM debian:12
RUN useradd -u ${APP_UID} app
