# case: a plain CMD becomes exec form
FROM node:20
CMD node server.js
# ---
# case: quotes and escapes are removed as the shell removes them
FROM nginx
CMD nginx -g "daemon off;"
# ---
# case: a leading exec is dropped
FROM python:3.12
CMD exec gunicorn --bind 0.0.0.0:8000 'app:create_app()'
# ---
# case: JSON escaping of backslashes and quotes
FROM alpine
CMD printf 'a\\b "c"'
# ---
# case: ENTRYPOINT is unsafe (docker run arguments would be appended)
FROM alpine
ENTRYPOINT /usr/local/bin/app --serve
# ---
# case: CMD with an ENTRYPOINT in the stage is unsafe
FROM alpine
ENTRYPOINT ["/entrypoint.sh"]
CMD serve --port 80
# ---
# case: CMD with an ENTRYPOINT later in the stage is unsafe
FROM alpine
CMD serve --port 80
ENTRYPOINT ["/entrypoint.sh"]
# ---
# case: CMD in a stage built FROM a stage with an ENTRYPOINT is unsafe
FROM alpine AS base
ENTRYPOINT ["/entrypoint.sh"]
FROM base AS app
RUN true
FROM app
CMD serve --port 80
# ---
# case: an ENTRYPOINT in another stage (not an ancestor) leaves CMD safe
FROM alpine AS tool
ENTRYPOINT ["/entrypoint.sh"]
FROM alpine
CMD serve --port 80
# ---
# case: variables keep the shell, with exec (unsafe)
FROM node:20
CMD node server.js --port $PORT
# ---
# case: under a POSIX SHELL the shell is kept (unsafe)
FROM debian
SHELL ["/bin/bash", "-c"]
CMD python3 app.py
# ---
# case: ONBUILD CMD
FROM alpine
ONBUILD CMD ./run.sh --fast
# ---
# case: a CMD spread over lines
FROM node:20
CMD node \
    server.js
# ---
# ok: already exec form
FROM node:20
CMD ["node", "server.js"]
# ---
# report: several commands are only reported
FROM alpine
CMD cd /app && ./run
# ---
# report: a leading assignment is only reported
FROM alpine
CMD NODE_ENV=production node server.js
# ---
# report: a shell builtin is only reported
FROM alpine
CMD cd /app
# ---
# report: a Windows image is only reported
FROM mcr.microsoft.com/windows/servercore:ltsc2022
CMD powershell -File run.ps1
# ---
# report: a comment inside the continuation is only reported
FROM node:20
CMD node \
# the entry point
    server.js
# ---
# case: the shell form keeps the words, not the continuation lines' blanks
FROM debian:12
ENTRYPOINT server \
            -Da=$A \
            -Db="two  words"
# ---
# case: HEALTHCHECK CMD in shell form
FROM nginx:1.27
HEALTHCHECK --interval=30s CMD curl -f http://localhost/
# ---
# ok: a HEALTHCHECK that needs the shell keeps it (nothing to report)
FROM nginx:1.27
HEALTHCHECK CMD curl -f http://localhost/ || exit 1
# ---
# case: an ONBUILD HEALTHCHECK
FROM nginx:1.27
ONBUILD HEALTHCHECK CMD curl -f http://localhost/
