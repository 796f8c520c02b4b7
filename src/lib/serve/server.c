/*
 * server.c - the dashboard over HTTP (serve.h, docs/dashboard.md):
 * libmicrohttpd with one internal polling thread, so the workspace and the
 * model are used from one thread only.  Each request is routed and
 * authorised by policy.c before anything is computed; the views are the
 * report library's sections, kept in a bounded least-recently-used cache
 * with the navigation spliced in per request; caseloads are computed each
 * time and never cached, by the server or the browser.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <openssl/crypto.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "onebudget/banned.h"
#include "onebudget/buf.h"
#include "onebudget/caseload.h"
#include "onebudget/report.h"
#include "onebudget/serve.h"

#define COOKIE "ob_session"
#define NAV_MARK "<!--ob-nav-->"
#define BODY_MAX 8192	   /* a sign-in form is far smaller */
#define CACHE_SLOTS 128
#define THROTTLE_SLOTS 256
#define THROTTLE_FAILS 5	/* failed sign-ins of one name, or ... */
#define THROTTLE_ADDR_FAILS 20	/* ... from one address, within ... */
#define THROTTLE_WINDOW 900	/* ... this many seconds lock it as long */

struct page {
	char *key;
	char *body;
	size_t len;
	unsigned long used;
};

/* Failed sign-ins of one key: "n:" and a user name, or "a:" and the
 * client's address. */
struct throttle {
	char name[OB_USER_NAME_MAX + 8];
	int fails;
	time_t first, locked_until;
};

struct ob_server {
	struct ob_serve_config cfg;
	struct MHD_Daemon *d;
	struct page cache[CACHE_SLOTS];
	size_t cached_bytes;
	unsigned long clock;
	struct throttle throttle[THROTTLE_SLOTS];
};

/* One request in flight: its body (POST) and its query, for the log. */
struct request {
	struct ob_buf body;
	struct ob_buf query;
	int too_big;
};

static const char csp[] =
    "default-src 'none'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'";

/* ---- small helpers ------------------------------------------------------- */

static void fy_url(ob_fy y, char out[static 8])
{
	ob_fy_format(y, out);
	out[4] = '-';
}

/* The text of an open_memstream, or NULL. */
struct mem {
	FILE *f;
	char *data;
	size_t len;
};

static int mem_open(struct mem *m)
{
	m->data = NULL;
	m->len = 0;
	m->f = open_memstream(&m->data, &m->len);
	return m->f ? 0 : -1;
}

/* Close; 0 and the bytes in m->data (free()) or -1. */
static int mem_close(struct mem *m)
{
	int bad = ferror(m->f);
	if (fclose(m->f) || bad) {
		free(m->data);
		m->data = NULL;
		return -1;
	}
	return 0;
}

static void remote_of(struct MHD_Connection *c, char out[static 64])
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(out, 64, "-");
	if (!sa)
		return;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
			  out, 64);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
			  &((const struct sockaddr_in6 *)sa)->sin6_addr, out,
			  64);
}

/* ---- responses ----------------------------------------------------------- */

/*
 * Answer with `body`: static bytes (owned 0: borrowed for as long as the
 * program runs) or a malloc'd buffer handed over (owned 1: freed once
 * sent, or here on failure).
 */
static enum MHD_Result send_body(struct MHD_Connection *c, unsigned status,
				 const char *type, const void *body,
				 size_t len, int owned, int cacheable,
				 const char *cookie, const char *location)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(
	    len, (void *)body,
	    owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	enum MHD_Result ret;

	if (!r) {
		if (owned)
			free((void *)body);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Content-Security-Policy", csp);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	MHD_add_response_header(r, "Cache-Control",
				cacheable ? "public, max-age=86400"
					  : "no-store");
	if (cookie)
		MHD_add_response_header(r, "Set-Cookie", cookie);
	if (location)
		MHD_add_response_header(r, "Location", location);
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static const char *status_title(unsigned status)
{
	switch (status) {
	case 400:
		return "Bad request";
	case 401:
		return "Sign in needed";
	case 403:
		return "Not allowed";
	case 404:
		return "Page not found";
	case 405:
		return "Method not allowed";
	case 413:
		return "Request too large";
	case 429:
		return "Too many attempts";
	default:
		return "Something went wrong";
	}
}

/* The navigation for `u` (NULL: nobody) on a page of route `r` (NULL for
 * none). */
static void nav(const struct ob_server *s, const struct ob_user *u,
		const struct ob_route *r, FILE *o);

static enum MHD_Result send_page(struct ob_server *s,
				 struct MHD_Connection *c, unsigned status,
				 const struct ob_user *u,
				 const struct ob_route *r, const char *title,
				 const char *cookie,
				 void (*body)(struct ob_server *, FILE *,
					      const void *),
				 const void *arg)
{
	struct mem m, n;

	if (mem_open(&n))
		return MHD_NO;
	nav(s, u, r, n.f);
	if (mem_close(&n) || mem_open(&m)) {
		free(n.data);
		return MHD_NO;
	}
	ob_report_page_begin(m.f, title, "/assets/", n.data);
	body(s, m.f, arg);
	ob_report_page_end(m.f, "/assets/", 0);
	free(n.data);
	if (mem_close(&m))
		return MHD_NO;
	return send_body(c, status, "text/html; charset=utf-8", m.data, m.len,
			 1, 0, cookie, NULL);
}

static void error_body(struct ob_server *s, FILE *o, const void *arg)
{
	const char *msg = arg;
	(void)s;
	fputs("<p>", o);
	ob_report_html_text(o, msg);
	fputs("</p>\n<p><a href=\"/\">Back to the start</a></p>\n", o);
}

static void login_body(struct ob_server *s, FILE *o, const void *arg);

/*
 * Refuse a request: log it (the access log and cfg->log) and answer with
 * `status`; nobody asking for something that needs signing in gets the
 * sign-in form with the 401.
 */
static enum MHD_Result refuse(struct ob_server *s, struct MHD_Connection *c,
			      const struct ob_user *u, const char *method,
			      const char *path, const struct request *q,
			      unsigned status, const char *why)
{
	struct ob_error err;
	char remote[64], full[256];

	remote_of(c, remote);
	snprintf(full, sizeof(full), "%s%s%s", path, q->query.len ? "?" : "",
		 q->query.len ? q->query.data : "");
	ob_error_clear(&err);
	if (ob_access_log(s->cfg.ws, u ? u->name : NULL, method, full,
			  (int)status, why, remote, &err) &&
	    s->cfg.log)
		fprintf(s->cfg.log, "serve: cannot write the access log: %s\n",
			err.msg);
	if (s->cfg.log) {
		fprintf(s->cfg.log, "serve: refused %s %s to %s from %s: %u %s\n",
			method, full, u ? u->name : "nobody", remote, status,
			why);
		fflush(s->cfg.log);
	}
	if (status == 401)
		return send_page(s, c, status, u, NULL, "Sign in", NULL,
				 login_body, why);
	return send_page(s, c, status, u, NULL, status_title(status), NULL,
			 error_body, why);
}

/* ---- the page cache ------------------------------------------------------ */

static struct page *cache_find(struct ob_server *s, const char *key)
{
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		if (s->cache[i].key && !strcmp(s->cache[i].key, key)) {
			s->cache[i].used = ++s->clock;
			return &s->cache[i];
		}
	return NULL;
}

static void cache_drop(struct ob_server *s, struct page *p)
{
	s->cached_bytes -= p->len;
	free(p->key);
	free(p->body);
	memset(p, 0, sizeof(*p));
}

/* Keep `body` (taking it) under `key`, evicting the least recently used
 * pages while over the bound, and return its entry; NULL, leaving the body
 * with the caller, for a page larger than the bound (or no memory). */
static struct page *cache_put(struct ob_server *s, const char *key,
			      char *body, size_t len)
{
	struct page *slot = NULL;
	char *k;

	if (len > s->cfg.cache_bytes || !(k = strdup(key)))
		return NULL;
	for (;;) {
		struct page *lru = NULL;
		slot = NULL;
		for (size_t i = 0; i < CACHE_SLOTS; i++) {
			if (!s->cache[i].key) {
				if (!slot)
					slot = &s->cache[i];
			} else if (!lru || s->cache[i].used < lru->used) {
				lru = &s->cache[i];
			}
		}
		if (slot && s->cached_bytes + len <= s->cfg.cache_bytes)
			break;
		cache_drop(s, lru);
	}
	slot->key = k;
	slot->body = body;
	slot->len = len;
	slot->used = ++s->clock;
	s->cached_bytes += len;
	return slot;
}

/* ---- navigation ---------------------------------------------------------- */

static const unsigned all_sections[] = {
    OB_REPORT_POPULATION, OB_REPORT_OUTCOMES, OB_REPORT_INEQUALITIES,
    OB_REPORT_BUDGET, OB_REPORT_SETTLEMENT,
};
#define NSECTIONS (sizeof(all_sections) / sizeof(all_sections[0]))

static const char *section_title(unsigned bit)
{
	switch (bit) {
	case OB_REPORT_POPULATION:
		return "Population";
	case OB_REPORT_OUTCOMES:
		return "Outcomes";
	case OB_REPORT_INEQUALITIES:
		return "Inequalities";
	case OB_REPORT_BUDGET:
		return "Budget";
	default:
		return "Risk share and settlement";
	}
}

static void role_line(const struct ob_user *u, FILE *o)
{
	fputs("<span>Signed in as <strong>", o);
	ob_report_html_text(o, u->name);
	fputs("</strong> (", o);
	ob_report_html_text(o, ob_role_name(u->role));
	if (u->scope[0]) {
		fputs(", ", o);
		ob_report_html_text(o, u->scope);
	}
	fputs(")</span>", o);
}

static void nav(const struct ob_server *s, const struct ob_user *u,
		const struct ob_route *r, FILE *o)
{
	const char *base = r && r->kind == OB_ROUTE_PUBLIC ? "public" : "view";
	char fy[8], url[8];

	fputs("<nav class=\"ob-dash nhsuk-width-container\" "
	      "aria-label=\"Dashboard\">\n<div class=\"ob-dash-who\">",
	      o);
	if (u) {
		role_line(u, o);
		fputs(" <form class=\"ob-inline\" method=\"post\" "
		      "action=\"/logout\"><button class=\"nhsuk-button "
		      "nhsuk-button--secondary ob-small\" type=\"submit\" "
		      "data-module=\"nhsuk-button\">Sign out</button></form>",
		      o);
	} else {
		fputs("<span>Not signed in: the published view only.</span> "
		      "<a href=\"/login\">Sign in</a>",
		      o);
	}
	fputs(" <a href=\"/\">Start</a></div>\n", o);
	if (r && (r->kind == OB_ROUTE_VIEW || r->kind == OB_ROUTE_PUBLIC)) {
		char sec_url[8];
		fy_url(r->year, sec_url);
		fputs("<div class=\"ob-dash-row\"><span class=\"ob-dash-label\" "
		      "aria-hidden=\"true\">Year</span><ul class=\"ob-dash-list\" "
		      "aria-label=\"Year\">",
		      o);
		for (ob_fy y = s->cfg.first; y <= s->cfg.last; y++) {
			ob_fy_format(y, fy);
			fy_url(y, url);
			fprintf(o, "<li><a href=\"/%s/%s/%s%s%s\"%s>%s</a></li>",
				base, url, ob_serve_section_name(r->section),
				r->unit[0] ? "?unit=" : "", r->unit,
				y == r->year ? " aria-current=\"page\"" : "",
				fy);
		}
		fputs("</ul></div>\n<div class=\"ob-dash-row\"><span "
		      "class=\"ob-dash-label\" aria-hidden=\"true\">View</span>"
		      "<ul class=\"ob-dash-list\" aria-label=\"View\">",
		      o);
		for (size_t i = 0; i < NSECTIONS; i++)
			fprintf(o, "<li><a href=\"/%s/%s/%s%s%s\"%s>%s</a></li>",
				base, sec_url,
				ob_serve_section_name(all_sections[i]),
				r->unit[0] ? "?unit=" : "", r->unit,
				all_sections[i] == r->section
				    ? " aria-current=\"page\""
				    : "",
				section_title(all_sections[i]));
		fprintf(o,
			"</ul></div>\n<form class=\"ob-dash-unit\" method=\"get\" "
			"action=\"/%s/%s/%s\"><label class=\"nhsuk-label "
			"ob-inline\" for=\"unit\">Unit</label> <select "
			"class=\"nhsuk-select\" id=\"unit\" name=\"unit\">"
			"<option value=\"\">The whole MCP</option>",
			base, sec_url, ob_serve_section_name(r->section));
		for (size_t i = 0; i < s->cfg.m->ds->npch; i++) {
			const char *code = s->cfg.m->ds->pch_code[i];
			fputs("<option value=\"", o);
			ob_report_html_text(o, code);
			fprintf(o, "\"%s>",
				!strcmp(code, r->unit) ? " selected" : "");
			ob_report_html_text(o, code);
			fputs("</option>", o);
		}
		fputs("</select> <button class=\"nhsuk-button ob-small\" "
		      "type=\"submit\" data-module=\"nhsuk-button\">Show"
		      "</button></form>\n",
		      o);
	}
	fputs("</nav>\n", o);
}

/* ---- pages --------------------------------------------------------------- */

static void year_links(const struct ob_server *s, FILE *o, const char *base,
		       unsigned section)
{
	char fy[8], url[8];

	fputs("<ul>", o);
	for (ob_fy y = s->cfg.first; y <= s->cfg.last; y++) {
		ob_fy_format(y, fy);
		fy_url(y, url);
		fprintf(o, "<li><a href=\"/%s/%s/%s\">%s %s</a></li>", base,
			url, ob_serve_section_name(section),
			section_title(section), fy);
	}
	fputs("</ul>\n", o);
}

static void home_body(struct ob_server *s, FILE *o, const void *arg)
{
	const struct ob_user *u = arg;
	char fy[8], url[8];

	if (u && u->role == OB_ROLE_PCH) {
		fputs("<h2>Your frailty caseload</h2>\n<p>The frail older "
		      "people of ",
		      o);
		ob_report_html_text(o, u->scope);
		fputs(", ranked by risk, for the team's multidisciplinary "
		      "meetings.</p>\n<ul>",
		      o);
		for (ob_fy y = s->cfg.last; y >= s->cfg.first; y--) {
			ob_fy_format(y, fy);
			fy_url(y, url);
			fprintf(o, "<li><a href=\"/caseload/%s/", url);
			ob_report_html_text(o, u->scope);
			fprintf(o, "\">Caseload %s</a></li>", fy);
		}
		fputs("</ul>\n", o);
	} else if (u) {
		fputs("<h2>Full view</h2>\n<p>Every figure exact, for any "
		      "year and primary care home",
		      o);
		if (u->role == OB_ROLE_ALLIANCE) {
			fputs("; the settlement shows your own share (", o);
			ob_report_html_text(o, u->scope);
			fputs(")", o);
		}
		fputs(".</p>\n", o);
		for (size_t i = 0; i < NSECTIONS; i++) {
			fprintf(o, "<h3>%s</h3>\n",
				section_title(all_sections[i]));
			year_links(s, o, "view", all_sections[i]);
		}
	}
	fputs("<h2>Published view</h2>\n<p>For anyone: counts of 1 to 7 are "
	      "suppressed and other counts rounded to the nearest 5.</p>\n",
	      o);
	for (size_t i = 0; i < NSECTIONS; i++) {
		fprintf(o, "<h3>%s</h3>\n", section_title(all_sections[i]));
		year_links(s, o, "public", all_sections[i]);
	}
}

static void login_body(struct ob_server *s, FILE *o, const void *arg)
{
	const char *msg = arg;
	(void)s;
	if (msg && *msg) {
		fputs("<div class=\"nhsuk-error-summary\" "
		      "aria-labelledby=\"error-summary-title\" role=\"alert\" "
		      "tabindex=\"-1\"><h2 class=\"nhsuk-error-summary__title\" "
		      "id=\"error-summary-title\">There is a problem</h2><div "
		      "class=\"nhsuk-error-summary__body\"><p>",
		      o);
		ob_report_html_text(o, msg);
		fputs("</p></div></div>\n", o);
	}
	fputs("<form method=\"post\" action=\"/login\" novalidate>\n"
	      "<div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\" "
	      "for=\"name\">User name</label><input class=\"nhsuk-input "
	      "nhsuk-u-width-one-half\" id=\"name\" name=\"name\" type=\"text\" "
	      "autocomplete=\"username\" spellcheck=\"false\" required></div>\n"
	      "<div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\" "
	      "for=\"password\">Password</label><input class=\"nhsuk-input "
	      "nhsuk-u-width-one-half\" id=\"password\" name=\"password\" "
	      "type=\"password\" autocomplete=\"current-password\" required>"
	      "</div>\n<button class=\"nhsuk-button\" type=\"submit\" "
	      "data-module=\"nhsuk-button\">Sign in</button>\n</form>\n"
	      "<p>Not signed in, you can see the <a href=\"/\">published "
	      "view</a>.</p>\n",
	      o);
}

struct caseload_page {
	const struct ob_caseload_entry *v;
	size_t n;
	const char *pch;
	ob_fy year;
};

static void caseload_body(struct ob_server *s, FILE *o, const void *arg)
{
	const struct caseload_page *p = arg;
	char fy[8];

	(void)s;
	ob_fy_format(p->year, fy);
	fputs("<div class=\"nhsuk-warning-callout\"><h2 "
	      "class=\"nhsuk-warning-callout__label\"><span role=\"text\">"
	      "<span class=\"nhsuk-u-visually-hidden\">Important: </span>"
	      "Confidential</span></h2><p>Person-level, for the care team of ",
	      o);
	ob_report_html_text(o, p->pch);
	fputs(" only. People are shown by pseudonym, never NHS number; the "
	      "practice can look the pseudonym up.</p></div>\n",
	      o);
	fprintf(o,
		"<p>%zu people aged 65 or over, registered with the PCH's "
		"practices and alive at the end of %s, who are frail (Hospital "
		"Frailty Risk Score 5 or more, eFI above 0.24, dementia, or a "
		"permanent care-home placement), ranked by HFRS, then "
		"emergency admissions, then eFI; under each person, why.</p>\n",
		p->n, fy);
	fputs("<div class=\"ob-scroll\" tabindex=\"0\" role=\"region\" "
	      "aria-labelledby=\"caseload-caption\">\n<table "
	      "class=\"nhsuk-table\" id=\"caseload\"><caption "
	      "class=\"nhsuk-table__caption\" id=\"caseload-caption\">Frailty "
	      "caseload</caption>\n<thead class=\"nhsuk-table__head\"><tr "
	      "class=\"nhsuk-table__row\">",
	      o);
	{
		static const char *const head[] = {
		    "Rank", "Pseudonym", "Practice", "Age", "Sex", "HFRS",
		    "eFI", "Emergency admissions", "Bed days"};
		for (size_t i = 0; i < sizeof(head) / sizeof(head[0]); i++)
			fprintf(o,
				"<th class=\"nhsuk-table__header\" "
				"scope=\"col\">%s</th>",
				head[i]);
	}
	fputs("</tr></thead>\n<tbody class=\"nhsuk-table__body\">\n", o);
#define CELL "<td class=\"nhsuk-table__cell\">"
#define NUM "<td class=\"nhsuk-table__cell ob-num\">"
	for (size_t i = 0; i < p->n; i++) {
		const struct ob_caseload_entry *e = &p->v[i];
		char efi[16];
		if (e->efi_deficits >= 0)
			snprintf(efi, sizeof(efi), "%.2f", e->efi_deficits / 36.0);
		else
			snprintf(efi, sizeof(efi), "-");
		fprintf(o,
			"<tr class=\"nhsuk-table__row\">" NUM "%zu</td>"
			"<td class=\"nhsuk-table__cell ob-mono\">",
			i + 1);
		ob_report_html_text(o, e->pseudonym);
		fputs("</td>" CELL, o);
		ob_report_html_text(o, e->practice);
		fprintf(o,
			"</td>" NUM "%d</td>" CELL "%s</td>" NUM "%.1f</td>" NUM
			"%s</td>" NUM "%d</td>" NUM "%d</td></tr>\n"
			"<tr class=\"nhsuk-table__row ob-reasons\"><td "
			"class=\"nhsuk-table__cell\"></td><td "
			"class=\"nhsuk-table__cell\" colspan=\"8\"><span "
			"class=\"ob-label\">Why (rank %zu): </span>",
			e->age,
			e->sex == 1   ? "M"
			: e->sex == 2 ? "F"
				      : "-",
			e->hfrs, efi, e->emergency_admissions, e->bed_days, i + 1);
		ob_report_html_text(o, e->reasons);
		fputs("</td></tr>\n", o);
	}
#undef CELL
#undef NUM
	fputs("</tbody>\n</table>\n</div>\n", o);
}

/* ---- the view: a report section, cached ---------------------------------- */

/* The page of a view: from the cache, or written now and cached.  A page
 * too large to keep is returned in *spare, whose body the caller frees.
 * NULL with *status and *why set when it cannot be written. */
static struct page *view_page(struct ob_server *s, const struct ob_route *r,
			      const struct ob_user *u, struct page *spare,
			      unsigned *status, const char **why)
{
	int publish = r->kind == OB_ROUTE_PUBLIC;
	/* Only the settlement differs by party: the other views of an
	 * alliance member are everyone's. */
	const char *party = !publish && u && u->role == OB_ROLE_ALLIANCE &&
				    r->section == OB_REPORT_SETTLEMENT
				? u->scope
				: NULL;
	struct ob_report_options ro;
	struct ob_error err;
	struct page *p;
	struct mem m;
	char key[256];
	enum ob_status st;

	snprintf(key, sizeof(key), "%d|%d|%u|%s|%s", publish, r->year,
		 r->section, r->unit, party ? party : "");
	if ((p = cache_find(s, key)))
		return p;
	memset(&ro, 0, sizeof(ro));
	ro.year = r->year;
	ro.publish = publish;
	ro.contract_version = s->cfg.contract_version;
	ro.sections = r->section;
	ro.unit = r->unit[0] ? r->unit : NULL;
	ro.party = party;
	ro.asset_base = "/assets/";
	ro.nav_html = NAV_MARK;
	if (mem_open(&m)) {
		*status = 500;
		*why = "out of memory";
		return NULL;
	}
	ob_error_clear(&err);
	st = ob_report_write(s->cfg.ws, s->cfg.c, s->cfg.cat, s->cfg.m, &ro,
			     m.f, &err);
	if (mem_close(&m) && !st)
		st = OB_ENOMEM;
	if (st) {
		free(m.data);
		*status = st == OB_ENOTFOUND ? 404 : 500;
		*why = st == OB_ENOTFOUND ? "no such unit" : "the view could "
							     "not be computed";
		if (s->cfg.log)
			fprintf(s->cfg.log, "serve: %s: %s\n", key, err.msg);
		return NULL;
	}
	if ((p = cache_put(s, key, m.data, m.len)))
		return p;
	memset(spare, 0, sizeof(*spare));
	spare->body = m.data;
	spare->len = m.len;
	return spare;
}

static enum MHD_Result send_view(struct ob_server *s, struct MHD_Connection *c,
				 const struct page *p, const struct ob_user *u,
				 const struct ob_route *r)
{
	const char *mark = strstr(p->body, NAV_MARK);
	struct mem m, n;

	if (!mark || mem_open(&n))
		return MHD_NO;
	nav(s, u, r, n.f);
	if (mem_close(&n) || mem_open(&m)) {
		free(n.data);
		return MHD_NO;
	}
	fwrite(p->body, 1, (size_t)(mark - p->body), m.f);
	fwrite(n.data, 1, n.len, m.f);
	fputs(mark + strlen(NAV_MARK), m.f);
	free(n.data);
	if (mem_close(&m))
		return MHD_NO;
	return send_body(c, 200, "text/html; charset=utf-8", m.data, m.len, 1,
			 0, NULL, NULL);
}

/* ---- sign in and out ----------------------------------------------------- */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The value of field `name` of a form body (application/x-www-form-
 * urlencoded) decoded into out; 0 when present and it fits, else -1. */
static int form_field(const char *body, size_t len, const char *name,
		      char *out, size_t cap)
{
	size_t nl = strlen(name), i = 0;

	while (i < len) {
		size_t e = i, o = 0;
		while (e < len && body[e] != '&')
			e++;
		if (e - i > nl && !memcmp(body + i, name, nl) &&
		    body[i + nl] == '=') {
			for (size_t k = i + nl + 1; k < e; k++) {
				int ch = body[k];
				if (ch == '+') {
					ch = ' ';
				} else if (ch == '%') {
					int h, l;
					if (k + 2 >= e ||
					    (h = hexval(body[k + 1])) < 0 ||
					    (l = hexval(body[k + 2])) < 0)
						return -1;
					ch = h * 16 + l;
					k += 2;
				}
				if (ch == 0 || o + 1 >= cap)
					return -1;
				out[o++] = (char)ch;
			}
			out[o] = '\0';
			return 0;
		}
		i = e + 1;
	}
	return -1;
}

static struct throttle *throttle_of(struct ob_server *s, const char *name,
				    time_t now)
{
	struct throttle *free_slot = NULL, *oldest = NULL;

	for (size_t i = 0; i < THROTTLE_SLOTS; i++) {
		struct throttle *t = &s->throttle[i];
		if (t->name[0] && !strcmp(t->name, name))
			return t;
		if (!t->name[0] ||
		    (now - t->first > THROTTLE_WINDOW &&
		     now >= t->locked_until)) {
			if (!free_slot)
				free_slot = t;
		} else if (!oldest || t->first < oldest->first) {
			oldest = t;
		}
	}
	if (!free_slot)
		free_slot = oldest;
	memset(free_slot, 0, sizeof(*free_slot));
	snprintf(free_slot->name, sizeof(free_slot->name), "%s", name);
	free_slot->first = now;
	return free_slot;
}

/* One more failure of `t`; `limit` within the window locks it. */
static void count_failure(struct throttle *t, int limit, time_t now)
{
	if (now - t->first > THROTTLE_WINDOW) {
		t->first = now;
		t->fails = 0;
	}
	if (++t->fails >= limit)
		t->locked_until = now + THROTTLE_WINDOW;
}

/* A POST from another site is refused: Sec-Fetch-Site, which browsers
 * send, must be same-origin or none; without it, the Origin, when sent,
 * must be this host. */
static int cross_site(struct MHD_Connection *c)
{
	const char *origin =
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
	const char *host =
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
	const char *site =
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Sec-Fetch-Site");

	if (site)
		return strcmp(site, "same-origin") && strcmp(site, "none");
	if (origin)
		return !host || strncmp(origin, "http://", 7) ||
		       strcmp(origin + 7, host);
	return 0;
}

static enum MHD_Result do_login(struct ob_server *s, struct MHD_Connection *c,
				const char *path, struct request *q)
{
	char name[OB_USER_NAME_MAX], password[OB_PASSWORD_MAX + 1];
	char token[OB_SESSION_TOKEN_LEN + 1], cookie[160], remote[64];
	char key[OB_USER_NAME_MAX + 8];
	struct ob_user u;
	struct ob_error err;
	struct throttle *t, *ta;
	time_t now = time(NULL);
	enum MHD_Result ret;

	if (cross_site(c))
		return refuse(s, c, NULL, "POST", path, q, 403,
			      "a sign-in from another site");
	if (form_field(q->body.data ? q->body.data : "", q->body.len, "name",
		       name, sizeof(name)) ||
	    form_field(q->body.data ? q->body.data : "", q->body.len,
		       "password", password, sizeof(password)) ||
	    !name[0]) {
		return refuse(s, c, NULL, "POST", path, q, 400,
			      "enter a user name and a password");
	}
	remote_of(c, remote);
	snprintf(key, sizeof(key), "n:%s", name);
	t = throttle_of(s, key, now);
	snprintf(key, sizeof(key), "a:%s", remote);
	ta = throttle_of(s, key, now);
	if (now < t->locked_until || now < ta->locked_until) {
		OPENSSL_cleanse(password, sizeof(password));
		return refuse(s, c, NULL, "POST", path, q, 429,
			      now < t->locked_until
				  ? "too many failed sign-ins for this name: "
				    "try again in 15 minutes"
				  : "too many failed sign-ins from this "
				    "address: try again in 15 minutes");
	}
	ob_error_clear(&err);
	if (ob_user_verify(s->cfg.ws, name, password, &u, &err)) {
		OPENSSL_cleanse(password, sizeof(password));
		count_failure(t, THROTTLE_FAILS, now);
		count_failure(ta, THROTTLE_ADDR_FAILS, now);
		if (err.code != OB_EINVAL && s->cfg.log)
			fprintf(s->cfg.log, "serve: %s\n", err.msg);
		return refuse(s, c, NULL, "POST", path, q, 401,
			      "wrong user name or password");
	}
	OPENSSL_cleanse(password, sizeof(password));
	memset(t, 0, sizeof(*t));
	if (ob_session_begin(s->cfg.ws, u.id, s->cfg.session_idle, token,
			     &err))
		return refuse(s, c, &u, "POST", path, q, 500,
			      "cannot begin a session");
	ob_access_log(s->cfg.ws, u.name, "POST", path, 303, "signed in",
		      remote, &err);
	snprintf(cookie, sizeof(cookie),
		 COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d",
		 token, OB_SESSION_MAX_AGE);
	OPENSSL_cleanse(token, sizeof(token));
	ret = send_body(c, 303, "text/plain; charset=utf-8", "signed in\n", 10,
			0, 0, cookie, "/");
	return ret;
}

static enum MHD_Result do_logout(struct ob_server *s, struct MHD_Connection *c,
				 const struct ob_user *u, const char *path,
				 const struct request *q)
{
	const char *token =
	    MHD_lookup_connection_value(c, MHD_COOKIE_KIND, COOKIE);
	struct ob_error err;
	char remote[64];

	if (cross_site(c))
		return refuse(s, c, u, "POST", path, q, 403,
			      "a sign-out from another site");
	ob_error_clear(&err);
	if (token)
		ob_session_end(s->cfg.ws, token, &err);
	if (u) {
		remote_of(c, remote);
		ob_access_log(s->cfg.ws, u->name, "POST", path, 303,
			      "signed out", remote, &err);
	}
	return send_body(c, 303, "text/plain; charset=utf-8", "signed out\n",
			 11, 0, 0,
			 COOKIE "=; Path=/; HttpOnly; SameSite=Strict; "
				"Max-Age=0",
			 "/");
}

/* ---- the request handler ------------------------------------------------- */

struct args {
	const char *names[16], *values[16];
	size_t n, next;
	int too_many;
	struct ob_buf *query;
};

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind,
				   const char *key, const char *value)
{
	struct args *a = cls;
	(void)kind;
	ob_buf_addf(a->query, "%s%s%s%s", a->query->len ? "&" : "", key,
		    value ? "=" : "", value ? value : "");
	if (a->n == 16) {
		a->too_many = 1;
		return MHD_YES;
	}
	a->names[a->n] = key;
	a->values[a->n++] = value;
	return MHD_YES;
}

static int next_arg(void *cls, const char **name, const char **value)
{
	struct args *a = cls;
	if (a->next >= a->n)
		return 0;
	*name = a->names[a->next];
	*value = a->values[a->next++];
	return 1;
}

/* One of the embedded styles or scripts (ob_report_assets). */
static enum MHD_Result send_asset(struct ob_server *s,
				  struct MHD_Connection *c, const char *method,
				  const char *path, const struct request *q,
				  const char *name)
{
	const struct ob_refdata_file *f = ob_report_asset(name);
	size_t n = strlen(name);

	if (!f)
		return refuse(s, c, NULL, method, path, q, 404,
			      "no such asset");
	return send_body(c, 200,
			 n > 4 && !strcmp(name + n - 4, ".css")
			     ? "text/css; charset=utf-8"
			     : "text/javascript; charset=utf-8",
			 f->data, f->len, 0, 1, NULL, NULL);
}

static enum MHD_Result answer(struct ob_server *s, struct MHD_Connection *c,
			      const char *path, const char *method,
			      struct request *q)
{
	struct args a = {.query = &q->query};
	const char *token =
	    MHD_lookup_connection_value(c, MHD_COOKIE_KIND, COOKIE);
	struct ob_user user, *u = NULL;
	struct ob_route r;
	struct ob_error err;
	const char *why;
	unsigned status;

	/* Browsers ask for an icon unbidden: there is none, and that is not
	 * a refusal to log. */
	if (!strcmp(path, "/favicon.ico") && !strcmp(method, "GET"))
		return send_body(c, 204, "image/x-icon", "", 0, 0, 1, NULL,
				 NULL);
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, &a);
	status = (unsigned)ob_serve_route(method, path, next_arg, &a, &r, &why);
	if (a.too_many) {
		status = 400;
		why = "more than 16 query parameters";
	}
	/* The styles and scripts are anyone's: no session to look up (which
	 * writes its new expiry). */
	if (status == 200 && r.kind == OB_ROUTE_ASSET)
		return send_asset(s, c, method, path, q, r.name);
	ob_error_clear(&err);
	if (token && !ob_session_user(s->cfg.ws, token, &user, &err))
		u = &user;
	if (status != 200)
		return refuse(s, c, u, method, path, q, status, why);
	if (q->too_big)
		return refuse(s, c, u, method, path, q, 413,
			      "the request's body is too large");
	status = (unsigned)ob_serve_allow(u, &r, &why);
	if (status != 200) {
		if (status == 401 && token)
			why = "the session has expired or is not valid: sign "
			      "in again";
		return refuse(s, c, u, method, path, q, status, why);
	}
	switch (r.kind) {
	case OB_ROUTE_HOME:
		return send_page(s, c, 200, u, NULL,
				 u ? "Dashboard" : "Published view", NULL,
				 home_body, u);
	case OB_ROUTE_LOGIN_FORM:
		return send_page(s, c, 200, u, NULL, "Sign in", NULL,
				 login_body, NULL);
	case OB_ROUTE_LOGIN:
		return do_login(s, c, path, q);
	case OB_ROUTE_LOGOUT:
		return do_logout(s, c, u, path, q);
	default:
		break;
	}
	if (r.year < s->cfg.first || r.year > s->cfg.last)
		return refuse(s, c, u, method, path, q, 404,
			      "no such year in this workspace");
	if (r.kind == OB_ROUTE_CASELOAD) {
		struct caseload_page p = {NULL, 0, r.name, r.year};
		struct ob_caseload_entry *v = NULL;
		int32_t pch = ob_dataset_pch(s->cfg.m->ds, r.name);
		char title[160], fy[8];
		enum MHD_Result ret;
		if (pch < 0)
			return refuse(s, c, u, method, path, q, 404,
				      "no such primary care home");
		if (ob_caseload(s->cfg.m, r.year, pch, &v, &p.n, &err))
			return refuse(s, c, u, method, path, q, 500,
				      "the caseload could not be computed");
		p.v = v;
		ob_fy_format(r.year, fy);
		snprintf(title, sizeof(title), "Frailty caseload of %s, %s",
			 r.name, fy);
		ret = send_page(s, c, 200, u, NULL, title, NULL,
				caseload_body, &p);
		free(v);
		return ret;
	}
	{
		struct page *p, spare;
		enum MHD_Result ret;
		if (r.unit[0] && ob_dataset_pch(s->cfg.m->ds, r.unit) < 0)
			return refuse(s, c, u, method, path, q, 404,
				      "no such primary care home");
		if (!(p = view_page(s, &r, u, &spare, &status, &why)))
			return refuse(s, c, u, method, path, q, status, why);
		ret = send_view(s, c, p, u, &r);
		if (p == &spare)
			free(spare.body);
		return ret;
	}
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c,
			       const char *url, const char *method,
			       const char *version, const char *upload,
			       size_t *upload_size, void **req_cls)
{
	struct ob_server *s = cls;
	struct request *q = *req_cls;

	(void)version;
	if (!q) {
		q = calloc(1, sizeof(*q));
		if (!q)
			return MHD_NO;
		*req_cls = q;
		return MHD_YES;
	}
	if (*upload_size) {
		if (q->body.len + *upload_size > BODY_MAX)
			q->too_big = 1;
		else if (ob_buf_add(&q->body, upload, *upload_size))
			return MHD_NO;
		*upload_size = 0;
		return MHD_YES;
	}
	return answer(s, c, url, method, q);
}

static void completed(void *cls, struct MHD_Connection *c, void **req_cls,
		      enum MHD_RequestTerminationCode toe)
{
	struct request *q = *req_cls;
	(void)cls;
	(void)c;
	(void)toe;
	if (!q)
		return;
	if (q->body.data)
		OPENSSL_cleanse(q->body.data, q->body.len); /* a password */
	ob_buf_release(&q->body);
	ob_buf_release(&q->query);
	free(q);
	*req_cls = NULL;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	FILE *f = cls;
	if (!f)
		return;
	fputs("serve: ", f);
	vfprintf(f, fmt, ap);
	fflush(f);
}

enum ob_status ob_serve_start(const struct ob_serve_config *cfg,
			      struct ob_server **out, unsigned *port,
			      struct ob_error *err)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *v4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&ss;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
	const union MHD_DaemonInfo *di;
	struct ob_server *s;

	memset(&ss, 0, sizeof(ss));
	if (cfg->port > 65535)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "port %u: expected 0 to 65535", cfg->port);
	if (inet_pton(AF_INET, cfg->bind, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)cfg->port);
	} else if (inet_pton(AF_INET6, cfg->bind, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)cfg->port);
		flags |= MHD_USE_IPv6;
	} else {
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "bind address '%s': expected an IPv4 or "
				    "IPv6 address such as 127.0.0.1",
				    cfg->bind);
	}
	if (!(s = calloc(1, sizeof(*s))))
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
				    "out of memory");
	s->cfg = *cfg;
	s->d = MHD_start_daemon(
	    flags, (uint16_t)cfg->port, NULL, NULL, handler, s,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, s,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)64,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)32,
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, (void *)cfg->log,
	    MHD_OPTION_END);
	if (!s->d) {
		free(s);
		return ob_error_set(err, OB_EIO, NULL, 0, 0,
				    "cannot listen on %s port %u (in use, or "
				    "not an address of this machine?)",
				    cfg->bind, cfg->port);
	}
	di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	*port = di ? di->port : cfg->port;
	*out = s;
	return OB_OK;
}

void ob_serve_stop(struct ob_server *s)
{
	if (!s)
		return;
	MHD_stop_daemon(s->d);
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		if (s->cache[i].key)
			cache_drop(s, &s->cache[i]);
	free(s);
}
