/*
 * dataset-cache.h - the binary column cache of a loaded extract (private to
 * the model).
 *
 * Reading ten million events out of SQLite costs seconds; reading the same
 * columns back from a flat file costs a fraction of that.  The cache is
 * derived data: WORKSPACE/cache/extract-<id>.columns holds every column of
 * a dataset with a header naming the extract, its content digest and the
 * cache format, and a checksum over the payload.  A cache that is missing,
 * stale, truncated or corrupt is ignored and rebuilt from the workspace
 * database, which stays the system of record.
 */
#ifndef ONEBUDGET_DATASET_CACHE_H
#define ONEBUDGET_DATASET_CACHE_H

#include "onebudget/dataset.h"

/* Fill `ds` (zeroed, with its arena initialised) from the cache file at
 * `path` if it holds extract `extract_id` with content `sha256`.  Returns 0
 * on success, -1 when the cache cannot be used (ds is then left for the
 * caller to release and reload). */
int dataset_cache_read(const char *path, long extract_id, const char *sha256,
		       struct ob_dataset *ds);

/* Write `ds` to `path` atomically (a temporary file renamed into place).
 * Returns 0 or -1; a failure leaves no file behind. */
int dataset_cache_write(const char *path, const char *sha256,
			const struct ob_dataset *ds);

#endif
