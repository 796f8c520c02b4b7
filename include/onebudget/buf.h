/*
 * buf.h - a growable byte buffer (modelled on git's strbuf).
 *
 * Invariants, which every function keeps:
 *   - `len` bytes of `data` are in use and `data[len]` is always '\0', so
 *     `data` can be passed to any function that takes a C string;
 *   - `alloc` is the allocated size (0 while `data` points at a shared empty
 *     string, so a zero-initialised or OB_BUF_INIT buffer needs no allocation);
 *   - `len < alloc` whenever alloc > 0.
 * The buffer owns `data`; release it with ob_buf_release().  Functions that
 * grow the buffer return OB_ENOMEM on failure and leave the contents intact.
 */
#ifndef ONEBUDGET_BUF_H
#define ONEBUDGET_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "onebudget/error.h"

struct ob_buf {
	size_t alloc;
	size_t len;
	char *data;
};

extern char ob_buf_empty[];
#define OB_BUF_INIT { 0, 0, ob_buf_empty }

void ob_buf_init(struct ob_buf *b);
/* Free the memory and reset to the empty state. */
void ob_buf_release(struct ob_buf *b);
/* Ensure room for `extra` more bytes plus the terminating NUL. */
enum ob_status ob_buf_grow(struct ob_buf *b, size_t extra);
/* Set the length to `len` (<= current length) keeping the NUL invariant. */
void ob_buf_setlen(struct ob_buf *b, size_t len);
static inline void ob_buf_reset(struct ob_buf *b) { ob_buf_setlen(b, 0); }
enum ob_status ob_buf_add(struct ob_buf *b, const void *data, size_t len);
enum ob_status ob_buf_addstr(struct ob_buf *b, const char *s);
enum ob_status ob_buf_addch(struct ob_buf *b, int c);
enum ob_status ob_buf_addf(struct ob_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
enum ob_status ob_buf_vaddf(struct ob_buf *b, const char *fmt, va_list ap);
/* Detach and return the data (caller frees with free()); buffer is reset. */
char *ob_buf_detach(struct ob_buf *b, size_t *len);

#endif
