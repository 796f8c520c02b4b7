/*
 * import-population.c - the files that define the population and its
 * geography: practices.csv, areas.csv, providers.csv and persons.csv.
 */
#include <stdlib.h>
#include <string.h>

#include "onebudget/codes.h"
#include "onebudget/hash.h"

#include "import-internal.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int is_locality(const char *s)
{
	return !strcmp(s, "north") || !strcmp(s, "centre") ||
	       !strcmp(s, "south");
}

/* A code column checked with `valid`; returns the interned code, NULL when
 * empty or rejected (*bad set). */
static const char *import_code(struct import_ctx *ctx, int col, int required,
			       int (*valid)(const char *, size_t),
			       const char *expected, int *bad)
{
	struct ob_csv_field f = import_field(ctx, col);

	if (f.len == 0) {
		if (required) {
			import_reject(ctx, col, "'%s' is required and is empty",
				      ctx->spec[col].name);
			*bad = 1;
		}
		return NULL;
	}
	if (!valid(f.ptr, f.len)) {
		import_reject(ctx, col, "%s '%.*s' is not valid (expected %s)",
			      ctx->spec[col].name,
			      (int)(f.len > 40 ? 40 : f.len), f.ptr, expected);
		*bad = 1;
		return NULL;
	}
	return import_strdup(ctx, f.ptr, f.len);
}

static int ccg_valid(const char *s, size_t len)
{
	return ob_ods_org_valid(s, len) && len == 3;
}

enum { PR_CODE, PR_NAME, PR_PCH, PR_LOCALITY, PR_CCG };
static const struct colspec practice_cols[] = {
	{ "practice_code", 1 }, { "practice_name", 1 }, { "pch", 0 },
	{ "locality", 0 },      { "ccg", 1 },
};

int import_practices(struct import_ctx *ctx)
{
	int r;

	if (import_open(ctx, OB_FILE_PRACTICES, practice_cols,
			COUNT(practice_cols)))
		return -1;
	while ((r = import_next(ctx)) > 0) {
		struct practice_row p = { 0 };
		int bad = 0;
		uint32_t other;

		p.code = import_code(ctx, PR_CODE, 1, ob_ods_practice_valid,
				     "an ODS practice code: a letter and 5 "
				     "digits",
				     &bad);
		p.name = import_text(ctx, PR_NAME, 1, 200, &bad);
		p.pch = import_ident(ctx, PR_PCH, 0, 32, &bad);
		p.locality = import_text(ctx, PR_LOCALITY, 0, 16, &bad);
		p.ccg = import_code(ctx, PR_CCG, 1, ccg_valid,
				    "3 characters A-Z 0-9, e.g. 09A", &bad);
		if (!bad && p.locality && !is_locality(p.locality))
			bad = import_reject(ctx, PR_LOCALITY,
					    "locality '%s' is not north, "
					    "centre or south",
					    p.locality);
		if (!bad && p.pch && !p.locality)
			bad = import_reject(ctx, PR_LOCALITY,
					    "a practice in a primary care home "
					    "needs its locality");
		if (!bad && !p.pch && p.locality)
			bad = import_reject(ctx, PR_PCH,
					    "a practice with a locality needs "
					    "its primary care home");
		if (!bad && ob_strmap_get(&ctx->practice_by_code, p.code,
					  strlen(p.code), &other))
			bad = import_reject(ctx, PR_CODE,
					    "practice %s appears twice",
					    p.code);
		if (!bad && p.pch &&
		    ob_strmap_get(&ctx->pch_locality, p.pch, strlen(p.pch),
				  &other)) {
			const struct practice_row *o = &VEC_AT(
				ctx->practices, struct practice_row, other);
			if (strcmp(o->locality, p.locality) != 0)
				bad = import_reject(
					ctx, PR_LOCALITY,
					"primary care home %s is in locality "
					"%s (practice %s) and cannot also be "
					"in %s",
					p.pch, o->locality, o->code,
					p.locality);
		}
		if (!bad) {
			struct practice_row *dst = vec_push(&ctx->practices);
			uint32_t idx = (uint32_t)ctx->practices.n - 1;
			if (!dst)
				return import_oom(ctx);
			*dst = p;
			if (ob_strmap_put(&ctx->practice_by_code, p.code,
					  strlen(p.code), idx, NULL) ==
				    OB_ENOMEM ||
			    (p.pch && ob_strmap_put(&ctx->pch_locality, p.pch,
						    strlen(p.pch), idx,
						    NULL) == OB_ENOMEM))
				return import_oom(ctx);
		}
		import_row_done(ctx);
	}
	return r;
}

enum { AR_LSOA, AR_NAME, AR_LA, AR_LA_NAME, AR_DECILE, AR_RANK, AR_LOC,
       AR_POP };
static const struct colspec area_cols[] = {
	{ "lsoa_code", 1 },  { "lsoa_name", 1 }, { "la_code", 1 },
	{ "la_name", 1 },    { "imd_decile", 1 }, { "imd_rank", 0 },
	{ "locality", 0 },   { "population", 0 },
};

int import_areas(struct import_ctx *ctx)
{
	int r;

	if (import_open(ctx, OB_FILE_AREAS, area_cols, COUNT(area_cols)))
		return -1;
	while ((r = import_next(ctx)) > 0) {
		struct area_row a = { 0 };
		long decile = 0;
		int bad = 0;

		a.imd_rank = a.population = NO_VALUE;
		a.lsoa = import_code(ctx, AR_LSOA, 1, ob_lsoa_valid,
				     "E01 or W01 and 6 digits", &bad);
		a.name = import_text(ctx, AR_NAME, 1, 200, &bad);
		a.la_code = import_code(ctx, AR_LA, 1, ob_la_code_valid,
					"a GSS code E06-E09 or W06 and 6 "
					"digits",
					&bad);
		a.la_name = import_text(ctx, AR_LA_NAME, 1, 200, &bad);
		a.locality = import_text(ctx, AR_LOC, 0, 16, &bad);
		if (import_long(ctx, AR_DECILE, 1, 1, 10, &decile) ||
		    import_long(ctx, AR_RANK, 0, 1, 32844, &a.imd_rank) ||
		    import_long(ctx, AR_POP, 0, 0, 10000000, &a.population))
			bad = 1;
		a.imd_decile = (int)decile;
		if (!bad && a.locality && !is_locality(a.locality))
			bad = import_reject(ctx, AR_LOC,
					    "locality '%s' is not north, "
					    "centre or south",
					    a.locality);
		if (!bad && ob_strmap_get(&ctx->lsoa_by_code, a.lsoa,
					  strlen(a.lsoa), NULL))
			bad = import_reject(ctx, AR_LSOA,
					    "LSOA %s appears twice", a.lsoa);
		if (!bad) {
			struct area_row *dst = vec_push(&ctx->areas);
			if (!dst)
				return import_oom(ctx);
			*dst = a;
			if (ob_strmap_put(&ctx->lsoa_by_code, a.lsoa,
					  strlen(a.lsoa),
					  (uint32_t)ctx->areas.n - 1,
					  NULL) == OB_ENOMEM)
				return import_oom(ctx);
		}
		import_row_done(ctx);
	}
	return r;
}

enum { PV_CODE, PV_NAME, PV_IN, PV_ALLIANCE };
static const struct colspec provider_cols[] = {
	{ "provider_code", 1 },
	{ "provider_name", 1 },
	{ "in_system", 1 },
	{ "alliance_member", 1 },
};

int import_providers(struct import_ctx *ctx)
{
	int r;

	if (import_open(ctx, OB_FILE_PROVIDERS, provider_cols,
			COUNT(provider_cols)))
		return -1;
	while ((r = import_next(ctx)) > 0) {
		struct provider_row p = { 0 };
		int bad = 0;

		p.code = import_code(ctx, PV_CODE, 1, ob_ods_org_valid,
				     "an ODS code of 3 to 6 of A-Z 0-9", &bad);
		p.name = import_text(ctx, PV_NAME, 1, 200, &bad);
		if (import_flag(ctx, PV_IN, 1, &p.in_system) ||
		    import_flag(ctx, PV_ALLIANCE, 1, &p.alliance_member))
			bad = 1;
		if (!bad && ob_strmap_get(&ctx->provider_by_code, p.code,
					  strlen(p.code), NULL))
			bad = import_reject(ctx, PV_CODE,
					    "provider %s appears twice",
					    p.code);
		if (!bad) {
			struct provider_row *dst = vec_push(&ctx->providers);
			if (!dst)
				return import_oom(ctx);
			*dst = p;
			if (ob_strmap_put(&ctx->provider_by_code, p.code,
					  strlen(p.code),
					  (uint32_t)ctx->providers.n - 1,
					  NULL) == OB_ENOMEM)
				return import_oom(ctx);
		}
		import_row_done(ctx);
	}
	return r;
}

enum { PE_NHS, PE_PSEUDO, PE_SEX, PE_BIRTH, PE_DEATH, PE_LSOA, PE_PRACTICE,
       PE_FROM, PE_TO, PE_ALONE };
static const struct colspec person_cols[] = {
	{ "nhs_number", 0 },      { "pseudonym", 0 },
	{ "sex", 1 },             { "birth_date", 1 },
	{ "death_date", 0 },      { "lsoa_code", 0 },
	{ "practice_code", 0 },   { "registered_from", 0 },
	{ "registered_to", 0 },   { "lives_alone", 0 },
};

/* Remember an identity whose row was rejected, so rows in other files
 * that refer to it get the more helpful reason. */
static void note_rejected(struct import_ctx *ctx, int have_nhs, uint64_t nhs,
			  struct ob_csv_field pseudo)
{
	if (have_nhs)
		ob_u64map_put(&ctx->rejected_nhs, nhs, 0, NULL);
	else if (pseudo.len) {
		const char *k = import_strdup(ctx, pseudo.ptr, pseudo.len);
		if (k)
			ob_strmap_put(&ctx->rejected_pseudonym, k, pseudo.len,
				      0, NULL);
	}
}

/* Parse the identity: 1 = NHS number in *nhs, 2 = pseudonym in *pseudo,
 * -1 rejected. */
static int person_identity(struct import_ctx *ctx, uint64_t *nhs,
			   struct ob_csv_field *pseudo)
{
	struct ob_csv_field n = import_field(ctx, PE_NHS);
	int v;

	*pseudo = import_field(ctx, PE_PSEUDO);
	if (n.len && pseudo->len)
		return import_reject(ctx, PE_NHS,
				     "give either nhs_number or pseudonym, "
				     "not both");
	if (!n.len && !pseudo->len)
		return import_reject(ctx, PE_NHS,
				     "each person needs an nhs_number or a "
				     "pseudonym");
	if (n.len) {
		v = ob_nhs_number_parse(n.ptr, n.len, nhs);
		if (v == 0)
			return import_reject(ctx, PE_NHS,
					     "nhs_number is not 10 digits "
					     "(expected e.g. 9434765919 or "
					     "943 476 5919)");
		if (v < 0)
			return import_reject(ctx, PE_NHS,
					     "nhs_number fails the modulus 11 "
					     "check (wrong check digit)");
		return 1;
	}
	if (!ob_ident_valid(pseudo->ptr, pseudo->len, 64) || pseudo->len < 8)
		return import_reject(ctx, PE_PSEUDO,
				     "pseudonym must be 8 to 64 of A-Z a-z "
				     "0-9 _ -");
	if (ob_nhs_number_parse(pseudo->ptr, pseudo->len, NULL) != 0)
		return import_reject(ctx, PE_PSEUDO,
				     "a pseudonym must not look like an NHS "
				     "number (10 digits)");
	return 2;
}

static int opt_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

int import_persons(struct import_ctx *ctx)
{
	ob_date today = ob_date_today();
	int r;

	if (import_open(ctx, OB_FILE_PERSONS, person_cols,
			COUNT(person_cols)))
		return -1;
	while ((r = import_next(ctx)) > 0) {
		struct person_rec p = { 0 };
		struct ob_csv_field pseudo;
		const char *practice = NULL;
		ob_date from = OB_DATE_NONE, to = OB_DATE_NONE;
		uint64_t nhs = 0;
		uint32_t idx;
		long sex = 0;
		int bad = 0, kind, found;

		p.death = OB_DATE_NONE;
		p.lives_alone = NO_VALUE;
		kind = person_identity(ctx, &nhs, &pseudo);
		if (kind < 0)
			bad = 1;
		if (import_long(ctx, PE_SEX, 1, 0, 9, &sex) ||
		    import_date(ctx, PE_BIRTH, 1, &p.birth) ||
		    import_date(ctx, PE_DEATH, 0, &p.death) ||
		    import_date(ctx, PE_FROM, 0, &from) ||
		    import_date(ctx, PE_TO, 0, &to) ||
		    import_flag(ctx, PE_ALONE, 0, &p.lives_alone))
			bad = 1;
		p.sex = (int)sex;
		if (!bad && sex != 0 && sex != 1 && sex != 2 && sex != 9)
			bad = import_reject(ctx, PE_SEX,
					    "sex %ld is not an NHS Data "
					    "Dictionary code (expected 1 male, "
					    "2 female, 9 indeterminate, 0 not "
					    "known)",
					    sex);
		if (!bad) {
			struct ob_csv_field l = import_field(ctx, PE_LSOA);
			if (l.len && !ob_strmap_get(&ctx->lsoa_by_code, l.ptr,
						    l.len, NULL))
				bad = import_reject(ctx, PE_LSOA,
						    "LSOA is not in areas.csv");
			else if (l.len)
				p.lsoa = import_strdup(ctx, l.ptr, l.len);
		}
		if (!bad) {
			struct ob_csv_field pr =
				import_field(ctx, PE_PRACTICE);
			uint32_t pi;
			if (pr.len && !ob_strmap_get(&ctx->practice_by_code,
						     pr.ptr, pr.len, &pi))
				bad = import_reject(ctx, PE_PRACTICE,
						    "practice is not in "
						    "practices.csv");
			else if (pr.len)
				practice = VEC_AT(ctx->practices,
						  struct practice_row, pi)
						   .code;
		}
		if (!bad && p.birth > today)
			bad = import_reject(ctx, PE_BIRTH,
					    "birth_date is in the future");
		if (!bad && p.death != OB_DATE_NONE && p.death < p.birth)
			bad = import_reject(ctx, PE_DEATH,
					    "death_date is before birth_date");
		if (!bad && practice && from == OB_DATE_NONE)
			bad = import_reject(ctx, PE_FROM,
					    "registered_from is required when "
					    "practice_code is given");
		if (!bad && !practice &&
		    (from != OB_DATE_NONE || to != OB_DATE_NONE))
			bad = import_reject(ctx, PE_PRACTICE,
					    "registration dates are given but "
					    "practice_code is empty");
		if (!bad && practice && from < p.birth)
			bad = import_reject(ctx, PE_FROM,
					    "registered_from is before "
					    "birth_date");
		if (!bad && to != OB_DATE_NONE && to < from)
			bad = import_reject(ctx, PE_TO,
					    "registered_to is before "
					    "registered_from");
		if (!bad && to != OB_DATE_NONE && p.death != OB_DATE_NONE &&
		    to > p.death)
			bad = import_reject(ctx, PE_TO,
					    "registered_to is after "
					    "death_date");

		/* Find or create the person. */
		found = 0;
		if (!bad && kind == 1)
			found = ob_u64map_get(&ctx->person_by_nhs, nhs, &idx);
		else if (!bad)
			found = ob_strmap_get(&ctx->person_by_pseudonym,
					      pseudo.ptr, pseudo.len, &idx);
		if (!bad && found) {
			struct person_rec *o =
				&VEC_AT(ctx->persons, struct person_rec, idx);
			if (o->sex != p.sex || o->birth != p.birth ||
			    o->death != p.death || !opt_eq(o->lsoa, p.lsoa) ||
			    o->lives_alone != p.lives_alone)
				bad = import_reject_named(
					ctx, "row", NULL,
					"this person's sex, dates, LSOA or "
					"lives_alone differ from line %ld",
					o->first_line);
			else if (!practice)
				bad = import_reject_named(
					ctx, "practice_code", NULL,
					"the person already appears on line "
					"%ld; an unregistered row must be the "
					"person's only row",
					o->first_line);
		}
		if (!bad && found) {
			struct person_rec *o =
				&VEC_AT(ctx->persons, struct person_rec, idx);
			for (uint32_t s = o->first_spell; s != UINT32_MAX;
			     s = VEC_AT(ctx->spells, struct spell, s).next) {
				const struct spell *sp =
					&VEC_AT(ctx->spells, struct spell, s);
				ob_date send = sp->to == OB_DATE_NONE
						       ? INT32_MAX
						       : sp->to;
				ob_date mend = to == OB_DATE_NONE ? INT32_MAX
								  : to;
				if (from <= send && sp->from <= mend) {
					bad = import_reject_named(
						ctx, "registered_from", NULL,
						"registration overlaps the "
						"spell on line %ld",
						sp->line);
					break;
				}
			}
		}
		if (bad) {
			if (kind > 0 && !found)
				note_rejected(ctx, kind == 1, nhs, pseudo);
			import_row_done(ctx);
			continue;
		}
		if (!found) {
			struct person_rec *dst;
			char *pz;
			if (kind == 1) {
				pz = ob_arena_alloc(&ctx->arena,
						    OB_PSEUDONYM_LEN + 1);
				if (!pz || ob_pseudonymise(ctx->pz, nhs, pz,
							   ctx->err))
					return -1;
				p.pseudonym = pz;
			} else {
				p.pseudonym = import_strdup(ctx, pseudo.ptr,
							    pseudo.len);
			}
			p.first_line = ctx->row.line;
			p.first_spell = UINT32_MAX;
			dst = vec_push(&ctx->persons);
			if (!dst || !p.pseudonym)
				return import_oom(ctx);
			*dst = p;
			idx = (uint32_t)ctx->persons.n - 1;
			if ((kind == 1 ? ob_u64map_put(&ctx->person_by_nhs, nhs,
						       idx, NULL)
				       : ob_strmap_put(&ctx->person_by_pseudonym,
						       p.pseudonym, pseudo.len,
						       idx, NULL)) == OB_ENOMEM)
				return import_oom(ctx);
		}
		if (practice) {
			struct spell *sp = vec_push(&ctx->spells);
			struct person_rec *o;
			if (!sp)
				return import_oom(ctx);
			o = &VEC_AT(ctx->persons, struct person_rec, idx);
			sp->person = idx;
			sp->practice = practice;
			sp->from = from;
			sp->to = to;
			sp->line = ctx->row.line;
			sp->next = o->first_spell;
			o->first_spell = (uint32_t)ctx->spells.n - 1;
		}
		import_row_done(ctx);
	}
	return r;
}
