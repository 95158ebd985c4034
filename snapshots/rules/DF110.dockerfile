# case: a package without a version
FROM centos:7
RUN yum install -y httpd && yum clean all
# ---
# case: a -devel package is not a version; a module without a stream
FROM centos:7
ONBUILD RUN yum install -y python3-devel-3.6.8 python3-devel && yum module install -y nodejs
# ---
# ok: versions and an rpm file
FROM centos:7
RUN yum install -y httpd-2.4.6 httpd-tools-2.4.6-99.el7 /tmp/pkg.rpm && yum clean all
# ---
# ok: a module with a stream
FROM centos:7
RUN yum module install -y nodejs:18 && yum module enable -y php
