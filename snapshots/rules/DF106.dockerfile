# case: a package without a version
FROM python:3.12
RUN pip install --no-cache-dir django
# ---
# case: python -m pip, --index-url's value is not a package; an ONBUILD trigger
FROM python:3.12
ONBUILD RUN python3 -m pip install --index-url https://example.com/simple flask==3.0 requests
# ---
# ok: version specifiers
FROM python:3.12
RUN pip install django==5.0 'six>=1.0' "attrs~=23.1" numpy!=1.0
# ---
# ok: requirements, the project, constraints
FROM python:3.12
RUN pip install -r requirements.txt && pip install . && pip install -c constraints.txt django
# ---
# ok: files, paths and pinned VCS URLs
FROM python:3.12
RUN pip install /wheels/x.whl dist/y.tar.gz ./src git+https://github.com/a/b@v1.0
# ---
# ok: -e's value
FROM python:3.12
RUN pip install -e ./lib
# ---
# case: pip2, pip3 and pipx without versions
FROM python:3.12
RUN pip2 install MySQL_python && pip3 install MySQL_python && pipx install black
# ---
# ok: hadolint's pinned cases with options that take a value
FROM python:3.12
RUN pip3 install --build /opt/yamllint yamllint==1.20.0 && pip3 install --prefix /opt/y yamllint==1.20.0
RUN pip install --trusted-host host example==1.2.2 --user --no-cache-dir && pip install https://example.com/x.tar.gz
RUN pipx install --python "$(which python)" "poetry==1.8.5" && pipenv install black
