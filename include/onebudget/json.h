/*
 * json.h - the little JSON writing the library's reports need (RFC 8259).
 */
#ifndef ONEBUDGET_JSON_H
#define ONEBUDGET_JSON_H

#include <stdio.h>

/* Write `s` as a JSON string with quotes, escaping '"', '\' and control
 * characters; the text is assumed to be UTF-8 already. */
void ob_json_string(FILE *out, const char *s);

/* Write a number, or null when it is not finite (JSON has no NaN). */
void ob_json_number(FILE *out, double v);

#endif
