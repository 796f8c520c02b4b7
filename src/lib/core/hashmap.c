/*
 * hashmap.c - linear-probing hash maps; see hashmap.h.
 */
#include <stdlib.h>
#include <string.h>

#include "onebudget/hashmap.h"

/* FNV-1a, 64-bit (Fowler, Noll, Vo). */
uint64_t ob_hash_bytes(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 14695981039346656037ULL;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* Finaliser of splitmix64: spreads integer keys over the table. */
static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

void ob_strmap_init(struct ob_strmap *m)
{
	m->slots = NULL;
	m->cap = m->count = 0;
}

void ob_strmap_release(struct ob_strmap *m)
{
	free(m->slots);
	ob_strmap_init(m);
}

static struct ob_strmap_slot *str_find(struct ob_strmap_slot *slots,
				       size_t cap, const char *key, size_t len,
				       uint64_t hash)
{
	size_t i = (size_t)hash & (cap - 1);

	for (;; i = (i + 1) & (cap - 1)) {
		struct ob_strmap_slot *s = &slots[i];
		if (!s->key || (s->hash == hash && s->len == len &&
				memcmp(s->key, key, len) == 0))
			return s;
	}
}

static enum ob_status str_grow(struct ob_strmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	struct ob_strmap_slot *slots = calloc(cap, sizeof(*slots));

	if (!slots)
		return OB_ENOMEM;
	for (size_t i = 0; i < m->cap; i++) {
		struct ob_strmap_slot *s = &m->slots[i];
		if (s->key)
			*str_find(slots, cap, s->key, s->len, s->hash) = *s;
	}
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
	return OB_OK;
}

enum ob_status ob_strmap_put(struct ob_strmap *m, const char *key,
			     size_t len, uint32_t value, uint32_t *existing)
{
	uint64_t h = ob_hash_bytes(key, len);
	struct ob_strmap_slot *s;

	if ((m->count + 1) * 2 > m->cap && str_grow(m))
		return OB_ENOMEM;
	s = str_find(m->slots, m->cap, key, len, h);
	if (s->key) {
		if (existing)
			*existing = s->value;
		return OB_EEXIST;
	}
	s->key = key;
	s->len = (uint32_t)len;
	s->hash = h;
	s->value = value;
	m->count++;
	return OB_OK;
}

int ob_strmap_get(const struct ob_strmap *m, const char *key, size_t len,
		  uint32_t *value)
{
	const struct ob_strmap_slot *s;

	if (!m->cap)
		return 0;
	s = str_find(m->slots, m->cap, key, len, ob_hash_bytes(key, len));
	if (!s->key)
		return 0;
	if (value)
		*value = s->value;
	return 1;
}

void ob_u64map_init(struct ob_u64map *m)
{
	m->keys = NULL;
	m->values = NULL;
	m->cap = m->count = 0;
}

void ob_u64map_release(struct ob_u64map *m)
{
	free(m->keys);
	free(m->values);
	ob_u64map_init(m);
}

static size_t u64_find(const uint64_t *keys, size_t cap, uint64_t stored)
{
	size_t i = (size_t)mix64(stored) & (cap - 1);

	while (keys[i] && keys[i] != stored)
		i = (i + 1) & (cap - 1);
	return i;
}

static enum ob_status u64_grow(struct ob_u64map *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	uint64_t *keys = calloc(cap, sizeof(*keys));
	uint32_t *values = calloc(cap, sizeof(*values));

	if (!keys || !values) {
		free(keys);
		free(values);
		return OB_ENOMEM;
	}
	for (size_t i = 0; i < m->cap; i++) {
		if (m->keys[i]) {
			size_t j = u64_find(keys, cap, m->keys[i]);
			keys[j] = m->keys[i];
			values[j] = m->values[i];
		}
	}
	free(m->keys);
	free(m->values);
	m->keys = keys;
	m->values = values;
	m->cap = cap;
	return OB_OK;
}

enum ob_status ob_u64map_put(struct ob_u64map *m, uint64_t key,
			     uint32_t value, uint32_t *existing)
{
	uint64_t stored = key + 1;
	size_t i;

	if (stored == 0)
		return OB_EINVAL; /* UINT64_MAX cannot be a key */
	if ((m->count + 1) * 2 > m->cap && u64_grow(m))
		return OB_ENOMEM;
	i = u64_find(m->keys, m->cap, stored);
	if (m->keys[i]) {
		if (existing)
			*existing = m->values[i];
		return OB_EEXIST;
	}
	m->keys[i] = stored;
	m->values[i] = value;
	m->count++;
	return OB_OK;
}

int ob_u64map_get(const struct ob_u64map *m, uint64_t key, uint32_t *value)
{
	size_t i;

	if (!m->cap || key + 1 == 0)
		return 0;
	i = u64_find(m->keys, m->cap, key + 1);
	if (!m->keys[i])
		return 0;
	if (value)
		*value = m->values[i];
	return 1;
}
