# case: a package without a version
FROM opensuse/leap:15.6
RUN zypper install -y httpd && zypper clean
# ---
# case: zypper in, in an ONBUILD trigger
FROM opensuse/leap:15.6
ONBUILD RUN zypper --non-interactive in curl=8.6.0 git
# ---
# ok: versions and ranges
FROM opensuse/leap:15.6
RUN zypper install -y httpd=2.4.58 'curl>=8' 'git<3' /tmp/x.rpm
