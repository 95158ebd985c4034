# case: @latest and no version
FROM golang:1.22
RUN go install golang.org/x/tools/gopls@latest && go install github.com/go-delve/delve/cmd/dlv
# ---
# case: go get and go run, in an ONBUILD trigger
FROM golang:1.22
ONBUILD RUN go get github.com/pkg/errors && go run github.com/a/tool -flag value
# ---
# ok: versions
FROM golang:1.22
RUN go install golang.org/x/tools/gopls@v0.16.1 && go get github.com/pkg/errors@v0.9.1
# ---
# ok: local packages and files
FROM golang:1.22
RUN go install ./... && go get -d . && go run main.go && go run ./cmd/app arg
# ---
# ok: a build flag's value
FROM golang:1.22
RUN go install -ldflags "-s -w" ./cmd/app
# ---
# ok: other subcommands
FROM golang:1.22
RUN go build -o /app . && go mod download
