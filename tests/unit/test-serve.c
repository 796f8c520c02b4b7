/*
 * test-serve.c - the dashboard's routes and role boundaries (serve/
 * policy.c): every role, and nobody, against every kind of page, with
 * tampered paths and parameters.
 */
#include <string.h>

#include "onebudget/report.h"
#include "onebudget/serve.h"

#include "test.h"

struct q {
	const char *kv[8];
	size_t n, i;
};

static int next(void *arg, const char **name, const char **value)
{
	struct q *q = arg;
	if (q->i >= q->n)
		return 0;
	*name = q->kv[q->i];
	*value = q->kv[q->i + 1];
	q->i += 2;
	return 1;
}

static int route(const char *method, const char *path, struct ob_route *r)
{
	const char *why;
	return ob_serve_route(method, path, NULL, NULL, r, &why);
}

static int route_q(const char *path, struct q *q, struct ob_route *r)
{
	const char *why;
	return ob_serve_route("GET", path, next, q, r, &why);
}

static struct ob_user user(enum ob_role role, const char *scope)
{
	struct ob_user u;
	memset(&u, 0, sizeof(u));
	u.id = 1;
	snprintf(u.name, sizeof(u.name), "someone");
	u.role = role;
	snprintf(u.scope, sizeof(u.scope), "%s", scope);
	return u;
}

TEST(serve_routes)
{
	struct ob_route r;

	ASSERT_INT_EQ(route("GET", "/", &r), 200);
	ASSERT_INT_EQ(r.kind, OB_ROUTE_HOME);
	ASSERT_INT_EQ(route("GET", "/login", &r), 200);
	ASSERT_INT_EQ(r.kind, OB_ROUTE_LOGIN_FORM);
	ASSERT_INT_EQ(route("POST", "/login", &r), 200);
	ASSERT_INT_EQ(r.kind, OB_ROUTE_LOGIN);
	ASSERT_INT_EQ(route("POST", "/logout", &r), 200);
	ASSERT_INT_EQ(route("GET", "/logout", &r), 405);
	ASSERT_INT_EQ(route("DELETE", "/login", &r), 405);
	ASSERT_INT_EQ(route("POST", "/", &r), 405);
	ASSERT_INT_EQ(route("GET", "/assets/vega.min.js", &r), 200);
	ASSERT_STR_EQ(r.name, "vega.min.js");
	ASSERT_INT_EQ(route("HEAD", "/view/2021-22/budget", &r), 200);
	ASSERT_INT_EQ(r.kind, OB_ROUTE_VIEW);
	ASSERT_INT_EQ(r.year, 2021);
	ASSERT_INT_EQ(r.section, OB_REPORT_BUDGET);
	ASSERT_INT_EQ(route("GET", "/public/2019-20/settlement", &r), 200);
	ASSERT_INT_EQ(r.kind, OB_ROUTE_PUBLIC);
	ASSERT_INT_EQ(r.section, OB_REPORT_SETTLEMENT);
	ASSERT_INT_EQ(route("GET", "/caseload/2021-22/NORTH_1", &r), 200);
	ASSERT_INT_EQ(r.kind, OB_ROUTE_CASELOAD);
	ASSERT_STR_EQ(r.name, "NORTH_1");
	ASSERT_INT_EQ(route("POST", "/view/2021-22/budget", &r), 405);
}

TEST(serve_routes_refuse_tampered_paths)
{
	static const char *const bad[] = {
	    "/view/2021-23/budget",	  /* years that do not follow */
	    "/view/2021/budget",	  "/view/21-22/budget",
	    "/view/2021-22/secrets",	  "/view/2021-22",
	    "/view/2021-22/budget/",	  "/view/2021-22/budget/x",
	    "/view//budget",		  "/caseload/2021-22",
	    "/caseload/2021-22/../x",	  "/caseload/2021-22/.hidden",
	    "/caseload/2021-22/A%2FB",	  "/caseload/2021-22/A B",
	    "/caseload/2021-22/N/extra", "/assets/../workspace.sqlite",
	    "/assets/", "/assets/a/b",	  "/workspace.sqlite",
	    "//view/2021-22/budget",	  "/VIEW/2021-22/budget",
	    "",
	};
	struct ob_route r;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (route("GET", bad[i], &r) != 404)
			TEST_FAIL_("%s was not refused with 404", bad[i]);
	{
		/* A segment longer than the route keeps is refused. */
		char longp[200];
		memset(longp, 'A', sizeof(longp));
		memcpy(longp, "/caseload/2021-22/", 18);
		longp[sizeof(longp) - 1] = '\0';
		ASSERT_INT_EQ(route("GET", longp, &r), 404);
	}
}

TEST(serve_routes_check_parameters)
{
	struct ob_route r;
	struct q unit = {{"unit", "NORTH_1"}, 2, 0};
	struct q all = {{"unit", ""}, 2, 0};
	struct q party = {{"party", "CLCH"}, 2, 0};
	struct q twice = {{"unit", "A", "unit", "B"}, 4, 0};
	struct q evil = {{"unit", "<script>"}, 2, 0};
	struct q flag = {{"unit", NULL}, 2, 0};
	struct q publish = {{"publish", "0"}, 2, 0};
	struct q on_caseload = {{"pch", "SOUTH_1"}, 2, 0};

	ASSERT_INT_EQ(route_q("/view/2021-22/outcomes", &unit, &r), 200);
	ASSERT_STR_EQ(r.unit, "NORTH_1");
	ASSERT_INT_EQ(route_q("/view/2021-22/outcomes", &all, &r), 200);
	ASSERT_STR_EQ(r.unit, "");
	/* Who sees what never comes from the URL. */
	ASSERT_INT_EQ(route_q("/view/2021-22/settlement", &party, &r), 400);
	ASSERT_INT_EQ(route_q("/public/2021-22/population", &publish, &r),
		      400);
	ASSERT_INT_EQ(route_q("/view/2021-22/outcomes", &twice, &r), 400);
	ASSERT_INT_EQ(route_q("/view/2021-22/outcomes", &evil, &r), 400);
	ASSERT_INT_EQ(route_q("/view/2021-22/outcomes", &flag, &r), 400);
	ASSERT_INT_EQ(route_q("/caseload/2021-22/NORTH_1", &on_caseload, &r),
		      400);
}

TEST(serve_roles)
{
	struct ob_user com = user(OB_ROLE_COMMISSIONER, "");
	struct ob_user fin = user(OB_ROLE_MCP_FINANCE, "");
	struct ob_user all = user(OB_ROLE_ALLIANCE, "CLCH");
	struct ob_user pch = user(OB_ROLE_PCH, "NORTH_1");
	const struct ob_user *aggregates[] = {&com, &fin, &all};
	struct ob_route view, pub, mine, theirs, home, login, asset;
	const char *why;

	ASSERT_INT_EQ(route("GET", "/view/2021-22/settlement", &view), 200);
	ASSERT_INT_EQ(route("GET", "/public/2021-22/outcomes", &pub), 200);
	ASSERT_INT_EQ(route("GET", "/caseload/2021-22/NORTH_1", &mine), 200);
	ASSERT_INT_EQ(route("GET", "/caseload/2021-22/SOUTH_1", &theirs), 200);
	ASSERT_INT_EQ(route("GET", "/", &home), 200);
	ASSERT_INT_EQ(route("GET", "/login", &login), 200);
	ASSERT_INT_EQ(route("GET", "/assets/nhsuk.min.css", &asset), 200);

	/* Nobody: the published view and the way in, nothing else. */
	ASSERT_INT_EQ(ob_serve_allow(NULL, &pub, &why), 200);
	ASSERT_INT_EQ(ob_serve_allow(NULL, &home, &why), 200);
	ASSERT_INT_EQ(ob_serve_allow(NULL, &login, &why), 200);
	ASSERT_INT_EQ(ob_serve_allow(NULL, &asset, &why), 200);
	ASSERT_INT_EQ(ob_serve_allow(NULL, &view, &why), 401);
	ASSERT_INT_EQ(ob_serve_allow(NULL, &mine, &why), 401);
	ASSERT(*why);

	/* Aggregate roles: every view, no caseload. */
	for (size_t i = 0; i < 3; i++) {
		ASSERT_INT_EQ(ob_serve_allow(aggregates[i], &view, &why), 200);
		ASSERT_INT_EQ(ob_serve_allow(aggregates[i], &pub, &why), 200);
		ASSERT_INT_EQ(ob_serve_allow(aggregates[i], &mine, &why), 403);
		ASSERT_INT_EQ(ob_serve_allow(aggregates[i], &theirs, &why),
			      403);
	}

	/* A PCH team: its own caseload only (and the published view). */
	ASSERT_INT_EQ(ob_serve_allow(&pch, &mine, &why), 200);
	ASSERT_INT_EQ(ob_serve_allow(&pch, &theirs, &why), 403);
	ASSERT_INT_EQ(ob_serve_allow(&pch, &view, &why), 403);
	ASSERT_INT_EQ(ob_serve_allow(&pch, &pub, &why), 200);
	{
		/* Codes differing only in case are different PCHs. */
		struct ob_route lower;
		ASSERT_INT_EQ(route("GET", "/caseload/2021-22/north_1",
				    &lower),
			      200);
		ASSERT_INT_EQ(ob_serve_allow(&pch, &lower, &why), 403);
	}
	{
		/* A PCH user with no scope sees no caseload at all. */
		struct ob_user none = user(OB_ROLE_PCH, "");
		ASSERT_INT_EQ(ob_serve_allow(&none, &mine, &why), 403);
	}
}

TEST(serve_section_names)
{
	ASSERT_STR_EQ(ob_serve_section_name(OB_REPORT_POPULATION),
		      "population");
	ASSERT_STR_EQ(ob_serve_section_name(OB_REPORT_SETTLEMENT),
		      "settlement");
	ASSERT(ob_serve_section_name(OB_REPORT_ALL) == NULL);
}
