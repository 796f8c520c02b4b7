/*
 * fuzz-route.c - libFuzzer harness for the dashboard's routes and role
 * boundaries (serve.h, serve/policy.c).
 *
 * The input is "METHOD\nPATH\nname=value\n..." (missing lines are empty).
 * Checks, for every input:
 *   - the status is 200, 400, 404 or 405, with a reason unless 200;
 *   - a route that exists is well formed: a year, one section, a PCH code
 *     or asset name of the allowed characters, NUL-terminated;
 *   - the role boundaries hold: nobody gets neither a full view nor a
 *     caseload; no role but a PCH team gets a caseload, and a PCH team
 *     only its own; a PCH team gets no full view.
 * ASan and UBSan catch the rest.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onebudget/report.h"
#include "onebudget/serve.h"
#include "onebudget/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr,                                        \
				"fuzz-route: check failed: %s (%s:%d)\n",      \
				#cond, __FILE__, __LINE__);                    \
			abort();                                               \
		}                                                              \
	} while (0)

struct query {
	char *name[8], *value[8];
	size_t n, i;
};

static int next(void *arg, const char **name, const char **value)
{
	struct query *q = arg;
	if (q->i >= q->n)
		return 0;
	*name = q->name[q->i];
	*value = q->value[q->i];
	q->i++;
	return 1;
}

static int plain(const char *s)
{
	if (*s == '.')
		return 0;
	for (; *s; s++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			    "0123456789._-",
			    *s))
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *line[10] = {0}, *p;
	struct query q = {0};
	struct ob_route r;
	struct ob_user users[5];
	const char *why;
	size_t nline = 0;
	int status;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	for (p = text; nline < 10;) {
		char *nl = strchr(p, '\n');
		line[nline++] = p;
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	for (size_t i = 2; i < nline && q.n < 8; i++) {
		char *eq = strchr(line[i], '=');
		q.name[q.n] = line[i];
		q.value[q.n] = NULL;
		if (eq) {
			*eq = '\0';
			q.value[q.n] = eq + 1;
		}
		q.n++;
	}
	status = ob_serve_route(line[0] ? line[0] : "",
				nline > 1 ? line[1] : "", next, &q, &r, &why);
	CHECK(status == 200 || status == 400 || status == 404 ||
	      status == 405);
	CHECK(why != NULL && (status == 200 || *why));
	if (status != 200) {
		free(text);
		return 0;
	}
	CHECK(memchr(r.name, '\0', sizeof(r.name)) != NULL);
	CHECK(memchr(r.unit, '\0', sizeof(r.unit)) != NULL);
	CHECK(plain(r.unit));
	switch (r.kind) {
	case OB_ROUTE_PUBLIC:
	case OB_ROUTE_VIEW:
		CHECK(r.year >= 1900);
		CHECK(ob_serve_section_name(r.section) != NULL);
		break;
	case OB_ROUTE_CASELOAD:
		CHECK(r.year >= 1900);
		CHECK(r.name[0] && plain(r.name));
		CHECK(!r.unit[0]);
		break;
	case OB_ROUTE_ASSET:
		CHECK(r.name[0] && plain(r.name));
		break;
	default:
		CHECK(r.kind >= OB_ROUTE_HOME && r.kind <= OB_ROUTE_CASELOAD);
	}

	memset(users, 0, sizeof(users));
	users[0].role = OB_ROLE_COMMISSIONER;
	users[1].role = OB_ROLE_MCP_FINANCE;
	users[2].role = OB_ROLE_ALLIANCE;
	snprintf(users[2].scope, sizeof(users[2].scope), "clch");
	users[3].role = OB_ROLE_PCH;
	snprintf(users[3].scope, sizeof(users[3].scope), "NORTH_1");
	users[4].role = OB_ROLE_PCH; /* no scope */
	{
		int s = ob_serve_allow(NULL, &r, &why);
		if (r.kind == OB_ROUTE_VIEW || r.kind == OB_ROUTE_CASELOAD)
			CHECK(s == 401);
	}
	for (size_t i = 0; i < 5; i++) {
		int s = ob_serve_allow(&users[i], &r, &why);
		CHECK(s == 200 || s == 403);
		if (r.kind == OB_ROUTE_CASELOAD)
			CHECK((s == 200) ==
			      (users[i].role == OB_ROLE_PCH &&
			       users[i].scope[0] &&
			       !strcmp(users[i].scope, r.name)));
		if (r.kind == OB_ROUTE_VIEW)
			CHECK((s == 200) == (users[i].role != OB_ROLE_PCH));
	}
	free(text);
	return 0;
}
