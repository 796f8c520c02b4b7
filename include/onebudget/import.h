/*
 * import.h - validate an extract directory and store it in a workspace as
 * one new, immutable extract version.
 *
 * Every row of every file is checked (see docs/extract.md).  A row that
 * fails is rejected with file, line, field and reason; good rows are kept.
 * NHS numbers are replaced by keyed pseudonyms (hash.h) before anything is
 * stored, and never stored raw, not even in reject records.
 *
 * Atomicity: the new version, its manifest, its rejects and all its rows are
 * written in one SQLite transaction.  If the process is killed at any point
 * the workspace is exactly as it was before (SQLite's rollback journal), and
 * an import that fails changes nothing.  An extract whose files have the same
 * SHA-256 digests as an extract already imported is not imported again.
 */
#ifndef ONEBUDGET_IMPORT_H
#define ONEBUDGET_IMPORT_H

#include <stdint.h>

#include "onebudget/error.h"
#include "onebudget/hash.h"
#include "onebudget/workspace.h"

enum ob_extract_file {
	OB_FILE_PRACTICES,
	OB_FILE_AREAS,
	OB_FILE_PROVIDERS,
	OB_FILE_PERSONS,
	OB_FILE_CONDITIONS,
	OB_FILE_ACTIVITY,
	OB_FILE_SURVEYS,
	OB_FILE_LEDGER,
	OB_FILE_TARIFF,
	OB_FILE_MFF,
	OB_FILE_COUNT
};

/* "practices.csv", ... */
const char *ob_extract_file_name(enum ob_extract_file f);
/* 1 when the file must be present in every extract. */
int ob_extract_file_required(enum ob_extract_file f);

struct ob_import_file_report {
	int present;
	uint64_t bytes;
	char sha256[OB_SHA256_HEX_LEN + 1];
	long read, accepted, rejected; /* read == accepted + rejected */
};

struct ob_import_report {
	long extract_id;       /* the new version, or the existing one */
	int already_imported;  /* 1: identical extract found, nothing done */
	struct ob_import_file_report files[OB_FILE_COUNT];
	long persons;          /* distinct people accepted */
	long read, accepted, rejected;
	char content_sha256[OB_SHA256_HEX_LEN + 1];
	/* Wall-clock seconds spent hashing the files, reading and validating
	 * them, and writing the workspace (for `import --timings`). */
	double seconds_hash, seconds_read, seconds_store;
};

struct ob_import_options {
	/* Refuse to store anything when any row is rejected (OB_EREJECT);
	 * the report still tells what would have been rejected. */
	int strict;
};

/*
 * Import the extract in `dir` into `ws`.  On OB_OK the report says what
 * was stored.  Whole-file problems (a required file missing, a missing or
 * unknown column, an unreadable file) fail the import with a precise error
 * and change nothing.
 */
enum ob_status ob_import(struct ob_workspace *ws, const char *dir,
			 const struct ob_import_options *opts,
			 struct ob_import_report *rep, struct ob_error *err);

#endif
