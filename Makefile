# Thin wrapper over CMake: `make run` and `make test` do all the set-up.
#   make            build (build/bin/synack)
#   make run        build, then start the app
#   make test       build, then run every test through ctest
#   make test SANITIZE=1   same, in build-sanitize/ with ASan+UBSan
#   make bench      engine, quiz bank and visualizer benchmarks (not part of `make test`)
#   make bench-pcap capture import of a 1,000,000-packet export against tshark
#   make fuzz       each libFuzzer target for FUZZ_SECONDS (default 600), in build-fuzz/ (clang)
#   make format     clang-format every project source file

SANITIZE ?= 0
ifeq ($(SANITIZE),1)
  BUILD ?= build-sanitize
  CMAKE_FLAGS += -DSYNACK_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
else
  BUILD ?= build
  CMAKE_FLAGS += -DCMAKE_BUILD_TYPE=RelWithDebInfo
endif
JOBS ?= $(shell nproc)
FUZZ_SECONDS ?= 600

.PHONY: all deps configure build run test bench bench-pcap fuzz fuzz-build format clean
all: build

deps:
	@./scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/bin/synack $(ARGS)

# The fuzz targets are built here, before ctest, whose fuzz_smoke runs them briefly (and is
# skipped without clang's libFuzzer): building them inside a test would slow the others.
fuzz-build: deps
	@JOBS=$(JOBS) fuzz/run.sh build

test: build fuzz-build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	$(BUILD)/bin/synack-bench
	$(BUILD)/bin/synack-bench-lifecycles
	$(BUILD)/bin/synack-bench-bulk 100
	$(BUILD)/bin/synack-bench-bulk 100 --loss
	$(BUILD)/bin/synack-bench-quiz
	@if [ -x $(BUILD)/bin/synack ] && command -v xvfb-run >/dev/null; then bench/gui_frames.sh $(BUILD)/bin/synack; fi

bench-pcap: build
	bench/pcap_vs_tshark.sh $(BUILD)/bin/synack

fuzz: deps
	@JOBS=$(JOBS) fuzz/run.sh run $(FUZZ_SECONDS)

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf build build-sanitize build-fuzz
