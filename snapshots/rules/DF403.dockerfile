# case: a gzipped tar is extracted explicitly
FROM alpine
ADD rootfs.tar.gz /opt/app
# ---
# case: a plain tar
FROM alpine
ADD layer.tar /
# ---
# case: with flags it is only reported
FROM alpine
ADD --chown=app:app vendor.tar.xz /vendor/
# ---
# report: FROM scratch has no tar: only reported
FROM scratch
ADD rootfs.tar /
# ---
# ok: not an archive
FROM alpine
ADD config.json /etc/
# ---
# ok: a URL is not extracted
FROM alpine
ADD https://example.com/a.tar.gz /opt/
