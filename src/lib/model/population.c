/*
 * population.c - population summaries from person-years; see population.h.
 */
#include <stdlib.h>
#include <string.h>

#include "onebudget/buf.h"
#include "onebudget/csv.h"
#include "onebudget/hashmap.h"
#include "onebudget/json.h"
#include "onebudget/population.h"

const char *ob_pop_age_band_name(int band)
{
	static const char *const names[OB_POP_AGE_BANDS] = {
		"0-17", "18-44", "45-64", "65-74", "75-84", "85+"
	};
	return band >= 0 && band < OB_POP_AGE_BANDS ? names[band] : "?";
}

static int age_band(int age)
{
	return age < 18 ? 0 : age < 45 ? 1 : age < 65 ? 2 : age < 75 ? 3
		: age < 85 ? 4 : 5;
}

/* The group name of a person-year, or NULL when it has none. */
/* Names are the dataset's strings or static ones, so they can key the
 * group index directly. */
static const char *group_name(const struct ob_dataset *ds,
			      const struct ob_person_year *y,
			      enum ob_pop_basis basis, enum ob_pop_by by)
{
	switch (by) {
	case OB_BY_MCP:
		return basis == OB_BASIS_REGISTERED ? "MCP registered"
						    : "MCP resident";
	case OB_BY_PRACTICE:
		return y->practice >= 0 ? ds->practice_code[y->practice]
					: "(not registered)";
	case OB_BY_PCH:
		return y->pch >= 0 ? ds->pch_code[y->pch] : "(outside the MCP)";
	case OB_BY_LOCALITY:
		if (basis == OB_BASIS_RESIDENT)
			return ob_locality_name(
				y->area >= 0 ? ds->area_locality[y->area]
					     : OB_LOC_NONE);
		return ob_locality_name(y->locality);
	case OB_BY_LSOA:
		return y->area >= 0 ? ds->lsoa_code[y->area] : "(unknown)";
	case OB_BY_SEGMENT:
		return ob_segment_code(y->segment ? y->segment
						  : OB_SEG_HEALTHY);
	case OB_BY_IMD: {
		static const char *const deciles[11] = {
			"(unknown)",  "decile 01", "decile 02", "decile 03",
			"decile 04",  "decile 05", "decile 06", "decile 07",
			"decile 08",  "decile 09", "decile 10",
		};
		return deciles[y->imd_decile <= 10 ? y->imd_decile : 0];
	}
	}
	return NULL;
}

static void add(struct ob_pop_group *g, const struct ob_person_year *y,
		double py)
{
	int seg = y->segment < OB_SEG_COUNT ? y->segment : 0;

	g->people++;
	g->person_years += py;
	g->male += y->sex == 1;
	g->female += y->sex == 2;
	g->age[age_band(y->age)]++;
	g->segment_py[seg] += py;
	g->segment_cost[seg] += y->cost_total;
	g->cost += y->cost_total;
	if (y->age >= 65) {
		g->older++;
		g->hfrs_band[y->hfrs_band < 3 ? y->hfrs_band : 2]++;
		if (y->efi_deficits >= 0)
			g->efi_band[y->efi_band < 4 ? y->efi_band : 3]++;
	}
}

static int by_group_name(const void *a, const void *b)
{
	return strcmp(((const struct ob_pop_group *)a)->name,
		      ((const struct ob_pop_group *)b)->name);
}

enum ob_status ob_pop_summarise(const struct ob_dataset *ds,
				const struct ob_person_years *py, ob_fy year,
				enum ob_pop_basis basis, enum ob_pop_by by,
				struct ob_pop_summary *out,
				struct ob_error *err)
{
	struct ob_strmap index;
	size_t cap = 0;

	memset(out, 0, sizeof(*out));
	out->year = year;
	out->basis = basis;
	out->by = by;
	snprintf(out->total.name, sizeof(out->total.name), "total");
	ob_strmap_init(&index);
	for (size_t i = 0; i < py->n; i++) {
		const struct ob_person_year *y = &py->rows[i];
		int registered = y->mcp_days > 0, resident = y->resident_days > 0;
		double days = basis == OB_BASIS_REGISTERED ? y->mcp_days
							   : y->resident_days;
		const char *name;
		uint32_t g;

		if (y->year != year)
			continue;
		if (registered && resident)
			out->both++;
		else if (registered)
			out->registered_only++;
		else if (resident && y->exposure_days)
			out->resident_other_ccg++;
		else if (resident)
			out->resident_unregistered++;
		if (days <= 0)
			continue;
		name = group_name(ds, y, basis, by);
		if (!ob_strmap_get(&index, name, strlen(name), &g)) {
			struct ob_pop_group *ng;
			if (out->ngroups == cap) {
				cap = cap ? cap * 2 : 64;
				ng = realloc(out->groups, cap * sizeof(*ng));
				if (!ng)
					goto oom;
				out->groups = ng;
			}
			g = (uint32_t)out->ngroups++;
			memset(&out->groups[g], 0, sizeof(out->groups[g]));
			snprintf(out->groups[g].name,
				 sizeof(out->groups[g].name), "%s", name);
			if (ob_strmap_put(&index, name, strlen(name), g,
					  NULL) == OB_ENOMEM)
				goto oom;
		}
		add(&out->groups[g], y, days / y->days_in_year);
		add(&out->total, y, days / y->days_in_year);
	}
	ob_strmap_release(&index);
	if (out->ngroups)
		qsort(out->groups, out->ngroups, sizeof(*out->groups),
		      by_group_name);
	return OB_OK;
oom:
	ob_strmap_release(&index);
	ob_pop_summary_release(out);
	return ob_error_set(err, OB_ENOMEM, NULL, 0, 0, "out of memory");
}

void ob_pop_summary_release(struct ob_pop_summary *s)
{
	free(s->groups);
	s->groups = NULL;
	s->ngroups = 0;
}

static const char *basis_name(enum ob_pop_basis b)
{
	return b == OB_BASIS_REGISTERED ? "registered" : "resident";
}

static void write_table(const struct ob_pop_summary *s, FILE *out)
{
	char fy[8], money[24];

	ob_fy_format(s->year, fy);
	fprintf(out, "%s population, %s (person-years are exposure: days in "
		     "the population / days in the year)\n\n",
		basis_name(s->basis), fy);
	fprintf(out, "%-20s %9s %11s %7s", "group", "people", "person-yrs",
		"female");
	for (int a = 0; a < OB_POP_AGE_BANDS; a++)
		fprintf(out, " %7s", ob_pop_age_band_name(a));
	fprintf(out, " %12s %9s\n", "cost (GBP)", "per p-yr");
	for (size_t i = 0; i <= s->ngroups; i++) {
		const struct ob_pop_group *g =
			i < s->ngroups ? &s->groups[i] : &s->total;
		fprintf(out, "%-20.20s %9ld %11.1f %6.1f%%", g->name, g->people,
			g->person_years,
			g->people ? 100.0 * (double)g->female / (double)g->people
				  : 0.0);
		for (int a = 0; a < OB_POP_AGE_BANDS; a++)
			fprintf(out, " %6.1f%%",
				g->people ? 100.0 * (double)g->age[a] /
						    (double)g->people
					  : 0.0);
		fprintf(out, " %12.0f %9.0f\n", (double)g->cost / 100.0,
			g->person_years > 0
				? (double)g->cost / 100.0 / g->person_years
				: 0.0);
	}
	fprintf(out, "\nsegment mix (share of person-years) and open-book cost "
		     "per segment, %s\n\n",
		fy);
	fprintf(out, "%-52s %11s %7s %14s %10s\n", "segment", "person-yrs",
		"share", "cost (GBP)", "per p-yr");
	for (int seg = 1; seg < OB_SEG_COUNT; seg++) {
		double pyr = s->total.segment_py[seg];
		ob_pence c = s->total.segment_cost[seg];
		ob_pence_format(c, money);
		fprintf(out, "%d %-50s %11.1f %6.1f%% %14.0f %10.0f\n", seg,
			ob_segment_label(seg), pyr,
			s->total.person_years > 0
				? 100.0 * pyr / s->total.person_years
				: 0.0,
			(double)c / 100.0, pyr > 0 ? (double)c / 100.0 / pyr : 0);
	}
	{
		const struct ob_pop_group *t = &s->total;
		long efi_known = t->efi_band[0] + t->efi_band[1] +
				 t->efi_band[2] + t->efi_band[3];
		fprintf(out, "\nfrailty of the %ld people aged 65+:\n", t->older);
		for (int b = 0; b < 3; b++)
			fprintf(out, "  HFRS %-13s %9ld %6.1f%%\n",
				ob_hfrs_band_name(b), t->hfrs_band[b],
				t->older ? 100.0 * (double)t->hfrs_band[b] /
						   (double)t->older
					 : 0.0);
		for (int b = 0; b < 4; b++)
			fprintf(out, "  eFI  %-13s %9ld %6.1f%%\n",
				ob_efi_band_name(b), t->efi_band[b],
				efi_known ? 100.0 * (double)t->efi_band[b] /
						    (double)efi_known
					  : 0.0);
		fprintf(out, "  (eFI among the %ld with primary-care codes)\n",
			efi_known);
	}
	fprintf(out,
		"\nregistered and resident bases, %s (people alive in the "
		"year):\n"
		"  registered with the MCP and resident in its areas  %9ld\n"
		"  registered with the MCP, living elsewhere          %9ld\n"
		"  resident, registered with a practice outside it    %9ld\n"
		"  resident, registered with no practice              %9ld\n"
		"(the resident basis counts people living in the MCP's areas "
		"who are\nregistered with any practice, or with none)\n",
		fy, s->both, s->registered_only, s->resident_other_ccg,
		s->resident_unregistered);
}

static void csv_row(FILE *out, const struct ob_pop_group *g)
{
	struct ob_buf b = OB_BUF_INIT;

	ob_csv_add_field(&b, g->name, strlen(g->name));
	fprintf(out, "%s,%ld,%.4f,%ld,%ld", b.data, g->people,
		g->person_years, g->male, g->female);
	for (int a = 0; a < OB_POP_AGE_BANDS; a++)
		fprintf(out, ",%ld", g->age[a]);
	for (int seg = 1; seg < OB_SEG_COUNT; seg++)
		fprintf(out, ",%.4f", g->segment_py[seg]);
	for (int seg = 1; seg < OB_SEG_COUNT; seg++) {
		char m[24];
		ob_pence_format(g->segment_cost[seg], m);
		fprintf(out, ",%s", m);
	}
	{
		char m[24];
		ob_pence_format(g->cost, m);
		fprintf(out, ",%s\n", m);
	}
	ob_buf_release(&b);
}

static void write_csv(const struct ob_pop_summary *s, FILE *out)
{
	fprintf(out, "group,people,person_years,male,female");
	for (int a = 0; a < OB_POP_AGE_BANDS; a++)
		fprintf(out, ",age_%s", ob_pop_age_band_name(a));
	for (int seg = 1; seg < OB_SEG_COUNT; seg++)
		fprintf(out, ",py_%s", ob_segment_code(seg));
	for (int seg = 1; seg < OB_SEG_COUNT; seg++)
		fprintf(out, ",cost_%s", ob_segment_code(seg));
	fprintf(out, ",cost\n");
	for (size_t i = 0; i < s->ngroups; i++)
		csv_row(out, &s->groups[i]);
	csv_row(out, &s->total);
}

static void json_group(FILE *out, const struct ob_pop_group *g)
{
	char m[24];

	fprintf(out, "{\"group\": ");
	ob_json_string(out, g->name);
	fprintf(out, ", \"people\": %ld, \"person_years\": %.4f, "
		     "\"male\": %ld, \"female\": %ld, \"age\": {",
		g->people, g->person_years, g->male, g->female);
	for (int a = 0; a < OB_POP_AGE_BANDS; a++)
		fprintf(out, "%s\"%s\": %ld", a ? ", " : "",
			ob_pop_age_band_name(a), g->age[a]);
	fprintf(out, "}, \"segments\": {");
	for (int seg = 1; seg < OB_SEG_COUNT; seg++) {
		ob_pence_format(g->segment_cost[seg], m);
		fprintf(out, "%s\"%s\": {\"person_years\": %.4f, \"cost\": %s}",
			seg > 1 ? ", " : "", ob_segment_code(seg),
			g->segment_py[seg], m);
	}
	ob_pence_format(g->cost, m);
	fprintf(out, "}, \"cost\": %s}", m);
}

static void write_json(const struct ob_pop_summary *s, FILE *out)
{
	char fy[8];

	ob_fy_format(s->year, fy);
	fprintf(out, "{\"year\": \"%s\", \"basis\": \"%s\", \"groups\": [",
		fy, basis_name(s->basis));
	for (size_t i = 0; i < s->ngroups; i++) {
		fputs(i ? ",\n  " : "\n  ", out);
		json_group(out, &s->groups[i]);
	}
	fprintf(out, "],\n \"total\": ");
	json_group(out, &s->total);
	fprintf(out,
		",\n \"overlap\": {\"registered_and_resident\": %ld, "
		"\"registered_only\": %ld, \"resident_registered_elsewhere\": "
		"%ld, \"resident_unregistered\": %ld}}\n",
		s->both, s->registered_only, s->resident_other_ccg,
		s->resident_unregistered);
}

enum ob_status ob_pop_write(const struct ob_pop_summary *s,
			    enum ob_pop_format f, FILE *out,
			    struct ob_error *err)
{
	switch (f) {
	case OB_FORMAT_TABLE:
		write_table(s, out);
		break;
	case OB_FORMAT_CSV:
		write_csv(s, out);
		break;
	case OB_FORMAT_JSON:
		write_json(s, out);
		break;
	}
	if (ferror(out))
		return ob_error_set(err, OB_EIO, NULL, 0, 0, "write failed");
	return OB_OK;
}
