/*
 * error.h - status codes and error reports returned by the onebudget library.
 *
 * Every library function that can fail returns an `enum ob_status` (OB_OK is
 * zero) and, when the caller passes a non-NULL `struct ob_error *`, fills it
 * with a message that names the subject and says what was expected, plus the
 * position in the input (file, line, column) when there is one.  The library
 * never prints and never exits: only the command-line front end does.
 *
 * Messages are lower case and do not end with a full stop, so the CLI can
 * print them as `error: <file>:<line>: <msg>`.
 */
#ifndef ONEBUDGET_ERROR_H
#define ONEBUDGET_ERROR_H

#include <stddef.h>

enum ob_status {
	OB_OK = 0,
	OB_ENOMEM,    /* an allocation failed */
	OB_EIO,       /* a read, write, open or close failed (errno in msg) */
	OB_EPARSE,    /* malformed input: position in file/line/column */
	OB_EINVAL,    /* a valid parse but an unacceptable value or argument */
	OB_ENOTFOUND, /* a named thing does not exist */
	OB_EEXIST,    /* a thing to be created already exists */
	OB_EDB,       /* the workspace database reported an error */
	OB_ECRYPTO,   /* the cryptographic library reported an error */
	OB_EREJECT,   /* input had rejected rows and the caller asked to stop */
};

/* Size of the fixed message buffer; longer messages are truncated. */
#define OB_ERROR_MSG_MAX 512
#define OB_ERROR_FILE_MAX 256

struct ob_error {
	enum ob_status code;
	char msg[OB_ERROR_MSG_MAX];
	char file[OB_ERROR_FILE_MAX]; /* input file the error is about, or "" */
	long line;                    /* 1-based, 0 when not applicable */
	long column;                  /* 1-based, 0 when not applicable */
};

/* Reset `err` (may be NULL) to OB_OK with no message. */
void ob_error_clear(struct ob_error *err);

/*
 * Record an error in `err` (may be NULL) and return `code`, so a caller can
 * write `return ob_error_set(err, OB_EINVAL, ...)`.  `file` may be NULL.
 */
enum ob_status ob_error_set(struct ob_error *err, enum ob_status code,
			    const char *file, long line, long column,
			    const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Short stable name of a status code ("ok", "out of memory", ...). */
const char *ob_status_str(enum ob_status code);

#endif
