# case: an environment file
FROM node:20
COPY .env /app/.env
# ---
# case: a private key among other sources, and a credentials folder
FROM alpine:3.20
COPY app.conf certs/server.key /etc/app/
COPY .aws /root/.aws
# ---
# case: registry credentials, JSON form and ADD
FROM python:3.12
COPY [".npmrc", "/root/.npmrc"]
ADD ./.pypirc /root/
# ---
# case: an SSH key under ONBUILD
FROM alpine:3.20
ONBUILD COPY id_ed25519 /root/.ssh/id_ed25519
# ---
# ok: templates, public keys, certificates and package signing keys
FROM debian:12
COPY .env.example /app/.env
COPY id_rsa.pub /root/.ssh/authorized_keys
COPY certs/ca.pem certs/fullchain.pem /etc/ssl/
COPY Release.key nodesource.gpg.key /etc/apt/keyrings/
# ---
# ok: wildcards and variables are not read
FROM alpine:3.20
ARG KEY_FILE=server.key
COPY *.pem $KEY_FILE /etc/app/
# ---
# ok: copied from another stage, not from the context
FROM alpine:3.20 AS keys
RUN ssh-keygen -t ed25519 -f /id_ed25519 -N ""
FROM alpine:3.20
COPY --from=keys /id_ed25519.pub /root/.ssh/authorized_keys
# ---
# ok: names that only look alike
FROM nginx:1.27
COPY 15-local-resolvers.envsh /docker-entrypoint.d
COPY env.sh .envrc /app/
