/*
 * arena.h - a bump allocator for many small, same-lifetime objects such as
 * the strings of an imported table (modelled on git's mem-pool).
 *
 * Memory from an arena is never freed one piece at a time: everything goes
 * when the arena is released.  Pointers stay valid until then (blocks never
 * move).  Allocations are aligned to 8 bytes.
 */
#ifndef ONEBUDGET_ARENA_H
#define ONEBUDGET_ARENA_H

#include <stddef.h>

struct ob_arena_block;

struct ob_arena {
	struct ob_arena_block *head; /* block being filled; older ones chained */
	size_t block_size;           /* default size of a new block */
	size_t total;                /* bytes handed out, for reporting */
};

/* block_size 0 means a default of 1 MiB. */
void ob_arena_init(struct ob_arena *a, size_t block_size);
void ob_arena_release(struct ob_arena *a);
/* NULL on allocation failure. */
void *ob_arena_alloc(struct ob_arena *a, size_t size);
/* Copy `len` bytes and add a NUL; NULL on allocation failure. */
char *ob_arena_strndup(struct ob_arena *a, const char *s, size_t len);

#endif
