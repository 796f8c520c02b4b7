/*
 * arena.c - bump allocation in large blocks; see arena.h.
 */
#include <stdlib.h>
#include <string.h>

#include "onebudget/arena.h"

struct ob_arena_block {
	struct ob_arena_block *next;
	size_t used, size;
	_Alignas(8) unsigned char space[];
};

void ob_arena_init(struct ob_arena *a, size_t block_size)
{
	a->head = NULL;
	a->block_size = block_size ? block_size : (size_t)1 << 20;
	a->total = 0;
}

void ob_arena_release(struct ob_arena *a)
{
	struct ob_arena_block *b = a->head;

	while (b) {
		struct ob_arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->total = 0;
}

void *ob_arena_alloc(struct ob_arena *a, size_t size)
{
	struct ob_arena_block *b = a->head;
	size_t need = (size + 7) & ~(size_t)7;
	void *p;

	if (need < size)
		return NULL;
	if (!b || b->size - b->used < need) {
		size_t bsize = need > a->block_size ? need : a->block_size;
		b = malloc(sizeof(*b) + bsize);
		if (!b)
			return NULL;
		b->size = bsize;
		b->used = 0;
		/* A block made for one oversized object goes behind the
		 * current one so the current block keeps filling. */
		if (a->head && need > a->block_size) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	p = b->space + b->used;
	b->used += need;
	a->total += need;
	return p;
}

char *ob_arena_strndup(struct ob_arena *a, const char *s, size_t len)
{
	char *p = ob_arena_alloc(a, len + 1);

	if (!p)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}
