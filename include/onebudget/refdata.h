/*
 * refdata.h - reference data compiled into the binary.
 *
 * Every file under data/ (code lists, geography, standard populations,
 * example contracts) is embedded at build time, each keeping the comment
 * lines that state its source.  Names are paths relative to data/, e.g.
 * "geography/westminster_lsoa_imd2019.csv".  The bytes live as long as the
 * program; the array is followed by a NUL that is not counted in `len`.
 */
#ifndef ONEBUDGET_REFDATA_H
#define ONEBUDGET_REFDATA_H

#include <stddef.h>

struct ob_refdata_file {
	const char *name;
	const unsigned char *data;
	size_t len;
};

/* Terminated by an entry whose name is NULL. */
extern const struct ob_refdata_file ob_refdata_files[];

/* The file called `name`, or NULL. */
const struct ob_refdata_file *ob_refdata_find(const char *name);

#endif
