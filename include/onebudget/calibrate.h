/*
 * calibrate.h - reward curves for pay-for-performance outcomes, calibrated
 * from history as DESIGN.md "Reward curve" sets out (docs/incentives.md).
 *
 * Notation (all on the metric's scale):
 *   b    the baseline value, s_b its sampling standard error
 *   s    the sampling standard error of one year at current denominators
 *   tau2 the between-year variance beyond sampling, from history (0 with
 *        fewer than 3 years)
 *   sigma = sqrt(s^2 + tau2)
 *   d    +1 when higher is better, -1 when lower is better
 *   delta the expected improvement (contract; default 0)
 *   u = d (y - b), the improvement achieved
 * Anchors: u_max = z(1 - alpha) sqrt(s_b^2 + sigma^2) earns full reward;
 * u_r = delta - z(p) sigma earns r (0.90); u_0 = delta - z(p0) sigma earns
 * nothing; the curve is linear between them and clamped to [0, 1].  When
 * u_r >= u_max the r guarantee holds by itself and the curve runs from u_0
 * straight to full reward at u_max; if even u_0 >= u_max (an expected
 * improvement far beyond the noise) it is a step: nothing below u_max, full
 * reward from it.
 */
#ifndef ONEBUDGET_CALIBRATE_H
#define ONEBUDGET_CALIBRATE_H

#include <stddef.h>

#include "onebudget/error.h"
#include "onebudget/rng.h"

struct ob_calibration_params {
	double p;      /* P(reward >= r | expected trajectory), 0.95 */
	double r;      /* the reward that probability guarantees, 0.90 */
	double p0;     /* zero reward below the p0 quantile, 0.999 */
	double alpha;  /* full reward needs significance at alpha, 0.05 */
	double delta;  /* expected improvement, >= 0 in the good direction */
	double target; /* target improvement Delta for the noise check */
	double power;  /* noise threshold on P(full | target), 0.8 */
};

/* The contract defaults: p 0.95, r 0.90, p0 0.999, alpha 0.05, delta 0,
 * target 0, power 0.8. */
void ob_calibration_params_init(struct ob_calibration_params *p);

struct ob_curve {
	double baseline;  /* b */
	double se_base;	  /* s_b */
	double se_year;	  /* s */
	double tau2;	  /* between-year variance */
	double sigma;	  /* sqrt(s^2 + tau2) */
	int direction;	  /* +1 or -1 */
	double u0, ur, umax; /* anchors on the improvement scale */
	double r;	  /* reward at ur */
	int merged;	  /* 1: ur >= umax, the curve is u0 -> umax */
	double p_full_at_target; /* Phi((target - umax) / sigma) */
	int too_noisy;	  /* p_full_at_target < power */
	double population_factor; /* denominators x this would make it pass
				   * (1 when it passes; 0 when no population
				   * suffices because of tau2) */
	int pooled_years;  /* years pooled that would make it pass (1 when
			    * it passes; 0 when more than 10 would be needed) */
};

/*
 * Between-year variance beyond sampling from history: values y[0..n) with
 * their sampling standard errors se[0..n): the method-of-moments estimate
 * max(0, var(y) - mean(se^2)), var with divisor n - 1; 0 when n < 3.
 */
double ob_between_year_variance(const double *y, const double *se, size_t n);

/* Calibrate a curve.  OB_EINVAL (with the reason) for parameters out of
 * range or a non-positive sigma. */
enum ob_status ob_calibrate(double baseline, double se_base, double se_year,
			    double tau2, int direction,
			    const struct ob_calibration_params *prm,
			    struct ob_curve *out, struct ob_error *err);

/* The reward fraction in [0, 1] of an observed value y on a curve. */
double ob_curve_reward(const struct ob_curve *c, double y);

/*
 * Parametric check by simulation: n years with y = b + d (true_improvement
 * + N(0, sigma^2)).  Returns the share earning at least r (under the
 * expected trajectory pass true_improvement = delta) in *at_least_r and
 * the share earning full reward in *full.
 */
void ob_curve_simulate(const struct ob_curve *c, double true_improvement,
		       size_t n, struct ob_rng *rng, double *at_least_r,
		       double *full);

#endif
