# case: packages without versions, dnf and microdnf
FROM fedora:40
RUN dnf install -y httpd && dnf clean all
RUN microdnf install -y nginx && microdnf clean all
# ---
# case: a module without a stream, in an ONBUILD trigger
FROM rockylinux:9
ONBUILD RUN dnf module install -y nodejs
# ---
# ok: versions
FROM fedora:40
RUN dnf install -y httpd-2.4.57 && microdnf install -y nginx-1.24.0-1.fc40
# ---
# ok: groups and modules with streams
FROM fedora:40
RUN dnf group install -y "Development Tools" && dnf module install -y nodejs:18
