# feedmerge: build, test, demo, install.
#
#   make demo      one full pass of the daemon over bundled sample sources
#   make test      install missing build dependencies (Debian), then swift test
#   make install   binary, systemd unit and example config (as root)

PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
SYSCONFDIR  ?= /etc/feedmerge
UNITDIR     ?= /etc/systemd/system
SWIFT       ?= swift
APT_PACKAGES = libcurl4-openssl-dev libxml2-dev libsqlite3-dev
RELEASE_BIN  = .build/release/feedmerge
MANDIR      ?= $(PREFIX)/share/man/man1
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d
GENERATED    = .build/generated

.PHONY: all deps build test demo docs install uninstall clean

all: build

# Installs the Debian packages the C bridges need, only when one is missing.
deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	command -v pkg-config >/dev/null 2>&1 || missing="$$missing pkg-config"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		if [ "$$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi; \
		$$sudo apt-get update && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; \
	fi

build: deps
	$(SWIFT) build -c release --product feedmerge
	$(SWIFT) build -c release --product feedmerge-parse

# Serial: several tests run the real daemon and count its watchdog pings or kill it; on a
# 2-core machine, parallel suites that block threads would starve it and prove nothing.
test: deps
	$(SWIFT) test --no-parallel

# One pass of the daemon over Demo/ (two seed live-blog pages, three small feeds),
# into a temporary database, then the merged stories.
demo: build
	@tmp=$$(mktemp -d); \
	echo "== feedmerge run --once (database in $$tmp)"; \
	$(RELEASE_BIN) run --once --config Demo/feedmerge.toml --store $$tmp/feedmerge.sqlite --log-level warning && \
	echo "== feedmerge sources" && \
	$(RELEASE_BIN) sources --config Demo/feedmerge.toml --store $$tmp/feedmerge.sqlite && \
	echo && echo "== feedmerge stories" && \
	$(RELEASE_BIN) stories --config Demo/feedmerge.toml --store $$tmp/feedmerge.sqlite; \
	status=$$?; rm -rf $$tmp; exit $$status

# The man page and shell completions, generated from the command definitions.
docs: build
	rm -rf $(GENERATED) && mkdir -p $(GENERATED)
	$(SWIFT) package plugin --allow-writing-to-directory $(GENERATED) generate-manual --output-directory $(GENERATED)
	$(RELEASE_BIN) --generate-completion-script bash > $(GENERATED)/feedmerge.bash
	$(RELEASE_BIN) --generate-completion-script zsh > $(GENERATED)/_feedmerge
	$(RELEASE_BIN) --generate-completion-script fish > $(GENERATED)/feedmerge.fish

install: build docs
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SYSCONFDIR) $(DESTDIR)$(UNITDIR)
	install -d $(DESTDIR)$(MANDIR) $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	install -m 0755 $(RELEASE_BIN) $(DESTDIR)$(BINDIR)/feedmerge
	install -m 0755 $(RELEASE_BIN)-parse $(DESTDIR)$(BINDIR)/feedmerge-parse
	install -m 0644 $(GENERATED)/feedmerge.1 $(DESTDIR)$(MANDIR)/feedmerge.1
	install -m 0644 $(GENERATED)/feedmerge.bash $(DESTDIR)$(BASHCOMPDIR)/feedmerge
	install -m 0644 $(GENERATED)/_feedmerge $(DESTDIR)$(ZSHCOMPDIR)/_feedmerge
	install -m 0644 $(GENERATED)/feedmerge.fish $(DESTDIR)$(FISHCOMPDIR)/feedmerge.fish
	install -m 0644 systemd/feedmerge.service $(DESTDIR)$(UNITDIR)/feedmerge.service
	@if [ -e $(DESTDIR)$(SYSCONFDIR)/feedmerge.toml ]; then \
		echo "keeping existing $(SYSCONFDIR)/feedmerge.toml"; \
	else \
		install -m 0644 Config/feedmerge.toml $(DESTDIR)$(SYSCONFDIR)/feedmerge.toml; \
	fi
	@if [ -z "$(DESTDIR)" ] && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then \
		systemctl daemon-reload; \
		echo "installed; start with: systemctl enable --now feedmerge"; \
	fi

uninstall:
	-@if [ -z "$(DESTDIR)" ] && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then \
		systemctl disable --now feedmerge 2>/dev/null; fi
	rm -f $(DESTDIR)$(BINDIR)/feedmerge $(DESTDIR)$(BINDIR)/feedmerge-parse $(DESTDIR)$(UNITDIR)/feedmerge.service $(DESTDIR)$(MANDIR)/feedmerge.1
	rm -f $(DESTDIR)$(BASHCOMPDIR)/feedmerge $(DESTDIR)$(ZSHCOMPDIR)/_feedmerge $(DESTDIR)$(FISHCOMPDIR)/feedmerge.fish
	@echo "kept $(SYSCONFDIR)/feedmerge.toml and /var/lib/feedmerge (remove them by hand if you want)"

clean:
	rm -rf .build

# Clustering quality on ../shared/eval/clustering (scored by score_clusters.py).
.PHONY: eval
eval: build
	Benchmarks/eval-clustering.sh

# Store figures: bytes per entry, retention pass and restart with 1,000,000 entries.
.PHONY: bench-store
bench-store: build
	Benchmarks/bench-store.sh

# Fetch figures: cold and warm cycles and sustained polling against newsboat and sfeed on a loopback nginx.
.PHONY: bench-fetch
bench-fetch: build
	Benchmarks/bench-fetch.sh

# The exported Atom and JSON Feed read back by Python's feedparser (in a virtualenv it creates).
.PHONY: check-export
check-export:
	Tests/scripts/check-export.sh

# stories and search latency with 1,000,000 entries in the store.
.PHONY: bench-read
bench-read: build
	Benchmarks/bench-read.sh

# Parsing: agreement with feedparser over ../shared/corpus (overall and realworld/, feedparser-rs beside)
# and article extraction scored on ../shared/eval/extraction; bench-extract adds trafilatura side by side.
.PHONY: eval-parse bench-extract
eval-parse: build
	Benchmarks/eval-parse.sh
bench-extract: build
	Benchmarks/eval-parse.sh --peer

# Parse-only throughput and peak RSS on realworld/ feeds against fastfeedparser, feedparser-rs, feedparser and sfeed.
.PHONY: bench-parse
bench-parse: build
	Benchmarks/bench-parse.sh

# Clustering speed: MinHash vs rensa and datasketch, in-memory pipeline, import through SQLite.
.PHONY: bench-cluster
bench-cluster: build
	Benchmarks/bench-cluster.sh

# Clustering scale: N synthetic documents through `feedmerge import`, time per document,
# memory and database bytes per document per slice (default 1,000,000; SCALE_DOCS=...).
.PHONY: bench-cluster-scale
bench-cluster-scale: build
	Benchmarks/bench-cluster-scale.sh $(SCALE_DOCS)

# Fuzzing: random mutations of the parser test fixtures through `FeedParser.parse` (and
# `parseList` for every fourth input), in
# process, for FUZZ_SECONDS (default 10 minutes); fails on a crash (input saved as
# .build/fuzz/crash.bin), a hang over 10 s (hang.bin) or memory growth (a leak).
FUZZ_SECONDS ?= 600
FUZZ_SEED    ?= 1
.PHONY: fuzz
fuzz:
	$(SWIFT) build -c release --product FeedFuzz
	.build/release/FeedFuzz $(FUZZ_SECONDS) Tests/FeedParseTests/Fixtures Fuzz/seeds --seed $(FUZZ_SEED) --out .build/fuzz
