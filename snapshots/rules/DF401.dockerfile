# case: ADD of a local file
FROM alpine
ADD config.json /etc/app/config.json
# ---
# case: ADD of a folder, flags kept
FROM alpine
ADD --chown=app:app --chmod=644 --link ./src /app/src
# ---
# case: a lower-case keyword: the rewritten instruction is formatted
FROM alpine
add app.py /app/
# ---
# case: JSON form
FROM alpine
ADD ["my file.txt", "/data/"]
# ---
# case: ONBUILD ADD
FROM alpine
ONBUILD ADD . /app
# ---
# ok: a URL
FROM alpine
ADD https://example.com/file.txt /tmp/
# ---
# ok: a git repository
FROM alpine
ADD git@github.com:moby/buildkit.git /src
# ---
# ok: an archive ADD extracts
FROM alpine
ADD rootfs.tar.gz /
# ---
# ok: --checksum is ADD only
FROM alpine
ADD --checksum=sha256:0000000000000000000000000000000000000000000000000000000000000000 https://example.com/a /a
# ---
# ok: a variable could be anything
FROM alpine
ARG SRC
ADD $SRC /app/
# ---
# ok: a wildcard without a build context
FROM alpine
ADD *.jar /app/
# ---
# ok: a heredoc
FROM alpine
ADD <<EOF /etc/motd
hello
EOF
