/*
 * mean.c - a mean with Student t limits.
 */
#include <math.h>

#include "stats-internal.h"

/* mean -+ t_{(1+c)/2, n-1} sd / sqrt(n) (Student 1908; PHE phe_mean). */
enum ob_status ob_mean_summary(double n, double mean, double sd,
			       const struct ob_conf_levels *conf,
			       struct ob_estimate *out, struct ob_error *err)
{
	enum ob_status st = ob_conf_check(conf, err);

	if (st)
		return st;
	if (!ob_is_count(n) || n != floor(n))
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "number of values %g is not a whole "
				    "number >= 0",
				    n);
	if ((n >= 1 && !isfinite(mean)) || (n >= 2 && !ob_is_count(sd)))
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "mean %g or standard deviation %g is not "
				    "finite (sd >= 0)",
				    mean, sd);
	ob_estimate_start(out, n, NAN, conf);
	if (n < 2) {
		ob_estimate_suppress(out, "fewer than 2 values: no standard "
					  "deviation");
		return OB_OK;
	}
	out->value = mean;
	for (size_t i = 0; i < conf->n; i++) {
		double c = conf->level[i];
		double half = ob_t_quantile((1 + c) / 2, n - 1) * sd / sqrt(n);
		out->ci[i].lower = mean - half;
		out->ci[i].upper = mean + half;
	}
	return OB_OK;
}

/* Two passes with the correction term of the corrected two-pass algorithm
 * (Chan, Golub and LeVeque 1983), so the result matches R's mean() and
 * sd() to the last few bits. */
enum ob_status ob_mean(const double *values, size_t n,
		       const struct ob_conf_levels *conf,
		       struct ob_estimate *out, struct ob_error *err)
{
	double sum = 0, mean, corr = 0, ss = 0, sd = NAN;

	for (size_t i = 0; i < n; i++) {
		if (!isfinite(values[i]))
			return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
					    "value %zu is not a finite number",
					    i + 1);
		sum += values[i];
	}
	mean = n ? sum / (double)n : NAN;
	for (size_t i = 0; i < n; i++) {
		double dev = values[i] - mean;
		corr += dev;
		ss += dev * dev;
	}
	if (n) {
		mean += corr / (double)n;
		if (n >= 2)
			sd = sqrt((ss - corr * corr / (double)n) /
				  (double)(n - 1));
	}
	return ob_mean_summary((double)n, mean, sd, conf, out, err);
}
