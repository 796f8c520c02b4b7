/*
 * main.c - the `onebudget` command: dispatch to a subcommand through a
 * static table (in the manner of git's git.c).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "init", cmd_init, "create a new workspace and its secret key" },
	{ "import", cmd_import, "validate an extract and store it as a new version" },
	{ "extracts", cmd_extracts, "list imported extract versions and their manifests" },
	{ "rejects", cmd_rejects, "show or export the rows an import rejected" },
	{ "population", cmd_population, "registered and resident population, segments, costs" },
	{ "caseload", cmd_caseload, "frailty MDT caseload of a primary care home" },
	{ "measures", cmd_measures, "outcome metrics of the catalogue for a year and unit" },
	{ "contract", cmd_contract, "check, store, list and show contract versions" },
	{ "budget", cmd_budget, "capitated budget: bridge, risk-adjusted capitation, affordability" },
	{ "calibrate", cmd_calibrate, "reward curves of the paid outcomes, frozen, with simulation" },
	{ "incentives", cmd_incentives, "outcome incentives of a year: pot, rewards, sanctions" },
	{ "settle", cmd_settle, "settle a contract year: pools, tariff, alliance, statement" },
	{ "report", cmd_report, "the year's report as one self-contained HTML file" },
	{ "user", cmd_user, "dashboard users: add, passwords, disable, list, access log" },
	{ "serve", cmd_serve, "the dashboard: live views and caseloads by role" },
	{ "stats", cmd_stats, "PHE statistical methods on aggregated CSV data" },
	{ "synth", cmd_synth, "write a synthetic Westminster extract" },
	{ "demo", cmd_demo, "synthesise, import and summarise the Westminster demo" },
};

static void print_help(FILE *out)
{
	fprintf(out,
		"usage: onebudget <command> [options]\n"
		"\n"
		"onebudget runs an NHS accountable-care contract: one linked\n"
		"person-level record, outcomes, a capitated budget, incentives and\n"
		"a risk-share, settled each financial year.\n"
		"\n"
		"commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name,
			commands[i].summary);
	fprintf(out, "\n"
		     "Run 'onebudget <command> --help' for a command's options;\n"
		     "docs/ in the source tree explains every command and file.\n"
		     "  onebudget --version   print the version\n");
}

int main(int argc, char **argv)
{
	int rc;

	if (argc < 2) {
		print_help(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		if (argc > 2 && strcmp(argv[1], "help") == 0) {
			char *sub[] = { argv[2], (char *)"--help", NULL };
			for (size_t i = 0;
			     i < sizeof(commands) / sizeof(commands[0]); i++)
				if (strcmp(commands[i].name, argv[2]) == 0)
					return commands[i].fn(2, sub) ||
					       cli_finish_stdout();
		}
		print_help(stdout);
		return cli_finish_stdout();
	}
	if (strcmp(argv[1], "--version") == 0 ||
	    strcmp(argv[1], "version") == 0) {
		printf("onebudget %s (%s)\n", OB_VERSION, OB_GITREV);
		return cli_finish_stdout();
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(commands[i].name, argv[1]) == 0) {
			rc = commands[i].fn(argc - 1, argv + 1);
			if (cli_finish_stdout() && rc == 0)
				rc = 1;
			return rc;
		}
	}
	error("'%s' is not a onebudget command (see 'onebudget --help')",
	      argv[1]);
	return 2;
}
