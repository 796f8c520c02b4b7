/*
 * serve.h - the dashboard: the report's views live over HTTP for any year
 * and unit, and each primary care home's frailty caseload, for signed-in
 * users by role (users.h), and the published view for anyone
 * (docs/dashboard.md).
 *
 * The server (serve/server.c) is libmicrohttpd with one internal polling
 * thread: requests are answered one at a time, each page written by the
 * report library and kept in a bounded cache, so the workspace's database
 * connection and the model are only ever used from that thread.
 *
 * Access is decided in two pure steps, unit-tested apart from the server
 * (serve/policy.c): ob_serve_route() maps a method and path to a route,
 * and ob_serve_allow() says whether a user (or nobody) may have it.  The
 * URL never carries who may see what: an alliance member's party and a
 * PCH team's code come from the session, and any query parameter a route
 * does not know is refused.
 *
 *   GET  /                                 home: the views you may open
 *   GET  /login, POST /login               sign in
 *   POST /logout                           sign out
 *   GET  /assets/NAME                      styles and chart scripts
 *   GET  /public/YYYY-YY/SECTION           the published view (anyone)
 *   GET  /view/YYYY-YY/SECTION[?unit=PCH]  the full view (by role)
 *   GET  /caseload/YYYY-YY/PCH             a PCH's frailty caseload (its
 *                                          team only)
 *
 * SECTION is population, outcomes, inequalities, budget or settlement.
 */
#ifndef ONEBUDGET_SERVE_H
#define ONEBUDGET_SERVE_H

#include <stdio.h>

#include "onebudget/catalogue.h"
#include "onebudget/contract.h"
#include "onebudget/model.h"
#include "onebudget/users.h"
#include "onebudget/workspace.h"

enum ob_route_kind {
	OB_ROUTE_HOME = 1,
	OB_ROUTE_LOGIN_FORM,
	OB_ROUTE_LOGIN,
	OB_ROUTE_LOGOUT,
	OB_ROUTE_ASSET,
	OB_ROUTE_PUBLIC,
	OB_ROUTE_VIEW,
	OB_ROUTE_CASELOAD,
};

#define OB_ROUTE_TEXT_MAX 64

struct ob_route {
	enum ob_route_kind kind;
	ob_fy year;			/* PUBLIC, VIEW, CASELOAD */
	unsigned section;		/* PUBLIC, VIEW: one OB_REPORT_* bit */
	char name[OB_ROUTE_TEXT_MAX];	/* ASSET: the file; CASELOAD: the PCH */
	char unit[OB_ROUTE_TEXT_MAX];	/* VIEW, PUBLIC: ?unit=, "" for MCP */
};

/* The names of the sections in URLs, by OB_REPORT_* bit; NULL if none. */
const char *ob_serve_section_name(unsigned section);

/*
 * Map `method` and `path` (without the query) to *r.  `arg` is called for
 * each query parameter through `next` (NULL when there are none): it
 * stores the next name and value in *name and *value and returns 1, or 0
 * at the end.  Returns 200 when the route exists, 404 for no such path,
 * 405 for a known path with the wrong method, 400 for a query parameter
 * the route does not take or a malformed value; `why` says which.
 */
int ob_serve_route(const char *method, const char *path,
		   int (*next)(void *arg, const char **name,
			       const char **value),
		   void *arg, struct ob_route *r, const char **why);

/*
 * May `u` (NULL for nobody) have route `r`?  200 yes; 401 when nobody asks
 * for something that needs signing in; 403 when the user's role may not
 * have it (a PCH team asking for another team's caseload, any role but a
 * PCH team asking for a caseload, a PCH team asking for a full view).  The
 * existence of the year or unit is checked after, so a refusal tells
 * nothing about what exists.  `why` says why not.
 */
int ob_serve_allow(const struct ob_user *u, const struct ob_route *r,
		   const char **why);

struct ob_serve_config {
	struct ob_workspace *ws;
	const struct ob_contract *c;
	const struct ob_catalogue *cat;
	const struct ob_model *m; /* holding every year served */
	long contract_version;
	ob_fy first, last;	  /* the years served */
	const char *bind;	  /* an IPv4 or IPv6 address */
	unsigned port;		  /* 0: any free port */
	long session_idle;	  /* seconds */
	size_t cache_bytes;	  /* the page cache's bound */
	FILE *log;		  /* one line per refused request, or NULL */
};

struct ob_server;

/* Start serving in a thread of the server's own; *port is the port bound.
 * Until ob_serve_stop(), the caller must not use cfg->ws or the model. */
enum ob_status ob_serve_start(const struct ob_serve_config *cfg,
			      struct ob_server **out, unsigned *port,
			      struct ob_error *err);
void ob_serve_stop(struct ob_server *s);

#endif
