# case: dist-upgrade
FROM opensuse/leap:15.6
RUN zypper dist-upgrade
# ---
# case: dup with options first, in an ONBUILD trigger
FROM opensuse/leap:15.6
ONBUILD RUN zypper --non-interactive dup -l
# ---
# ok: update
FROM opensuse/leap:15.6
RUN zypper --non-interactive update
