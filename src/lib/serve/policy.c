/*
 * policy.c - the dashboard's routes and who may have each (serve.h): pure
 * functions of the request and the user, so every role boundary can be
 * tested without a server.
 */
#include <string.h>

#include "onebudget/banned.h"
#include "onebudget/report.h"
#include "onebudget/serve.h"

static const struct {
	const char *name;
	unsigned bit;
} sections[] = {
    {"population", OB_REPORT_POPULATION},
    {"outcomes", OB_REPORT_OUTCOMES},
    {"inequalities", OB_REPORT_INEQUALITIES},
    {"budget", OB_REPORT_BUDGET},
    {"settlement", OB_REPORT_SETTLEMENT},
};

const char *ob_serve_section_name(unsigned section)
{
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		if (sections[i].bit == section)
			return sections[i].name;
	return NULL;
}

/* The next '/'-separated segment of *p (which is left after it) into
 * seg; 0 when there is none or it is empty or too long. */
static int segment(const char **p, char seg[static OB_ROUTE_TEXT_MAX])
{
	const char *s = *p, *e;
	size_t n;

	if (*s != '/')
		return 0;
	s++;
	e = strchr(s, '/');
	n = e ? (size_t)(e - s) : strlen(s);
	if (n == 0 || n >= OB_ROUTE_TEXT_MAX)
		return 0;
	memcpy(seg, s, n);
	seg[n] = '\0';
	*p = s + n;
	return 1;
}

/* A code as PCH codes and asset names are written: [A-Za-z0-9._-], not
 * starting with a dot. */
static int plain(const char *s)
{
	if (!*s || *s == '.')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' ||
		      *s == '-'))
			return 0;
	return 1;
}

/* "2021-22" -> 2021; 0 when malformed. */
static ob_fy parse_year(const char *s)
{
	int y = 0;

	if (strlen(s) != 7 || s[4] != '-')
		return 0;
	for (int i = 0; i < 7; i++) {
		if (i == 4)
			continue;
		if (s[i] < '0' || s[i] > '9')
			return 0;
	}
	for (int i = 0; i < 4; i++)
		y = y * 10 + (s[i] - '0');
	if ((y + 1) % 100 != (s[5] - '0') * 10 + (s[6] - '0') || y < 1900)
		return 0;
	return y;
}

int ob_serve_route(const char *method, const char *path,
		   int (*next)(void *arg, const char **name,
			       const char **value),
		   void *arg, struct ob_route *r, const char **why)
{
	char a[OB_ROUTE_TEXT_MAX], b[OB_ROUTE_TEXT_MAX], c[OB_ROUTE_TEXT_MAX];
	const char *p = path, *name, *value;
	int get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
	int post = !strcmp(method, "POST");
	int takes_unit = 0;

	memset(r, 0, sizeof(*r));
	*why = "no such page";
	if (!strcmp(path, "/")) {
		r->kind = OB_ROUTE_HOME;
	} else if (!strcmp(path, "/login")) {
		r->kind = post ? OB_ROUTE_LOGIN : OB_ROUTE_LOGIN_FORM;
		if (!get && !post) {
			*why = "sign in with GET or POST";
			return 405;
		}
	} else if (!strcmp(path, "/logout")) {
		r->kind = OB_ROUTE_LOGOUT;
		if (!post) {
			*why = "sign out with POST";
			return 405;
		}
	} else {
		if (!segment(&p, a))
			return 404;
		if (!strcmp(a, "assets")) {
			if (!segment(&p, b) || *p || !plain(b))
				return 404;
			r->kind = OB_ROUTE_ASSET;
			memcpy(r->name, b, sizeof(r->name));
		} else if (!strcmp(a, "public") || !strcmp(a, "view")) {
			unsigned bit = 0;
			if (!segment(&p, b) || !segment(&p, c) || *p)
				return 404;
			if (!(r->year = parse_year(b)))
				return 404;
			for (size_t i = 0;
			     i < sizeof(sections) / sizeof(sections[0]); i++)
				if (!strcmp(c, sections[i].name))
					bit = sections[i].bit;
			if (!bit)
				return 404;
			r->kind = a[0] == 'p' ? OB_ROUTE_PUBLIC : OB_ROUTE_VIEW;
			r->section = bit;
			takes_unit = 1;
		} else if (!strcmp(a, "caseload")) {
			if (!segment(&p, b) || !segment(&p, c) || *p ||
			    !plain(c))
				return 404;
			if (!(r->year = parse_year(b)))
				return 404;
			r->kind = OB_ROUTE_CASELOAD;
			memcpy(r->name, c, sizeof(r->name));
		} else {
			return 404;
		}
		if (!get) {
			*why = "only GET is allowed here";
			return 405;
		}
	}
	if (r->kind == OB_ROUTE_HOME && !get) {
		*why = "only GET is allowed here";
		return 405;
	}
	while (next && next(arg, &name, &value)) {
		if (takes_unit && !strcmp(name, "unit") && value &&
		    !r->unit[0] && strlen(value) < sizeof(r->unit) &&
		    (!*value || plain(value))) {
			memcpy(r->unit, value, strlen(value) + 1);
			continue;
		}
		*why = takes_unit ? "the only query parameter here is unit, "
				    "once, a PCH code"
				  : "this page takes no query parameters";
		return 400;
	}
	*why = "";
	return 200;
}

int ob_serve_allow(const struct ob_user *u, const struct ob_route *r,
		   const char **why)
{
	*why = "";
	switch (r->kind) {
	case OB_ROUTE_HOME:
	case OB_ROUTE_LOGIN_FORM:
	case OB_ROUTE_LOGIN:
	case OB_ROUTE_LOGOUT:
	case OB_ROUTE_ASSET:
	case OB_ROUTE_PUBLIC:
		return 200;
	case OB_ROUTE_VIEW:
		if (!u) {
			*why = "sign in to see the full view";
			return 401;
		}
		if (u->role == OB_ROLE_PCH) {
			*why = "a PCH team sees its own caseload only";
			return 403;
		}
		return 200;
	case OB_ROUTE_CASELOAD:
		if (!u) {
			*why = "sign in to see a caseload";
			return 401;
		}
		if (u->role != OB_ROLE_PCH) {
			*why = "person-level caseloads are for the PCH's own "
			       "team only";
			return 403;
		}
		if (strcmp(u->scope, r->name)) {
			*why = "this is another PCH's caseload";
			return 403;
		}
		return 200;
	}
	*why = "no such page";
	return 404;
}
