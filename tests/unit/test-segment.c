/*
 * test-segment.c - Bridges to Health segments: the built-in rules on
 * hand-built people (every segment and every precedence boundary), the
 * rule language, parse errors with their exact positions and messages, a
 * custom rule file, and two property tests: the built-in rules against a
 * plain C transcription of them, and random expressions against a direct
 * evaluation of their trees.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onebudget/buf.h"
#include "onebudget/codelist.h"
#include "onebudget/rng.h"
#include "onebudget/segment.h"

#include "test.h"
#include "onebudget/banned.h"

#define B(c) ((uint32_t)1 << OB_COND_##c)

/* A person with nothing recorded: alive, no activity. */
static struct ob_segment_facts person(int age, int sex)
{
	struct ob_segment_facts f;

	memset(&f, 0, sizeof(f));
	f.age = age;
	f.sex = sex;
	f.efi_deficits = 0;
	f.days_to_death = -1;
	return f;
}

static struct ob_segment_rules *builtin(void)
{
	struct ob_segment_rules *r = NULL;
	struct ob_error err;

	if (ob_segment_rules_parse(&r, NULL, 0, NULL, &err)) {
		fprintf(stderr, "built-in rules: %s:%ld:%ld: %s\n", err.file,
			err.line, err.column, err.msg);
		return NULL;
	}
	return r;
}

/* Assert that `f` falls in `seg` by the rule whose text is `why`. */
#define ASSERT_SEGMENT(r, f, seg, why_text)                                    \
	do {                                                                   \
		const char *why_ = NULL;                                       \
		enum ob_segment got_ = ob_segment_assign((r), &(f), &why_);    \
		if (got_ != (seg)) {                                           \
			ob_segment_rules_free(r);                              \
			TEST_FAIL_("%s: got %s (%s), expected %s", #f,         \
				   ob_segment_code(got_), why_,                \
				   ob_segment_code(seg));                      \
		}                                                              \
		if (!why_ || strcmp(why_, (why_text)) != 0) {                  \
			ob_segment_rules_free(r);                              \
			TEST_FAIL_("%s: why \"%s\", expected \"%s\"", #f,      \
				   why_ ? why_ : "(null)", (why_text));        \
		}                                                              \
	} while (0)

/* The canonical text of the built-in rules, as ob_segment_assign() gives
 * them back. */
#define WHY_CANCER_DEATH                                                       \
	"short_decline: has_in_year cancer and (died_in_year or "              \
	"days_to_death <= 365)"
#define WHY_CANCER_PALLIATIVE                                                  \
	"short_decline: has_in_year cancer and has_in_year palliative"
#define WHY_DEMENTIA "long_decline: has dementia"
#define WHY_FRAILTY                                                            \
	"long_decline: age >= 65 and (hfrs >= 5 or efi_deficits >= 9 or "      \
	"in_care_home)"
#define WHY_ORGAN                                                              \
	"organ_failure: has any(heart_failure, copd, ckd, liver_disease) and " \
	"emergency_admissions >= 1"
#define WHY_PALLIATIVE_DEATH                                                   \
	"short_decline: has_in_year palliative and (died_in_year or "          \
	"days_to_death <= 365)"
#define WHY_DISABILITY                                                         \
	"stable_disability: has any(learning_disability, paralysis, "          \
	"multiple_sclerosis, severe_sensory)"
#define WHY_MATERNITY                                                          \
	"maternal_infant: has_in_year pregnancy or maternity_admissions >= 1"
#define WHY_INFANT "maternal_infant: age < 1"
#define WHY_CHRONIC                                                            \
	"chronic_normal_function: has any(hypertension, diabetes, asthma, "    \
	"copd, heart_failure, atrial_fibrillation, coronary_heart_disease, "   \
	"stroke, ckd, cancer, serious_mental_illness, epilepsy, "              \
	"liver_disease, parkinsons, rheumatoid_arthritis, osteoporosis)"
#define WHY_DEPRESSION "chronic_normal_function: has_in_year depression"
#define WHY_ACUTE                                                              \
	"acutely_ill: emergency_admissions >= 1 or ae_attendances >= 1"
#define WHY_HEALTHY "healthy: no other rule holds"

TEST(segment_codes_and_labels)
{
	static const char *const codes[] = {
	    "unassigned",
	    "healthy",
	    "maternal_infant",
	    "acutely_ill",
	    "chronic_normal_function",
	    "stable_disability",
	    "short_decline",
	    "organ_failure",
	    "long_decline",
	};

	for (int s = 0; s < OB_SEG_COUNT; s++)
		ASSERT_STR_EQ(ob_segment_code((enum ob_segment)s), codes[s]);
	ASSERT_STR_EQ(ob_segment_label(OB_SEG_SHORT_DECLINE),
		      "Short period of decline before dying");
	ASSERT_STR_EQ(ob_segment_label(OB_SEG_LONG_DECLINE),
		      "Long decline (frailty and dementia)");
	ASSERT_STR_EQ(ob_segment_code((enum ob_segment)OB_SEG_COUNT),
		      "unassigned");
	ASSERT_STR_EQ(ob_segment_label((enum ob_segment) - 1), "Not assigned");
}

/* One person per segment, each decided by the rule we expect. */
TEST(segment_builtin_every_segment)
{
	struct ob_segment_rules *r = builtin();
	struct ob_segment_facts healthy = person(35, 1);
	struct ob_segment_facts infant = person(0, 2);
	struct ob_segment_facts acute = person(25, 1);
	struct ob_segment_facts chronic = person(50, 2);
	struct ob_segment_facts disabled = person(30, 1);
	struct ob_segment_facts dying = person(68, 1);
	struct ob_segment_facts organ = person(72, 2);
	struct ob_segment_facts frail = person(84, 2);

	ASSERT(r);
	acute.emergency_admissions = 1;
	chronic.conditions = B(DIABETES) | B(HYPERTENSION);
	disabled.conditions = B(LEARNING_DISABILITY) | B(EPILEPSY);
	dying.conditions = dying.conditions_in_year = B(CANCER);
	dying.died_in_year = 1;
	organ.conditions = B(COPD);
	organ.emergency_admissions = 2;
	frail.hfrs = 9.5;
	ASSERT_SEGMENT(r, healthy, OB_SEG_HEALTHY, WHY_HEALTHY);
	ASSERT_SEGMENT(r, infant, OB_SEG_MATERNAL_INFANT, WHY_INFANT);
	ASSERT_SEGMENT(r, acute, OB_SEG_ACUTELY_ILL, WHY_ACUTE);
	ASSERT_SEGMENT(r, chronic, OB_SEG_CHRONIC_NORMAL_FUNCTION, WHY_CHRONIC);
	ASSERT_SEGMENT(r, disabled, OB_SEG_STABLE_DISABILITY, WHY_DISABILITY);
	ASSERT_SEGMENT(r, dying, OB_SEG_SHORT_DECLINE, WHY_CANCER_DEATH);
	ASSERT_SEGMENT(r, organ, OB_SEG_ORGAN_FAILURE, WHY_ORGAN);
	ASSERT_SEGMENT(r, frail, OB_SEG_LONG_DECLINE, WHY_FRAILTY);
	/* why is optional */
	ASSERT_INT_EQ(ob_segment_assign(r, &frail, NULL), OB_SEG_LONG_DECLINE);
	ob_segment_rules_free(r);
}

/* The end-of-life rules: who is in short decline, and who stays in the
 * segment of their own trajectory. */
TEST(segment_builtin_short_decline)
{
	struct ob_segment_rules *r = builtin();
	struct ob_segment_facts next_year = person(60, 2);
	struct ob_segment_facts a_year_and_a_day = person(60, 2);
	struct ob_segment_facts alive = person(60, 2);
	struct ob_segment_facts survivor = person(80, 1);
	struct ob_segment_facts cancer_dementia = person(80, 1);
	struct ob_segment_facts cancer_palliative = person(55, 1);
	struct ob_segment_facts dementia_end = person(91, 2);
	struct ob_segment_facts copd_end = person(77, 1);
	struct ob_segment_facts copd_at_home = person(77, 1);
	struct ob_segment_facts mnd = person(58, 1);
	struct ob_segment_facts mnd_ld = person(40, 1);
	struct ob_segment_facts palliative_alive = person(58, 1);

	ASSERT(r);
	/* cancer in the year, death 365 days after its end: short decline;
	 * 366 days: not yet (the cancer keeps them in chronic conditions) */
	next_year.conditions = next_year.conditions_in_year = B(CANCER);
	next_year.days_to_death = 365;
	ASSERT_SEGMENT(r, next_year, OB_SEG_SHORT_DECLINE, WHY_CANCER_DEATH);
	a_year_and_a_day = next_year;
	a_year_and_a_day.days_to_death = 366;
	ASSERT_SEGMENT(r, a_year_and_a_day, OB_SEG_CHRONIC_NORMAL_FUNCTION,
		       WHY_CHRONIC);
	/* alive at the end of the data: days_to_death -1 is absent, not
	 * "less than 365" */
	alive = next_year;
	alive.days_to_death = -1;
	ASSERT_SEGMENT(r, alive, OB_SEG_CHRONIC_NORMAL_FUNCTION, WHY_CHRONIC);
	/* a cancer survivor (cancer on record, not coded this year) dying
	 * with dementia: the dementia trajectory */
	survivor.conditions = B(CANCER) | B(DEMENTIA);
	survivor.died_in_year = 1;
	ASSERT_SEGMENT(r, survivor, OB_SEG_LONG_DECLINE, WHY_DEMENTIA);
	/* active cancer and dementia, dying: the cancer death comes first */
	cancer_dementia = survivor;
	cancer_dementia.conditions_in_year = B(CANCER);
	ASSERT_SEGMENT(r, cancer_dementia, OB_SEG_SHORT_DECLINE,
		       WHY_CANCER_DEATH);
	/* cancer with palliative care, death not (yet) in the data */
	cancer_palliative.conditions = B(CANCER) | B(PALLIATIVE);
	cancer_palliative.conditions_in_year = B(CANCER) | B(PALLIATIVE);
	ASSERT_SEGMENT(r, cancer_palliative, OB_SEG_SHORT_DECLINE,
		       WHY_CANCER_PALLIATIVE);
	/* dying of dementia under palliative care: long decline */
	dementia_end.conditions = B(DEMENTIA) | B(PALLIATIVE);
	dementia_end.conditions_in_year = B(PALLIATIVE);
	dementia_end.died_in_year = 1;
	ASSERT_SEGMENT(r, dementia_end, OB_SEG_LONG_DECLINE, WHY_DEMENTIA);
	/* dying of COPD after an emergency admission: organ failure; at
	 * home without one: the palliative rule */
	copd_end.conditions = B(COPD) | B(PALLIATIVE);
	copd_end.conditions_in_year = B(PALLIATIVE);
	copd_end.emergency_admissions = 1;
	copd_end.days_to_death = 30;
	ASSERT_SEGMENT(r, copd_end, OB_SEG_ORGAN_FAILURE, WHY_ORGAN);
	copd_at_home = copd_end;
	copd_at_home.emergency_admissions = 0;
	ASSERT_SEGMENT(r, copd_at_home, OB_SEG_SHORT_DECLINE,
		       WHY_PALLIATIVE_DEATH);
	/* motor neurone disease has no condition group: palliative care and
	 * death decide, even over a disability */
	mnd.conditions = mnd.conditions_in_year = B(PALLIATIVE);
	mnd.died_in_year = 1;
	ASSERT_SEGMENT(r, mnd, OB_SEG_SHORT_DECLINE, WHY_PALLIATIVE_DEATH);
	mnd_ld = mnd;
	mnd_ld.conditions |= B(LEARNING_DISABILITY);
	ASSERT_SEGMENT(r, mnd_ld, OB_SEG_SHORT_DECLINE, WHY_PALLIATIVE_DEATH);
	/* palliative care without cancer or death is not enough */
	palliative_alive.conditions = B(PALLIATIVE);
	palliative_alive.conditions_in_year = B(PALLIATIVE);
	ASSERT_SEGMENT(r, palliative_alive, OB_SEG_HEALTHY, WHY_HEALTHY);
	ob_segment_rules_free(r);
}

/* Frailty and dementia: thresholds, the age limit, care homes, and the
 * boundary with organ failure and disability. */
TEST(segment_builtin_long_decline)
{
	struct ob_segment_rules *r = builtin();
	struct ob_segment_facts frail_hf = person(83, 2);
	struct ob_segment_facts fit_hf = person(83, 2);
	struct ob_segment_facts hf_no_admission = person(83, 2);
	struct ob_segment_facts at64 = person(64, 1);
	struct ob_segment_facts at65 = person(65, 1);
	struct ob_segment_facts hfrs_low = person(80, 1);
	struct ob_segment_facts efi8 = person(80, 1);
	struct ob_segment_facts efi9 = person(80, 1);
	struct ob_segment_facts efi_unknown = person(80, 1);
	struct ob_segment_facts home_young_ld = person(34, 2);
	struct ob_segment_facts home_old_ld = person(66, 2);
	struct ob_segment_facts young_dementia = person(52, 1);
	struct ob_segment_facts ld_dementia = person(55, 1);

	ASSERT(r);
	/* the frail person with heart failure and an emergency admission:
	 * long decline, because frailty comes before organ failure */
	frail_hf.conditions = B(HEART_FAILURE) | B(ATRIAL_FIBRILLATION);
	frail_hf.emergency_admissions = 3;
	frail_hf.hfrs = 12.4;
	ASSERT_SEGMENT(r, frail_hf, OB_SEG_LONG_DECLINE, WHY_FRAILTY);
	fit_hf = frail_hf;
	fit_hf.hfrs = 3.1;
	ASSERT_SEGMENT(r, fit_hf, OB_SEG_ORGAN_FAILURE, WHY_ORGAN);
	hf_no_admission = fit_hf;
	hf_no_admission.emergency_admissions = 0;
	ASSERT_SEGMENT(r, hf_no_admission, OB_SEG_CHRONIC_NORMAL_FUNCTION,
		       WHY_CHRONIC);
	/* age boundary: HFRS 20 at 64 is an acute illness, at 65 frailty */
	at64.hfrs = 20;
	at64.emergency_admissions = 1;
	ASSERT_SEGMENT(r, at64, OB_SEG_ACUTELY_ILL, WHY_ACUTE);
	at65 = at64;
	at65.age = 65;
	ASSERT_SEGMENT(r, at65, OB_SEG_LONG_DECLINE, WHY_FRAILTY);
	/* HFRS boundary: 4.9 is low risk, 5 intermediate */
	hfrs_low.hfrs = 4.9;
	hfrs_low.emergency_admissions = 1;
	ASSERT_SEGMENT(r, hfrs_low, OB_SEG_ACUTELY_ILL, WHY_ACUTE);
	hfrs_low.hfrs = 5;
	ASSERT_SEGMENT(r, hfrs_low, OB_SEG_LONG_DECLINE, WHY_FRAILTY);
	/* eFI boundary: 8/36 = 0.22 mild, 9/36 = 0.25 moderate */
	efi8.efi_deficits = 8;
	efi8.conditions = B(HYPERTENSION);
	ASSERT_SEGMENT(r, efi8, OB_SEG_CHRONIC_NORMAL_FUNCTION, WHY_CHRONIC);
	efi9 = efi8;
	efi9.efi_deficits = 9;
	ASSERT_SEGMENT(r, efi9, OB_SEG_LONG_DECLINE, WHY_FRAILTY);
	efi_unknown.efi_deficits = -1;
	ASSERT_SEGMENT(r, efi_unknown, OB_SEG_HEALTHY, WHY_HEALTHY);
	/* a care home at 34 with a learning disability is not frailty; at
	 * 66 it is */
	home_young_ld.conditions = B(LEARNING_DISABILITY);
	home_young_ld.in_care_home = 1;
	ASSERT_SEGMENT(r, home_young_ld, OB_SEG_STABLE_DISABILITY,
		       WHY_DISABILITY);
	home_old_ld = home_young_ld;
	home_old_ld.age = 66;
	ASSERT_SEGMENT(r, home_old_ld, OB_SEG_LONG_DECLINE, WHY_FRAILTY);
	/* dementia at any age, and over a learning disability */
	young_dementia.conditions = B(DEMENTIA);
	ASSERT_SEGMENT(r, young_dementia, OB_SEG_LONG_DECLINE, WHY_DEMENTIA);
	ld_dementia.conditions = B(DEMENTIA) | B(LEARNING_DISABILITY);
	ASSERT_SEGMENT(r, ld_dementia, OB_SEG_LONG_DECLINE, WHY_DEMENTIA);
	ob_segment_rules_free(r);
}

/* Organ failure needs an exacerbation; every organ counts. */
TEST(segment_builtin_organ_failure)
{
	static const uint32_t organs[] = {B(HEART_FAILURE), B(COPD), B(CKD),
					  B(LIVER_DISEASE)};
	struct ob_segment_rules *r = builtin();
	struct ob_segment_facts f = person(60, 1);
	struct ob_segment_facts ms_copd = person(45, 2);
	struct ob_segment_facts asthma_admitted = person(45, 2);

	ASSERT(r);
	for (size_t i = 0; i < sizeof(organs) / sizeof(organs[0]); i++) {
		f.conditions = organs[i];
		f.emergency_admissions = 1;
		ASSERT_SEGMENT(r, f, OB_SEG_ORGAN_FAILURE, WHY_ORGAN);
		f.emergency_admissions = 0;
		f.ae_attendances = 4; /* A&E alone is not an exacerbation */
		ASSERT_SEGMENT(r, f, OB_SEG_CHRONIC_NORMAL_FUNCTION,
			       WHY_CHRONIC);
		f.ae_attendances = 0;
	}
	/* organ failure before a disability */
	ms_copd.conditions = B(MULTIPLE_SCLEROSIS) | B(COPD);
	ms_copd.emergency_admissions = 1;
	ASSERT_SEGMENT(r, ms_copd, OB_SEG_ORGAN_FAILURE, WHY_ORGAN);
	/* asthma is not organ failure: an admitted asthmatic is chronic */
	asthma_admitted.conditions = B(ASTHMA);
	asthma_admitted.emergency_admissions = 2;
	ASSERT_SEGMENT(r, asthma_admitted, OB_SEG_CHRONIC_NORMAL_FUNCTION,
		       WHY_CHRONIC);
	ob_segment_rules_free(r);
}

/* Disability, maternity, infancy and the lower segments. */
TEST(segment_builtin_disability_maternity_acute)
{
	struct ob_segment_rules *r = builtin();
	struct ob_segment_facts ld = person(19, 1);
	struct ob_segment_facts sensory = person(50, 2);
	struct ob_segment_facts paralysis = person(33, 1);
	struct ob_segment_facts ms = person(41, 2);
	struct ob_segment_facts pregnant_asthma = person(29, 2);
	struct ob_segment_facts pregnant_ld = person(29, 2);
	struct ob_segment_facts pregnant_emergency = person(31, 2);
	struct ob_segment_facts delivered = person(31, 2);
	struct ob_segment_facts unborn = person(-1, 1);
	struct ob_segment_facts infant_admitted = person(0, 1);
	struct ob_segment_facts toddler = person(1, 1);
	struct ob_segment_facts infant_cp = person(0, 2);
	struct ob_segment_facts old_depression = person(40, 2);
	struct ob_segment_facts depression = person(40, 2);
	struct ob_segment_facts ae_only = person(22, 1);
	struct ob_segment_facts elective_only = person(60, 1);

	ASSERT(r);
	ld.conditions = B(LEARNING_DISABILITY) | B(ASTHMA);
	ld.emergency_admissions = 1;
	ASSERT_SEGMENT(r, ld, OB_SEG_STABLE_DISABILITY, WHY_DISABILITY);
	sensory.conditions = B(SEVERE_SENSORY);
	ASSERT_SEGMENT(r, sensory, OB_SEG_STABLE_DISABILITY, WHY_DISABILITY);
	paralysis.conditions = B(PARALYSIS) | B(STROKE);
	ASSERT_SEGMENT(r, paralysis, OB_SEG_STABLE_DISABILITY, WHY_DISABILITY);
	ms.conditions = B(MULTIPLE_SCLEROSIS);
	ASSERT_SEGMENT(r, ms, OB_SEG_STABLE_DISABILITY, WHY_DISABILITY);
	/* a pregnant woman with asthma: the maternity pathway carries her
	 * care this year */
	pregnant_asthma.conditions = B(ASTHMA) | B(PREGNANCY);
	pregnant_asthma.conditions_in_year = B(PREGNANCY);
	ASSERT_SEGMENT(r, pregnant_asthma, OB_SEG_MATERNAL_INFANT,
		       WHY_MATERNITY);
	/* ... and last year's pregnancy does not count this year */
	pregnant_asthma.conditions_in_year = 0;
	ASSERT_SEGMENT(r, pregnant_asthma, OB_SEG_CHRONIC_NORMAL_FUNCTION,
		       WHY_CHRONIC);
	/* a pregnant woman with a learning disability: the disability */
	pregnant_ld.conditions = B(LEARNING_DISABILITY) | B(PREGNANCY);
	pregnant_ld.conditions_in_year = B(PREGNANCY);
	ASSERT_SEGMENT(r, pregnant_ld, OB_SEG_STABLE_DISABILITY,
		       WHY_DISABILITY);
	/* an early-pregnancy emergency is maternity care */
	pregnant_emergency.conditions = pregnant_emergency.conditions_in_year =
	    B(PREGNANCY);
	pregnant_emergency.emergency_admissions = 1;
	ASSERT_SEGMENT(r, pregnant_emergency, OB_SEG_MATERNAL_INFANT,
		       WHY_MATERNITY);
	delivered.maternity_admissions = 1;
	ASSERT_SEGMENT(r, delivered, OB_SEG_MATERNAL_INFANT, WHY_MATERNITY);
	/* born after the reference date; admitted infant; age 1 */
	ASSERT_SEGMENT(r, unborn, OB_SEG_MATERNAL_INFANT, WHY_INFANT);
	infant_admitted.emergency_admissions = 2;
	ASSERT_SEGMENT(r, infant_admitted, OB_SEG_MATERNAL_INFANT, WHY_INFANT);
	toddler.emergency_admissions = 1;
	ASSERT_SEGMENT(r, toddler, OB_SEG_ACUTELY_ILL, WHY_ACUTE);
	toddler.emergency_admissions = 0;
	ASSERT_SEGMENT(r, toddler, OB_SEG_HEALTHY, WHY_HEALTHY);
	/* an infant with a paralysis (cerebral palsy) code: disability */
	infant_cp.conditions = B(PARALYSIS);
	ASSERT_SEGMENT(r, infant_cp, OB_SEG_STABLE_DISABILITY, WHY_DISABILITY);
	/* depression counts when coded in the year */
	old_depression.conditions = B(DEPRESSION);
	ASSERT_SEGMENT(r, old_depression, OB_SEG_HEALTHY, WHY_HEALTHY);
	depression.conditions = depression.conditions_in_year = B(DEPRESSION);
	ASSERT_SEGMENT(r, depression, OB_SEG_CHRONIC_NORMAL_FUNCTION,
		       WHY_DEPRESSION);
	ae_only.ae_attendances = 1;
	ASSERT_SEGMENT(r, ae_only, OB_SEG_ACUTELY_ILL, WHY_ACUTE);
	elective_only.elective_admissions = 3;
	ASSERT_SEGMENT(r, elective_only, OB_SEG_HEALTHY, WHY_HEALTHY);
	ob_segment_rules_free(r);
}

/* The built-in rules written out in plain C, from the comments of
 * data/segments/bridges_to_health.txt. */
static enum ob_segment reference_segment(const struct ob_segment_facts *f)
{
	uint32_t c = f->conditions, y = f->conditions_in_year;
	int dying = f->died_in_year ||
		    (f->days_to_death >= 0 && f->days_to_death <= 365);

	if ((y & B(CANCER)) && (dying || (y & B(PALLIATIVE))))
		return OB_SEG_SHORT_DECLINE;
	if (c & B(DEMENTIA))
		return OB_SEG_LONG_DECLINE;
	if (f->age >= 65 &&
	    (f->hfrs >= 5 || f->efi_deficits >= 9 || f->in_care_home))
		return OB_SEG_LONG_DECLINE;
	if ((c & (B(HEART_FAILURE) | B(COPD) | B(CKD) | B(LIVER_DISEASE))) &&
	    f->emergency_admissions >= 1)
		return OB_SEG_ORGAN_FAILURE;
	if ((y & B(PALLIATIVE)) && dying)
		return OB_SEG_SHORT_DECLINE;
	if (c & (B(LEARNING_DISABILITY) | B(PARALYSIS) | B(MULTIPLE_SCLEROSIS) |
		 B(SEVERE_SENSORY)))
		return OB_SEG_STABLE_DISABILITY;
	if ((y & B(PREGNANCY)) || f->maternity_admissions >= 1 || f->age < 1)
		return OB_SEG_MATERNAL_INFANT;
	if ((c & ~(B(DEMENTIA) | B(LEARNING_DISABILITY) | B(PARALYSIS) |
		   B(MULTIPLE_SCLEROSIS) | B(SEVERE_SENSORY) | B(PREGNANCY) |
		   B(PALLIATIVE) | B(DEPRESSION))) ||
	    (y & B(DEPRESSION)))
		return OB_SEG_CHRONIC_NORMAL_FUNCTION;
	if (f->emergency_admissions >= 1 || f->ae_attendances >= 1)
		return OB_SEG_ACUTELY_ILL;
	return OB_SEG_HEALTHY;
}

#define PICK(rng, arr)                                                         \
	((arr)[ob_rng_below((rng), sizeof(arr) / sizeof((arr)[0]))])

/* Random people, with values on and around every threshold. */
static void random_person(struct ob_rng *rng, struct ob_segment_facts *f)
{
	static const int ages[] = {-1, 0, 1, 2, 17, 30, 64, 65, 66, 90};
	static const double hfrs[] = {0, 4.9, 5, 5.1, 15, 22};
	static const int efi[] = {-1, 0, 8, 9, 10, 20};
	static const int days[] = {-1, 0, 1, 200, 365, 366, 1000};
	static const int counts[] = {0, 0, 0, 1, 2};

	memset(f, 0, sizeof(*f));
	f->age = PICK(rng, ages);
	f->sex = ob_rng_bernoulli(rng, 0.5) ? 1 : 2;
	for (int c = 0; c < OB_COND_COUNT; c++) {
		if (ob_rng_bernoulli(rng, 0.08))
			f->conditions |= (uint32_t)1 << c;
		if ((f->conditions >> c & 1) && ob_rng_bernoulli(rng, 0.5))
			f->conditions_in_year |= (uint32_t)1 << c;
	}
	f->hfrs = PICK(rng, hfrs);
	f->efi_deficits = PICK(rng, efi);
	f->died_in_year = ob_rng_bernoulli(rng, 0.1);
	f->days_to_death = f->died_in_year ? -1 : PICK(rng, days);
	f->emergency_admissions = PICK(rng, counts);
	f->elective_admissions = PICK(rng, counts);
	f->ae_attendances = PICK(rng, counts);
	f->maternity_admissions = PICK(rng, counts);
	f->in_care_home = ob_rng_bernoulli(rng, 0.1);
}

TEST(segment_builtin_matches_reference)
{
	struct ob_segment_rules *r = builtin();
	struct ob_rng rng;
	long seen[OB_SEG_COUNT] = {0};

	ASSERT(r);
	ob_rng_seed(&rng, 20070601, 2);
	for (int i = 0; i < 200000; i++) {
		struct ob_segment_facts f;
		enum ob_segment got, want;

		random_person(&rng, &f);
		got = ob_segment_assign(r, &f, NULL);
		want = reference_segment(&f);
		if (got != want) {
			ob_segment_rules_free(r);
			TEST_FAIL_("person %d: age %d cond %#x year %#x: got "
				   "%s, expected %s",
				   i, f.age, (unsigned)f.conditions,
				   (unsigned)f.conditions_in_year,
				   ob_segment_code(got), ob_segment_code(want));
		}
		seen[got]++;
	}
	ob_segment_rules_free(r);
	/* the sample reaches every segment */
	for (int s = OB_SEG_HEALTHY; s < OB_SEG_COUNT; s++)
		ASSERT(seen[s] > 100);
}

static struct ob_segment_rules *parse(const char *text)
{
	struct ob_segment_rules *r = NULL;
	struct ob_error err;

	if (ob_segment_rules_parse(&r, text, strlen(text), "test.txt", &err)) {
		fprintf(stderr, "%s:%ld:%ld: %s\n", err.file, err.line,
			err.column, err.msg);
		return NULL;
	}
	return r;
}

/* A contract's own rules replace the built-in ones entirely. */
TEST(segment_custom_rules_override)
{
	static const char text[] =
	    "# Our variant: toddlers are infants, A&E needs two visits,\n"
	    "# frailty from 75 with a high HFRS only.\n"
	    "long_decline: age >= 75 and hfrs > 15\n"
	    "maternal_infant: age < 2   # to the second birthday\n"
	    "acutely_ill: emergency_admissions >= 1\n"
	    "\tor ae_attendances >= 2\n";
	struct ob_segment_rules *r = parse(text);
	struct ob_segment_facts toddler = person(1, 1);
	struct ob_segment_facts one_ae = person(30, 1);
	struct ob_segment_facts two_ae = person(30, 1);
	struct ob_segment_facts dementia = person(80, 2);
	struct ob_segment_facts frail = person(80, 2);

	ASSERT(r);
	ASSERT_SEGMENT(r, toddler, OB_SEG_MATERNAL_INFANT,
		       "maternal_infant: age < 2");
	one_ae.ae_attendances = 1;
	ASSERT_SEGMENT(r, one_ae, OB_SEG_HEALTHY, WHY_HEALTHY);
	two_ae.ae_attendances = 2;
	ASSERT_SEGMENT(r, two_ae, OB_SEG_ACUTELY_ILL,
		       "acutely_ill: emergency_admissions >= 1 or "
		       "ae_attendances >= 2");
	/* no dementia rule in this file: dementia alone is healthy */
	dementia.conditions = B(DEMENTIA);
	ASSERT_SEGMENT(r, dementia, OB_SEG_HEALTHY, WHY_HEALTHY);
	frail.hfrs = 15;
	ASSERT_SEGMENT(r, frail, OB_SEG_HEALTHY, WHY_HEALTHY);
	frail.hfrs = 15.5;
	ASSERT_SEGMENT(r, frail, OB_SEG_LONG_DECLINE,
		       "long_decline: age >= 75 and hfrs > 15");
	ob_segment_rules_free(r);
}

/* Operators, flags, absent facts, 'not', 'all', precedence of 'and' over
 * 'or', canonical text, comments, continuation lines and CRLF. */
TEST(segment_language)
{
	static const char text[] =
	    "# header comment\r\n"
	    "\r\n"
	    "short_decline: not died_in_year and days_to_death < 30\r\n"
	    "long_decline: has all(dementia, parkinsons)\r\n"
	    "organ_failure: has_in_year all ( copd , ckd )\r\n"
	    "stable_disability: has_in_year any(paralysis)\r\n"
	    "  # a comment between a rule and its continuation\r\n"
	    "\tor sex == 9\r\n"
	    "maternal_infant: age < 1 or age >= 50 and age <= 50.5\r\n"
	    "acutely_ill: (age > 90 or age == 20) and not (sex != 2)\r\n"
	    "chronic_normal_function: in_care_home\r\n"
	    "healthy: efi_deficits >= 0 and efi_deficits < 3\r\n"
	    "long_decline: hfrs >= -0.5\r\n";
	struct ob_segment_rules *r = parse(text);
	struct ob_segment_facts f = person(40, 1);
	struct ob_segment_facts g;

	ASSERT(r);
	f.efi_deficits = -1; /* absent: neither >= 0 nor < 3 */
	f.hfrs = -1;
	ASSERT_SEGMENT(r, f, OB_SEG_HEALTHY, WHY_HEALTHY);
	g = f;
	g.days_to_death = 29;
	ASSERT_SEGMENT(r, g, OB_SEG_SHORT_DECLINE,
		       "short_decline: not died_in_year and "
		       "days_to_death < 30");
	g.died_in_year = 1;
	ASSERT_SEGMENT(r, g, OB_SEG_HEALTHY, WHY_HEALTHY);
	g = f;
	g.conditions = B(DEMENTIA);
	ASSERT_SEGMENT(r, g, OB_SEG_HEALTHY, WHY_HEALTHY);
	g.conditions |= B(PARKINSONS);
	ASSERT_SEGMENT(r, g, OB_SEG_LONG_DECLINE,
		       "long_decline: has all(dementia, parkinsons)");
	g = f;
	g.conditions = B(COPD) | B(CKD);
	g.conditions_in_year = B(COPD);
	ASSERT_SEGMENT(r, g, OB_SEG_HEALTHY, WHY_HEALTHY);
	g.conditions_in_year = B(COPD) | B(CKD);
	ASSERT_SEGMENT(r, g, OB_SEG_ORGAN_FAILURE,
		       "organ_failure: has_in_year all(copd, ckd)");
	g = f;
	g.sex = 9;
	ASSERT_SEGMENT(r, g, OB_SEG_STABLE_DISABILITY,
		       "stable_disability: has_in_year any(paralysis) or "
		       "sex == 9");
	/* 'and' binds tighter than 'or' */
	g = f;
	g.age = 50;
	ASSERT_SEGMENT(r, g, OB_SEG_MATERNAL_INFANT,
		       "maternal_infant: age < 1 or age >= 50 and "
		       "age <= 50.5");
	g.age = 51;
	ASSERT_SEGMENT(r, g, OB_SEG_HEALTHY, WHY_HEALTHY);
	g.age = 20;
	ASSERT_SEGMENT(r, g, OB_SEG_HEALTHY, WHY_HEALTHY);
	g.sex = 2;
	ASSERT_SEGMENT(r, g, OB_SEG_ACUTELY_ILL,
		       "acutely_ill: (age > 90 or age == 20) and "
		       "not (sex != 2)");
	g = f;
	g.in_care_home = 1;
	ASSERT_SEGMENT(r, g, OB_SEG_CHRONIC_NORMAL_FUNCTION,
		       "chronic_normal_function: in_care_home");
	g = f;
	g.efi_deficits = 2;
	ASSERT_SEGMENT(r, g, OB_SEG_HEALTHY,
		       "healthy: efi_deficits >= 0 and efi_deficits < 3");
	/* a second rule for a segment, later in the order */
	g = f;
	g.hfrs = 0;
	ASSERT_SEGMENT(r, g, OB_SEG_LONG_DECLINE, "long_decline: hfrs >= -0.5");
	ob_segment_rules_free(r);
}

/* Random expressions: the compiled rule against a direct evaluation of
 * the expression tree the test built it from. */
enum { X_TEST, X_AND, X_OR, X_NOT };

struct xnode {
	int kind;
	int test; /* X_TEST: index into the tests below */
	int a, b;
};

static int xtest_holds(int test, const struct ob_segment_facts *f)
{
	switch (test) {
	case 0:
		return f->age >= 65;
	case 1:
		return (f->conditions & B(COPD)) != 0;
	case 2:
		return (f->conditions_in_year & B(CANCER)) != 0;
	case 3:
		return f->died_in_year != 0;
	case 4:
		return f->hfrs < 5;
	case 5:
		return f->days_to_death >= 0 && f->days_to_death <= 365;
	default:
		return f->emergency_admissions != 1;
	}
}

static const char *const xtest_text[] = {
    "age >= 65",
    "has copd",
    "has_in_year cancer",
    "died_in_year",
    "hfrs < 5",
    "days_to_death <= 365",
    "emergency_admissions != 1",
};

static int xgen(struct ob_rng *rng, struct xnode *n, int *nn, int depth)
{
	int i = (*nn)++;
	int k = depth >= 5 ? X_TEST : (int)ob_rng_below(rng, 4);

	if (k == X_TEST && depth == 0)
		k = X_AND;
	n[i].kind = k;
	n[i].test = (int)ob_rng_below(rng, 7);
	if (k != X_TEST)
		n[i].a = xgen(rng, n, nn, depth + 1);
	if (k == X_AND || k == X_OR)
		n[i].b = xgen(rng, n, nn, depth + 1);
	return i;
}

static int xeval(const struct xnode *n, int i, const struct ob_segment_facts *f)
{
	switch (n[i].kind) {
	case X_TEST:
		return xtest_holds(n[i].test, f);
	case X_AND:
		return xeval(n, n[i].a, f) && xeval(n, n[i].b, f);
	case X_OR:
		return xeval(n, n[i].a, f) || xeval(n, n[i].b, f);
	default:
		return !xeval(n, n[i].a, f);
	}
}

/* Write the tree with only the parentheses precedence needs (plus some at
 * random), a line break now and then. */
static int xprint(struct ob_rng *rng, const struct xnode *n, int i,
		  struct ob_buf *out)
{
	int k = n[i].kind;
	int ok = 0;

	switch (k) {
	case X_TEST:
		return ob_buf_addstr(out, xtest_text[n[i].test]) != OB_OK;
	case X_NOT: {
		int paren = n[n[i].a].kind == X_AND || n[n[i].a].kind == X_OR ||
			    ob_rng_bernoulli(rng, 0.2);

		ok |= ob_buf_addstr(out, paren ? "not (" : "not ");
		ok |= xprint(rng, n, n[i].a, out);
		if (paren)
			ok |= ob_buf_addch(out, ')');
		return ok;
	}
	default:
		for (int side = 0; side < 2; side++) {
			int c = side ? n[i].b : n[i].a;
			int paren = (k == X_AND && n[c].kind == X_OR) ||
				    ob_rng_bernoulli(rng, 0.1);

			if (side)
				ok |= ob_buf_addstr(
				    out,
				    ob_rng_bernoulli(rng, 0.2)
					? (k == X_AND ? "\n\tand " : "\n or ")
					: (k == X_AND ? " and " : " or "));
			if (paren)
				ok |= ob_buf_addch(out, '(');
			ok |= xprint(rng, n, c, out);
			if (paren)
				ok |= ob_buf_addch(out, ')');
		}
		return ok;
	}
}

TEST(segment_random_expressions)
{
	struct ob_rng rng;
	struct ob_segment_facts people[64];

	ob_rng_seed(&rng, 185, 208);
	for (int j = 0; j < 64; j++)
		random_person(&rng, &people[j]);
	for (int i = 0; i < 3000; i++) {
		struct xnode n[128];
		int nn = 0, root = xgen(&rng, n, &nn, 0);
		struct ob_buf text = OB_BUF_INIT;
		struct ob_segment_rules *r;

		ASSERT_INT_EQ(ob_buf_addstr(&text, "long_decline: "), OB_OK);
		ASSERT_INT_EQ(xprint(&rng, n, root, &text), 0);
		ASSERT_INT_EQ(ob_buf_addstr(&text, "\n"), OB_OK);
		r = parse(text.data);
		if (!r) {
			TEST_FAIL_("rule %d does not parse:\n%s", i, text.data);
		}
		for (int j = 0; j < 64; j++) {
			int want = xeval(n, root, &people[j]);
			enum ob_segment got =
			    ob_segment_assign(r, &people[j], NULL);

			if (got !=
			    (want ? OB_SEG_LONG_DECLINE : OB_SEG_HEALTHY)) {
				fprintf(stderr, "%s", text.data);
				ob_segment_rules_free(r);
				ob_buf_release(&text);
				TEST_FAIL_("rule %d, person %d: got %s", i, j,
					   ob_segment_code(got));
			}
		}
		ob_segment_rules_free(r);
		ob_buf_release(&text);
	}
}

/* Long flat chains compile without deep recursion; deep nesting is
 * refused at 33 levels. */
TEST(segment_long_rules)
{
	struct ob_buf text = OB_BUF_INIT;
	struct ob_segment_rules *r;
	struct ob_segment_facts f = person(70, 1);
	struct ob_error err;
	enum ob_status st;

	ASSERT_OK(ob_buf_addstr(&text, "long_decline: age == -5"));
	for (int i = 0; i < 50000; i++)
		ASSERT_OK(ob_buf_addf(&text, "\n or age == %d", i % 60));
	ASSERT_OK(ob_buf_addstr(&text, "\n or age == 70\n"));
	r = parse(text.data);
	ASSERT(r);
	ASSERT_INT_EQ(ob_segment_assign(r, &f, NULL), OB_SEG_LONG_DECLINE);
	f.age = 71;
	ASSERT_INT_EQ(ob_segment_assign(r, &f, NULL), OB_SEG_HEALTHY);
	ob_segment_rules_free(r);

	ob_buf_reset(&text);
	ASSERT_OK(ob_buf_addstr(&text, "long_decline: "));
	for (int i = 0; i < 32; i++)
		ASSERT_OK(ob_buf_addstr(&text, i % 2 ? "not " : "("));
	ASSERT_OK(ob_buf_addstr(&text, "in_care_home"));
	for (int i = 0; i < 16; i++)
		ASSERT_OK(ob_buf_addch(&text, ')'));
	r = parse(text.data);
	ASSERT(r);
	f.in_care_home = 1;
	ASSERT_INT_EQ(ob_segment_assign(r, &f, NULL), OB_SEG_LONG_DECLINE);
	ob_segment_rules_free(r);

	ob_buf_reset(&text);
	ASSERT_OK(ob_buf_addstr(&text, "long_decline: "));
	for (int i = 0; i < 33; i++)
		ASSERT_OK(ob_buf_addch(&text, '('));
	st = ob_segment_rules_parse(&r, text.data, text.len, "deep.txt", &err);
	ob_buf_release(&text);
	ASSERT_INT_EQ(st, OB_EPARSE);
	ASSERT(r == NULL);
	ASSERT_INT_EQ(err.line, 1);
	ASSERT_INT_EQ(err.column, 47);
	ASSERT_STR_EQ(err.msg,
		      "nested too deeply (at most 32 levels of '(' and 'not')");
}

struct parse_error_case {
	const char *text;
	size_t len; /* 0: strlen(text) */
	long line, column;
	const char *msg;
};

#define CONDITIONS_LIST                                                        \
	"hypertension, diabetes, asthma, copd, heart_failure, "                \
	"atrial_fibrillation, coronary_heart_disease, stroke, ckd, cancer, "   \
	"dementia, depression, serious_mental_illness, learning_disability, "  \
	"epilepsy, liver_disease, parkinsons, multiple_sclerosis, paralysis, " \
	"severe_sensory, rheumatoid_arthritis, osteoporosis, pregnancy, "      \
	"palliative"
#define SEGMENTS_LIST                                                          \
	"healthy, maternal_infant, acutely_ill, chronic_normal_function, "     \
	"stable_disability, short_decline, organ_failure, long_decline"

static const struct parse_error_case parse_errors[] = {
    {"long_decline has dementia\n", 0, 1, 14,
     "expected ':' after 'long_decline' but found 'has'"},
    {"frail: has dementia\n", 0, 1, 1,
     "unknown segment 'frail' (expected one of " SEGMENTS_LIST ")"},
    {": has dementia\n", 0, 1, 1,
     "expected a segment name at the start of the rule (one of " SEGMENTS_LIST
     ") but found ':'"},
    {"long_decline: has dementai\n", 0, 1, 19,
     "unknown condition 'dementai' (expected one of " CONDITIONS_LIST ")"},
    {"long_decline:\n", 0, 1, 14,
     "expected a test after ':' but the rule ends here"},
    {"long_decline: age >= \n", 0, 1, 21,
     "expected a number after '>=' but the rule ends here"},
    {"long_decline: age > 65 and\nshort_decline: died_in_year\n", 0, 1, 27,
     "expected a test after 'and' but the rule ends here (a "
     "continuation line starts with a space or tab)"},
    {"long_decline: (age > 65 or hfrs >= 5\n", 0, 1, 37,
     "expected ')' to close the '(' at line 1 column 15 after '5' but "
     "the rule ends here"},
    {"long_decline: (age > 65 or hfrs >= 5 age)\n", 0, 1, 38,
     "expected ')' to close the '(' at line 1 column 15 after '5' but "
     "found 'age'"},
    {"long_decline: age = 65\n", 0, 1, 19,
     "'=' is not an operator (expected '==')"},
    {"long_decline: ! age\n", 0, 1, 15, "unexpected '!' (expected '!=')"},
    {"long_decline: age > - 5\n", 0, 1, 21,
     "unexpected '-' (expected a number such as -1)"},
    {"long_decline: dementia\n", 0, 1, 15,
     "'dementia' is a condition: write 'has dementia' or "
     "'has_in_year dementia'"},
    {"long_decline: frailty > 3\n", 0, 1, 15,
     "unknown fact 'frailty' (expected one of age, sex, hfrs, "
     "efi_deficits, died_in_year, days_to_death, emergency_admissions, "
     "elective_admissions, ae_attendances, maternity_admissions, "
     "in_care_home, or has, has_in_year, not, '(')"},
    {"long_decline: age\n", 0, 1, 18,
     "expected a comparison (<, <=, >, >=, == or != and a number) after "
     "'age' but the rule ends here"},
    {"long_decline: age 65\n", 0, 1, 19,
     "expected a comparison (<, <=, >, >=, == or != and a number) after "
     "'age' but found '65'"},
    {"long_decline: age >= hfrs\n", 0, 1, 22,
     "expected a number after '>=' but found 'hfrs'"},
    {"  long_decline: has dementia\n", 0, 1, 3,
     "a continuation line with no rule above it (a rule starts at "
     "column 1 with a segment name)"},
    {"# only comments\n\n   # and blanks\n", 0, 0, 0,
     "no rules (expected lines such as 'long_decline: has dementia')"},
    {"", 0, 0, 0,
     "no rules (expected lines such as 'long_decline: has dementia')"},
    {"# c\n"
     "long_decline: has dementia\n"
     "organ_failure: has any(copd,\n"
     "\theart_failure) and\n"
     "\temergency_admissions >= 1 or\n",
     0, 5, 30, "expected a test after 'or' but the rule ends here"},
    {"long_decline: has any(dementia copd)\n", 0, 1, 32,
     "expected ',' or ')' after 'dementia' but found 'copd'"},
    {"long_decline: has any(dementia,\ncopd)\n", 0, 1, 32,
     "expected a condition name after ',' but the rule ends here (a "
     "continuation line starts with a space or tab)"},
    {"long_decline: has any()\n", 0, 1, 23,
     "expected a condition name after '(' but found ')'"},
    {"long_decline: has any dementia\n", 0, 1, 23,
     "expected '(' after 'any' but found 'dementia'"},
    {"long_decline: has\n", 0, 1, 18,
     "expected a condition name, any(...) or all(...) after 'has' but "
     "the rule ends here"},
    {"long_decline: has (dementia)\n", 0, 1, 19,
     "expected a condition name, any(...) or all(...) after 'has' but "
     "found '('"},
    {"long_decline: not\n", 0, 1, 18,
     "expected a test after 'not' but the rule ends here"},
    {"healthy: age >= 0 and or sex == 1\n", 0, 1, 23,
     "expected a test after 'and' but found 'or'"},
    {"long_decline: age >= 65 age\n", 0, 1, 25,
     "expected 'and', 'or' or the end of the rule after '65' but found "
     "'age'"},
    {"long_decline: age >= 65)\n", 0, 1, 24,
     "expected 'and', 'or' or the end of the rule after '65' but found "
     "')'"},
    {"long_decline: hfrs >= 5.\n", 0, 1, 23,
     "expected a digit after '.' in number '5.'"},
    {"long_decline: age >= 6x5\n", 0, 1, 22, "malformed number '6x5'"},
    {"long_decline: age >= 1.2.3\n", 0, 1, 22, "malformed number '1.2.3'"},
    {"long_decline: age >= 1234567890123456\n", 0, 1, 22,
     "number '1234567890123456' has more than 15 digits"},
    {"long_decline: age >= 65 @\n", 0, 1, 25, "unexpected character '@'"},
    {"long_decline: age >= 65\rhealthy: sex == 1\n", 0, 1, 24,
     "unexpected carriage return (lines end with LF or CRLF)"},
    {"long_decline: has d\xc3\xa9mentia\n", 0, 1, 20,
     "unexpected byte 0xc3 (rules are ASCII text; other bytes may "
     "appear only in comments)"},
    {"long_decline: has\0 dementia\n", 27, 1, 18,
     "unexpected byte 0x00 (rules are ASCII text; other bytes may "
     "appear only in comments)"},
    {"# ok: d\xc3\xa9mence\nlong_decline: has dementia\n\n"
     "short_decline: died_in_year and\n"
     "\thas_in_year cancer and\n"
     "\t(days_to_death < 0 or)\n",
     0, 6, 23, "expected a test after 'or' but found ')'"},
};

TEST(segment_parse_errors)
{
	for (size_t i = 0; i < sizeof(parse_errors) / sizeof(parse_errors[0]);
	     i++) {
		const struct parse_error_case *c = &parse_errors[i];
		/* any non-NULL value: the parser must reset it */
		struct ob_segment_rules *r = (struct ob_segment_rules *)&r;
		struct ob_error err;
		enum ob_status st;

		st = ob_segment_rules_parse(&r, c->text,
					    c->len ? c->len : strlen(c->text),
					    "rules.txt", &err);
		if (st != OB_EPARSE || r != NULL)
			TEST_FAIL_("case %zu: status %d, rules %p", i, (int)st,
				   (void *)r);
		if (err.code != OB_EPARSE || strcmp(err.file, "rules.txt") ||
		    err.line != c->line || err.column != c->column ||
		    strcmp(err.msg, c->msg))
			TEST_FAIL_("case %zu:\n  got      %s:%ld:%ld: %s\n"
				   "  expected rules.txt:%ld:%ld: %s",
				   i, err.file, err.line, err.column, err.msg,
				   c->line, c->column, c->msg);
	}
}

/* The built-in file parses under its own name, without an error record,
 * and an unnamed custom text gets a default name in errors. */
TEST(segment_builtin_source)
{
	struct ob_segment_rules *r = NULL;
	struct ob_error err;

	ASSERT_OK(ob_segment_rules_parse(&r, NULL, 0, NULL, NULL));
	ASSERT(r);
	ob_segment_rules_free(r);
	ASSERT_OK(ob_segment_rules_parse(&r, NULL, 0, "contract.yaml", &err));
	ASSERT_INT_EQ(err.code, OB_OK);
	ob_segment_rules_free(r);
	ASSERT_INT_EQ(ob_segment_rules_parse(&r, "bad", 3, NULL, &err),
		      OB_EPARSE);
	ASSERT_STR_EQ(err.file, "segment rules");
	ASSERT_INT_EQ(ob_segment_rules_parse(&r, "bad", 3, NULL, NULL),
		      OB_EPARSE);
	ob_segment_rules_free(NULL);
}

/* The rule language names conditions exactly as the code lists do. */
TEST(segment_condition_names_match_codelist)
{
	for (int c = 0; c < OB_COND_COUNT; c++) {
		struct ob_buf text = OB_BUF_INIT;
		struct ob_segment_rules *r;
		struct ob_segment_facts f = person(40, 1);

		ASSERT_OK(ob_buf_addf(&text, "long_decline: has %s\n",
				      ob_condition_name((enum ob_condition)c)));
		r = parse(text.data);
		ob_buf_release(&text);
		if (!r)
			TEST_FAIL_("condition %d does not parse", c);
		f.conditions = (uint32_t)1 << c;
		ASSERT_INT_EQ(ob_segment_assign(r, &f, NULL),
			      OB_SEG_LONG_DECLINE);
		f.conditions = ~((uint32_t)1 << c);
		ASSERT_INT_EQ(ob_segment_assign(r, &f, NULL), OB_SEG_HEALTHY);
		ob_segment_rules_free(r);
	}
}
