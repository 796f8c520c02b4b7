/*
 * poisson.c - confidence limits for a Poisson count: Byar's approximation
 * and the exact limits, and the rule choosing between them.
 */
#include <math.h>

#include "onebudget/stats.h"

/* Byar's approximation (Breslow and Day 1987, vol. II; PHE byars_lower). */
double ob_byar_lower(double x, double z)
{
	if (x <= 0)
		return 0;
	return x * pow(1 - 1 / (9 * x) - z / (3 * sqrt(x)), 3);
}

/* Byar's approximation (Breslow and Day 1987, vol. II; PHE byars_upper). */
double ob_byar_upper(double x, double z)
{
	double x1 = x + 1;

	return x1 * pow(1 - 1 / (9 * x1) + z / (3 * sqrt(x1)), 3);
}

/* Exact limit chi2_{(1-c)/2, 2x} / 2 (Garwood 1936; PHE phe_rate). */
double ob_poisson_exact_lower(double x, double level)
{
	if (x <= 0)
		return 0;
	return ob_gamma_quantile((1 - level) / 2, x, 1);
}

/* Exact limit chi2_{1-(1-c)/2, 2x+2} / 2 (Garwood 1936; PHE phe_rate),
 * solved on the upper tail (1 - c) / 2 to keep its precision. */
double ob_poisson_exact_upper(double x, double level)
{
	return ob_gamma_quantile((1 - level) / 2, x + 1, 0);
}

struct ob_interval ob_poisson_limits(double x, double level, double exact_below)
{
	struct ob_interval ci;

	if (x < exact_below) {
		ci.lower = ob_poisson_exact_lower(x, level);
		ci.upper = ob_poisson_exact_upper(x, level);
	} else {
		double z = ob_conf_z(level);
		ci.lower = ob_byar_lower(x, z);
		ci.upper = ob_byar_upper(x, z);
	}
	return ci;
}
