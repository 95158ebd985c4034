# case: one lower-case instruction among upper-case ones
FROM alpine:3.20
run apk add curl
CMD ["sh"]
# ---
# case: a mixed-case keyword
FROM alpine:3.20
Run apk add curl
# ---
# report: the file is mostly lower case
from alpine:3.20
run apk add curl
CMD ["sh"]
# ---
# ok: all upper case
FROM alpine:3.20
RUN apk add curl
# ---
# ok: all lower case
from alpine:3.20
run apk add curl
