/*
 * hashmap.h - open-addressing hash maps from keys to 32-bit values, for the
 * look-ups an import does per row (person by NHS number or pseudonym,
 * practice, LSOA, provider, activity id).
 *
 * Keys are not copied: a string key must stay valid as long as the map
 * (typically it lives in an arena).  The maps grow by doubling at 50% load;
 * they never shrink and have no delete.
 */
#ifndef ONEBUDGET_HASHMAP_H
#define ONEBUDGET_HASHMAP_H

#include <stddef.h>
#include <stdint.h>

#include "onebudget/error.h"

struct ob_strmap_slot {
	const char *key; /* NULL when empty */
	uint32_t len;
	uint32_t value;
	uint64_t hash;
};

struct ob_strmap {
	struct ob_strmap_slot *slots;
	size_t cap, count; /* cap is 0 or a power of two */
};

struct ob_u64map {
	uint64_t *keys;  /* key + 1, 0 when empty */
	uint32_t *values;
	size_t cap, count;
};

void ob_strmap_init(struct ob_strmap *m);
void ob_strmap_release(struct ob_strmap *m);
/* Insert `key` -> `value` unless the key is present.  Sets *existing to the
 * value already stored (and returns OB_EEXIST) or stores the new value and
 * returns OB_OK.  `existing` may be NULL.  OB_ENOMEM on failure. */
enum ob_status ob_strmap_put(struct ob_strmap *m, const char *key,
			     size_t len, uint32_t value, uint32_t *existing);
/* 1 and *value when found, 0 otherwise. */
int ob_strmap_get(const struct ob_strmap *m, const char *key, size_t len,
		  uint32_t *value);

void ob_u64map_init(struct ob_u64map *m);
void ob_u64map_release(struct ob_u64map *m);
enum ob_status ob_u64map_put(struct ob_u64map *m, uint64_t key,
			     uint32_t value, uint32_t *existing);
int ob_u64map_get(const struct ob_u64map *m, uint64_t key, uint32_t *value);

/* The string hash used by the maps (64-bit FNV-1a). */
uint64_t ob_hash_bytes(const void *data, size_t len);

#endif
