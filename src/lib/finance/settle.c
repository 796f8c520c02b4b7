/*
 * settle.c - the settlement statement of a contract year; see settle.h and
 * docs/settlement.md.  DESIGN.md "Pools": seen from the whole system, the
 * variance of a pool V = budget - actual (positive = a saving) is split
 * between commissioner and provider; inside a corridor |V| <= m x budget
 * nothing is shared; outside it the provider's share of a saving is
 * gain_share x V capped at gain_cap x budget, of a loss loss_share x |V|
 * capped at loss_cap x budget (loss_share 0: upside only).  The
 * commissioner's total gain is capped at its surplus target; the excess
 * goes to the provider or a reinvestment fund.  An optional quality gate
 * scales the provider's gains by outcome achievement.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "onebudget/json.h"
#include "onebudget/settle.h"

#include "onebudget/banned.h"

static int add(struct ob_statement *s, const char *part, ob_pence amount,
	       const char *name, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Append a line; returns its number (0 when the statement is full). */
static int add(struct ob_statement *s, const char *part, ob_pence amount,
	       const char *name, const char *fmt, ...)
{
	struct ob_settle_line *l;
	va_list ap;

	if (s->n >= OB_SETTLE_MAX_LINES)
		return 0;
	l = &s->lines[s->n++];
	l->no = (int)s->n;
	l->amount = amount;
	snprintf(l->part, sizeof(l->part), "%s", part);
	snprintf(l->name, sizeof(l->name), "%s", name);
	va_start(ap, fmt);
	vsnprintf(l->how, sizeof(l->how), fmt, ap);
	va_end(ap);
	return l->no;
}

static ob_pence times(ob_pence p, double f)
{
	return ob_pence_round((double)p * f);
}

static ob_pence min_p(ob_pence a, ob_pence b)
{
	return a < b ? a : b;
}

static int valid_share(double x)
{
	return x >= 0 && x <= 1;
}

/* The lines of one pool; returns the line of the provider's share after
 * the gate and stores the variance's line, the variance and the share. */
static void pool_lines(struct ob_statement *s, const struct ob_settle_pool *p,
		       int first, int l_capitated, int l_oa, int l_pot,
		       int l_earned, ob_pence *variance, ob_pence *provider,
		       int *l_variance, int *l_provider, int *l_commissioner)
{
	const struct ob_settle_inputs *in = &s->in;
	const struct ob_settle_terms *t = &in->terms;
	char part[40];
	int l_budget, l_actual, l_total, l_corr, l_share;
	ob_pence total, v, corr, share;

	snprintf(part, sizeof(part), "pool:%s", p->id);
	if (first)
		l_budget = add(s, part, p->budget, "pool budget",
			       "= line %d, the capitated budget", l_capitated);
	else
		l_budget = add(s, part, p->budget, "pool budget",
			       "the anticipated level: baseline uplifted by "
			       "the agreed adjustments, less the planned MCP "
			       "impact (the commissioner's part of the line)");
	l_actual = add(s, part, p->actual,
		       first ? "actual spend in scope (open book)"
			     : "actual spend (ledger)",
		       first ? "the registered population's open-book cost of "
			       "the services in scope"
			     : "the commissioner's ledger for the year (its "
			       "part of the line)");
	total = p->actual;
	l_total = l_actual;
	if (first) {
		total += in->out_of_area;
		l_total = add(s, part, total, "total actual spend",
			      "= line %d + line %d (out-of-area charges)",
			      l_actual, l_oa);
	}
	v = p->budget - total;
	*l_variance = add(s, part, v, "variance (positive: a saving)",
			  "= line %d - line %d", l_budget, l_total);
	corr = times(p->budget, t->corridor);
	l_corr = add(s, part, corr, "corridor",
		     "%.4g%% x line %d: nothing shared while |variance| <= it",
		     t->corridor * 100, l_budget);
	if (v > corr) {
		share = min_p(times(v, t->gain_share),
			      times(p->budget, t->gain_cap));
		l_share = add(s, part, share, "provider's share of the saving",
			      "min(%.4g%% x line %d, cap %.4g%% x line %d)",
			      t->gain_share * 100, *l_variance,
			      t->gain_cap * 100, l_budget);
	} else if (-v > corr) {
		share = -min_p(times(-v, t->loss_share),
			       times(p->budget, t->loss_cap));
		if (t->loss_share > 0)
			l_share = add(s, part, share,
				      "provider's share of the loss",
				      "-min(%.4g%% x |line %d|, cap %.4g%% x "
				      "line %d)",
				      t->loss_share * 100, *l_variance,
				      t->loss_cap * 100, l_budget);
		else
			l_share = add(s, part, share,
				      "provider's share of the loss",
				      "upside only this year: the commissioner "
				      "meets the whole of line %d",
				      *l_variance);
	} else {
		share = 0;
		l_share = add(s, part, 0, "provider's share",
			      "|line %d| <= line %d: inside the corridor, "
			      "nothing shared",
			      *l_variance, l_corr);
	}
	if (t->quality_gate && share > 0) {
		double ach = in->pot > 0 ? (double)in->earned / (double)in->pot
					 : 1;
		ob_pence gated = times(share, ach);
		add(s, part, gated - share, "quality gate",
		    "line %d x outcome achievement %.4f (line %d / line %d) "
		    "- line %d",
		    l_share, ach, l_earned, l_pot, l_share);
		share = gated;
		l_share = add(s, part, share, "provider's share after the gate",
			      "= line %d + line %d", l_share, l_share + 1);
	}
	*l_provider = l_share;
	*l_commissioner = add(s, part, v - share, "commissioner's share",
			      "= line %d - line %d", *l_variance, l_share);
	*variance = v;
	*provider = share;
}

enum ob_status ob_settle_statement(const struct ob_settle_inputs *in,
				   struct ob_statement *s,
				   struct ob_error *err)
{
	const struct ob_settle_terms *t = &in->terms;
	int l_cb, l_ts, l_cap, l_pot, l_earned, l_sanc, l_inc, l_oa;
	int l_var[OB_SETTLE_MAX_POOLS], l_prov[OB_SETTLE_MAX_POOLS],
	    l_comm[OB_SETTLE_MAX_POOLS];
	ob_pence var[OB_SETTLE_MAX_POOLS], prov[OB_SETTLE_MAX_POOLS];
	ob_pence comm_total = 0, prov_total = 0, excess;
	int l_ctot, l_target, l_excess, l_net;
	char how[200];
	size_t len;

	memset(s, 0, sizeof(*s));
	s->in = *in;
	if (!in->n_pools || in->n_pools > OB_SETTLE_MAX_POOLS)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "a settlement needs 1 to %d pools, the first "
				    "the MCP budget's",
				    OB_SETTLE_MAX_POOLS);
	if (!valid_share(t->corridor) || !valid_share(t->gain_share) ||
	    !valid_share(t->loss_share) || !valid_share(t->gain_cap) ||
	    !valid_share(t->loss_cap) || t->surplus_target < 0)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "risk-share terms out of range (shares, caps "
				    "and corridor from 0 to 1, a surplus target "
				    ">= 0)");

	/* The budget. */
	l_cb = add(s, "budget", in->contract_budget, "contract budget",
		   "onebudget budget: the bridge's contract budget");
	l_ts = add(s, "budget", -in->top_slices, "top-slices",
		   "held back for shared investments");
	l_cap = add(s, "budget", in->contract_budget - in->top_slices,
		    "capitated budget", "= line %d + line %d", l_cb, l_ts);
	/* Incentives. */
	l_pot = add(s, "incentives", in->pot, "incentive pot",
		    "the contract's pot share x line %d", l_cb);
	l_earned = add(s, "incentives", in->earned, "incentives earned",
		       "the outcomes on their frozen reward curves "
		       "(onebudget incentives)");
	l_sanc = add(s, "incentives", -in->sanctions,
		     "national-standard sanctions",
		     "breaches of the national standards");
	l_inc = add(s, "incentives", in->earned - in->sanctions,
		    "net incentive payment", "= line %d + line %d", l_earned,
		    l_sanc);
	/* Out-of-area care. */
	l_oa = add(s, "out of area", in->out_of_area,
		   "out-of-area charges",
		   "events priced at national tariff x MFF or a local "
		   "price: %ld; unpriced exceptions, costed at zero and "
		   "listed: %ld",
		   in->out_of_area_events, in->out_of_area_exceptions);
	/* The pools; the first is the MCP's capitated budget. */
	s->in.pools[0].budget = in->contract_budget - in->top_slices;
	for (size_t i = 0; i < in->n_pools; i++) {
		pool_lines(s, &s->in.pools[i], i == 0, l_cap, l_oa, l_pot,
			   l_earned, &var[i], &prov[i], &l_var[i], &l_prov[i],
			   &l_comm[i]);
		comm_total += var[i] - prov[i];
		prov_total += prov[i];
	}
	/* The commissioner's gain, capped at its surplus target. */
	len = 0;
	how[0] = '\0';
	for (size_t i = 0; i < in->n_pools; i++)
		len += (size_t)snprintf(how + len,
					len < sizeof(how) ? sizeof(how) - len
							  : 0,
					"%sline %d", i ? " + " : "= ", l_comm[i]);
	l_ctot = add(s, "commissioner", comm_total,
		     "commissioner's gain across the pools", "%s", how);
	l_target = add(s, "commissioner", t->surplus_target, "surplus target",
		       "the contract: surpluses cannot be carried over");
	excess = comm_total > t->surplus_target
			 ? comm_total - t->surplus_target
			 : 0;
	l_excess = add(s, "commissioner", excess, "gain above the target",
		       "max(0, line %d - line %d), to %s", l_ctot, l_target,
		       t->excess_to_provider ? "the provider"
					     : "the reinvestment fund");
	add(s, "commissioner", comm_total - excess,
	    "commissioner's gain after the cap", "= line %d - line %d",
	    l_ctot, l_excess);
	if (!t->excess_to_provider)
		s->reinvestment = excess;
	/* The MCP's result and the year-end payment.  The MCP kept the first
	 * pool's variance during the year: the payment turns it into the
	 * MCP's share. */
	s->provider_total = prov_total + (in->earned - in->sanctions) +
			    (t->excess_to_provider ? excess : 0);
	s->commissioner_total = comm_total - excess;
	s->payment = prov[0] - var[0] + (in->earned - in->sanctions) +
		     (t->excess_to_provider ? excess : 0);
	for (size_t i = 1; i < in->n_pools; i++)
		s->payment += prov[i];
	len = 0;
	for (size_t i = 0; i < in->n_pools; i++)
		len += (size_t)snprintf(how + len,
					len < sizeof(how) ? sizeof(how) - len
							  : 0,
					"%sline %d", i ? " + " : "= ", l_prov[i]);
	len += (size_t)snprintf(how + len,
				len < sizeof(how) ? sizeof(how) - len : 0,
				" + line %d", l_inc);
	if (t->excess_to_provider)
		snprintf(how + len, len < sizeof(how) ? sizeof(how) - len : 0,
			 " + line %d", l_excess);
	l_net = add(s, "MCP", s->provider_total, "MCP net result", "%s", how);
	len = (size_t)snprintf(how, sizeof(how), "= line %d - line %d",
			       l_prov[0], l_var[0]);
	for (size_t i = 1; i < in->n_pools; i++)
		len += (size_t)snprintf(how + len,
					len < sizeof(how) ? sizeof(how) - len
							  : 0,
					" + line %d", l_prov[i]);
	len += (size_t)snprintf(how + len,
				len < sizeof(how) ? sizeof(how) - len : 0,
				" + line %d", l_inc);
	if (t->excess_to_provider)
		len += (size_t)snprintf(how + len,
					len < sizeof(how) ? sizeof(how) - len
							  : 0,
					" + line %d", l_excess);
	snprintf(how + len, len < sizeof(how) ? sizeof(how) - len : 0,
		 " (the MCP already holds line %d; negative: it pays back)",
		 l_var[0]);
	add(s, "MCP", s->payment, "year-end payment, commissioner to MCP",
	    "%s", how);
	if (s->reinvestment)
		add(s, "commissioner", s->reinvestment,
		    "to the reinvestment fund", "= line %d", l_excess);
	/* The alliance split of the MCP's result. */
	if (in->n_members) {
		ob_pence parts[OB_SETTLE_MAX_MEMBERS];
		double w[OB_SETTLE_MAX_MEMBERS];
		enum ob_status st;
		for (size_t i = 0; i < in->n_members; i++)
			w[i] = in->split_by_value
				       ? (double)in->members[i].contract_value
				       : in->members[i].share;
		st = ob_allocate(s->provider_total, w, in->n_members, parts,
				 err);
		if (st)
			return st;
		for (size_t i = 0; i < in->n_members; i++) {
			char name[96];
			snprintf(name, sizeof(name), "alliance: %s",
				 in->members[i].name);
			if (in->split_by_value) {
				char v[24];
				ob_pence_format(in->members[i].contract_value, v);
				add(s, "alliance", parts[i], name,
				    "line %d pro rata to contract value %s, "
				    "largest remainder",
				    l_net, v);
			} else {
				add(s, "alliance", parts[i], name,
				    "line %d x %.6g, largest remainder", l_net,
				    in->members[i].share);
			}
		}
	}
	if (s->n >= OB_SETTLE_MAX_LINES)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "the statement has more than %d lines",
				    OB_SETTLE_MAX_LINES);
	return OB_OK;
}

/* ---- case files ------------------------------------------------------- */

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
			 e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static int money(const char *v, ob_pence *out)
{
	struct ob_error e;

	return ob_pence_parse(v, strlen(v), out, &e) == OB_OK;
}

static int number(const char *v, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(v, &end);
	return end != v && !*end && !errno && isfinite(*out);
}

/* Split "a, b, c" in place into at most n fields; returns the count. */
static size_t fields(char *v, char **f, size_t n)
{
	size_t k = 0;

	while (k < n) {
		char *comma = strchr(v, ',');
		if (comma)
			*comma = '\0';
		f[k++] = trim(v);
		if (!comma)
			break;
		v = comma + 1;
	}
	return k;
}

enum ob_status ob_settle_read_case(const char *path,
				   struct ob_settle_inputs *in,
				   struct ob_error *err)
{
	FILE *f = fopen(path, "r");
	char buf[1024];
	long line = 0;

	memset(in, 0, sizeof(*in));
	if (!f)
		return ob_error_set(err, OB_EIO, path, 0, 0, "cannot open: %s",
				    strerror(errno));
	snprintf(in->engine, sizeof(in->engine), "onebudget %s", OB_VERSION);
	snprintf(in->contract, sizeof(in->contract), "case %s", path);
	snprintf(in->extract, sizeof(in->extract), "(inputs of the case)");
	while (fgets(buf, sizeof(buf), f)) {
		char *eq, *k, *v, *fl[4];
		int ok = 1;
		double d;

		line++;
		k = trim(buf);
		if (!*k || *k == '#')
			continue;
		eq = strchr(k, '=');
		if (!eq) {
			fclose(f);
			return ob_error_set(err, OB_EPARSE, path, line, 0,
					    "expected key = value");
		}
		*eq = '\0';
		v = trim(eq + 1);
		k = trim(k);
		if (!strcmp(k, "year"))
			snprintf(in->year, sizeof(in->year), "%s", v);
		else if (!strcmp(k, "contract_budget"))
			ok = money(v, &in->contract_budget);
		else if (!strcmp(k, "top_slices"))
			ok = money(v, &in->top_slices);
		else if (!strcmp(k, "pot"))
			ok = money(v, &in->pot);
		else if (!strcmp(k, "earned"))
			ok = money(v, &in->earned);
		else if (!strcmp(k, "sanctions"))
			ok = money(v, &in->sanctions);
		else if (!strcmp(k, "out_of_area"))
			ok = money(v, &in->out_of_area);
		else if (!strcmp(k, "out_of_area_events"))
			ok = number(v, &d), in->out_of_area_events = (long)d;
		else if (!strcmp(k, "out_of_area_exceptions"))
			ok = number(v, &d), in->out_of_area_exceptions = (long)d;
		else if (!strcmp(k, "corridor"))
			ok = number(v, &in->terms.corridor);
		else if (!strcmp(k, "gain_share"))
			ok = number(v, &in->terms.gain_share);
		else if (!strcmp(k, "loss_share"))
			ok = number(v, &in->terms.loss_share);
		else if (!strcmp(k, "gain_cap"))
			ok = number(v, &in->terms.gain_cap);
		else if (!strcmp(k, "loss_cap"))
			ok = number(v, &in->terms.loss_cap);
		else if (!strcmp(k, "surplus_target"))
			ok = money(v, &in->terms.surplus_target);
		else if (!strcmp(k, "excess_to"))
			ok = !strcmp(v, "provider")       ? (in->terms.excess_to_provider = 1)
			     : !strcmp(v, "reinvestment") ? (in->terms.excess_to_provider = 0, 1)
							  : 0;
		else if (!strcmp(k, "quality_gate"))
			ok = !strcmp(v, "yes")  ? (in->terms.quality_gate = 1)
			     : !strcmp(v, "no") ? (in->terms.quality_gate = 0, 1)
						: 0;
		else if (!strcmp(k, "split"))
			ok = !strcmp(v, "contract_value") ? (in->split_by_value = 1)
			     : !strcmp(v, "fixed")        ? (in->split_by_value = 0, 1)
							  : 0;
		else if (!strcmp(k, "pool")) {
			struct ob_settle_pool *p = &in->pools[in->n_pools];
			ok = in->n_pools < OB_SETTLE_MAX_POOLS &&
			     fields(v, fl, 4) == 4 && money(fl[2], &p->budget) &&
			     money(fl[3], &p->actual);
			if (ok) {
				snprintf(p->id, sizeof(p->id), "%s", fl[0]);
				snprintf(p->name, sizeof(p->name), "%s", fl[1]);
				in->n_pools++;
			}
		} else if (!strcmp(k, "member")) {
			struct ob_settle_member *m = &in->members[in->n_members];
			ok = in->n_members < OB_SETTLE_MAX_MEMBERS &&
			     fields(v, fl, 3) == 3;
			if (ok) {
				snprintf(m->id, sizeof(m->id), "%s", fl[0]);
				snprintf(m->name, sizeof(m->name), "%s", fl[1]);
				ok = in->split_by_value
					     ? money(fl[2], &m->contract_value)
					     : number(fl[2], &m->share);
				in->n_members += (size_t)ok;
			}
		} else {
			fclose(f);
			return ob_error_set(err, OB_EPARSE, path, line, 0,
					    "unknown key '%.40s'", k);
		}
		if (!ok) {
			fclose(f);
			return ob_error_set(err, OB_EPARSE, path, line, 0,
					    "bad value for '%.40s': '%.60s' "
					    "(money is pounds with up to two "
					    "decimals, shares are fractions; "
					    "see docs/settlement.md)",
					    k, v);
		}
	}
	fclose(f);
	if (!in->n_pools)
		return ob_error_set(err, OB_EPARSE, path, 0, 0,
				    "no pool: give at least `pool = mcp_budget, "
				    "The MCP budget, 0, ACTUAL` (its budget is "
				    "the capitated budget)");
	return OB_OK;
}

/* ---- output ------------------------------------------------------------ */

static void csv_text(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

enum ob_status ob_statement_write(const struct ob_statement *s, int format,
				  FILE *out, struct ob_error *err)
{
	char m[32];

	if (format == 1) {
		fputs("no,part,line,amount,how\n", out);
		for (size_t i = 0; i < s->n; i++) {
			const struct ob_settle_line *l = &s->lines[i];
			ob_pence_format(l->amount, m);
			fprintf(out, "%d,%s,", l->no, l->part);
			csv_text(out, l->name);
			fprintf(out, ",%s,", m);
			csv_text(out, l->how);
			fputc('\n', out);
		}
	} else if (format == 2) {
		fputs("{\"year\": ", out);
		ob_json_string(out, s->in.year);
		fputs(", \"contract\": ", out);
		ob_json_string(out, s->in.contract);
		fputs(", \"extract\": ", out);
		ob_json_string(out, s->in.extract);
		fputs(", \"engine\": ", out);
		ob_json_string(out, s->in.engine);
		fputs(", \"lines\": [", out);
		for (size_t i = 0; i < s->n; i++) {
			const struct ob_settle_line *l = &s->lines[i];
			ob_pence_format(l->amount, m);
			fprintf(out, "%s\n  {\"no\": %d, \"part\": ",
				i ? "," : "", l->no);
			ob_json_string(out, l->part);
			fputs(", \"line\": ", out);
			ob_json_string(out, l->name);
			fprintf(out, ", \"amount\": %s, \"how\": ", m);
			ob_json_string(out, l->how);
			fputc('}', out);
		}
		ob_pence_format(s->payment, m);
		fprintf(out, "],\n \"payment_to_mcp\": %s", m);
		ob_pence_format(s->provider_total, m);
		fprintf(out, ", \"mcp_net_result\": %s", m);
		ob_pence_format(s->commissioner_total, m);
		fprintf(out, ", \"commissioner_net_gain\": %s}\n", m);
	} else {
		fprintf(out, "settlement %s\ncontract: %s\nextract: %s\n"
			     "engine: %s\n\n",
			s->in.year, s->in.contract, s->in.extract, s->in.engine);
		for (size_t i = 0; i < s->n; i++) {
			const struct ob_settle_line *l = &s->lines[i];
			ob_pence_format_grouped(l->amount, m);
			fprintf(out, "%3d  %-16.16s %-40.40s %18s  %s\n", l->no,
				l->part, l->name, m, l->how);
		}
	}
	if (ferror(out))
		return ob_error_set(err, OB_EIO, NULL, 0, 0, "write failed");
	return OB_OK;
}
