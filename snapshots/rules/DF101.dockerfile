# case: update and install become one RUN
FROM debian:bookworm
RUN apt-get update
RUN apt-get install -y curl
# ---
# case: three RUNs with comments between keep the comments
FROM alpine
RUN apk add --no-cache curl
# fetch the tool
RUN curl -fsSLo /usr/local/bin/tool https://example.com/tool

# make it runnable
RUN chmod +x /usr/local/bin/tool
# ---
# case: a cd in an earlier RUN is kept in a subshell
FROM alpine
RUN cd /tmp && wget https://example.com/a.tgz
RUN ls
# ---
# case: an export in an earlier RUN is kept in a subshell
FROM alpine
RUN export PATH=/opt/bin:$PATH && tool --version
RUN echo done
# ---
# case: a later RUN with || is grouped
FROM alpine
RUN apk add --no-cache git
RUN git --version || true
# ---
# case: a later RUN with ; is grouped
FROM alpine
RUN mkdir -p /app
RUN cd /app; touch ready
# ---
# case: identical flags merge and keep one copy
FROM python:3.12
RUN --mount=type=cache,target=/root/.cache/pip pip install -U pip
RUN --mount=type=cache,target=/root/.cache/pip pip install flask
# ---
# case: multi-line RUNs keep their lines
FROM debian
RUN apt-get update \
    && apt-get install -y \
        curl \
        git
RUN useradd -m app
# ---
# case: a stateful middle RUN is wrapped, the last is not
FROM alpine
RUN echo one
RUN cd /tmp && touch two
RUN cd /var && touch three
# ---
# case: the first RUN may have ; and || at its top level
FROM alpine
RUN false; true
RUN echo next
# ---
# case: the merged RUN is formatted, keyword upper case
FROM alpine
run echo a
run echo b
# ---
# ok: different mount flags stay apart
FROM python:3.12
RUN --mount=type=cache,target=/root/.cache/pip pip install -U pip
RUN pip install flask
# ---
# ok: different network flags stay apart
FROM alpine
RUN --network=none make
RUN make install
# ---
# ok: exec form is not merged
FROM alpine
RUN ["apk", "add", "curl"]
RUN echo hi
# ---
# ok: heredocs are not merged
FROM alpine
RUN <<EOF
echo hi
EOF
RUN echo there
# ---
# ok: set -e does not survive the left side of &&
FROM debian
RUN set -eux; apt-get update
RUN apt-get install -y curl
# ---
# ok: a shell comment would swallow what follows
FROM alpine
RUN echo hi # say hi
RUN echo there
# ---
# ok: a background job
FROM alpine
RUN sleep 100 &
RUN echo there
# ---
# ok: a RUN ending with an operator
FROM alpine
RUN echo hi;
RUN echo there
# ---
# ok: another instruction between RUNs
FROM alpine
RUN echo a
ENV X=1
RUN echo b
# ---
# ok: RUNs in different stages
FROM alpine AS a
RUN echo a
FROM alpine
RUN echo b
# ---
# ok: a non-POSIX shell
FROM mcr.microsoft.com/windows/servercore:ltsc2022
RUN echo a
RUN echo b
# ---
# ok: errexit shell with a RUN that needs a subshell
FROM debian
SHELL ["/bin/bash", "-e", "-c"]
RUN cd /tmp && make
RUN echo done
# ---
# ok: a single RUN
FROM alpine
RUN echo alone
# ---
# case: comments inside the later RUN's continuation are kept
FROM alpine
RUN echo a
RUN \
    # a comment before the command
    echo b
