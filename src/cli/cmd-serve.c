/*
 * cmd-serve.c - `onebudget serve`: the dashboard (serve.h,
 * docs/dashboard.md) until interrupted.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onebudget/serve.h"

#include "cli.h"

static const char usage[] =
    "onebudget serve -w WORKSPACE [--port P] [--bind ADDRESS] "
    "[--session-minutes N] [--cache-mb N] [--extract ID]";

static void help(void)
{
	printf(
	    "usage: %s\n"
	    "\n"
	    "Serve the dashboard (docs/dashboard.md): the report's views live\n"
	    "for every contract year of the extract and any primary care home,\n"
	    "and each PCH's frailty caseload, to the users of the workspace\n"
	    "by role (see 'onebudget user'); anyone not signed in sees the\n"
	    "published view only.  Every refused request is answered with its\n"
	    "status (401, 403, 404...) and written to the access log\n"
	    "('onebudget user log') and to standard error.  Stop it with\n"
	    "Ctrl-C (SIGINT) or SIGTERM.  It listens on 127.0.0.1 unless told\n"
	    "otherwise: put it behind an HTTPS reverse proxy before opening it\n"
	    "to a network.\n"
	    "\n"
	    "options:\n"
	    "  -w, --workspace W       the workspace (with a contract stored)\n"
	    "  --port P                the TCP port (default 8080; 0: any free\n"
	    "                          port, printed at start)\n"
	    "  --bind ADDRESS          the address to listen on (default\n"
	    "                          127.0.0.1)\n"
	    "  --session-minutes N     sign a user out after N idle minutes\n"
	    "                          (default 30; at most 720)\n"
	    "  --cache-mb N            memory for computed views (default 256)\n"
	    "  --extract ID            extract version (default: the latest)\n"
	    "\n"
	    "example:\n"
	    "  onebudget user add -w ws --name jo --role commissioner\n"
	    "  onebudget serve -w ws --port 8080\n"
	    "  # then open http://127.0.0.1:8080/\n",
	    usage);
}

int cmd_serve(int argc, char **argv)
{
	const char *ws_dir = NULL, *port_s = NULL, *bind = "127.0.0.1",
		   *idle_s = NULL, *cache_s = NULL, *extract_s = NULL;
	const struct cli_option opts[] = {
	    {"workspace", 'w', OPT_STRING, &ws_dir, NULL},
	    {"port", 'p', OPT_STRING, &port_s, NULL},
	    {"bind", 0, OPT_STRING, &bind, NULL},
	    {"session-minutes", 0, OPT_STRING, &idle_s, NULL},
	    {"cache-mb", 0, OPT_STRING, &cache_s, NULL},
	    {"extract", 0, OPT_STRING, &extract_s, NULL},
	    {0},
	};
	struct ob_serve_config cfg;
	struct ob_server *srv = NULL;
	struct cli_setup su;
	struct ob_error err;
	long port = 8080, idle = 30, cache = 256, extract = 0;
	ob_fy year = 0, lo, hi;
	unsigned bound;
	sigset_t stop;
	char a[8], b[8];
	int r, sig;

	r = cli_parse(argc, argv, opts, NULL, 0, NULL, usage);
	if (r == 1) {
		help();
		return 0;
	}
	if (r)
		return r;
	if (!ws_dir) {
		error("serve needs -w WORKSPACE\nusage: %s", usage);
		return 2;
	}
	if ((port_s && cli_parse_long("port", port_s, 0, 65535, &port)) ||
	    (idle_s &&
	     cli_parse_long("session-minutes", idle_s, 1, 720, &idle)) ||
	    (cache_s && cli_parse_long("cache-mb", cache_s, 1, 1L << 20,
				       &cache)) ||
	    (extract_s &&
	     cli_parse_long("extract", extract_s, 1, 1L << 40, &extract)))
		return 2;
	{
		/* Say so before the model is loaded, which takes a while. */
		unsigned char addr[sizeof(struct in6_addr)];
		if (inet_pton(AF_INET, bind, addr) != 1 &&
		    inet_pton(AF_INET6, bind, addr) != 1) {
			error("--bind '%s': expected an IPv4 or IPv6 address "
			      "such as 127.0.0.1 or ::1",
			      bind);
			return 2;
		}
	}
	if ((r = cli_setup_open(&su, ws_dir, &year, extract))) {
		cli_setup_release(&su);
		return r;
	}
	ob_dataset_years(su.m.ds, &lo, &hi);
	memset(&cfg, 0, sizeof(cfg));
	cfg.ws = su.ws;
	cfg.c = su.c;
	cfg.cat = su.cat;
	cfg.m = &su.m;
	cfg.contract_version = su.info.id;
	cfg.first = su.c->shadow > lo ? su.c->shadow : lo;
	cfg.last = year;
	cfg.bind = bind;
	cfg.port = (unsigned)port;
	cfg.session_idle = idle * 60;
	cfg.cache_bytes = (size_t)cache << 20;
	cfg.log = stderr;

	/* The server's thread inherits this mask, so only sigwait() below
	 * sees the signals that stop it. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	/* An ignored signal is discarded before sigwait() could take it (a
	 * shell starts background jobs with SIGINT ignored). */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	ob_error_clear(&err);
	if (ob_serve_start(&cfg, &srv, &bound, &err)) {
		cli_setup_release(&su);
		return report_error(&err);
	}
	ob_fy_format(cfg.first, a);
	ob_fy_format(cfg.last, b);
	printf("serve: http://%s%s%s:%u/ (years %s to %s); stop with Ctrl-C\n",
	       strchr(bind, ':') ? "[" : "", bind, strchr(bind, ':') ? "]" : "",
	       bound, a, b);
	fflush(stdout);
	while (sigwait(&stop, &sig) == 0 && sig != SIGINT && sig != SIGTERM)
		;
	ob_serve_stop(srv);
	cli_setup_release(&su);
	printf("serve: stopped\n");
	return 0;
}
