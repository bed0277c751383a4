# rota - shift scheduling and on-call rotations.
#
#   make          build ./rota
#   make demo     install what is missing, build, roster the sample team
#   make check    install what is missing, build, run every test
#   make bench    run the Curtois & Qu benchmark (not part of check)
#
# Each outside library has one seam: GLPK only under solver/, libical only
# under calendars/, libxml2 only under configs/ (checked by `make seams`).

CC	?= cc
BUILD	?= build
ROTA	?= ./rota
CFLAGS	?= -O2 -g
WARN	 = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
SAN	 = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

XML_CFLAGS	:= $(shell pkg-config --cflags libxml-2.0 2>/dev/null || echo -I/usr/include/libxml2)
XML_LIBS	:= $(shell pkg-config --libs libxml-2.0 2>/dev/null || echo -lxml2)
ICAL_LIBS	:= -lical
GLPK_LIBS	:= -lglpk
CURL_LIBS	:= -lcurl
MHD_LIBS	:= -lmicrohttpd -lpthread

CPPFLAGS += -std=c11 -D_GNU_SOURCE -Ischeduler -Isolver -Icalendars -Iconfigs $(XML_CFLAGS)
LIBS	  = $(GLPK_LIBS) $(ICAL_LIBS) $(XML_LIBS) $(CURL_LIBS) $(MHD_LIBS) -lm

MODULES	 = scheduler solver calendars configs
CMD_SRC	 = scheduler/rota.c $(wildcard scheduler/cmd_*.c)
LIB_SRC	 = $(filter-out $(CMD_SRC),$(wildcard $(addsuffix /*.c,$(MODULES)))) $(GEN_SRC)
# The config schema is compiled in, so rota finds it from any directory.
GEN_SRC	 = $(BUILD)/gen/team_rng.c
TEST_SRC = $(wildcard tests/test_*.c)
HDRS	 = $(wildcard $(addsuffix /*.h,$(MODULES)) tests/*.h)

OBJ	 = $(patsubst %.c,$(BUILD)/obj/%.o,$(LIB_SRC))
SOBJ	 = $(patsubst %.c,$(BUILD)/san/%.o,$(LIB_SRC))
COBJ	 = $(patsubst %.c,$(BUILD)/obj/%.o,$(CMD_SRC))
SCOBJ	 = $(patsubst %.c,$(BUILD)/san/%.o,$(CMD_SRC))
TESTS	 = $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))
SANROTA	 = $(BUILD)/san/rota

.PHONY: all deps demo check unit cli feeds curtois seams page serve publish bench clean

all: $(ROTA)

$(ROTA): $(OBJ) $(COBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/obj/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -c -o $@ $<

$(BUILD)/san/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(SAN) -c -o $@ $<

$(SANROTA): $(SOBJ) $(SCOBJ)
	$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(LIBS)

$(BUILD)/tests/%: tests/%.c tests/testlib.c $(SOBJ) $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests $(CFLAGS) $(WARN) $(SAN) -DTOP_SRCDIR='"$(CURDIR)"' \
	    -o $@ $< tests/testlib.c $(SOBJ) $(LIBS) -lcunit

# configs/team.rng as a C array (od and awk are everywhere; xxd is not).
$(GEN_SRC): configs/team.rng
	@mkdir -p $(dir $@)
	{ echo '/* team_rng.c - generated from configs/team.rng by the Makefile. */'; \
	  echo '#include <stddef.h>'; \
	  echo 'const unsigned char config_team_rng[] = {'; \
	  od -An -v -tx1 configs/team.rng | awk '{ s = ""; for (i = 1; i <= NF; i++) s = s "0x" $$i ","; print "\t" s }'; \
	  echo '0x00 };'; \
	  echo 'const size_t config_team_rng_len = sizeof(config_team_rng) - 1;'; } >$@.tmp && mv $@.tmp $@

deps:
	@sh .ci/deps

DEMO_TEAM = configs/examples/support-desk.xml
demo: deps
	@$(MAKE) --no-print-directory all
	$(ROTA) check $(DEMO_TEAM)
	$(ROTA) solve $(DEMO_TEAM) --month 2026-12 -o out/demo --time-limit 30
	@echo
	@echo "Who is on duty? Try:"
	@echo "  ./rota who --at '2026-12-05 03:00' out/demo/team.ics"
	@echo "  ./rota who --rank L2 out/demo/team.ics"
	@echo "Subscribe a calendar app to out/demo/agents/<id>.ics or out/demo/ranks/<rank>.ics."

# Everything that can fail, under AddressSanitizer and UBSan.
check: deps
	@$(MAKE) --no-print-directory all seams unit cli feeds publish curtois page serve
	@echo "make check: all passed"

seams:
	@sh .ci/seams

unit: $(TESTS)
	@set -e; for t in $(TESTS); do echo "== $$t"; \
	    ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 $$t; done

cli: $(SANROTA)
	@sh tests/cli/run.sh $(SANROTA)

# The third parser of the feed checks: libical through rota's reader.
LIBICAL_EVENTS = $(BUILD)/tests/libical_events
$(LIBICAL_EVENTS): tests/feeds/libical_events.c $(SOBJ) $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(SAN) -o $@ $< $(SOBJ) $(LIBS)

feeds: $(ROTA) $(LIBICAL_EVENTS)
	@LIBICAL_EVENTS=$(LIBICAL_EVENTS) sh tests/feeds/run.sh $(ROTA)

# Revisions, overrides and swaps on a published directory.
publish: $(SANROTA) $(LIBICAL_EVENTS)
	@LIBICAL_EVENTS=$(LIBICAL_EVENTS) sh tests/publish/run.sh $(SANROTA)

# Paging through a local HTTP receiver and SMTP sink on loopback.
page: $(SANROTA)
	@sh tests/page/run.sh $(SANROTA)

# rota serve on a loopback port, probed with curl.
serve: $(SANROTA)
	@sh tests/serve/run.sh $(SANROTA)

# Benchmark instances through import, solve and show, scored by the
# independent checker in tests/curtois/.
curtois: $(SANROTA)
	@sh tests/curtois/run.sh $(SANROTA) 20

bench: all
	@sh solver/bench.sh

clean:
	rm -rf $(BUILD) $(ROTA) out
