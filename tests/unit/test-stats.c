/*
 * test-stats.c - the statistical methods against published values and
 * against values computed independently (Python mpmath at 40 digits, by
 * bisection on the defining integrals, not by the algorithms used here),
 * to 1e-9 relative; worked examples by hand; and interval coverage by
 * simulation with fixed seeds, so the coverage tests cannot flake.
 */
#include <math.h>
#include <stddef.h>

#include "onebudget/rng.h"
#include "onebudget/stats.h"
#include "test.h"

#define REL 1e-9

/* |a - b| <= tol |b|, or <= tol when b is 0. */
#define ASSERT_REL(a, b, tol)                                                  \
	do {                                                                   \
		double ra_ = (a), rb_ = (b);                                   \
		double rt_ = rb_ == 0 ? (tol) : (tol)*fabs(rb_);               \
		if (!(fabs(ra_ - rb_) <= rt_))                                 \
			TEST_FAIL_("%s ~= %s: %.17g != %.17g (rel %g)", #a,    \
				   #b, ra_, rb_, (double)(tol));               \
	} while (0)

static const struct ob_conf_levels conf95 = {1, {0.95}};
static const struct ob_conf_levels conf2 = {2, {0.95, 0.998}};

/* ---- normal, chi-square, t ------------------------------------------- */

TEST(stats_normal_quantile)
{
	ASSERT_REL(ob_norm_quantile(0.975), 1.959963984540054, 1e-15);
	ASSERT_REL(ob_norm_quantile(0.999), 3.090232306167813, 1e-15);
	ASSERT_REL(ob_norm_quantile(0.025), -1.959963984540054, 1e-15);
	ASSERT_REL(ob_conf_z(0.95), 1.959963984540054, 1e-15);
	ASSERT_REL(ob_conf_z(0.998), 3.090232306167813, 1e-15);
	ASSERT(ob_norm_quantile(0.5) == 0);
	ASSERT(isinf(ob_norm_quantile(0)) && ob_norm_quantile(0) < 0);
	ASSERT(isnan(ob_norm_quantile(1.5)));
	/* Phi(Phi^-1(p)) == p through every branch of AS 241. */
	/* The round trip loses about x^2 ulps of p in the far tail. */
	for (double p = 1e-100; p < 0.5; p *= 7.3)
		ASSERT_REL(ob_norm_cdf(ob_norm_quantile(p)), p, 2e-13);
	ASSERT_REL(ob_norm_quantile(1e-300), -37.047096299361199237, 1e-13);
	for (double p = 0.01; p < 1; p += 0.01)
		ASSERT_REL(ob_norm_cdf(ob_norm_quantile(p)), p, 1e-14);
	ASSERT_REL(ob_norm_cdf(1.959963984540054), 0.975, 1e-15);
}

TEST(stats_t_quantile)
{
	/* df 1 and 2 have closed forms: tan(pi (p - 1/2)) and
	 * (2p - 1) / sqrt(2 p (1 - p)) (A&S 26.7.3 and 26.7.4). */
	ASSERT_REL(ob_t_quantile(0.975, 1), tan(M_PI * 0.475), 1e-12);
	ASSERT_REL(ob_t_quantile(0.975, 2), 0.95 / sqrt(2 * 0.975 * 0.025),
		   1e-12);
	/* mpmath, bisection on the incomplete beta. */
	ASSERT_REL(ob_t_quantile(0.975, 1), 12.706204736174704646, REL);
	ASSERT_REL(ob_t_quantile(0.999, 1), 318.30883898555044592, REL);
	ASSERT_REL(ob_t_quantile(0.975, 4), 2.7764451051977943578, REL);
	ASSERT_REL(ob_t_quantile(0.975, 9), 2.2621571627982055426, REL);
	ASSERT_REL(ob_t_quantile(0.975, 29), 2.0452296421327042982, REL);
	ASSERT_REL(ob_t_quantile(0.999, 29), 3.3962402883568029909, REL);
	ASSERT_REL(ob_t_quantile(0.975, 100), 1.9839715185235522866, REL);
	ASSERT_REL(ob_t_quantile(0.025, 9), -2.2621571627982055426, REL);
	ASSERT_REL(ob_t_cdf(2.2621571627982055426, 9), 0.975, 1e-12);
}

TEST(stats_chisq_gamma)
{
	/* chi2 with 2 df is exponential with mean 2: q(p) = -2 log(1 - p). */
	ASSERT_REL(ob_chisq_quantile(0.95, 2), -2 * log(0.05), 1e-13);
	ASSERT_REL(ob_chisq_quantile(0.025, 2), -2 * log1p(-0.025), 1e-13);
	/* Published: chi2_{0.95, 1} = 3.841458820694124 (1.959964^2). */
	ASSERT_REL(ob_chisq_quantile(0.95, 1),
		   1.959963984540054 * 1.959963984540054, 1e-12);
	/* P and Q are complements and the quantile inverts them. */
	for (double a = 0.5; a < 500; a *= 1.7)
		for (double x = 0.1; x < 1000; x *= 2.3) {
			ASSERT_NEAR(ob_gamma_p(a, x) + ob_gamma_q(a, x), 1,
				    1e-14);
		}
	for (double a = 1; a < 400; a *= 1.9) {
		double lo = ob_gamma_quantile(0.001, a, 1);
		double hi = ob_gamma_quantile(0.001, a, 0);
		ASSERT_REL(ob_gamma_p(a, lo), 0.001, 1e-12);
		ASSERT_REL(ob_gamma_q(a, hi), 0.001, 1e-12);
	}
	/* Poisson P(X <= 2 | 3) = e^-3 (1 + 3 + 9/2). */
	ASSERT_REL(ob_poisson_cdf(2, 3), exp(-3) * 8.5, 1e-14);
	/* Binomial P(X <= 1 | 4, 0.3) = 0.7^4 + 4 * 0.3 * 0.7^3. */
	ASSERT_REL(ob_binom_cdf(1, 4, 0.3), 0.2401 + 1.2 * 0.343, 1e-14);
	ASSERT_REL(ob_beta_inc(2, 3, 0.4),
		   /* I_0.4(2, 3) = P(Bin(4, 0.4) >= 2) */
		   1 - (0.6 * 0.6 * 0.6 * 0.6 + 4 * 0.4 * 0.216), 1e-14);
}

/* ---- Poisson limits ---------------------------------------------------- */

TEST(stats_byar_published)
{
	double z = ob_conf_z(0.95);

	ASSERT_REL(ob_byar_lower(65, z), 50.163187710459454, REL);
	ASSERT_REL(ob_byar_upper(65, z), 82.849138545939837, REL);
	/* 99.8%: mpmath. */
	z = ob_conf_z(0.998);
	ASSERT_REL(ob_byar_lower(65, z), 42.880261471480197023, REL);
	ASSERT_REL(ob_byar_upper(65, z), 94.000290844318000087, REL);
	ASSERT(ob_byar_lower(0, z) == 0);
}

TEST(stats_poisson_exact)
{
	/* Lower and upper exact limits for x = 0..9 at 95% and 99.8%, from
	 * mpmath bisection on the regularised incomplete gamma (P(x, L) =
	 * (1-c)/2, P(x+1, U) = 1-(1-c)/2). */
	static const double t[10][4] = {
	    {0, 3.6888794541139363029, 0, 6.9077552789821370521},
	    {0.025317807984289875404, 5.5716433909388985972,
	     0.0010005003335835335001, 9.2334134764515857304},
	    {0.2422092785439649029, 7.224687667723960815,
	     0.045402017769489556821, 11.22887224241266263},
	    {0.61867212289560128657, 8.7672730697423260397,
	     0.19053337756840319061, 13.062240779188070737},
	    {1.0898653736263248753, 10.241588675403698276,
	     0.42855241362842297238, 14.794149222537209397},
	    {1.6234863901184205381, 11.668332079322669631,
	     0.73937173191783251683, 16.454745203680106607},
	    {2.2018942534908508117, 13.059474022518685391, 1.107104660255639349,
	     18.061636840199069892},
	    {2.8143630515198660794, 14.422675361702379412,
	     1.5203362603988090767, 19.626177395384238007},
	    {3.4538321767485012874, 15.763189220193315224,
	     1.9708139217403657789, 21.15619816583998301},
	    {4.1153730973783324328, 17.084803451419170312,
	     2.4524244043637749276, 22.657373309062930742},
	};

	for (int x = 0; x < 10; x++) {
		ASSERT_REL(ob_poisson_exact_lower(x, 0.95), t[x][0], REL);
		ASSERT_REL(ob_poisson_exact_upper(x, 0.95), t[x][1], REL);
		ASSERT_REL(ob_poisson_exact_lower(x, 0.998), t[x][2], REL);
		ASSERT_REL(ob_poisson_exact_upper(x, 0.998), t[x][3], REL);
	}
	/* Closed forms: U(0) = -log(0.025), L(1) = -log(0.975), both in
	 * published tables (Garwood 1936: 3.689 and 0.0253). */
	ASSERT_REL(ob_poisson_exact_upper(0, 0.95), -log(0.025), 1e-13);
	ASSERT_REL(ob_poisson_exact_lower(1, 0.95), -log1p(-0.025), 1e-13);
	ASSERT_REL(ob_poisson_exact_upper(0, 0.95), 3.688879454113936, REL);
	ASSERT_REL(ob_poisson_exact_upper(1, 0.95), 5.571643390938, 1e-12);
	/* Larger counts, including the CCG OIS boundary. */
	ASSERT_REL(ob_poisson_exact_lower(50, 0.95), 37.110963737461863025,
		   REL);
	ASSERT_REL(ob_poisson_exact_upper(50, 0.95), 65.918766664336817053,
		   REL);
	ASSERT_REL(ob_poisson_exact_lower(388, 0.95), 350.34888963230191525,
		   REL);
	ASSERT_REL(ob_poisson_exact_upper(388, 0.95), 428.59479559142003051,
		   REL);
}

TEST(stats_poisson_rule)
{
	struct ob_interval a = ob_poisson_limits(9, 0.95, OB_EXACT_BELOW_PHE);
	struct ob_interval b = ob_poisson_limits(10, 0.95, OB_EXACT_BELOW_PHE);
	struct ob_interval c = ob_poisson_limits(9, 0.95, OB_EXACT_NEVER);
	double z = ob_conf_z(0.95);

	ASSERT_REL(a.lower, 4.1153730973783324328, REL);
	ASSERT_REL(b.lower, ob_byar_lower(10, z), 1e-15);
	ASSERT_REL(c.upper, ob_byar_upper(9, z), 1e-15);
	ASSERT(c.upper != a.upper);
}

/* ---- rate, proportion, mean -------------------------------------------- */

TEST(stats_rate)
{
	struct ob_estimate e;
	struct ob_error err;

	/* 65 events in 20,000: 325 per 100,000, limits Byar(65) / 20000. */
	ASSERT_OK(ob_rate(65, 20000, 100000, &conf2, &e, &err));
	ASSERT_REL(e.value, 325, 1e-15);
	ASSERT_REL(e.ci[0].lower, 50.163187710459454 * 5, REL);
	ASSERT_REL(e.ci[0].upper, 82.849138545939837 * 5, REL);
	ASSERT_REL(e.ci[1].lower, 42.880261471480197023 * 5, REL);
	ASSERT_REL(e.ci[1].upper, 94.000290844318000087 * 5, REL);
	ASSERT(e.note == NULL && e.nlevels == 2);
	/* 3 events in 1,500 per 1,000: exact limits. */
	ASSERT_OK(ob_rate(3, 1500, 1000, &conf95, &e, &err));
	ASSERT_REL(e.value, 2, 1e-15);
	ASSERT_REL(e.ci[0].lower, 0.61867212289560128657 / 1.5, REL);
	ASSERT_REL(e.ci[0].upper, 8.7672730697423260397 / 1.5, REL);
	/* 0 events: lower 0, upper -log(0.025). */
	ASSERT_OK(ob_rate(0, 1000, 1000, &conf95, &e, &err));
	ASSERT(e.value == 0 && e.ci[0].lower == 0);
	ASSERT_REL(e.ci[0].upper, 3.6888794541139363029, REL);
	ASSERT_INT_EQ(ob_rate(-1, 100, 1, &conf95, &e, &err), OB_EINVAL);
	ASSERT_INT_EQ(ob_rate(1, 0, 1, &conf95, &e, &err), OB_EINVAL);
	ASSERT(strstr(err.msg, "denominator") != NULL);
}

TEST(stats_wilson)
{
	struct ob_estimate e;
	struct ob_error err;
	/*
	 * By hand, x = 10, n = 50, z = 1.959963984540054 (z^2 =
	 * 3.841458820694124): root = z sqrt(z^2 + 4 * 10 * (1 - 0.2)) =
	 * z sqrt(35.84145882069412) = 11.733922...; denominator
	 * 2 (50 + z^2) = 107.682917641388; limits (20 + 3.841458820694 -+
	 * 11.733922) / 107.682917641388 = 0.11243750, 0.33037106.  mpmath
	 * to 20 digits below.
	 */
	ASSERT_OK(ob_proportion(10, 50, 1, &conf95, &e, &err));
	ASSERT_REL(e.value, 0.2, 1e-15);
	ASSERT_REL(e.ci[0].lower, 0.1124375001577610975, REL);
	ASSERT_REL(e.ci[0].upper, 0.33037105932225414037, REL);
	ASSERT_NEAR(e.ci[0].lower, 0.11243750, 5e-9);
	/* x = 0: lower 0, upper z^2 / (n + z^2). */
	ASSERT_OK(ob_proportion(0, 20, 100, &conf95, &e, &err));
	ASSERT(e.ci[0].lower == 0);
	ASSERT_REL(e.ci[0].upper, 16.11251580528193871, REL);
	ASSERT_REL(e.ci[0].upper,
		   100 * 3.841458820694124 / (20 + 3.841458820694124), 1e-12);
	/* x = n at 99.8%: upper 1. */
	{
		const struct ob_conf_levels c998 = {1, {0.998}};
		ASSERT_OK(ob_proportion(20, 20, 1, &c998, &e, &err));
		ASSERT_REL(e.ci[0].lower, 0.67682958537594487367, REL);
		ASSERT_REL(e.ci[0].upper, 1, 1e-15);
		ASSERT_OK(ob_proportion(37, 123, 1, &c998, &e, &err));
		ASSERT_REL(e.ci[0].lower, 0.19123292241951619655, REL);
		ASSERT_REL(e.ci[0].upper, 0.43909396074171098765, REL);
	}
	ASSERT_INT_EQ(ob_proportion(21, 20, 1, &conf95, &e, &err), OB_EINVAL);
	ASSERT(strstr(err.msg, "more than the denominator") != NULL);
}

TEST(stats_mean)
{
	/* 2 4 4 4 5 5 7 9: mean 5, sum of squares 32, sd sqrt(32/7) =
	 * 2.1380899352993951; t_{0.975, 7} = 2.3646242515927853 (tables:
	 * 2.365); half width 2.3646 * 2.1381 / sqrt(8) = 1.7874879. */
	static const double v[8] = {2, 4, 4, 4, 5, 5, 7, 9};
	struct ob_estimate e;
	struct ob_error err;

	ASSERT_OK(ob_mean(v, 8, &conf95, &e, &err));
	ASSERT_REL(e.value, 5, 1e-15);
	ASSERT_REL(e.count, 8, 0);
	ASSERT_REL(e.ci[0].lower, 3.2125120817637891050, REL);
	ASSERT_REL(e.ci[0].upper, 6.7874879182362108950, REL);
	ASSERT_OK(ob_mean_summary(8, 5, sqrt(32.0 / 7), &conf95, &e, &err));
	ASSERT_REL(e.ci[0].upper, 6.7874879182362108950, REL);
	ASSERT_OK(ob_mean(v, 1, &conf95, &e, &err));
	ASSERT(isnan(e.value) && e.note != NULL);
}

/* ---- DSR ---------------------------------------------------------------- */

static void fill_dsr(struct ob_dsr_band *b, const double *x, const double *n)
{
	for (int i = 0; i < OB_ESP2013_BANDS; i++) {
		b[i].count = x[i];
		b[i].pop = n[i];
		b[i].weight = ob_esp2013[i];
	}
}

TEST(stats_dsr_uniform_by_hand)
{
	/*
	 * 10 events in 1,000 people in each of the 19 bands.  The rate is
	 * 1% in every band, so DSR = 1000 per 100,000 whatever the weights.
	 * var = sum(10 (w / 1000)^2) / 100000^2 = 10 * sum(w^2) / 1e6 / 1e10,
	 * sum(w^2) over ESP2013 = 585,000,000, so var = 5.85e-7; O = 190,
	 * sqrt(var / O) = sqrt(3.0789474e-9) = 5.5488e-5.  Byar(190) at 95%
	 * = [163.9398, 219.0250] (z = 1.959964), so the limits are
	 * 0.01 + 5.5488e-5 * (163.9398 - 190) = 0.0085541 and
	 * 0.01 + 5.5488e-5 * (219.0250 - 190) = 0.0116104, i.e. 855.41 and
	 * 1161.04 per 100,000.  mpmath to 20 digits below.
	 */
	double x[OB_ESP2013_BANDS], n[OB_ESP2013_BANDS], w2 = 0, tot = 0;
	struct ob_dsr_band b[OB_ESP2013_BANDS];
	struct ob_estimate e;
	struct ob_error err;
	double z = ob_conf_z(0.95), f;

	for (int i = 0; i < OB_ESP2013_BANDS; i++) {
		x[i] = 10;
		n[i] = 1000;
		w2 += ob_esp2013[i] * ob_esp2013[i];
		tot += ob_esp2013[i];
	}
	ASSERT_REL(tot, 100000, 0);
	ASSERT_REL(w2, 585000000, 0);
	fill_dsr(b, x, n);
	ASSERT_OK(ob_dsr(b, OB_ESP2013_BANDS, 100000, OB_EXACT_NEVER, &conf95,
			 &e, &err));
	ASSERT_REL(e.value, 1000, 1e-14);
	ASSERT_REL(e.count, 190, 0);
	ASSERT_REL(e.denominator, 19000, 0);
	f = sqrt(5.85e-7 / 190);
	ASSERT_REL(e.ci[0].lower,
		   (0.01 + f * (ob_byar_lower(190, z) - 190)) * 100000, 1e-12);
	ASSERT_REL(e.ci[0].lower, 855.40711991503771858, REL);
	ASSERT_REL(e.ci[0].upper, 1161.0408926236929086, REL);
	ASSERT_NEAR(e.ci[0].lower, 855.41, 0.005);
}

TEST(stats_dsr_dobson)
{
	/* Counts rising with age, O = 194; expected values by mpmath. */
	static const double x[OB_ESP2013_BANDS] = {
	    0, 1, 0, 2, 1, 3, 2, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 28, 22,
	};
	static const double n[OB_ESP2013_BANDS] = {
	    5200, 5100, 4900, 5300, 6100, 6400, 6900, 7200, 7100, 6800,
	    6600, 6000, 5500, 5000, 4300, 3500, 2400, 1500, 800,
	};
	struct ob_dsr_band b[OB_ESP2013_BANDS];
	struct ob_estimate e;
	struct ob_error err;

	fill_dsr(b, x, n);
	ASSERT_OK(ob_dsr(b, OB_ESP2013_BANDS, 100000, OB_EXACT_NEVER, &conf2,
			 &e, &err));
	ASSERT_REL(e.count, 194, 0);
	ASSERT_REL(e.value, 211.31533797497453710, REL);
	ASSERT_REL(e.ci[0].lower, 182.54164158994693041, REL);
	ASSERT_REL(e.ci[0].upper, 243.32621253215522345, REL);
	ASSERT_REL(e.ci[1].lower, 167.37814718330437569, REL);
	ASSERT_REL(e.ci[1].upper, 262.68826447812394826, REL);
	/* CCG OIS 2.6: exact limits of O because 194 < 389. */
	ASSERT_OK(ob_dsr(b, OB_ESP2013_BANDS, 100000, OB_EXACT_BELOW_CCG_OIS,
			 &conf95, &e, &err));
	ASSERT_REL(e.ci[0].lower, 182.54304347706629697, REL);
	ASSERT_REL(e.ci[0].upper, 243.32522952403498022, REL);
	/* O = 9: suppressed with the reason, totals still given. */
	for (int i = 0; i < OB_ESP2013_BANDS; i++)
		b[i].count = i < 9;
	ASSERT_OK(ob_dsr(b, OB_ESP2013_BANDS, 100000, OB_EXACT_NEVER, &conf95,
			 &e, &err));
	ASSERT(isnan(e.value) && isnan(e.ci[0].lower));
	ASSERT(e.note && strstr(e.note, "fewer than 10") != NULL);
	ASSERT_REL(e.count, 9, 0);
	b[3].pop = 0;
	ASSERT_INT_EQ(ob_dsr(b, OB_ESP2013_BANDS, 100000, OB_EXACT_NEVER,
			     &conf95, &e, &err),
		      OB_EINVAL);
	ASSERT(strstr(err.msg, "band 4: population") != NULL);
	ASSERT_INT_EQ(ob_esp2013_band(90), 18);
	ASSERT_INT_EQ(ob_esp2013_band(7), -1);
}

/* ---- ISR ---------------------------------------------------------------- */

TEST(stats_isr)
{
	/*
	 * Reference rates 300, 2400 and 9000 per 100,000; local populations
	 * 1000, 2000, 1500: E = 3 + 48 + 135 = 186.  O = 5 + 20 + 40 = 65,
	 * ratio 65 / 186 = 0.34946, limits Byar(65) / 186 = 50.16319 / 186
	 * = 0.26969 and 82.84914 / 186 = 0.44543.
	 */
	struct ob_isr_band b[3] = {
	    {5, 1000, 300, 100000},
	    {20, 2000, 2400, 100000},
	    {40, 1500, 9000, 100000},
	};
	struct ob_estimate e;
	struct ob_error err;

	ASSERT_OK(ob_isr(b, 3, 1, &conf95, &e, &err));
	ASSERT_REL(e.denominator, 186, 1e-14);
	ASSERT_REL(e.value, 65.0 / 186, 1e-15);
	ASSERT_REL(e.ci[0].lower, 50.163187710459454 / 186, REL);
	ASSERT_REL(e.ci[0].upper, 82.849138545939837 / 186, REL);
	/* O = 4 < 10: exact limits; 100 gives an SMR. */
	b[0].count = 1;
	b[1].count = 1;
	b[2].count = 2;
	ASSERT_OK(ob_isr(b, 3, 100, &conf95, &e, &err));
	ASSERT_REL(e.value, 400.0 / 186, 1e-14);
	ASSERT_REL(e.ci[0].lower, 0.58594912560555100822, REL);
	ASSERT_REL(e.ci[0].upper, 5.5062304706471496108, REL);
	ASSERT_OK(ob_ratio_oe(4, 186, 100, &conf95, &e, &err));
	ASSERT_REL(e.ci[0].upper, 5.5062304706471496108, REL);
	b[1].ref_pop = 0;
	ASSERT_INT_EQ(ob_isr(b, 3, 1, &conf95, &e, &err), OB_EINVAL);
}

/* ---- SII ---------------------------------------------------------------- */

static const double sii_pop[10] = {
    900, 1100, 1000, 1200, 800, 1000, 1000, 950, 1050, 1000,
};

TEST(stats_sii_linear)
{
	/* y = 50 + 20 b exactly at each decile's midpoint b: the fit must
	 * give back slope 20 and intercept 50, RII = 20 / (50 + 10). */
	struct ob_sii_quantile q[10];
	struct ob_sii_result r;
	struct ob_error err;
	double cum = 0;

	for (int i = 0; i < 10; i++) {
		double b = (cum + sii_pop[i] / 2) / 10000;
		cum += sii_pop[i];
		q[i].pop = sii_pop[i];
		q[i].value = 50 + 20 * b;
		q[i].se = 1 + i / 10.0;
	}
	ASSERT_OK(ob_sii(q, 10, OB_SII_POP, &conf95, &r, &err));
	ASSERT_REL(r.sii, 20, 1e-12);
	ASSERT_REL(r.intercept, 50, 1e-12);
	ASSERT_REL(r.rii, 1.0 / 3, 1e-12);
	/* Standard errors: mpmath, (X'WX)^-1 X'W by matrix algebra. */
	ASSERT_REL(r.sii_se, 1.6613038748523888738, REL);
	ASSERT_REL(r.sii_ci[0].lower, 16.743904237912480297, REL);
	ASSERT_REL(r.rii_se, 0.026837527221189272487, REL);
	/* Inverse-variance weights recover an exact line too. */
	ASSERT_OK(ob_sii(q, 10, OB_SII_INVVAR, &conf95, &r, &err));
	ASSERT_REL(r.sii, 20, 1e-12);
	ASSERT_INT_EQ(ob_sii(q, 1, OB_SII_POP, &conf95, &r, &err), OB_EINVAL);
}

TEST(stats_sii_noisy)
{
	static const double y[10] = {
	    71.2, 68.0, 66.5, 64.9, 63.3, 60.1, 59.8, 57.0, 55.5, 52.1,
	};
	struct ob_sii_quantile q[10];
	struct ob_sii_result r;
	struct ob_error err;

	for (int i = 0; i < 10; i++) {
		q[i].pop = sii_pop[i];
		q[i].value = y[i];
		q[i].se = 1 + i / 10.0;
	}
	ASSERT_OK(ob_sii(q, 10, OB_SII_POP, &conf95, &r, &err));
	ASSERT_REL(r.sii, -19.632322405613909570, REL);
	ASSERT_REL(r.intercept, 71.648661202806955495, REL);
	ASSERT_REL(r.rii, -0.31750814548358726146, REL);
	ASSERT_REL(r.rii_se, 0.027845697875029955696, REL);
}

/* ---- life table --------------------------------------------------------- */

TEST(stats_life_table_by_hand)
{
	/*
	 * Nobody dies before 90, and 50 of 100 people aged 90+ die: q = 0 in
	 * bands 0..18, l = 100,000 throughout, L_i = n_i * 100,000, so T_0 =
	 * 90 * 100,000 + l / M with M = 0.5, and e_0 = 90 + 2 = 92, e_90 = 2.
	 * Only the last interval adds variance: (l/2)^2 * 4 / (D M^2) =
	 * l^2 / 12.5, so var(e_0) = var(e_90) = 0.08 and the 95% limits are
	 * 92 -+ 1.959964 * sqrt(0.08) = 92 -+ 0.554362.
	 */
	double d[OB_LIFETABLE_BANDS] = {0}, p[OB_LIFETABLE_BANDS];
	struct ob_lifetable lt;
	struct ob_estimate e;
	struct ob_error err;

	for (int i = 0; i < OB_LIFETABLE_BANDS; i++)
		p[i] = 1000;
	d[19] = 50;
	p[19] = 100;
	ASSERT_OK(ob_lifetable_compute(d, p, &lt, &err));
	ASSERT(lt.note == NULL);
	ASSERT_REL(lt.e[0], 92, 1e-14);
	ASSERT_REL(lt.e[19], 2, 1e-14);
	ASSERT_REL(lt.var[0], 0.08, 1e-14);
	ASSERT_OK(ob_life_expectancy(&lt, 0, &conf95, &e, &err));
	ASSERT_REL(e.ci[0].lower, 92 - ob_conf_z(0.95) * sqrt(0.08), 1e-14);
	ASSERT_REL(e.ci[0].upper, 92.554361529739871178, REL);
	ASSERT_REL(e.count, 50, 0);
	ASSERT_REL(e.denominator, 19100, 0);
}

TEST(stats_life_table_phe_example)
{
	/* The example data of PHEindicatormethods phe_life_expectancy;
	 * expected values from an independent mpmath life table. */
	static const double pops[OB_LIFETABLE_BANDS] = {
	    7060,  35059, 46974, 48489, 43219, 38561, 46009,
	    57208, 61435, 55601, 50209, 56416, 46411, 39820,
	    37978, 37039, 33288, 23306, 11936, 11936,
	};
	static const double deaths[OB_LIFETABLE_BANDS] = {
	    17,	 9,   4,   8,	20,  15,  24,	33,   50,   71,
	    100, 163, 263, 304, 536, 872, 1390, 1605, 1936, 1937,
	};
	struct ob_lifetable lt;
	struct ob_estimate e;
	struct ob_error err;

	ASSERT_OK(ob_lifetable_compute(deaths, pops, &lt, &err));
	ASSERT_OK(ob_life_expectancy(&lt, 0, &conf2, &e, &err));
	ASSERT_REL(e.value, 80.169608131948394443, REL);
	ASSERT_REL(e.ci[0].lower, 79.882690753927053982, REL);
	ASSERT_REL(e.ci[0].upper, 80.456525509969734904, REL);
	ASSERT_REL(e.ci[1].lower, 79.717231783323509963, REL);
	ASSERT_REL(e.ci[1].upper, 80.621984480573278924, REL);
	ASSERT_OK(ob_life_expectancy(&lt, 2, &conf95, &e, &err));
	ASSERT_REL(e.value, 75.441936448985424819, REL);
	ASSERT_REL(e.ci[0].lower, 75.174077995014551288, REL);
	ASSERT_OK(
	    ob_life_expectancy(&lt, ob_lifetable_band(65), &conf95, &e, &err));
	ASSERT_REL(e.value, 18.768568517234476016, REL);
	ASSERT_REL(e.ci[0].upper, 18.961429974379567743, REL);
	ASSERT_OK(ob_life_expectancy(&lt, 19, &conf95, &e, &err));
	ASSERT_REL(e.value, 11936.0 / 1937, 1e-14);
	ASSERT_REL(e.ci[0].lower, 5.8876884288424431493, REL);
}

TEST(stats_life_table_suppression)
{
	/* 100 people a band and one death, at 90+: e_90 = 1 / M = 100 years
	 * with variance l^2 / (D M^2) / l^2 = 10,000, so the 95% interval is
	 * about 392 years wide and PHE publishes nothing. */
	double d[OB_LIFETABLE_BANDS] = {0}, p[OB_LIFETABLE_BANDS];
	struct ob_lifetable lt;
	struct ob_estimate e;
	struct ob_error err;

	for (int i = 0; i < OB_LIFETABLE_BANDS; i++) {
		p[i] = 100;
		d[i] = i == 19;
	}
	ASSERT_OK(ob_lifetable_compute(d, p, &lt, &err));
	ASSERT_OK(ob_life_expectancy(&lt, 0, &conf95, &e, &err));
	ASSERT(isnan(e.value) && e.note && strstr(e.note, "20 years"));
	/* More deaths than people, and no population. */
	d[5] = 101;
	ASSERT_OK(ob_lifetable_compute(d, p, &lt, &err));
	ASSERT(lt.note && strstr(lt.note, "more deaths"));
	d[5] = 0;
	p[7] = 0;
	ASSERT_OK(ob_lifetable_compute(d, p, &lt, &err));
	ASSERT(lt.note && strstr(lt.note, "no population"));
	ASSERT_OK(ob_life_expectancy(&lt, 0, &conf95, &e, &err));
	ASSERT(isnan(e.value) && e.note == lt.note);
	d[2] = -1;
	ASSERT_INT_EQ(ob_lifetable_compute(d, p, &lt, &err), OB_EINVAL);
}

/* ---- funnel ---------------------------------------------------------------
 */

TEST(stats_funnel)
{
	/* mpmath: exact Poisson / binomial quantiles with Spiegelhalter's
	 * interpolation, found by summing the probability function. */
	struct ob_funnel_limits l;
	struct ob_error err;

	ASSERT_OK(ob_funnel(OB_FUNNEL_POISSON, 1, 10, &l, &err));
	ASSERT_REL(l.lower998, 0.12205293158961343303, REL);
	ASSERT_REL(l.lower95, 0.37751879476884029910, REL);
	ASSERT_REL(l.upper95, 1.6159950673344785346, REL);
	ASSERT_REL(l.upper998, 2.0662000835995039782, REL);
	ASSERT_OK(ob_funnel(OB_FUNNEL_POISSON, 0.002, 25000, &l, &err));
	ASSERT_REL(l.lower998, 0.0011649126596592627379, REL);
	ASSERT_REL(l.upper95, 0.0025532196675093563546, REL);
	ASSERT_OK(ob_funnel(OB_FUNNEL_BINOMIAL, 0.2, 50, &l, &err));
	ASSERT_REL(l.lower998, 0.034776143207507814804, REL);
	ASSERT_REL(l.lower95, 0.084404822012269118265, REL);
	ASSERT_REL(l.upper95, 0.30709388335205804574, REL);
	ASSERT_REL(l.upper998, 0.37914409767503758103, REL);
	ASSERT_INT_EQ(ob_funnel_position(&l, 0.2), 0);
	ASSERT_INT_EQ(ob_funnel_position(&l, 0.35), 1);
	ASSERT_INT_EQ(ob_funnel_position(&l, 0.4), 2);
	ASSERT_INT_EQ(ob_funnel_position(&l, 0.05), -1);
	ASSERT_INT_EQ(ob_funnel_position(&l, 0.01), -2);
	/* A small expected count: the lower limits stop at 0 rather than
	 * interpolating below it (0.1 expected: P(0) = 0.905 > 0.025). */
	{
		struct ob_funnel_limits small;
		ASSERT_OK(ob_funnel(OB_FUNNEL_POISSON, 0.001, 100, &small,
				    &err));
		ASSERT(small.lower998 == 0 && small.lower95 == 0);
		ASSERT(small.upper95 > 0);
		ASSERT_OK(ob_funnel(OB_FUNNEL_BINOMIAL, 0.01, 10, &small,
				    &err));
		ASSERT(small.lower998 == 0 && small.lower95 == 0);
	}
	/* Limits narrow as the denominator grows. */
	{
		struct ob_funnel_limits big;
		ASSERT_OK(ob_funnel(OB_FUNNEL_BINOMIAL, 0.2, 5000, &big, &err));
		ASSERT(big.upper95 < l.upper95 && big.lower95 > l.lower95);
		ASSERT(big.upper998 > big.upper95);
	}
	ASSERT_INT_EQ(ob_funnel(OB_FUNNEL_BINOMIAL, 1.2, 50, &l, &err),
		      OB_EINVAL);
}

/* ---- SPC ------------------------------------------------------------------
 */

/* A stable series around 10: mean 10, moving ranges of 1 and 2. */
static const double spc_base[12] = {
    10, 11, 9, 10, 11, 10, 9, 11, 10, 9, 10, 10,
};

static unsigned spc_any(const unsigned *f, size_t n)
{
	unsigned any = 0;

	for (size_t i = 0; i < n; i++)
		any |= f[i];
	return any;
}

TEST(stats_spc_common_cause)
{
	struct ob_spc_xmr c;
	unsigned f[12];
	struct ob_error err;

	ASSERT_OK(ob_spc_xmr(spc_base, 12, &c, f, &err));
	ASSERT_REL(c.mean, 10, 1e-15);
	/* |diffs| 1 2 1 1 1 1 2 1 1 1 0 = 12 over 11. */
	ASSERT_REL(c.mr_mean, 12.0 / 11, 1e-15);
	ASSERT_REL(c.upper, 10 + 2.66 * 12.0 / 11, 1e-15);
	ASSERT_REL(c.near_upper, 10 + 2 * 12.0 / 11 / 1.128, 1e-15);
	ASSERT_INT_EQ(spc_any(f, 12), 0);
	ASSERT_INT_EQ(ob_spc_xmr(spc_base, 1, &c, f, &err), OB_EINVAL);
}

TEST(stats_spc_outside)
{
	double x[12];
	struct ob_spc_xmr c;
	unsigned f[12];
	struct ob_error err;

	memcpy(x, spc_base, sizeof(x));
	x[6] = 20;
	ASSERT_OK(ob_spc_xmr(x, 12, &c, f, &err));
	ASSERT(x[6] > c.upper);
	ASSERT(f[6] & OB_SPC_OUTSIDE);
	ASSERT(f[6] & OB_SPC_HIGH);
	ASSERT_INT_EQ(f[5] & OB_SPC_OUTSIDE, 0);
}

TEST(stats_spc_shift)
{
	/* 7 in a row above the mean, then 6 in a row below: only the 7. */
	static const double x[16] = {
	    9, 9.5, 9, 8.5, 11, 11.5, 11, 10.5, 11, 11.5, 11, 9, 9.5, 9, 8.5, 9,
	};
	static const double y[13] = {
	    9, 11, 11.5, 11, 10.5, 11, 11.5, 9, 9.5, 9, 11, 8.5, 10.5,
	};
	struct ob_spc_xmr c;
	unsigned f[16];
	struct ob_error err;

	ASSERT_OK(ob_spc_xmr(x, 16, &c, f, &err));
	ASSERT(c.mean > 9.5 && c.mean < 10.5);
	for (int i = 4; i <= 10; i++)
		ASSERT(f[i] & OB_SPC_SHIFT);
	ASSERT_INT_EQ(f[3] & OB_SPC_SHIFT, 0);
	ASSERT(f[4] & OB_SPC_HIGH);
	/* The first 4 and last 5 are below but too few in a row. */
	ASSERT_INT_EQ(f[0] & OB_SPC_SHIFT, 0);
	ASSERT_INT_EQ(f[15] & OB_SPC_SHIFT, 0);
	/* 6 above only: no shift. */
	ASSERT_OK(ob_spc_xmr(y, 13, &c, f, &err));
	ASSERT_INT_EQ(spc_any(f, 13) & OB_SPC_SHIFT, 0);
}

TEST(stats_spc_trend)
{
	/* 7 falling points (6 falls) flagged; 6 rising points are not. */
	static const double x[14] = {
	    10,	  10.5, 11,   11.5, 12, 12.5, 12,
	    11.6, 11.2, 10.8, 10.4, 10, 9.6,  9.9,
	};
	struct ob_spc_xmr c;
	unsigned f[14];
	struct ob_error err;

	ASSERT_OK(ob_spc_xmr(x, 14, &c, f, &err));
	for (int i = 5; i <= 12; i++)
		ASSERT(f[i] & OB_SPC_TREND);
	for (int i = 0; i <= 4; i++)
		ASSERT_INT_EQ(f[i] & OB_SPC_TREND, 0);
	ASSERT_INT_EQ(f[13] & OB_SPC_TREND, 0);
}

TEST(stats_spc_two_of_three)
{
	/* Two of three points beyond 2 sigma above the mean but within the
	 * limits; a single such point elsewhere is not flagged. */
	double x[15] = {10, 11, 9, 10, 11, 10, 9, 11, 10, 9, 10, 10, 11, 9, 10};
	struct ob_spc_xmr c;
	unsigned f[15];
	struct ob_error err;

	x[6] = 13.3;
	x[7] = 13.3;
	ASSERT_OK(ob_spc_xmr(x, 15, &c, f, &err));
	ASSERT(x[6] > c.near_upper && x[6] < c.upper);
	ASSERT(f[6] & OB_SPC_NEAR);
	ASSERT(f[7] & OB_SPC_NEAR);
	ASSERT_INT_EQ(f[8] & OB_SPC_NEAR, 0);
	ASSERT_INT_EQ(spc_any(f, 15) & OB_SPC_OUTSIDE, 0);
	x[7] = 11;
	ASSERT_OK(ob_spc_xmr(x, 15, &c, f, &err));
	ASSERT(x[6] > c.near_upper && x[6] < c.upper);
	ASSERT_INT_EQ(spc_any(f, 15), 0);
}

/* ---- coverage by simulation --------------------------------------------- */

/*
 * 2000 units with a known Poisson mean; the share whose 95% limits (exact
 * below 10, Byar from 10) contain the mean.  The exact coverage, summed
 * over the Poisson distribution in mpmath, is 0.9603 (mean 4), 0.9690 (8),
 * 0.9568 (20) and 0.9615 (60); the simulated share has a standard error
 * of about 0.0045, and the seed is fixed, so the band 0.93..0.98 cannot
 * flake and would still catch limits that are too narrow or too wide.
 */
TEST(stats_coverage_poisson)
{
	static const double means[4] = {4, 8, 20, 60};

	for (int m = 0; m < 4; m++) {
		struct ob_rng r;
		int hit = 0;
		ob_rng_seed(&r, 20240401, (uint64_t)m);
		for (int u = 0; u < 2000; u++) {
			double x = (double)ob_rng_poisson(&r, means[m]);
			struct ob_interval ci =
			    ob_poisson_limits(x, 0.95, OB_EXACT_BELOW_PHE);
			hit += ci.lower <= means[m] && means[m] <= ci.upper;
		}
		ASSERT(hit >= 0.93 * 2000 && hit <= 0.98 * 2000);
	}
}

/* Wilson limits for p = 0.3, n = 80, and for the 99.8% level. */
TEST(stats_coverage_wilson)
{
	struct ob_rng r;
	int hit = 0, hit998 = 0;
	struct ob_error err;

	ob_rng_seed(&r, 20240402, 0);
	for (int u = 0; u < 2000; u++) {
		struct ob_estimate e;
		double x = 0;
		for (int k = 0; k < 80; k++)
			x += ob_rng_bernoulli(&r, 0.3);
		ASSERT_OK(ob_proportion(x, 80, 1, &conf2, &e, &err));
		hit += e.ci[0].lower <= 0.3 && 0.3 <= e.ci[0].upper;
		hit998 += e.ci[1].lower <= 0.3 && 0.3 <= e.ci[1].upper;
	}
	ASSERT(hit >= 0.93 * 2000 && hit <= 0.97 * 2000);
	ASSERT(hit998 >= 0.99 * 2000);
}

/* DSR limits: 19 bands with known rates rising with age, 2000 simulated
 * areas of 40,000 people; the true DSR must lie inside ~95% of them. */
TEST(stats_coverage_dsr)
{
	struct ob_dsr_band b[OB_ESP2013_BANDS];
	double rate[OB_ESP2013_BANDS], truth = 0;
	struct ob_rng r;
	int hit = 0, n = 0;
	struct ob_error err;

	for (int i = 0; i < OB_ESP2013_BANDS; i++) {
		rate[i] = 0.0002 * exp(0.3 * i);
		b[i].pop = 2000 + 100 * (i % 5);
		b[i].weight = ob_esp2013[i];
		truth += rate[i] * ob_esp2013[i];
	}
	/* truth = sum(r w) / sum(w) * 100000 = sum(r w): sum(w) = 100,000. */
	ob_rng_seed(&r, 20240403, 0);
	for (int u = 0; u < 2000; u++) {
		struct ob_estimate e;
		for (int i = 0; i < OB_ESP2013_BANDS; i++)
			b[i].count =
			    (double)ob_rng_poisson(&r, rate[i] * b[i].pop);
		ASSERT_OK(ob_dsr(b, OB_ESP2013_BANDS, 100000, OB_EXACT_NEVER,
				 &conf95, &e, &err));
		if (e.note)
			continue;
		n++;
		hit += e.ci[0].lower <= truth && truth <= e.ci[0].upper;
	}
	ASSERT_INT_EQ(n, 2000);
	ASSERT(hit >= 0.93 * n && hit <= 0.97 * n);
}

/* Student t limits on samples of 6 normal values. */
TEST(stats_coverage_mean)
{
	struct ob_rng r;
	int hit = 0;
	struct ob_error err;

	ob_rng_seed(&r, 20240404, 0);
	for (int u = 0; u < 2000; u++) {
		double v[6];
		struct ob_estimate e;
		for (int k = 0; k < 6; k++)
			v[k] = 50 + 8 * ob_rng_normal(&r);
		ASSERT_OK(ob_mean(v, 6, &conf95, &e, &err));
		hit += e.ci[0].lower <= 50 && 50 <= e.ci[0].upper;
	}
	ASSERT(hit >= 0.93 * 2000 && hit <= 0.97 * 2000);
}
