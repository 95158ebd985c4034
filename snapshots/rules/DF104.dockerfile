# case: apt-get install without --no-install-recommends
FROM debian
RUN apt-get update && apt-get install -y curl
# ---
# case: after options before the subcommand
FROM debian
RUN apt-get -q update && DEBIAN_FRONTEND=noninteractive apt-get -o Dpkg::Options::=--force-confold install -y curl
# ---
# ok: --no-install-recommends
FROM debian
RUN apt-get install -y --no-install-recommends curl
# ---
# ok: set through an option
FROM debian
RUN apt-get -o APT::Install-Recommends=false install -y curl
# ---
# ok: not an install
FROM debian
RUN apt-get upgrade -y
