/*
 * tariff.h - out-of-area care priced at national tariff (docs/tariff.md).
 *
 * Care for people registered with the MCP that is delivered by a provider
 * outside the local system is charged to the MCP at national tariff: the
 * HRG price of the point of delivery, plus long-stay payments for the
 * excess bed days beyond the trim point, times the provider's market
 * forces factor (NHS National Tariff Payment System) - or at a price
 * agreed locally.  An event that cannot be priced is an exception with a
 * reason, costed at zero and counted, never a silent zero.
 *
 * ob_tariff_load() reads the tariff and MFF tables of one extract into
 * hash maps once; ob_price_out_of_area() then prices a year in one pass
 * over the dataset's activity arrays, with no allocation per event beyond
 * the growing result array.
 */
#ifndef ONEBUDGET_TARIFF_H
#define ONEBUDGET_TARIFF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "onebudget/dataset.h"
#include "onebudget/date.h"
#include "onebudget/error.h"
#include "onebudget/model.h"
#include "onebudget/money.h"
#include "onebudget/workspace.h"

/* ---- the national tariff and MFF of one extract ------------------------ */

/* Opaque: the prices (tariff.csv) and market forces factors (mff.csv) of
 * one extract, indexed by (year, HRG, point of delivery) and (year,
 * provider). */
struct ob_tariff;

/*
 * Load the tariff and MFF rows of extract `extract_id` (0: the latest; as
 * a rule the model's, m->ds->extract_id) into `*out`; free it with
 * ob_tariff_free().  An extract without tariff.csv or mff.csv loads as an
 * empty tariff (every event then is an exception).  OB_ENOTFOUND when the
 * extract does not exist, OB_EDB or OB_ENOMEM otherwise.
 */
enum ob_status ob_tariff_load(struct ob_workspace *ws, long extract_id,
			      struct ob_tariff **out, struct ob_error *err);
void ob_tariff_free(struct ob_tariff *t);

/* The extract the tariff was loaded from. */
long ob_tariff_extract(const struct ob_tariff *t);

/* 1 when the tariff has at least one price for `year`, else 0. */
int ob_tariff_has_year(const struct ob_tariff *t, ob_fy year);

/*
 * Look up the price of (`hrg`, `pod`) in `year`: 1 and the price before
 * MFF, the trim point in days (-1 when not given) and the excess bed-day
 * price (-1 when not given), or 0 when there is no such row.  Any of the
 * out pointers may be NULL.
 */
int ob_tariff_price(const struct ob_tariff *t, ob_fy year, const char *hrg,
		    const char *pod, ob_pence *price, int *trim_days,
		    ob_pence *excess_bed_day);

/* The market forces factor of `provider` in `year`: 1 and *mff, or 0. */
int ob_tariff_mff(const struct ob_tariff *t, ob_fy year, const char *provider,
		  double *mff);

/* ---- pricing a year ---------------------------------------------------- */

/*
 * A locally agreed price, per event.  It matches an event when `provider`
 * is the event's provider (NULL: any provider), `hrg` is the event's HRG
 * (NULL or "": the event has no HRG) and `pod` is the event's point of
 * delivery (NULL or "": a setting with no tariff point of delivery, e.g.
 * community).  NULL means "any" only for the provider.  `price` >= 0.
 */
struct ob_tariff_local_price {
	const char *provider;
	const char *hrg;
	const char *pod; /* "EL", "NEL", "OP", "AE", or NULL */
	ob_pence price;
};

/* The reasons an event is left unpriced (the `exception` texts, in the
 * order they are checked; docs/tariff.md says what to do about each). */
extern const char ob_ooa_no_pod[];	   /* setting has no tariff POD */
extern const char ob_ooa_no_tariff_year[]; /* no prices for the year */
extern const char ob_ooa_no_hrg[];	   /* the event has no HRG */
extern const char ob_ooa_not_in_tariff[];  /* (HRG, POD) has no price */
extern const char ob_ooa_open_spell[];	   /* admitted, not discharged */
extern const char ob_ooa_no_mff[];	   /* provider has no MFF */

/*
 * One out-of-area event and its price.  Strings are borrowed: `provider`
 * and `hrg` from the model's dataset (valid while the model is open),
 * `pod` and `exception` are static text.
 *
 * National tariff: base = HRG price; for spells (EL, NEL) whose tariff row
 * has both a trim point and an excess bed-day price, excess_days =
 * max(0, los - trim_days) and excess = excess_days x excess bed-day price;
 * price = (base + excess) x mff, rounded half away from zero to the penny.
 * Local price: base = price = the local price, excess 0, mff 1, local 1.
 * Exception: price 0 and the reason; base, trim_days and excess are filled
 * as far as they were found, mff is 0.
 */
struct ob_priced_event {
	uint32_t event;	      /* index into the dataset's activity arrays */
	uint32_t person;      /* dataset person index */
	const char *provider; /* provider ODS code */
	const char *hrg;      /* NULL when the event has none */
	const char *pod;      /* "EL", "NEL", "OP", "AE", or NULL for a
			       * setting with no tariff point of delivery */
	ob_date start, end;   /* end OB_DATE_NONE when not given / open */
	int los;	      /* length of stay in days (end - start) of a
			       * discharged admitted spell, 0 otherwise */
	int trim_days;	      /* -1 unknown */
	int excess_days;
	ob_pence base;	       /* HRG price (or local price) */
	ob_pence excess;       /* excess_days x excess bed-day price */
	double mff;	       /* 1 for a local price, 0 for an exception */
	ob_pence price;	       /* round((base + excess) x mff), or the local
				* price; 0 for an exception */
	int local;	       /* priced at a local price */
	const char *exception; /* NULL, or why it is unpriced (ob_ooa_...) */
};

struct ob_out_of_area_result {
	ob_fy year;
	struct ob_priced_event *events; /* in dataset order (person, date) */
	size_t n;			/* n = n_priced + n_exceptions */
	ob_pence total;			/* sum of prices */
	size_t n_priced;		/* at tariff or at a local price */
	size_t n_local;			/* of which at a local price */
	size_t n_exceptions;
	ob_pence exceptions_cost; /* always 0: exceptions are costed at
				   * zero and labelled */
};

/*
 * Price the out-of-area activity of financial year `year`: every event
 * that starts in the year (1 April - 31 March), at a provider outside the
 * local system (providers.csv in_system = N, or one of the `noutside`
 * codes in `outside`; codes not in the dataset are ignored), of a person
 * registered with an MCP practice (one with a primary care home) on the
 * event's start date.  Local prices are tried first, in order: the first
 * one matching (provider, hrg, pod), then the first matching (any
 * provider, hrg, pod); otherwise the national tariff of the year applies.
 *
 * `out` is filled (release it with ob_out_of_area_release(), also after
 * an error).  OB_EINVAL for a bad local price (unknown point of delivery,
 * negative price) or year; OB_ENOMEM.  The tariff may come from another
 * extract than the model's (a newer tariff file).
 */
enum ob_status
ob_price_out_of_area(const struct ob_tariff *t, const struct ob_model *m,
		     ob_fy year, const struct ob_tariff_local_price *local,
		     size_t nlocal, const char *const *outside, size_t noutside,
		     struct ob_out_of_area_result *out, struct ob_error *err);
void ob_out_of_area_release(struct ob_out_of_area_result *r);

/*
 * Write one CSV row per event, in order, with the header
 *   year,event,person,provider,setting,pod,hrg,start_date,end_date,los,
 *   trim_days,excess_days,base,excess,mff,price,local,exception
 * Money in pounds with pence; `person` is the pseudonymous dataset person
 * index, never an NHS number or pseudonym; trim_days empty when unknown;
 * local Y or N.  `ds` is the dataset the result was computed from.
 * OB_EIO when a write fails, OB_ENOMEM.
 */
enum ob_status ob_out_of_area_write_csv(const struct ob_out_of_area_result *r,
					const struct ob_dataset *ds, FILE *out,
					struct ob_error *err);

#endif
