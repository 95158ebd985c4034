# case: ENV key value
FROM alpine:3.20
ENV JAVA_HOME /opt/java
# ---
# case: a value with blanks is quoted
FROM alpine:3.20
ENV MSG hello  world
LABEL description A small image
# ---
# case: a variable keeps expanding
FROM alpine:3.20
ENV PATH /opt/bin:$PATH
# ---
# case: already quoted
FROM alpine:3.20
ENV GREETING "hello world"
# ---
# case: ONBUILD ENV
FROM alpine:3.20
ONBUILD ENV MODE production
# ---
# report: quotes inside a value with blanks
FROM alpine:3.20
ENV QUOTE it's "here" now
# ---
# ok: key=value
FROM alpine:3.20
ENV A=1 B="two words"
LABEL version=1.0
# ---
# case: a value with escapes: its blanks are escaped
FROM alpine:3.20
ENV APP_DIR C:\\Program Files\\App
LABEL note a "quoted part" here
# ---
# case: a value continued over several lines keeps its lines
FROM php:8.3
ENV PHPIZE_DEPS \
		autoconf \
		dpkg-dev dpkg \
		re2c
ENV SINGLE \
    value
