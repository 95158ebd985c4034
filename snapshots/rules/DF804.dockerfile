# case: wget then curl
FROM node:20 AS foo
RUN wget my.xyz
RUN curl localhost
# ---
# case: both in one RUN
FROM node:20 AS foo
RUN wget my.xyz && curl localhost
# ---
# case: every later RUN with either is reported
FROM node:20 AS foo
RUN wget my.xyz
RUN curl my.xyz
RUN echo hello
RUN wget foo.com
# ---
# case: both in one stage, then curl in another
FROM node:20 AS foo
RUN wget my.xyz
RUN curl localhost
FROM scratch
RUN curl localhost
# ---
# ok: only wget
FROM node:20 AS foo
RUN wget my.xyz
# ---
# ok: curl and wget in different stages
FROM node:20 AS foo
RUN wget my.xyz
FROM debian:12
RUN curl localhost
# ---
# ok: installing both is not running them
FROM debian:12
RUN apt-get install -y curl wget
