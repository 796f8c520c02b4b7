/*
 * banned.h - functions that must not be used in onebudget (after git's
 * banned.h and curl's CODE_STYLE.md).  Include it after the system headers
 * in a .c file to make any use a compile error; `make check` also runs
 * scripts/check-banned, which rejects them anywhere in src/, tests/, fuzz/.
 *
 *   strcpy, strcat, strncpy, strncat: silent truncation or overflow; use
 *       struct ob_buf or snprintf/memcpy with explicit lengths.
 *   sprintf, vsprintf: unbounded; use snprintf or ob_buf_addf.
 *   strtok: hidden state; parse with explicit pointers.
 *   atoi, atol, atof: no error reporting; use strtol with checks.
 *   gmtime, localtime, ctime, asctime: shared static buffers and time
 *       zones; dates are ob_date day numbers.
 */
#ifndef ONEBUDGET_BANNED_H
#define ONEBUDGET_BANNED_H

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) BANNED(strncat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef atol
#define atol(x) BANNED(atol)
#undef atof
#define atof(x) BANNED(atof)
#undef gmtime
#define gmtime(x) BANNED(gmtime)
#undef localtime
#define localtime(x) BANNED(localtime)
#undef ctime
#define ctime(x) BANNED(ctime)
#undef asctime
#define asctime(x) BANNED(asctime)

#endif
