/*
 * cmd-init.c - `onebudget init WORKSPACE [--key-from FILE]`.
 */
#include <stdio.h>

#include "onebudget/workspace.h"

#include "cli.h"

static const char usage[] = "onebudget init WORKSPACE [--key-from FILE]";

static void help(void)
{
	printf("usage: %s\n"
	       "\n"
	       "Create a new workspace directory holding workspace.sqlite (the\n"
	       "system of record) and key, the secret key that pseudonymises NHS\n"
	       "numbers at import.  The key is 32 random bytes, mode 0600, and is\n"
	       "never printed.  Keep it: without it, new extracts cannot be linked\n"
	       "to the people already imported.\n"
	       "\n"
	       "options:\n"
	       "  --key-from FILE   use the 32-byte key in FILE instead of a new\n"
	       "                    random one, so that several workspaces share\n"
	       "                    pseudonyms (e.g. one per system in an ICB)\n"
	       "\n"
	       "example:\n"
	       "  onebudget init ws\n",
	       usage);
}

int cmd_init(int argc, char **argv)
{
	const char *key_from = NULL, *pos[1];
	const struct cli_option opts[] = {
		{ "key-from", 0, OPT_STRING, &key_from, NULL },
		{ 0 },
	};
	struct ob_error err;
	int npos, r;

	r = cli_parse(argc, argv, opts, pos, 1, &npos, usage);
	if (r == 1) {
		help();
		return 0;
	}
	if (r)
		return r;
	if (npos != 1) {
		error("init needs the workspace directory\nusage: %s", usage);
		return 2;
	}
	ob_error_clear(&err);
	if (ob_workspace_create(pos[0], key_from, &err))
		return report_error(&err);
	printf("initialised workspace %s (key: %s/key, keep it private)\n",
	       pos[0], pos[0]);
	return 0;
}
