/*
 * buf.c - the growable buffer; see buf.h for the invariants.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onebudget/buf.h"

char ob_buf_empty[1];

void ob_buf_init(struct ob_buf *b)
{
	b->alloc = 0;
	b->len = 0;
	b->data = ob_buf_empty;
}

void ob_buf_release(struct ob_buf *b)
{
	if (b->alloc)
		free(b->data);
	ob_buf_init(b);
}

enum ob_status ob_buf_grow(struct ob_buf *b, size_t extra)
{
	size_t want, alloc;
	char *p;

	if (extra > SIZE_MAX - b->len - 1)
		return OB_ENOMEM;
	want = b->len + extra + 1;
	if (want <= b->alloc)
		return OB_OK;
	alloc = b->alloc ? b->alloc : 64;
	while (alloc < want)
		alloc = alloc > SIZE_MAX / 2 ? want : alloc * 2;
	p = realloc(b->alloc ? b->data : NULL, alloc);
	if (!p)
		return OB_ENOMEM;
	if (!b->alloc)
		p[0] = '\0';
	b->data = p;
	b->alloc = alloc;
	return OB_OK;
}

void ob_buf_setlen(struct ob_buf *b, size_t len)
{
	if (!b->alloc)
		return; /* only length 0 is possible */
	b->len = len;
	b->data[len] = '\0';
}

enum ob_status ob_buf_add(struct ob_buf *b, const void *data, size_t len)
{
	/* memcpy with a NULL source is undefined even for no bytes, and an
	 * empty array may well be NULL. */
	if (len == 0)
		return OB_OK;
	if (ob_buf_grow(b, len))
		return OB_ENOMEM;
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return OB_OK;
}

enum ob_status ob_buf_addstr(struct ob_buf *b, const char *s)
{
	return ob_buf_add(b, s, strlen(s));
}

enum ob_status ob_buf_addch(struct ob_buf *b, int c)
{
	char ch = (char)c;
	return ob_buf_add(b, &ch, 1);
}

enum ob_status ob_buf_vaddf(struct ob_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	if (ob_buf_grow(b, 64))
		return OB_ENOMEM;
	va_copy(cp, ap);
	n = vsnprintf(b->data + b->len, b->alloc - b->len, fmt, cp);
	va_end(cp);
	if (n < 0)
		return OB_EINVAL;
	if ((size_t)n >= b->alloc - b->len) {
		if (ob_buf_grow(b, (size_t)n))
			return OB_ENOMEM;
		n = vsnprintf(b->data + b->len, b->alloc - b->len, fmt, ap);
		if (n < 0)
			return OB_EINVAL;
	}
	b->len += (size_t)n;
	return OB_OK;
}

enum ob_status ob_buf_addf(struct ob_buf *b, const char *fmt, ...)
{
	va_list ap;
	enum ob_status s;

	va_start(ap, fmt);
	s = ob_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return s;
}

char *ob_buf_detach(struct ob_buf *b, size_t *len)
{
	char *p;

	if (!b->alloc && ob_buf_grow(b, 0))
		return NULL;
	p = b->data;
	if (len)
		*len = b->len;
	ob_buf_init(b);
	return p;
}
