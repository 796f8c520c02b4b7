/*
 * refdata.c - look-up of the reference data embedded by tools/embed.c.
 */
#include <string.h>

#include "onebudget/refdata.h"

const struct ob_refdata_file *ob_refdata_find(const char *name)
{
	for (const struct ob_refdata_file *f = ob_refdata_files; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}
