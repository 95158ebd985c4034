# case: yum install without -y
FROM centos:7
RUN yum install httpd-2.4.24 && yum clean all
# ---
# case: dnf and microdnf without -y
FROM fedora:40
RUN dnf install httpd-2.4.24 && dnf clean all
RUN microdnf install httpd-2.4.24 && microdnf clean all
# ---
# case: zypper without a non-interactive switch
FROM opensuse/leap:15.6
RUN zypper install httpd=2.4.24 && zypper clean
# ---
# case: an ONBUILD trigger with options first
FROM rockylinux:9
ONBUILD RUN dnf --setopt=tsflags=nodocs install httpd
# ---
# report: zypper patch is reported, not fixed
FROM opensuse/leap:15.6
RUN zypper patch
# ---
# ok: -y
FROM centos:7
RUN yum install -y httpd-2.4.24 && yum clean all
# ---
# ok: not even a yum command
FROM centos:7
RUN bash -c `# not even a yum command`
# ---
# ok: dnf and microdnf with -y, notdnf is another program
FROM fedora:40
RUN dnf install -y httpd-2.4.24 && dnf clean all
RUN microdnf install -y httpd-2.4.24 && microdnf clean all
RUN notdnf install httpd
# ---
# ok: zypper's switches
FROM opensuse/leap:15.6
RUN zypper install -n httpd=2.4.24 && zypper clean
RUN zypper install --non-interactive httpd=2.4.24 && zypper clean
RUN zypper install -y httpd=2.4.24 && zypper clean
RUN zypper install --no-confirm httpd=2.4.24 && zypper clean
RUN zypper --non-interactive install httpd
# ---
# ok: assumeyes in a cluster, as an option value, or piped from yes
FROM centos:7
RUN yum -qy install httpd && yum --setopt=assumeyes=1 install git && yes | yum install vim
# ---
# ok: other subcommands
FROM centos:7
RUN yum clean all && yum makecache
