# incidentmap: the two commands a new user needs are `make run` and `make test`.
GO      ?= go
DB      ?= incidentmap.db
ADDR    ?= 127.0.0.1:8080
SHARED  ?= ../shared
BIN     := bin/incidentmap

.PHONY: run test build web vet gotest webtest fuzz bench bench-compare data clean

## run: build the web map and the binary, then serve the seed incidents on $(ADDR)
run: build
	$(BIN) serve --seed --db $(DB) --addr $(ADDR)

## build: the web bundle (npm) and the Go binary
build: web
	$(GO) build -o $(BIN) ./cmd/incidentmap

## web: install the pinned npm packages and bundle the page into static/dist
web:
	@if [ -f static/package.json ]; then cd static && npm ci --no-audit --no-fund && npm run build; fi

## test: every test: vet, race-enabled Go tests, short fuzz runs, browser tests
test: web vet gotest fuzz webtest

vet:
	$(GO) vet ./...

gotest:
	$(GO) test -race -count=1 -timeout 20m ./...

## fuzz: a short run of every fuzz target (seed corpora also run in gotest).
## The budget is a count of executions, not a duration: Go 1.26's fuzz
## coordinator can report a spurious "context deadline exceeded" when a
## duration runs out on a busy machine (golang/go#75804).
FUZZTIME ?= 3000x
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg 2>/dev/null | grep '^Fuzz'); do \
	    echo "fuzz $$pkg $$f"; \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) -timeout 10m $$pkg || exit 1; \
	  done; \
	done

## webtest: end-to-end tests of the web map in headless Chromium
webtest: build
	@if [ -f static/package.json ]; then cd static && npm test; fi

## bench: Go benchmarks (see README "Benchmarks")
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## bench-compare: our server beside the PostGIS stack on the shared data set (long; see bench/README.md)
bench-compare:
	SHARED_BENCH=$(SHARED)/bench bench/compare.sh

## data: rebuild the shipped gazetteer in data/ from $(SHARED)/data
data:
	$(GO) run ./cmd/mkgazetteer -src $(SHARED)/data -out data

clean:
	rm -rf bin static/dist
