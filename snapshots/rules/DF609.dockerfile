# case: two sources, no slash
FROM node:20
COPY package.json package-lock.json /app
# ---
# case: JSON form, and ADD
FROM node:20
COPY ["a.txt", "b.txt", "/data"]
ADD a.txt b.txt /data
# ---
# case: ONBUILD COPY
FROM node:20
ONBUILD COPY a b /app
# ---
# report: a variable destination
FROM node:20
ARG DEST=/app
COPY a b $DEST
# ---
# ok: hadolint's cases: a slash, one source, a quoted slash
FROM node:20
COPY a b /app/
COPY a /app
COPY a b "/app/"
COPY --from=build /a /b /c/
