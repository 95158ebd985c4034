# case: ARG of a token, without a default
FROM node:20
ARG NPM_TOKEN
RUN npm ci
# ---
# case: ENV of a password, key=value and legacy forms
FROM postgres:16
ENV POSTGRES_PASSWORD=example POSTGRES_USER=app
ENV API_KEY abc123
# ---
# case: lower case and an ARG with a default
FROM alpine:3.20
ARG github_token=ghp_xxx
ARG auth
# ---
# case: under ONBUILD
FROM alpine:3.20
ONBUILD ARG DEPLOY_SECRET
# ---
# ok: GPG key fingerprints of the official images
FROM debian:12
ENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D
ENV PYTHON_GPG_KEY 7169605F62C751356D054A26A821E680E5FA6305
ENV GPG_KEYS="B42F6819007F00F88E364FD4036A9C25BF357DD4 8E4F8B9F7D0AC1C7"
ENV RABBITMQ_PGP_KEY_ID=0x0A9AF2115F4687BD29803A206B73A36E6026DFCA
ARG WORDPRESS_CLI_GPG_KEY=63AF7AA15067C05616FDDD88A3A2E8F226F0BC06
# ---
# ok: files, public keys and versions (BuildKit's exceptions)
FROM alpine:3.20
ENV POSTGRES_PASSWORD_FILE=/run/secrets/postgres_password
ARG SSH_PUBLIC_KEY
ENV DOCKER_AUTH_VERSION=2.1
# ---
# ok: places and apt-key's setting
FROM debian:12
ENV SSL_KEY_PATH=/etc/ssl/private/server.key TOKEN_DIR=/var/lib/tokens
ENV APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE=1
# ---
# ok: a secret word inside another word
FROM alpine:3.20
ENV MONKEY=1 KEYS=a PASSWORDLESS=true AUTHOR=me
