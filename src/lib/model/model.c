/*
 * model.c - load, then derive; see model.h.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "onebudget/model.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

enum ob_status ob_model_open(struct ob_workspace *ws, long extract_id,
			     ob_fy first, ob_fy last, struct ob_model *m,
			     struct ob_error *err)
{
	struct ob_derive_options o;
	enum ob_status st;
	double t0 = now();

	memset(m, 0, sizeof(*m));
	st = ob_dataset_load(ws, extract_id, &m->ds, err);
	if (!st)
		st = ob_codelists_load(&m->codelists, err);
	if (!st)
		st = ob_segment_rules_parse(&m->segments, NULL, 0, NULL, err);
	if (!st)
		st = ob_acsc_load(&m->acsc, err);
	m->seconds_load = now() - t0;
	if (st) {
		ob_model_close(m);
		return st;
	}
	t0 = now();
	ob_derive_options_init(&o);
	o.first_year = first;
	o.last_year = last;
	o.codelists = m->codelists;
	o.segments = m->segments;
	o.acsc = m->acsc;
	st = ob_derive(m->ds, &o, &m->py, err);
	m->seconds_derive = now() - t0;
	if (st)
		ob_model_close(m);
	return st;
}

void ob_model_close(struct ob_model *m)
{
	ob_person_years_release(&m->py);
	ob_segment_rules_free(m->segments);
	ob_acsc_free(m->acsc);
	ob_codelists_free(m->codelists);
	ob_dataset_free(m->ds);
	memset(m, 0, sizeof(*m));
}

int32_t *ob_model_year_rows(const struct ob_model *m, ob_fy year)
{
	int32_t *row = malloc((m->ds->npersons ? m->ds->npersons : 1) *
			      sizeof(*row));

	if (!row)
		return NULL;
	for (size_t p = 0; p < m->ds->npersons; p++)
		row[p] = -1;
	for (size_t i = 0; i < m->py.n; i++)
		if (m->py.rows[i].year == year)
			row[m->py.rows[i].person] = (int32_t)i;
	return row;
}
