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
