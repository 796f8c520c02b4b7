# Build configuration for onebudget.  Override on the command line, e.g.
#   make CC=clang OPT=-O1
CC      ?= cc
OPT     ?= -O2
PKGS    := sqlite3 libcrypto yaml-0.1 libmicrohttpd
PREFIX  ?= /usr/local

# Developer warnings (git config.mak.dev).  -Werror keeps the tree clean.
WARN := -Wall -Wextra -Werror -Wformat-security -Wstrict-prototypes \
        -Wmissing-prototypes -Wvla -Wwrite-strings -Wpointer-arith \
        -Wshadow -Wno-unused-parameter
