/*
 * codelist-internal.h - what codelist.c and codelist-scores.c share.
 */
#ifndef ONEBUDGET_CODELIST_INTERNAL_H
#define ONEBUDGET_CODELIST_INTERNAL_H

#include "onebudget/codelist.h"

/* The weight of one Charlson category in a weight set, before the
 * hierarchy rules; -1 for an unknown category or weight set. */
int ob_charlson_weight(enum ob_charlson_category c, enum ob_charlson_weights w);

#endif
