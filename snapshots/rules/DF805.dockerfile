# case: bash linked over /bin/sh
FROM debian:12
RUN ln -sfv /bin/bash /bin/sh
# ---
# case: an ONBUILD trigger
FROM debian:12
ONBUILD RUN ln -sfv /bin/bash /bin/sh
# ---
# ok: unrelated links
FROM debian:12
RUN ln -sf /bin/true /sbin/initctl
# ---
# ok: /bin/sh as an argument of another command
FROM debian:12
RUN ln -s foo bar && unrelated && something_with /bin/sh
