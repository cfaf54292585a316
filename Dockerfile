# Builds the one Action Hub binary; compose runs it as api, worker and migrate.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -o /actionhub ./app

FROM gcr.io/distroless/static-debian12
COPY --from=build /actionhub /actionhub
USER nonroot
ENTRYPOINT ["/actionhub"]
