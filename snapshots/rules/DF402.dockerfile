# case: a URL without checksum
FROM alpine
ADD https://example.com/tool.tar.gz /opt/
# ---
# ok: with a checksum
FROM alpine
ADD --checksum=sha256:0000000000000000000000000000000000000000000000000000000000000000 https://example.com/tool.tar.gz /opt/
# ---
# ok: a local file
FROM alpine
ADD tool.tar.gz /opt/
