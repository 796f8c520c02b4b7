/*
 * error.c - filling struct ob_error.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "onebudget/error.h"

void ob_error_clear(struct ob_error *err)
{
	if (!err)
		return;
	err->code = OB_OK;
	err->msg[0] = '\0';
	err->file[0] = '\0';
	err->line = 0;
	err->column = 0;
}

enum ob_status ob_error_set(struct ob_error *err, enum ob_status code,
			    const char *file, long line, long column,
			    const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	err->line = line;
	err->column = column;
	if (file)
		snprintf(err->file, sizeof(err->file), "%s", file);
	else
		err->file[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

const char *ob_status_str(enum ob_status code)
{
	switch (code) {
	case OB_OK:
		return "ok";
	case OB_ENOMEM:
		return "out of memory";
	case OB_EIO:
		return "input/output error";
	case OB_EPARSE:
		return "malformed input";
	case OB_EINVAL:
		return "invalid value";
	case OB_ENOTFOUND:
		return "not found";
	case OB_EEXIST:
		return "already exists";
	case OB_EDB:
		return "workspace database error";
	case OB_ECRYPTO:
		return "cryptography error";
	case OB_EREJECT:
		return "rows rejected";
	}
	return "unknown error";
}
