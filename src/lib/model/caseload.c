/*
 * caseload.c - the frailty MDT caseload; see caseload.h for who is on it
 * and how it is ranked.
 */
#include <stdlib.h>
#include <string.h>

#include "onebudget/buf.h"
#include "onebudget/caseload.h"

static int by_risk(const void *a, const void *b)
{
	const struct ob_caseload_entry *x = a, *y = b;

	if (x->hfrs != y->hfrs)
		return x->hfrs > y->hfrs ? -1 : 1;
	if (x->emergency_admissions != y->emergency_admissions)
		return x->emergency_admissions > y->emergency_admissions ? -1
									 : 1;
	if (x->efi_deficits != y->efi_deficits)
		return x->efi_deficits > y->efi_deficits ? -1 : 1;
	return strcmp(x->pseudonym, y->pseudonym);
}

/* The HFRS categories behind a person's score, largest first: the same
 * look-back as the derivation (the year and the one before). */
static void hfrs_reasons(const struct ob_model *m, uint32_t p, ob_fy year,
			 struct ob_buf *b)
{
	const struct ob_dataset *ds = m->ds;
	ob_date lb = ob_fy_start(year - 1), y1 = ob_fy_end(year);
	struct {
		const char *code;
		double points;
	} top[8];
	int ntop = 0;
	uint64_t seen[4] = { 0 };

	for (uint32_t e = ds->act_start[p]; e < ds->act_start[p + 1]; e++) {
		if (ds->act_setting[e] != OB_SET_ADMITTED ||
		    ds->act_from[e] < lb || ds->act_from[e] > y1)
			continue;
		for (uint32_t k = ds->act_diag[e]; k < ds->act_diag[e + 1];
		     k++) {
			struct ob_code_props cp;
			const char *code = ds->code_text[ds->diag_code[k]];
			int h;
			ob_code_lookup(m->codelists, OB_CODE_ICD10, code,
				       strlen(code), &cp);
			h = cp.hfrs_category;
			if (h < 0 || h >= 256 || (seen[h >> 6] >> (h & 63)) & 1)
				continue;
			seen[h >> 6] |= (uint64_t)1 << (h & 63);
			if (ntop < 8) {
				top[ntop].code = ob_hfrs_category_code(
					m->codelists, (size_t)h);
				top[ntop].points = cp.hfrs_points;
				ntop++;
			}
		}
	}
	/* Largest contributions first (a handful: insertion sort). */
	for (int i = 1; i < ntop; i++)
		for (int j = i; j > 0 && top[j].points > top[j - 1].points; j--) {
			const char *c = top[j].code;
			double pt = top[j].points;
			top[j] = top[j - 1];
			top[j - 1].code = c;
			top[j - 1].points = pt;
		}
	for (int i = 0; i < ntop && i < 4; i++)
		ob_buf_addf(b, "%s%s %.1f", i ? ", " : " (", top[i].code,
			    top[i].points);
	if (ntop)
		ob_buf_addstr(b, ntop > 4 ? ", ...)" : ")");
}

enum ob_status ob_caseload(const struct ob_model *m, ob_fy year, int32_t pch,
			   struct ob_caseload_entry **out, size_t *n,
			   struct ob_error *err)
{
	const struct ob_dataset *ds = m->ds;
	struct ob_caseload_entry *v = NULL;
	struct ob_buf why = OB_BUF_INIT;
	size_t count = 0, cap = 0;

	for (size_t i = 0; i < m->py.n; i++) {
		const struct ob_person_year *y = &m->py.rows[i];
		struct ob_caseload_entry *c;
		int dementia, frail;

		if (y->year != year || y->pch != pch || !y->alive_at_end ||
		    y->age < 65)
			continue;
		dementia = (y->conditions >> OB_COND_DEMENTIA) & 1;
		frail = y->hfrs >= 5.0 || y->efi_band >= OB_EFI_MODERATE ||
			dementia || y->in_care_home;
		if (!frail)
			continue;
		if (count == cap) {
			size_t ncap = cap ? cap * 2 : 256;
			struct ob_caseload_entry *nv =
				realloc(v, ncap * sizeof(*nv));
			if (!nv) {
				free(v);
				ob_buf_release(&why);
				return ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
						    "out of memory");
			}
			v = nv;
			cap = ncap;
		}
		c = &v[count++];
		memset(c, 0, sizeof(*c));
		c->person = y->person;
		c->pseudonym = ds->pseudonym[y->person];
		c->practice = y->practice >= 0 ? ds->practice_code[y->practice]
					       : "-";
		c->age = y->age;
		c->sex = y->sex;
		c->hfrs = y->hfrs;
		c->efi_deficits = y->efi_deficits;
		c->emergency_admissions = y->emergency_admissions;
		c->bed_days = y->bed_days;
		c->lives_alone = y->lives_alone == 1;
		c->dementia = dementia;
		c->in_care_home = y->in_care_home;

		ob_buf_reset(&why);
		ob_buf_addf(&why, "HFRS %.1f %s", y->hfrs,
			    ob_hfrs_band_name(ob_hfrs_band_of(y->hfrs)));
		hfrs_reasons(m, y->person, year, &why);
		if (y->efi_deficits >= 0)
			ob_buf_addf(&why, "; eFI %.2f %s",
				    y->efi_deficits / 36.0,
				    ob_efi_band_name(y->efi_band));
		if (y->emergency_admissions)
			ob_buf_addf(&why, "; %d emergency admission%s, %d bed "
					  "days",
				    y->emergency_admissions,
				    y->emergency_admissions > 1 ? "s" : "",
				    y->bed_days);
		if (dementia)
			ob_buf_addstr(&why, "; dementia");
		if (c->lives_alone)
			ob_buf_addstr(&why, "; lives alone");
		if (y->in_care_home)
			ob_buf_addstr(&why, "; care home");
		snprintf(c->reasons, sizeof(c->reasons), "%s", why.data);
	}
	ob_buf_release(&why);
	if (count)
		qsort(v, count, sizeof(*v), by_risk);
	*out = v;
	*n = count;
	return OB_OK;
}
