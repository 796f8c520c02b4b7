/*
 * cmd-settle.c - `onebudget settle`: the settlement statement of a contract
 * year, stored immutably with its files (CSV, JSON, text, XLSX and the
 * out-of-area events), or recomputed with changed terms (--what-if), or
 * worked from a case file (--case).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "onebudget/buf.h"
#include "onebudget/hash.h"
#include "onebudget/settle-year.h"
#include "onebudget/xlsx.h"

#include "cli.h"

static const char usage[] =
	"onebudget settle -w WORKSPACE --year YYYY/YY [--what-if KEY=VALUE "
	"...] [--resettle --reason TEXT] [--out DIR] [--format table|csv|json] "
	"[--extract ID]\n"
	"       onebudget settle --case FILE [--format table|csv|json]";

static void help(void)
{
	printf("usage: %s\n"
	       "\n"
	       "Settle a contract year (docs/settlement.md): one numbered\n"
	       "statement, in integer pence, in which every line says how it\n"
	       "was computed from earlier lines - the contract and capitated\n"
	       "budgets, the incentives earned and the sanctions, out-of-area\n"
	       "care charged at national tariff or local prices (every unpriced\n"
	       "event listed as an exception), each risk-share pool's variance,\n"
	       "corridor, shares, caps and quality gate, the commissioner's\n"
	       "gain capped at its surplus target, the MCP's net result, the\n"
	       "year-end payment, and the alliance split by largest remainder.\n"
	       "\n"
	       "The statement is stored in the workspace with the contract\n"
	       "version, the extract's hash and the engine version, and written\n"
	       "to WORKSPACE/settlements/YYYY-YY-vN/ (or --out) as\n"
	       "statement.csv, statement.json, statement.txt, statement.xlsx\n"
	       "(a summary sheet and one per part) and out-of-area.csv.  The\n"
	       "same inputs give byte-identical files.  A settled year is\n"
	       "never overwritten: --resettle --reason TEXT stores a new\n"
	       "version linked to the old one, and the audit log records who\n"
	       "and why.\n"
	       "\n"
	       "--what-if KEY=VALUE (repeatable) recomputes with changed\n"
	       "contract terms and stores nothing, for negotiation; keys are\n"
	       "risk_share.YEAR.FIELD (corridor, gain_share, loss_share,\n"
	       "gain_cap, loss_cap, surplus_target, excess_to, quality_gate,\n"
	       "acute_impact), incentives.pot.YEAR, alliance.MEMBER.share and\n"
	       "alliance.MEMBER.contract_value.  --case FILE works a statement\n"
	       "from the inputs in a case file (tests/cases/settle-*).\n"
	       "\n"
	       "options:\n"
	       "  -w, --workspace W     the workspace (with a contract stored)\n"
	       "  --year YYYY/YY        the contract year\n"
	       "  --what-if KEY=VALUE   a changed term (not stored)\n"
	       "  --resettle            settle a settled year again\n"
	       "  --reason TEXT         why (required with --resettle)\n"
	       "  --out DIR             where to write the files\n"
	       "  --format F            how to print: table (default), csv, json\n"
	       "  --case FILE           a hand-worked case, no workspace\n"
	       "  --extract ID          extract version (default: the latest)\n"
	       "\n"
	       "examples:\n"
	       "  onebudget settle -w ws --year 2021/22\n"
	       "  onebudget settle -w ws --year 2021/22 \\\n"
	       "      --what-if risk_share.2021/22.gain_share=0.6\n",
	       usage);
}

/* ---- files --------------------------------------------------------------- */

static enum ob_status write_text(const char *dir, const char *name,
				 const struct ob_statement *s, int format,
				 struct ob_buf *copy, struct ob_error *err)
{
	struct ob_buf path = OB_BUF_INIT;
	enum ob_status st;
	FILE *f;

	if (ob_buf_addf(&path, "%s/%s", dir, name))
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0, "out of memory");
	f = fopen(path.data, "w+");
	if (!f) {
		st = ob_error_set(err, OB_EIO, path.data, 0, 0,
				  "cannot write: %s", strerror(errno));
		ob_buf_release(&path);
		return st;
	}
	st = ob_statement_write(s, format, f, err);
	if (!st && copy) {
		char chunk[4096];
		size_t n;
		rewind(f);
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			if (ob_buf_add(copy, chunk, n))
				st = ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
						  "out of memory");
	}
	if (fclose(f) && !st)
		st = ob_error_set(err, OB_EIO, path.data, 0, 0,
				  "cannot finish writing");
	ob_buf_release(&path);
	return st;
}

/* The statement's lines of one part (NULL: all) on a sheet. */
static void lines_sheet(struct ob_xlsx_sheet *sh, const struct ob_statement *s,
			const char *part)
{
	static const double widths[] = { 6, 16, 42, 18, 90 };
	struct ob_error err;
	static const char *const head[] = { "No", "Part", "Line",
					    "Amount (£)", "How" };

	ob_xlsx_set_widths(sh, widths, 5);
	ob_xlsx_freeze_header(sh);
	ob_xlsx_row(sh, &err);
	for (int i = 0; i < 5; i++)
		ob_xlsx_text(sh, head[i], OB_XLSX_BOLD);
	for (size_t i = 0; i < s->n; i++) {
		const struct ob_settle_line *l = &s->lines[i];
		if (part && strncmp(l->part, part, strlen(part)))
			continue;
		ob_xlsx_row(sh, &err);
		ob_xlsx_number(sh, l->no, OB_XLSX_INTEGER);
		ob_xlsx_text(sh, l->part, OB_XLSX_TEXT);
		ob_xlsx_text(sh, l->name, OB_XLSX_TEXT);
		ob_xlsx_money(sh, l->amount);
		ob_xlsx_text(sh, l->how, OB_XLSX_WRAP);
	}
}

static enum ob_status write_xlsx(const char *path, const struct ob_statement *s,
				 const struct ob_out_of_area_result *oa,
				 const struct ob_dataset *ds,
				 struct ob_error *err)
{
	static const struct {
		const char *sheet, *part;
	} parts[] = {
		{ "Budget", "budget" },	      { "Incentives", "incentives" },
		{ "Out of area", "out of area" }, { "Pools", "pool:" },
		{ "Commissioner", "commissioner" }, { "MCP", "MCP" },
		{ "Alliance", "alliance" },
	};
	struct ob_xlsx *w = ob_xlsx_new();
	struct ob_xlsx_sheet *sh;
	enum ob_status st;

	if (!w)
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0, "out of memory");
	/* Summary: the headline figures. */
	if ((st = ob_xlsx_add_sheet(w, "Summary", &sh, err)))
		goto out;
	{
		static const double widths[] = { 48, 20 };
		ob_xlsx_set_widths(sh, widths, 2);
		ob_xlsx_row(sh, err);
		ob_xlsx_text(sh, "Settlement", OB_XLSX_BOLD);
		ob_xlsx_text(sh, s->in.year, OB_XLSX_BOLD);
		for (size_t i = 0; i < s->n; i++) {
			const struct ob_settle_line *l = &s->lines[i];
			int head = !strcmp(l->name, "contract budget") ||
				   !strcmp(l->name, "capitated budget") ||
				   !strcmp(l->name, "net incentive payment") ||
				   !strcmp(l->name, "out-of-area charges") ||
				   !strncmp(l->name, "variance", 8) ||
				   !strncmp(l->name, "provider's share", 16) ||
				   !strcmp(l->name,
					   "commissioner's gain after the cap") ||
				   !strcmp(l->part, "MCP") ||
				   !strcmp(l->part, "alliance");
			char label[160];
			if (!head)
				continue;
			snprintf(label, sizeof(label), "%s%s%s (line %d)",
				 strncmp(l->part, "pool:", 5) ? "" : l->part + 5,
				 strncmp(l->part, "pool:", 5) ? "" : ": ",
				 l->name, l->no);
			ob_xlsx_row(sh, err);
			ob_xlsx_text(sh, label, strcmp(l->part, "MCP")
							? OB_XLSX_TEXT
							: OB_XLSX_BOLD);
			if (!strcmp(l->part, "MCP"))
				ob_xlsx_money_bold(sh, l->amount);
			else
				ob_xlsx_money(sh, l->amount);
		}
		ob_xlsx_row(sh, err);
		ob_xlsx_row(sh, err);
		ob_xlsx_text(sh, "Contract", OB_XLSX_BOLD);
		ob_xlsx_text(sh, s->in.contract, OB_XLSX_TEXT);
		ob_xlsx_row(sh, err);
		ob_xlsx_text(sh, "Extract", OB_XLSX_BOLD);
		ob_xlsx_text(sh, s->in.extract, OB_XLSX_TEXT);
		ob_xlsx_row(sh, err);
		ob_xlsx_text(sh, "Engine", OB_XLSX_BOLD);
		ob_xlsx_text(sh, s->in.engine, OB_XLSX_TEXT);
	}
	if ((st = ob_xlsx_add_sheet(w, "Statement", &sh, err)))
		goto out;
	lines_sheet(sh, s, NULL);
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		if ((st = ob_xlsx_add_sheet(w, parts[i].sheet, &sh, err)))
			goto out;
		lines_sheet(sh, s, parts[i].part);
	}
	/* Out-of-area care: charges by provider and point of delivery, and
	 * every exception (the full event list is out-of-area.csv). */
	if (oa && ds) {
		static const double w1[] = { 12, 8, 12, 16 };
		static const char *const h1[] = { "Provider", "POD", "Events",
						  "Priced (£)" };
		static const double w2[] = { 12, 12, 8, 12, 12, 70 };
		static const char *const h2[] = { "Provider", "HRG", "POD",
						  "Start", "End", "Exception" };
		struct group {
			const char *provider, *pod;
			long n;
			ob_pence total;
		} *g = calloc(oa->n + 1, sizeof(*g));
		size_t ng = 0;

		if (!g) {
			st = ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
					  "out of memory");
			goto out;
		}
		for (size_t i = 0; i < oa->n; i++) {
			const struct ob_priced_event *e = &oa->events[i];
			const char *prov = e->provider ? e->provider : "";
			const char *pod = e->pod ? e->pod : "-";
			size_t k;
			if (e->exception)
				continue;
			for (k = 0; k < ng; k++)
				if (!strcmp(g[k].provider, prov) &&
				    !strcmp(g[k].pod, pod))
					break;
			if (k == ng) {
				g[ng].provider = prov;
				g[ng++].pod = pod;
			}
			g[k].n++;
			g[k].total += e->price;
		}
		if ((st = ob_xlsx_add_sheet(w, "Out-of-area charges", &sh,
					    err))) {
			free(g);
			goto out;
		}
		ob_xlsx_set_widths(sh, w1, 4);
		ob_xlsx_freeze_header(sh);
		ob_xlsx_row(sh, err);
		for (int i = 0; i < 4; i++)
			ob_xlsx_text(sh, h1[i], OB_XLSX_BOLD);
		for (size_t k = 0; k < ng; k++) {
			ob_xlsx_row(sh, err);
			ob_xlsx_text(sh, g[k].provider, OB_XLSX_TEXT);
			ob_xlsx_text(sh, g[k].pod, OB_XLSX_TEXT);
			ob_xlsx_number(sh, (double)g[k].n, OB_XLSX_INTEGER);
			ob_xlsx_money(sh, g[k].total);
		}
		free(g);
		if ((st = ob_xlsx_add_sheet(w, "Out-of-area exceptions", &sh,
					    err)))
			goto out;
		ob_xlsx_set_widths(sh, w2, 6);
		ob_xlsx_freeze_header(sh);
		ob_xlsx_autofilter(sh);
		ob_xlsx_row(sh, err);
		for (int i = 0; i < 6; i++)
			ob_xlsx_text(sh, h2[i], OB_XLSX_BOLD);
		for (size_t i = 0; i < oa->n; i++) {
			const struct ob_priced_event *e = &oa->events[i];
			char d0[11], d1[11];
			if (!e->exception)
				continue;
			ob_date_format(e->start, d0);
			if (e->end != OB_DATE_NONE)
				ob_date_format(e->end, d1);
			else
				d1[0] = '\0';
			ob_xlsx_row(sh, err);
			ob_xlsx_text(sh, e->provider ? e->provider : "",
				     OB_XLSX_TEXT);
			ob_xlsx_text(sh, e->hrg ? e->hrg : "", OB_XLSX_TEXT);
			ob_xlsx_text(sh, e->pod ? e->pod : "", OB_XLSX_TEXT);
			ob_xlsx_text(sh, d0, OB_XLSX_TEXT);
			ob_xlsx_text(sh, d1, OB_XLSX_TEXT);
			ob_xlsx_text(sh, e->exception, OB_XLSX_TEXT);
		}
	}
	st = ob_xlsx_write(w, path, err);
out:
	ob_xlsx_free(w);
	return st;
}

static enum ob_status sha_file(const char *path, char out[static 65],
			       struct ob_error *err)
{
	uint64_t size;

	return ob_sha256_file(path, out, &size, err);
}

/* Write every file of a statement into `dir` (created); the CSV text is
 * copied into `csv` and the JSON into `json` for the database. */
static enum ob_status write_files(const char *dir, const struct ob_statement *s,
				  const struct ob_out_of_area_result *oa,
				  const struct ob_dataset *ds,
				  struct ob_buf *csv, struct ob_buf *json,
				  char xlsx_sha[static 65],
				  char csv_sha[static 65],
				  struct ob_error *err)
{
	struct ob_buf path = OB_BUF_INIT;
	enum ob_status st;
	FILE *f;

	if (mkdir(dir, 0755) && errno != EEXIST)
		return ob_error_set(err, OB_EIO, dir, 0, 0,
				    "cannot create: %s", strerror(errno));
	if ((st = write_text(dir, "statement.csv", s, 1, csv, err)) ||
	    (st = write_text(dir, "statement.json", s, 2, json, err)) ||
	    (st = write_text(dir, "statement.txt", s, 0, NULL, err)))
		return st;
	if (ob_buf_addf(&path, "%s/out-of-area.csv", dir))
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0, "out of memory");
	f = fopen(path.data, "w");
	if (!f) {
		st = ob_error_set(err, OB_EIO, path.data, 0, 0,
				  "cannot write: %s", strerror(errno));
	} else {
		st = ob_out_of_area_write_csv(oa, ds, f, err);
		if (fclose(f) && !st)
			st = ob_error_set(err, OB_EIO, path.data, 0, 0,
					  "cannot finish writing");
	}
	ob_buf_release(&path);
	if (st)
		return st;
	if (ob_buf_addf(&path, "%s/statement.xlsx", dir))
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0, "out of memory");
	st = write_xlsx(path.data, s, oa, ds, err);
	if (!st)
		st = sha_file(path.data, xlsx_sha, err);
	ob_buf_release(&path);
	if (!st)
		st = ob_sha256_hex(csv->data ? csv->data : "", csv->len,
				   csv_sha, err);
	return st;
}

/* ---- the command --------------------------------------------------------- */

static int run_case(const char *path, enum cli_format fmt)
{
	struct ob_settle_inputs in;
	struct ob_statement s;
	struct ob_error err;

	ob_error_clear(&err);
	if (ob_settle_read_case(path, &in, &err) ||
	    ob_settle_statement(&in, &s, &err) ||
	    ob_statement_write(&s, (int)fmt, stdout, &err))
		return report_error(&err);
	return 0;
}

int cmd_settle(int argc, char **argv)
{
	const char *ws_dir = NULL, *year_s = NULL, *reason = NULL,
		   *out_dir = NULL, *format_s = "table", *case_s = NULL,
		   *extract_s = NULL;
	int resettle = 0, r, nargs = 0;
	const struct cli_option opts[] = {
		{ "workspace", 'w', OPT_STRING, &ws_dir, NULL },
		{ "year", 'y', OPT_STRING, &year_s, NULL },
		{ "resettle", 0, OPT_FLAG, NULL, &resettle },
		{ "reason", 0, OPT_STRING, &reason, NULL },
		{ "out", 0, OPT_STRING, &out_dir, NULL },
		{ "format", 0, OPT_STRING, &format_s, NULL },
		{ "case", 0, OPT_STRING, &case_s, NULL },
		{ "extract", 0, OPT_STRING, &extract_s, NULL },
		{ 0 },
	};
	const char **whatif = calloc((size_t)argc + 1, sizeof(*whatif));
	char **args = calloc((size_t)argc + 1, sizeof(*args));
	size_t nwhatif = 0;
	struct cli_setup su;
	struct ob_settle_inputs in;
	struct ob_statement s;
	struct ob_out_of_area_result oa;
	struct ob_settlement_info info, prev;
	struct ob_error err;
	enum cli_format fmt;
	long extract = 0;
	ob_fy year = 0;
	int found;

	if (!whatif || !args)
		die("out of memory");
	/* --what-if may be given many times: take them out first. */
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--what-if") && i + 1 < argc) {
			whatif[nwhatif++] = argv[++i];
		} else if (!strncmp(argv[i], "--what-if=", 10)) {
			whatif[nwhatif++] = argv[i] + 10;
		} else if (!strcmp(argv[i], "--what-if")) {
			error("--what-if needs KEY=VALUE\nusage: %s", usage);
			return 2;
		} else {
			args[nargs++] = argv[i];
		}
	}
	r = cli_parse(nargs, args, opts, NULL, 0, NULL, usage);
	free(args);
	if (r == 1) {
		help();
		free(whatif);
		return 0;
	}
	if (r || cli_parse_format(format_s, &fmt)) {
		free(whatif);
		return r ? r : 2;
	}
	if (case_s) {
		free(whatif);
		return run_case(case_s, fmt);
	}
	if (!ws_dir || !year_s) {
		error("settle needs -w WORKSPACE and --year (or --case FILE)\n"
		      "usage: %s",
		      usage);
		free(whatif);
		return 2;
	}
	if (cli_parse_fy("year", year_s, &year) ||
	    (extract_s &&
	     cli_parse_long("extract", extract_s, 1, 1L << 40, &extract))) {
		free(whatif);
		return 2;
	}
	if (resettle && (!reason || !*reason)) {
		error("--resettle needs --reason TEXT (it goes into the audit "
		      "log)");
		free(whatif);
		return 2;
	}
	if (nwhatif && resettle) {
		error("--what-if stores nothing: it cannot be combined with "
		      "--resettle");
		free(whatif);
		return 2;
	}
	if ((r = cli_setup_open(&su, ws_dir, &year, extract))) {
		cli_setup_release(&su);
		free(whatif);
		return r;
	}
	ob_error_clear(&err);
	for (size_t i = 0; i < nwhatif; i++)
		if (ob_contract_what_if(su.c, whatif[i], &err)) {
			free(whatif);
			cli_setup_release(&su);
			return report_error(&err);
		}
	free(whatif);
	if (nwhatif && ob_contract_check(su.c, &err)) {
		cli_setup_release(&su);
		return report_error(&err);
	}
	found = nwhatif ? 0 : ob_settlement_find(su.ws, year, &prev, &err);
	if (found < 0) {
		cli_setup_release(&su);
		return report_error(&err);
	}
	if (found && !resettle) {
		error("%s is settled (version %d, %s by %s; files in %s): a "
		      "settled year is never overwritten - re-settle with "
		      "--resettle --reason TEXT, or use --what-if to explore",
		      year_s, prev.version, prev.created_at, prev.who,
		      prev.dir);
		cli_setup_release(&su);
		return 1;
	}
	if (ob_settle_gather(su.ws, su.c, su.info.id, su.cat, &su.m, year,
			     !nwhatif, &in, &oa, &err) ||
	    ob_settle_statement(&in, &s, &err)) {
		ob_out_of_area_release(&oa);
		cli_setup_release(&su);
		return report_error(&err);
	}
	r = 0;
	if (nwhatif) {
		/* Negotiation: print, write only where asked, store nothing. */
		r = ob_statement_write(&s, (int)fmt, stdout, &err);
		if (!r && out_dir) {
			struct ob_buf csv = OB_BUF_INIT, json = OB_BUF_INIT;
			char xs[65], cs[65];
			r = write_files(out_dir, &s, &oa, su.m.ds, &csv, &json,
					xs, cs, &err);
			ob_buf_release(&csv);
			ob_buf_release(&json);
		}
		if (!r)
			fprintf(stderr, "what-if: nothing was stored\n");
	} else {
		struct ob_buf dir = OB_BUF_INIT, tmp = OB_BUF_INIT,
			      csv = OB_BUF_INIT, json = OB_BUF_INIT;
		char fy[8];

		ob_fy_format(year, fy);
		fy[4] = '-';
		memset(&info, 0, sizeof(info));
		info.year = year;
		info.contract_version = su.info.id;
		info.extract_id = su.m.ds->extract_id;
		if (reason)
			snprintf(info.reason, sizeof(info.reason), "%s", reason);
		if (out_dir)
			r = ob_buf_addf(&dir, "%s", out_dir);
		else
			r = ob_buf_addf(&dir, "%s/settlements", ws_dir) ||
			    (mkdir(dir.data, 0755) && errno != EEXIST) ||
			    ob_buf_addf(&dir, "/%s-v%d", fy,
					found ? prev.version + 1 : 1);
		if (r) {
			r = ob_error_set(&err, OB_EIO, NULL, 0, 0,
					 "cannot prepare the settlement "
					 "directory");
		} else if (!(r = ob_buf_addf(&tmp, "%s.tmp", dir.data))) {
			/* Files first, into a temporary directory; the row
			 * commits; then the directory takes its name. */
			r = write_files(tmp.data, &s, &oa, su.m.ds, &csv, &json,
					info.xlsx_sha256, info.statement_sha256,
					&err);
			snprintf(info.dir, sizeof(info.dir), "%s", dir.data);
			if (!r)
				r = ob_settlement_store(su.ws, &info, csv.data,
							json.data, &err);
			if (!r && rename(tmp.data, dir.data))
				r = ob_error_set(&err, OB_EIO, dir.data, 0, 0,
						 "cannot rename %s: %s",
						 tmp.data, strerror(errno));
		}
		if (!r) {
			r = ob_statement_write(&s, (int)fmt, stdout, &err);
			if (fmt == CLI_TABLE)
				printf("\nsettled %s as version %d%s; files in "
				       "%s/ (statement.xlsx, .csv, .json, .txt, "
				       "out-of-area.csv)\n",
				       year_s, info.version,
				       info.supersedes ? " (a re-settlement)"
						       : "",
				       dir.data);
		}
		ob_buf_release(&dir);
		ob_buf_release(&tmp);
		ob_buf_release(&csv);
		ob_buf_release(&json);
	}
	ob_out_of_area_release(&oa);
	cli_setup_release(&su);
	return r ? report_error(&err) : 0;
}
