# syntax=docker/dockerfile:1
# Build: docker build -t newsbot .
# Run:   docker run --rm --env-file .env newsbot            (gateway bot)
#        docker run --rm newsbot ask "what did China say about proof?"
ARG GO_VERSION=1.26.8

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# The articles in data/ are embedded in the binary.
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/bot ./cmd/bot

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/bot /bot
USER nonroot:nonroot
ENTRYPOINT ["/bot"]
CMD ["serve"]
