/*
 * synth-internal.h - shared pieces of the synthetic extract generator.
 *
 * The generator is split by idea:
 *   synth.c             options, the work queue of person chunks, ordered
 *                       writing, the report;
 *   synth-world.c       geography (practices, PCHs, LSOAs), providers, NHS
 *                       numbers, the mortality calibration, reference files;
 *   synth-finance.c     HRGs, tariff, market forces factors, the ledger;
 *   synth-population.c  one person's life: demography, registrations,
 *                       migration, death, conditions, frailty, care;
 *   synth-activity.c    that person's activity in every setting;
 *   synth-survey.c      survey answers, person-linked and staff;
 *   synth-output.c      CSV rows and the deliberate defects.
 *
 * The world (struct synth_world) is built once, single-threaded, and is
 * read-only afterwards.  A person is generated entirely from streams seeded
 * with (seed, person index, purpose), so the output does not depend on the
 * order in which chunks are processed.
 */
#ifndef ONEBUDGET_SYNTH_INTERNAL_H
#define ONEBUDGET_SYNTH_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "onebudget/buf.h"
#include "onebudget/date.h"
#include "onebudget/error.h"
#include "onebudget/money.h"
#include "onebudget/rng.h"
#include "onebudget/synth.h"

#define SYNTH_MAX_YEARS 15
#define COUNT_OF(a)	(sizeof(a) / sizeof((a)[0]))

/* Purposes of a person's random streams: stream = index * 8 + purpose. */
enum synth_stream {
	STREAM_LIFE = 1,     /* demography, conditions, care events */
	STREAM_ACTIVITY = 2, /* activity rows */
	STREAM_SURVEY = 3,   /* survey answers */
	STREAM_DEFECT = 4,   /* which rows are made bad, and how */
};
/* Streams that belong to no person (staff survey, ledger defects). */
#define SYNTH_GLOBAL_STREAM(k) (UINT64_C(0xF000000000000000) + (k))

enum synth_locality { LOC_NONE = -1, LOC_NORTH, LOC_CENTRE, LOC_SOUTH };
extern const char *const synth_locality_name[3];

/* ---------------------------------------------------------------- world */

struct synth_lsoa {
	char code[10];
	char name[40];
	const char *la_code, *la_name;
	int decile, rank, population;
	int locality;	 /* LOC_NONE outside Westminster */
	int msoa;	 /* MSOA number in the name (Westminster 018C: 18) */
	int qpp;	 /* Queen's Park and Paddington: MSOA 001-004 */
	double share[3]; /* shares aged 0-15, 16-59, 60+ */
};

struct synth_practice {
	char code[7];
	char name[64];
	char postcode[10];
	long list_size;	 /* 1 January 2021; 0 for the synthetic 08Y ones */
	int locality;	 /* LOC_NONE for 08Y */
	int pch;	 /* index into world.pch, -1 for 08Y */
	int ccg08y;	 /* 1: West London CCG (08Y) */
	int provider;	 /* the practice as a provider (providers.csv) */
	long quota;	 /* base-cohort people at the requested size */
	long first;	 /* index of its first base-cohort person */
	double *res_cum; /* cumulative residence weights over the LSOAs */
};

struct synth_pch {
	char code[16];
	int locality;
	long list_size;
};

enum synth_provider_kind {
	PROV_ACUTE,
	PROV_COMMUNITY,
	PROV_MENTAL_HEALTH,
	PROV_GP_FEDERATION,
	PROV_URGENT_CARE,
	PROV_COUNCIL,
	PROV_CARE_HOME,
	PROV_PRACTICE,
};

struct synth_provider {
	char code[8];
	char name[96];
	int kind;
	int in_system, alliance;
	double mff; /* market forces factor (acute), else 0 */
};

/* Budget lines of the commissioner's ledger (docs/synthetic.md). */
enum synth_line {
	LINE_MH_LD,
	LINE_COMMUNITY,
	LINE_ADULTS_BCF,
	LINE_IC_CHC,
	LINE_URGENT_OOH,
	LINE_MULTIPLE,
	LINE_PC_COMMISSIONING,
	LINE_CHILDREN,
	LINE_ACUTE,
	LINE_PRESCRIBING,
	LINE_COMMISSIONING_PROGRAMME,
	LINE_PC_CORE,
	LINE_COUNT
};
extern const char *const synth_line_code[LINE_COUNT];
/* 1 for the eight lines the seed puts in scope (£122m in 2017/18). */
int synth_line_in_scope(int line);

enum synth_pod { POD_EL, POD_NEL, POD_OP, POD_AE, POD_COUNT };
extern const char *const synth_pod_code[POD_COUNT];

/* The HRGs the generator uses (synth-finance.c has codes and prices). */
enum synth_hrg_id {
	/* non-elective spells */
	H_COPD_CC,
	H_COPD,
	H_ASTHMA_CC,
	H_ASTHMA,
	H_HF_CC,
	H_HF,
	H_DIABETES_CC,
	H_DIABETES,
	H_ANGINA,
	H_HYPERTENSION,
	H_AF_CC,
	H_AF,
	H_EPILEPSY,
	H_DEMENTIA,
	H_ANAEMIA,
	H_HIP_FRACTURE,
	H_UTI_CC,
	H_UTI,
	H_PNEUMONIA_CC,
	H_PNEUMONIA,
	H_SYNCOPE,
	H_FLUID,
	H_DELIRIUM,
	H_CELLULITIS,
	H_SEPSIS,
	H_AKI,
	H_HEAD_INJURY,
	H_ABDOMINAL_PAIN,
	H_CHEST_PAIN,
	H_APPENDICITIS,
	H_RESP_INFECTION,
	H_ALCOHOL,
	H_STROKE,
	H_CANCER_NEL,
	H_DELIVERY,
	H_CAESAREAN,
	H_UNGROUPABLE,
	/* elective and day-case spells */
	H_CATARACT,
	H_COLONOSCOPY,
	H_ENDOSCOPY,
	H_CYSTOSCOPY,
	H_HIP,
	H_KNEE,
	H_HERNIA,
	H_CHOLECYSTECTOMY,
	H_HYSTEROSCOPY,
	H_TURP,
	H_ANGIOGRAPHY,
	H_CHEMOTHERAPY,
	H_CHEMO_DAY,
	H_CARPAL_TUNNEL,
	H_SKIN_LESION,
	H_TONSILLECTOMY,
	/* outpatient attendances */
	H_OP_FIRST,
	H_OP_FOLLOWUP,
	/* A&E attendances, VB01Z (most resource) to VB11Z */
	H_AE1,
	H_AE2,
	H_AE3,
	H_AE4,
	H_AE5,
	H_AE6,
	H_AE7,
	H_AE8,
	H_AE9,
	H_AE10,
	H_AE11,
	H_COUNT
};

struct synth_hrg {
	const char *code;
	int pod;      /* point of delivery it is priced for */
	double price; /* 2017/18 price before MFF, pounds */
	int trim;     /* trim point, days (spells), 0 none */
	double ebd;   /* excess bed day price, pounds */
	int unpriced; /* 1: deliberately left out of tariff.csv */
};
extern const struct synth_hrg synth_hrgs[H_COUNT];

/* Named providers every generator needs. */
enum synth_named_provider {
	NP_IMPERIAL,   /* RYJ */
	NP_CHELWEST,   /* RQM */
	NP_UCLH,       /* RRV */
	NP_GSTT,       /* RJ1 */
	NP_ROYALFREE,  /* RAL */
	NP_LNWUH,      /* R1K */
	NP_MOORFIELDS, /* RP6 */
	NP_BROMPTON,   /* RT3 */
	NP_KINGS,      /* RJZ */
	NP_CLCH,       /* RYX */
	NP_CNWL,       /* RV3 */
	NP_GPFED,
	NP_URGENT,
	NP_COUNCIL,
	NP_CAREHOME1,
	NP_CAREHOME2,
	NP_CAREHOME3,
	NP_COUNT
};

struct synth_world {
	struct ob_synth_options opt;
	int nyears;
	ob_fy first_year, last_year;
	ob_date start, end; /* 1 April first year, 31 March after last */
	double scale;	    /* persons / OB_SYNTH_REAL_LIST_SIZE */

	struct synth_lsoa *lsoa;
	int nlsoa, nwestminster;
	struct synth_practice *practice;
	int npractice, n09a; /* 09A practices come first */
	struct synth_pch pch[12];
	int npch;
	struct synth_provider *provider;
	int nprovider;
	int named[NP_COUNT];

	/* Cumulative weights for drawing: 09A practices by list size; LSOAs
	 * for the QPP residents and for the unregistered. */
	double *practice_cum;		       /* n09a */
	double *qpp_lsoa_cum, *unreg_lsoa_cum; /* nlsoa */

	/* People, by index range (see synth-population.c). */
	long n_base, n_qpp, n_unreg, n_births, n_inmig, n_qpp_inmig;
	long off_qpp, off_unreg, off_births, off_inmig, off_qpp_inmig;
	long total;

	/* Valid NHS numbers 999xxxxxxx: the first nine digits minus
	 * 999000000, in increasing order. */
	uint32_t *nhs9;
	long nnhs;

	/* Gompertz-Makeham mortality: hazard a * exp(b * age) + c, a by
	 * sex (0 male, 1 female) and IMD decile (1..10). */
	double gompertz_a[2][11], gompertz_b[2], makeham[2];
};

enum ob_status synth_world_build(struct synth_world *w,
				 const struct ob_synth_options *o,
				 struct ob_error *err);
void synth_world_release(struct synth_world *w);

/* Period life expectancy at birth of the mortality model for a sex and
 * decile (used for the calibration and by the docs and tests). */
double synth_model_life_expectancy(const struct synth_world *w, int sex,
				   int decile);

/* NHS number (10 digits as an integer) of person `index`, or of a number
 * that belongs to no one when index >= total (for defects). */
uint64_t synth_nhs_number(const struct synth_world *w, long index);

/* Draw an index from cumulative weights cum[0..n-1] (cum[n-1] > 0). */
int synth_draw_cum(struct ob_rng *r, const double *cum, int n);

/* Price of an HRG in a year before MFF, pounds (tariff.csv's value, or
 * for the unpriced ones the local price used for the cost). */
double synth_hrg_price(int hrg, ob_fy fy);
/* Excess bed day price in a year, pounds. */
double synth_hrg_ebd(int hrg, ob_fy fy);
/* Index uplift of local (non-tariff) unit costs: 1 in 2017/18. */
double synth_cost_index(ob_fy fy);

/* ---------------------------------------------------------------- output */

/* Output of one chunk of people (or of the whole of a small file). */
struct synth_out {
	struct ob_buf file[OB_SYNTH_NFILES];
	long rows[OB_SYNTH_NFILES];
	long defects[OB_SYNTH_NFILES];
	/* Ledger: pence by year, line and provider, for 09A-commissioned
	 * people. */
	ob_pence *ledger; /* nyears * LINE_COUNT * nprovider */
	long persons, registered_09a, registered_08y, unregistered;
	long births, deaths;
	enum ob_status status; /* first failure (OB_ENOMEM) */
};

enum ob_status synth_out_init(struct synth_out *o, const struct synth_world *w);
void synth_out_reset(struct synth_out *o, const struct synth_world *w);
void synth_out_release(struct synth_out *o);
void synth_out_ledger_add(struct synth_out *o, const struct synth_world *w,
			  ob_fy fy, int line, int provider, ob_pence amount);

/* A row being built: up to SYNTH_MAX_FIELDS fields, each a string kept in
 * the row's own storage. */
#define SYNTH_MAX_FIELDS 16
#define SYNTH_ROW_STORE	 1024
struct synth_row {
	int file;
	int nfields;
	unsigned short off[SYNTH_MAX_FIELDS], len[SYNTH_MAX_FIELDS];
	int raw_field; /* -1, or a field written without quoting (defect) */
	size_t used;
	char store[SYNTH_ROW_STORE];
};

void synth_row_start(struct synth_row *r, int file, int nfields);
/* Set field i (copies; truncates silently at the storage limit, which the
 * generators never reach). */
void synth_row_set(struct synth_row *r, int i, const char *s);
void synth_row_setf(struct synth_row *r, int i, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void synth_row_set_date(struct synth_row *r, int i, ob_date d);
void synth_row_set_money(struct synth_row *r, int i, ob_pence p);
void synth_row_set_long(struct synth_row *r, int i, long v);
const char *synth_row_get(const struct synth_row *r, int i);
/* Append the row to its file in `o` (no defect). */
void synth_row_emit(struct synth_out *o, const struct synth_row *r);

/* Header line of each file. */
extern const char *const synth_header[OB_SYNTH_NFILES];

/*
 * Defects.  A per-person context decides, from its own stream, whether each
 * row is made bad; synth_emit() then either writes the row as it is or
 * replaces it by a bad version of itself.
 */
struct synth_defects {
	const struct synth_world *w;
	struct ob_rng rng;
	double rate;
	long person; /* person index, for ghost people and bad ids */
	ob_date birth, death;
	char last_id[48]; /* activity_id of the last good activity row */
	int nbad_persons; /* extra bad persons.csv rows so far */
};

void synth_defects_init(struct synth_defects *d, const struct synth_world *w,
			uint64_t stream, long person);
/* Emit `r` into `o`, possibly as a defect. */
void synth_emit(struct synth_out *o, struct synth_defects *d,
		struct synth_row *r);
/* Maybe write an extra bad persons.csv row, modelled on the good row
 * `model`, for a person nobody refers to. */
void synth_defect_extra_person(struct synth_out *o, struct synth_defects *d,
			       const struct synth_row *model);

/* Column numbers. */
enum { PR_CODE, PR_NAME, PR_PCH, PR_LOCALITY, PR_CCG, PR_N };
enum {
	AR_CODE,
	AR_NAME,
	AR_LA_CODE,
	AR_LA_NAME,
	AR_DECILE,
	AR_RANK,
	AR_LOCALITY,
	AR_POPULATION,
	AR_N
};
enum { PV_CODE, PV_NAME, PV_IN_SYSTEM, PV_ALLIANCE, PV_N };
enum {
	PE_NHS,
	PE_PSEUDONYM,
	PE_SEX,
	PE_BIRTH,
	PE_DEATH,
	PE_LSOA,
	PE_PRACTICE,
	PE_FROM,
	PE_TO,
	PE_ALONE,
	PE_N
};
enum { CO_PERSON, CO_SYSTEM, CO_CODE, CO_DATE, CO_N };
enum {
	AC_ID,
	AC_PERSON,
	AC_PROVIDER,
	AC_SETTING,
	AC_START,
	AC_END,
	AC_ADMIMETH,
	AC_ADMISORC,
	AC_DISDEST,
	AC_DIAG,
	AC_PROC,
	AC_HRG,
	AC_TF,
	AC_COST,
	AC_DELAYED,
	AC_PERMANENT,
	AC_N
};
enum {
	SU_SURVEY,
	SU_YEAR,
	SU_RESPONDENT,
	SU_PERSON,
	SU_PRACTICE,
	SU_QUESTION,
	SU_ANSWER,
	SU_N
};
enum { LE_YEAR, LE_LINE, LE_PROVIDER, LE_AMOUNT, LE_N };
enum { TA_YEAR, TA_HRG, TA_POD, TA_PRICE, TA_TRIM, TA_EBD, TA_N };
enum { MF_YEAR, MF_PROVIDER, MF_MFF, MF_N };

/* ---------------------------------------------------------------- people */

/* Long-term conditions and frailty deficits (synth-population.c). */
enum synth_condition {
	C_HYPERTENSION,
	C_DIABETES2,
	C_DIABETES1,
	C_COPD,
	C_ASTHMA,
	C_CHD,
	C_HEART_FAILURE,
	C_AF,
	C_CKD,
	C_STROKE,
	C_DEMENTIA,
	C_CANCER,
	C_DEPRESSION,
	C_SMI,
	C_EPILEPSY,
	C_LEARNING_DISABILITY,
	C_OSTEOPOROSIS,
	C_PARKINSONS,
	C_OSTEOARTHRITIS,
	C_HYPOTHYROID,
	C_ANAEMIA,
	/* frailty deficits, mostly in old age */
	C_FALLS,
	C_INCONTINENCE,
	C_MOBILITY,
	C_COGNITIVE,
	C_HEARING,
	C_VISION,
	C_DIZZINESS,
	C_PRESSURE_ULCER,
	C_WEIGHT_LOSS,
	C_HIP_FRACTURE,
	C_HOUSEBOUND,
	C_COUNT
};
#define C_FIRST_DEFICIT C_FALLS

struct synth_condition_def {
	const char *name;
	double male_rr; /* prevalence of men relative to women */
	double pmax;	/* plateau of the age-prevalence curve */
	double a50;	/* age at half the plateau */
	double slope;	/* years per logit unit */
	double dep_rr;	/* prevalence ratio, IMD decile 1 against 10 */
	double beta;	/* log-ratio per SD of latent ill health */
	double rec;	/* probability of being recorded in primary care */
	const char *icd10;
	const char *snomed; /* NULL: no primary-care code */
	int ltc;	    /* counts as a long-term condition */
	int efi;	    /* counts as an eFI deficit */
};
extern const struct synth_condition_def synth_conditions[C_COUNT];

/* Extra SNOMED codes (not conditions) the generator records. */
#define SNOMED_FRAILTY	   "248279007"
#define SNOMED_LIVES_ALONE "105529008"
#define SNOMED_CARE_PLAN   "734163000"

enum synth_person_kind {
	KIND_BASE,	/* registered 09A at the start */
	KIND_QPP,	/* Westminster resident registered with 08Y */
	KIND_UNREG,	/* Westminster resident registered nowhere */
	KIND_BIRTH,	/* born during the extract's years */
	KIND_INMIG,	/* moved in and registered 09A during them */
	KIND_QPP_INMIG, /* moved into QPP and registered 08Y */
};

struct synth_spell {
	int practice;
	ob_date from, to; /* to: OB_DATE_NONE while open */
};

#define SYNTH_MAX_PACKAGES 3
struct synth_package {
	ob_date from, to; /* to: OB_DATE_NONE when running at the end */
	int kind;	  /* 0 home care, 1 reablement */
	double weekly;	  /* pounds per week at 2017/18 prices */
};

struct synth_person {
	long index;
	int kind;
	uint64_t nhs;
	char id[16];	      /* NHS number as written */
	int sex;	      /* 1 male, 2 female */
	ob_date birth, death; /* death OB_DATE_NONE if not within extract */
	int lsoa, decile, locality;
	int lives_alone;
	ob_date from, to; /* first and last day present in the extract */
	int moved_away;	  /* left the area on `to` */
	struct synth_spell spell[2];
	int nspell;
	double z;		   /* latent ill health, standard normal */
	ob_date onset[C_COUNT];	   /* OB_DATE_NONE: not within the extract */
	ob_date recorded[C_COUNT]; /* primary-care record date, or NONE */
	/* Subtype: cancer 0 breast or prostate, 1 lung, 2 colon; dementia
	 * 0 Alzheimer's, 1 vascular, 2 unspecified; SMI 0 schizophrenia,
	 * 1 bipolar. */
	unsigned char subtype[C_COUNT];
	ob_date frailty_coded; /* SNOMED frailty code, or NONE */
	ob_date care_plan;     /* care plan recorded, or NONE */
	ob_date care_home;     /* permanent placement start, or NONE */
	int care_home_provider;
	int care_home_via_hospital;
	int care_home_before; /* placement began before the extract */
	struct synth_package package[SYNTH_MAX_PACKAGES];
	int npackage;
	int commissioned; /* 1 when 09A pays (ledger) */
	int hospital_death;
};

/* Build person `index` (demography, spells, conditions, care events). */
void synth_person_make(const struct synth_world *w, long index,
		       struct synth_person *p);
/* Write the person's persons.csv and conditions.csv rows. */
void synth_person_write(const struct synth_world *w,
			const struct synth_person *p, struct synth_out *o,
			struct synth_defects *d);

/* Age in whole years on date `on`. */
int synth_age(const struct synth_person *p, ob_date on);
int synth_has(const struct synth_person *p, int c, ob_date on);
/* Number of long-term conditions, and the eFI-like frailty index
 * (deficits / 36), on a date. */
int synth_ltc_count(const struct synth_person *p, ob_date on);
double synth_frailty_index(const struct synth_person *p, ob_date on);
/* ICD-10 and SNOMED codes of a person's condition (subtype-specific);
 * the SNOMED code may be NULL. */
const char *synth_condition_icd10(const struct synth_person *p, int c);
const char *synth_condition_snomed(const struct synth_person *p, int c);
/* Practice of the spell covering `on`, or -1. */
int synth_practice_on(const struct synth_person *p, ob_date on);

/* Activity rows of a person (synth-activity.c). */
void synth_activity_write(const struct synth_world *w,
			  const struct synth_person *p, struct synth_out *o,
			  struct synth_defects *d);
/* Survey answers of a person, and the staff survey (synth-survey.c). */
void synth_survey_write(const struct synth_world *w,
			const struct synth_person *p, struct synth_out *o,
			struct synth_defects *d);
void synth_staff_survey_write(const struct synth_world *w, struct synth_out *o);

/* Reference and finance files (synth-world.c, synth-finance.c). */
void synth_write_practices(const struct synth_world *w, struct synth_out *o);
void synth_write_areas(const struct synth_world *w, struct synth_out *o);
void synth_write_providers(const struct synth_world *w, struct synth_out *o);
void synth_write_tariff(const struct synth_world *w, struct synth_out *o);
void synth_write_mff(const struct synth_world *w, struct synth_out *o);
/* The ledger from the accumulated activity costs in `acc`. */
void synth_write_ledger(const struct synth_world *w,
			const struct synth_out *acc, struct synth_out *o);

#endif
