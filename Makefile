# onebudget - GNU Makefile.
#
#   make            build the library, the `onebudget` binary and the tests
#   make check      build and run every test (unit, CLI golden, cases)
#   make demo       install missing packages, build, run the Westminster demo
#   make asan       the whole suite under -fsanitize=address,undefined
#   make fuzz       build the libFuzzer harnesses and run each briefly
#   make bench      benchmarks: synth and import throughput, peak memory
#   make screenshots  docs/screenshots from the demo (after make demo)
#   make format     clang-format the tree
#
# Dependencies come from Debian packages found by pkg-config; run
# scripts/install-deps (make deps) to install any that are missing.

include config.mk

BUILD   ?= build
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
GITREV  := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

CPPFLAGS += -Iinclude -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
            -DOB_VERSION='"$(VERSION)"' -DOB_GITREV='"$(GITREV)"'
CFLAGS   += -std=c17 $(OPT) -g $(WARN) $(PKG_CFLAGS) $(SANITIZE)
LDFLAGS  += $(SANITIZE)
LDLIBS   += $(PKG_LIBS) -lm -lpthread

LIB_SRC  := $(sort $(wildcard src/lib/*/*.c))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/unit/test-*.c)) tests/unit/runner.c

DATA_FILES := $(sort $(shell find data -type f \( -name '*.csv' -o -name '*.yaml' -o -name '*.txt' \) 2>/dev/null))

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/refdata-files.o \
            $(BUILD)/gen/report-assets.o
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o)

LIB      := $(BUILD)/libonebudget.a
BIN      := $(BUILD)/onebudget
TESTBIN  := $(BUILD)/unit-tests

.PHONY: all check unit cli demo asan fuzz bench deps format clean screenshots
all: $(BIN) $(TESTBIN)

deps:
	scripts/install-deps

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

# Reference data under data/ is compiled into the library (see refdata.h).
$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(@D)
	$(CC) -std=c17 -O2 -Wall -Wextra -o $@ $<

$(BUILD)/gen/refdata-files.c: $(BUILD)/tools/embed $(DATA_FILES)
	@mkdir -p $(@D)
	$(BUILD)/tools/embed $@ data $(DATA_FILES)

$(BUILD)/gen/refdata-files.o: $(BUILD)/gen/refdata-files.c
	$(CC) $(CPPFLAGS) -std=c17 -O0 $(SANITIZE) -c $< -o $@

# The HTML report's browser assets (docs/report.md): npm installs the pinned
# versions of web/package-lock.json into web/node_modules (only when it is
# missing or the lockfile is newer); their minified files are copied into
# $(BUILD)/vendor, source-map comments and the NHS CSS's web-font rules
# (which load from assets.nhs.uk) removed, and embedded as a second table,
# ob_report_assets (report.h), by the same tools/embed.c.
NPM ?= npm
VENDOR_DIR := $(BUILD)/vendor
VENDOR := $(VENDOR_DIR)/vega.min.js $(VENDOR_DIR)/vega-lite.min.js \
          $(VENDOR_DIR)/vega-embed.min.js $(VENDOR_DIR)/nhsuk.min.css
NM := web/node_modules

$(NM)/.onebudget-stamp: web/package-lock.json web/package.json
	@command -v $(NPM) >/dev/null 2>&1 || { \
		echo "error: npm is needed to build the report assets (run scripts/install-deps)" >&2; exit 1; }
	$(NPM) ci --prefix web --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null
	@touch $@

$(VENDOR_DIR)/vega.min.js: $(NM)/.onebudget-stamp
	@mkdir -p $(@D)
	sed '/^\/\/# sourceMappingURL=/d' $(NM)/vega/build/vega.min.js > $@
$(VENDOR_DIR)/vega-lite.min.js: $(NM)/.onebudget-stamp
	@mkdir -p $(@D)
	sed '/^\/\/# sourceMappingURL=/d' $(NM)/vega-lite/build/vega-lite.min.js > $@
$(VENDOR_DIR)/vega-embed.min.js: $(NM)/.onebudget-stamp
	@mkdir -p $(@D)
	sed '/^\/\/# sourceMappingURL=/d' $(NM)/vega-embed/build/vega-embed.min.js > $@
$(VENDOR_DIR)/nhsuk.min.css: $(NM)/.onebudget-stamp
	@mkdir -p $(@D)
	sed -e 's/@font-face{[^}]*}//g' -e '/sourceMappingURL=/d' \
		$(NM)/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css > $@

$(BUILD)/gen/report-assets.c: $(BUILD)/tools/embed $(VENDOR)
	@mkdir -p $(@D)
	$(BUILD)/tools/embed $@.tmp $(VENDOR_DIR) $(VENDOR)
	sed 's/^const struct ob_refdata_file ob_refdata_files\[\]/const struct ob_refdata_file ob_report_assets[]/' \
		$@.tmp > $@ && rm -f $@.tmp

$(BUILD)/gen/report-assets.o: $(BUILD)/gen/report-assets.c
	$(CC) $(CPPFLAGS) -std=c17 -O0 $(SANITIZE) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LDLIBS)

# Every `TEST(name)` line in tests/unit becomes an entry in the runner.
$(BUILD)/tests.inc: $(filter-out tests/unit/runner.c,$(TEST_SRC))
	@mkdir -p $(@D)
	sed -n 's/^TEST(\([a-z0-9_]*\)).*/TEST_ENTRY(\1)/p' $^ > $@.tmp && mv $@.tmp $@

$(BUILD)/tests/unit/runner.o: CPPFLAGS += -I$(BUILD)
$(BUILD)/tests/unit/runner.o: $(BUILD)/tests.inc

$(TESTBIN): $(TEST_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(TEST_OBJ) $(LIB) $(LDLIBS)

unit: $(TESTBIN)
	$(TESTBIN)

cli: $(BIN)
	ONEBUDGET=$(abspath $(BIN)) tests/cli/run

check: $(BIN) $(TESTBIN)
	@ONEBUDGET=$(abspath $(BIN)) UNIT=$(abspath $(TESTBIN)) tests/run-all

asan:
	$(MAKE) BUILD=build-asan OPT=-O1 \
		SANITIZE='-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined' check

FUZZ_SECONDS ?= 20
FUZZERS := $(patsubst fuzz/%.c,$(BUILD)/fuzz/%,$(wildcard fuzz/fuzz-*.c))
$(BUILD)/fuzz/%: fuzz/%.c $(LIB_SRC) $(BUILD)/gen/refdata-files.c $(BUILD)/gen/report-assets.o
	@mkdir -p $(@D)
	clang $(CPPFLAGS) -std=c17 -g -O1 $(PKG_CFLAGS) -fsanitize=fuzzer,address,undefined \
		-o $@ $< $(LIB_SRC) $(BUILD)/gen/refdata-files.c $(BUILD)/gen/report-assets.o $(PKG_LIBS) -lm -lpthread
fuzz: $(FUZZERS)
	@for f in $(FUZZERS); do \
		name=$$(basename $$f); corpus=fuzz/corpus/$${name#fuzz-}; \
		mkdir -p $(BUILD)/fuzz/work-$$name; \
		echo "fuzz: $$name for $(FUZZ_SECONDS)s"; \
		$$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			$(BUILD)/fuzz/work-$$name $$corpus 2>&1 | tail -n 3 || exit 1; \
	done

demo: deps
	$(MAKE) $(BIN)
	$(BIN) demo --out demo-out

bench: $(BIN)
	bench/run $(abspath $(BIN))

# docs/screenshots from the demo's workspace (run make demo first).
screenshots: $(BIN) $(NM)/.onebudget-stamp
	ONEBUDGET=$(abspath $(BIN)) scripts/screenshots demo-out/workspace

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build build-asan

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_OBJ:.o=.d)
