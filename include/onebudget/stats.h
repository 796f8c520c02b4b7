/*
 * stats.h - the public-health statistical methods: Poisson, binomial and
 * Student t confidence limits, crude and directly standardised rates,
 * proportions, means, indirectly standardised ratios, the slope index of
 * inequality, abridged life tables, funnel-plot limits and XmR charts.
 *
 * Every method follows ../shared/reference/statistical_methods.md, which
 * restates the OHID/UKHSA PHEindicatormethods (v2.1.0) and NHS Digital CCG
 * OIS 2.6 definitions; docs/statistics.md gives each formula with its
 * source.  Results are meant to agree with those tools to about 1e-12
 * relative (the unit tests hold them to 1e-9).
 *
 * Conventions:
 *   - A confidence level is a fraction in (0, 1): 0.95, 0.998.  The normal
 *     deviate for a level c is z = Phi^-1(c + (1 - c) / 2) (PHE).
 *   - Counts are doubles holding whole numbers (events, deaths); they must
 *     be finite and >= 0.  Populations are person counts or person-years.
 *   - `multiplier` scales a value and its limits: 100000 for a rate per
 *     100,000, 100 for a percentage, 1 for a ratio.
 *   - A method that the standard practice does not publish for the input
 *     (a DSR on fewer than 10 events, say) returns OB_OK with `value` and
 *     every limit NAN and `note` saying why.  Invalid input (a negative
 *     count, a zero population, more events than people for a proportion)
 *     is OB_EINVAL with a message naming the field.
 *   - Per-unit functions allocate nothing and are thread-safe.
 *
 * Nothing here prints or exits.
 */
#ifndef ONEBUDGET_STATS_H
#define ONEBUDGET_STATS_H

#include <stddef.h>

#include "onebudget/error.h"

/* ---- distributions (normal.c, gamma.c, beta.c) ---------------------- */

/* Standard normal distribution function Phi(x); relative error ~1e-15. */
double ob_norm_cdf(double x);
/* Phi^-1(p) for 0 < p < 1 (Wichura 1988, AS 241 PPND16, ~1e-16);
 * -INFINITY at 0, INFINITY at 1, NAN outside [0, 1]. */
double ob_norm_quantile(double p);
/* z = Phi^-1(level + (1 - level) / 2): 1.959964 for 0.95, 3.090232 for
 * 0.998.  NAN unless 0 < level < 1. */
double ob_conf_z(double level);

/* Regularised incomplete gamma functions P(a, x) and Q(a, x) = 1 - P,
 * a > 0, x >= 0; each computed directly so a small tail keeps full
 * relative precision. */
double ob_gamma_p(double a, double x);
double ob_gamma_q(double a, double x);
/* x with P(a, x) = p (lower = 1) or Q(a, x) = p (lower = 0): the quantile
 * of a gamma distribution with shape a and scale 1.  Passing the small
 * tail keeps precision for levels near 1. */
double ob_gamma_quantile(double p, double a, int lower);
/* Quantile of the chi-square distribution with df > 0 degrees of freedom
 * (lower tail p): 2 * ob_gamma_quantile(p, df / 2, 1). */
double ob_chisq_quantile(double p, double df);

/* Regularised incomplete beta function I_x(a, b), a, b > 0, 0 <= x <= 1. */
double ob_beta_inc(double a, double b, double x);
/* Student t distribution function and quantile with df > 0 degrees of
 * freedom (df need not be whole). */
double ob_t_cdf(double t, double df);
double ob_t_quantile(double p, double df);

/* P(X <= k) for X ~ Poisson(mean) and X ~ Binomial(n, prob); k, n whole. */
double ob_poisson_cdf(double k, double mean);
double ob_binom_cdf(double k, double n, double prob);

/* ---- confidence levels and results ------------------------------------ */

#define OB_STATS_LEVELS_MAX 4

/* The confidence levels to report, in order (e.g. {2, {0.95, 0.998}}). */
struct ob_conf_levels {
	size_t n;
	double level[OB_STATS_LEVELS_MAX];
};

struct ob_interval {
	double lower, upper;
};

/*
 * One estimate with its limits, in the units of the method times the
 * multiplier.  `count` and `denominator` are the totals it was computed
 * from (events and population; observed and expected for a ratio; values
 * and NAN for a mean).  When suppressed, value and limits are NAN and
 * `note` (a static string, lower case, no full stop) says why; otherwise
 * note is NULL.
 */
struct ob_estimate {
	double count;
	double denominator;
	double value;
	size_t nlevels;
	double level[OB_STATS_LEVELS_MAX];
	struct ob_interval ci[OB_STATS_LEVELS_MAX];
	const char *note;
};

/* Check `conf` (1..OB_STATS_LEVELS_MAX levels, each in (0, 1)). */
enum ob_status ob_conf_check(const struct ob_conf_levels *conf,
			     struct ob_error *err);

/* ---- Poisson counts (poisson.c) ---------------------------------------- */

/* Byar's approximation to the Poisson limits of a count x >= 0 at the
 * normal deviate z (Breslow and Day 1987); lower is 0 when x = 0. */
double ob_byar_lower(double x, double z);
double ob_byar_upper(double x, double z);
/* Exact (Garwood 1936) limits: chi2_{(1-c)/2, 2x} / 2 and
 * chi2_{1-(1-c)/2, 2x+2} / 2; lower is 0 when x = 0. */
double ob_poisson_exact_lower(double x, double level);
double ob_poisson_exact_upper(double x, double level);

/* Counts below which the exact limits replace Byar's. */
#define OB_EXACT_BELOW_PHE     10.0  /* PHEindicatormethods phe_rate, ISR */
#define OB_EXACT_BELOW_CCG_OIS 389.0 /* NHS Digital CCG OIS 2.6, DSRs */
#define OB_EXACT_NEVER	       0.0   /* Byar for every count (calculate_dsr) */

/* Limits of a count: exact when x < exact_below, Byar's otherwise. */
struct ob_interval ob_poisson_limits(double x, double level,
				     double exact_below);

/* ---- crude rate (rate.c), proportion (proportion.c), mean (mean.c) ----- */

/* Crude rate x / n * multiplier with the limits of x (exact below 10,
 * Byar from 10: PHE phe_rate) divided by n.  n > 0. */
enum ob_status ob_rate(double x, double n, double multiplier,
		       const struct ob_conf_levels *conf,
		       struct ob_estimate *out, struct ob_error *err);

/* Proportion x / n * multiplier with Wilson score limits (Wilson 1927;
 * PHE phe_proportion).  0 <= x <= n, n > 0. */
enum ob_status ob_proportion(double x, double n, double multiplier,
			     const struct ob_conf_levels *conf,
			     struct ob_estimate *out, struct ob_error *err);

/* Mean of n values with Student t limits mean -+ t_{(1+c)/2, n-1} s/sqrt(n)
 * (PHE phe_mean).  Fewer than 2 values is suppressed (no variance). */
enum ob_status ob_mean(const double *values, size_t n,
		       const struct ob_conf_levels *conf,
		       struct ob_estimate *out, struct ob_error *err);
/* The same from a summary: count n, mean and sample standard deviation
 * (divisor n - 1). */
enum ob_status ob_mean_summary(double n, double mean, double sd,
			       const struct ob_conf_levels *conf,
			       struct ob_estimate *out, struct ob_error *err);

/* ---- directly standardised rate (dsr.c) -------------------------------- */

/* European Standard Population 2013: 19 bands 0-4, 5-9, ..., 85-89, 90+
 * (Eurostat 2013), summing to 100,000. */
#define OB_ESP2013_BANDS 19
extern const double ob_esp2013[OB_ESP2013_BANDS];
/* Band index 0..18 of a start age (0, 5, ..., 90), or -1. */
int ob_esp2013_band(int start_age);

struct ob_dsr_band {
	double count;  /* events; >= 0 */
	double pop;    /* population or person-years; > 0 */
	double weight; /* standard population of the band; >= 0 */
};

/*
 * Directly standardised rate with Dobson et al. (1991) limits:
 *   value = sum(x w / n) / sum(w) * multiplier,
 *   var   = sum(x (w / n)^2) / sum(w)^2,  O = sum(x),
 *   limit = value + sqrt(var / O) (L(O) - O) * multiplier,
 * where L(O) = ob_poisson_limits(O, level, exact_below): pass
 * OB_EXACT_NEVER for PHE calculate_dsr (Byar for every O, the default) or
 * OB_EXACT_BELOW_CCG_OIS for the CCG OIS 2.6 variant.  Suppressed when
 * O < 10 (PHE).  out->count = O, out->denominator = sum(n).
 */
enum ob_status ob_dsr(const struct ob_dsr_band *bands, size_t nbands,
		      double multiplier, double exact_below,
		      const struct ob_conf_levels *conf,
		      struct ob_estimate *out, struct ob_error *err);

/* ---- indirectly standardised ratio (isr.c) ----------------------------- */

struct ob_isr_band {
	double count;	  /* observed events in the band; >= 0 */
	double pop;	  /* local population of the band; >= 0 */
	double ref_count; /* events in the reference population; >= 0 */
	double ref_pop;	  /* reference population; > 0 */
};

/*
 * Indirectly standardised ratio O / E * multiplier, E = sum(n * refx /
 * refn), limits = limits(O) / E with exact limits below 10 observed and
 * Byar's from 10 (PHE calculate_ISRatio).  out->count = O,
 * out->denominator = E.  Multiplier 100 gives an SMR-style figure.
 */
enum ob_status ob_isr(const struct ob_isr_band *bands, size_t nbands,
		      double multiplier, const struct ob_conf_levels *conf,
		      struct ob_estimate *out, struct ob_error *err);
/* The same from observed O and expected E > 0 already computed (e.g.
 * diagnosed dementia against expected prevalence). */
enum ob_status ob_ratio_oe(double observed, double expected, double multiplier,
			   const struct ob_conf_levels *conf,
			   struct ob_estimate *out, struct ob_error *err);

/* ---- slope index of inequality (sii.c) --------------------------------- */

/* One quantile (e.g. an IMD decile), listed from most to least deprived. */
struct ob_sii_quantile {
	double pop;   /* population; > 0 */
	double value; /* the indicator value in the quantile */
	double se;    /* its standard error; >= 0 (> 0 for OB_SII_INVVAR) */
};

enum ob_sii_weight {
	OB_SII_POP,    /* a = population (PHE phe_sii) */
	OB_SII_INVVAR, /* a = 1 / se^2 */
};

struct ob_sii_result {
	double sii;	  /* slope: fitted value at b = 1 minus at b = 0 */
	double intercept; /* fitted value at b = 0 (most deprived end) */
	double rii;	  /* sii / the fitted value at b = 1/2 (under
			     population weights, the population-weighted
			     mean value) */
	double sii_se, rii_se;
	size_t nlevels;
	double level[OB_STATS_LEVELS_MAX];
	struct ob_interval sii_ci[OB_STATS_LEVELS_MAX];
	struct ob_interval rii_ci[OB_STATS_LEVELS_MAX];
};

/*
 * Weighted least squares of sqrt(a) y on sqrt(a) and b sqrt(a) without an
 * intercept, b the cumulative population midpoint (0-1) of each quantile
 * (PHE phe_sii).  Limits are deterministic: SII is linear in the values,
 * sii = sum(c_i y_i), so var = sum(c_i^2 se_i^2) and the limits are
 * sii -+ z sqrt(var), the limit of PHE's Monte Carlo limits (normal draws,
 * no transformation) as the repetitions grow; RII limits by the delta
 * method.  At least 2 quantiles.
 */
enum ob_status ob_sii(const struct ob_sii_quantile *q, size_t n,
		      enum ob_sii_weight weight,
		      const struct ob_conf_levels *conf,
		      struct ob_sii_result *out, struct ob_error *err);

/* ---- life expectancy (lifetable.c) -------------------------------------- */

/* Abridged table: ages 0, 1-4, 5-9, ..., 85-89, 90+. */
#define OB_LIFETABLE_BANDS 20
extern const int ob_lifetable_start[OB_LIFETABLE_BANDS];
/* Band index of a start age (0, 1, 5, 10, ..., 90), or -1. */
int ob_lifetable_band(int start_age);

struct ob_lifetable {
	double deaths[OB_LIFETABLE_BANDS], pop[OB_LIFETABLE_BANDS];
	double n[OB_LIFETABLE_BANDS];	/* interval width (years) */
	double a[OB_LIFETABLE_BANDS];	/* fraction of interval lived by
					   those who die: 0.1 at 0, else 0.5 */
	double m[OB_LIFETABLE_BANDS];	/* death rate D / P */
	double q[OB_LIFETABLE_BANDS];	/* probability of dying, <= 1 */
	double l[OB_LIFETABLE_BANDS];	/* survivors of 100,000 births */
	double d[OB_LIFETABLE_BANDS];	/* deaths of the cohort */
	double L[OB_LIFETABLE_BANDS];	/* person-years lived */
	double T[OB_LIFETABLE_BANDS];	/* person-years from here on */
	double e[OB_LIFETABLE_BANDS];	/* life expectancy (years) */
	double var[OB_LIFETABLE_BANDS]; /* its variance (Silcocks) */
	const char *note; /* why the table is not published, or NULL */
};

/*
 * Chiang II abridged life table with Silcocks et al. (2001) variances, as
 * PHE phe_life_expectancy: q = n M / (1 + (1 - a) n M) capped at 1, q = 1
 * in 90+; L = n (l_next + a d), L = l / M in 90+.  Not published (note set,
 * OB_OK) when a band has no population or more deaths than population.
 * Negative deaths are OB_EINVAL.
 */
enum ob_status ob_lifetable_compute(const double *deaths, const double *pop,
				    struct ob_lifetable *lt,
				    struct ob_error *err);
/* Life expectancy at band `band` with its limits e -+ z sqrt(var);
 * suppressed when the table is, or when the 95% interval is wider than 20
 * years (PHE).  out->count = deaths and out->denominator = population
 * from that age on. */
enum ob_status ob_life_expectancy(const struct ob_lifetable *lt, int band,
				  const struct ob_conf_levels *conf,
				  struct ob_estimate *out,
				  struct ob_error *err);

/* ---- funnel plots (funnel.c) ------------------------------------------- */

enum ob_funnel_kind {
	OB_FUNNEL_POISSON,  /* counts over person-years or expected counts */
	OB_FUNNEL_BINOMIAL, /* events out of n */
};

/*
 * Control limit at tail probability p (0.025/0.975 for 95%, 0.001/0.999
 * for 99.8%) around `target` (rate per unit of denominator, ratio, or
 * proportion) for a unit of size `denom`, by the exact distribution with
 * Spiegelhalter's (2005) interpolation: r_p the p-quantile of Poisson(target
 * denom) or Binomial(denom, target), alpha = (F(r_p) - p) / (F(r_p) -
 * F(r_p - 1)), limit = (r_p - alpha) / denom.  NAN for invalid input.
 */
double ob_funnel_limit(enum ob_funnel_kind kind, double target, double denom,
		       double p);

struct ob_funnel_limits {
	double lower95, upper95;   /* 2 sigma: p = 0.025, 0.975 */
	double lower998, upper998; /* 3 sigma: p = 0.001, 0.999 */
};
enum ob_status ob_funnel(enum ob_funnel_kind kind, double target, double denom,
			 struct ob_funnel_limits *out, struct ob_error *err);
/* Where a unit's value lies: -2 below the 99.8% limit, -1 below the 95%,
 * 0 within, 1 above the 95%, 2 above the 99.8%. */
int ob_funnel_position(const struct ob_funnel_limits *lim, double value);

/* ---- SPC XmR charts (spc.c) -------------------------------------------- */

/* Special-cause flags of a point (NHS England "Making Data Count"). */
enum {
	OB_SPC_OUTSIDE = 1 << 0, /* beyond a process limit */
	OB_SPC_SHIFT = 1 << 1,	 /* in a run of 7+ on one side of the mean */
	OB_SPC_TREND = 1 << 2,	 /* in 7+ points each rising (or falling) */
	OB_SPC_NEAR = 1 << 3,	 /* one of 2 of 3 points beyond 2 sigma on the
				    same side (the outer third) */
	OB_SPC_HIGH = 1 << 4,	 /* the special cause is above the mean or
				    rising (set with any flag above) */
};

struct ob_spc_xmr {
	double mean;		       /* centre line */
	double mr_mean;		       /* mean moving range |x_i - x_{i-1}| */
	double sigma;		       /* mr_mean / 1.128 */
	double lower, upper;	       /* mean -+ 2.66 mr_mean */
	double near_lower, near_upper; /* mean -+ 2 sigma */
};

/*
 * XmR chart of n >= 2 values in time order and the special-cause flags of
 * each point in flags[0..n-1]: outside the limits; a run of 7 or more on
 * one side of the mean (a point on the mean ends a run); 7 or more points
 * each higher (or lower) than the one before (a tie ends a trend); 2 or 3
 * of 3 consecutive points beyond 2 sigma on the same side.
 */
enum ob_status ob_spc_xmr(const double *x, size_t n, struct ob_spc_xmr *out,
			  unsigned *flags, struct ob_error *err);

#endif
