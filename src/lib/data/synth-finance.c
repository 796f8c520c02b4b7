/*
 * synth-finance.c - money in the synthetic extract: the HRGs and their
 * prices (tariff.csv), market forces factors (mff.csv) and the
 * commissioner's ledger (ledger.csv).
 *
 * HRG codes are plausible HRG4+ codes (2 letters, 2 digits, a letter);
 * prices are round figures of the order of the 2017/18 national tariff, not
 * copies of it.  Three things are deliberately unpriced so that the pricing
 * engine has exceptions to report: UZ01Z (ungroupable spells) and SB97Z
 * (same-day chemotherapy admissions) have no tariff row, and FD05B
 * (abdominal pain) is priced for non-elective spells only but also occurs
 * on a few elective ones.
 */
#include <math.h>
#include <stdio.h>

#include "synth-internal.h"

const char *const synth_pod_code[POD_COUNT] = {"EL", "NEL", "OP", "AE"};

const char *const synth_line_code[LINE_COUNT] = {
    [LINE_MH_LD] = "MH_LD",
    [LINE_COMMUNITY] = "COMMUNITY",
    [LINE_ADULTS_BCF] = "ADULTS_BCF",
    [LINE_IC_CHC] = "IC_CHC",
    [LINE_URGENT_OOH] = "URGENT_OOH",
    [LINE_MULTIPLE] = "MULTIPLE",
    [LINE_PC_COMMISSIONING] = "PC_COMMISSIONING",
    [LINE_CHILDREN] = "CHILDREN",
    [LINE_ACUTE] = "ACUTE",
    [LINE_PRESCRIBING] = "PRESCRIBING",
    [LINE_COMMISSIONING_PROGRAMME] = "COMMISSIONING_PROGRAMME",
    [LINE_PC_CORE] = "PC_CORE",
};

int synth_line_in_scope(int line)
{
	return line >= LINE_MH_LD && line <= LINE_CHILDREN;
}

/* code, pod, 2017/18 price, trim days, excess bed day, unpriced */
const struct synth_hrg synth_hrgs[H_COUNT] = {
    [H_COPD_CC] = {"DZ65B", POD_NEL, 3300, 14, 290, 0},
    [H_COPD] = {"DZ65E", POD_NEL, 1900, 8, 290, 0},
    [H_ASTHMA_CC] = {"DZ15M", POD_NEL, 1900, 9, 290, 0},
    [H_ASTHMA] = {"DZ15R", POD_NEL, 950, 4, 290, 0},
    [H_HF_CC] = {"EB03A", POD_NEL, 4400, 21, 300, 0},
    [H_HF] = {"EB03E", POD_NEL, 2500, 11, 300, 0},
    [H_DIABETES_CC] = {"KB02F", POD_NEL, 2400, 12, 280, 0},
    [H_DIABETES] = {"KB02K", POD_NEL, 1300, 5, 280, 0},
    [H_ANGINA] = {"EB13B", POD_NEL, 1500, 6, 300, 0},
    [H_HYPERTENSION] = {"EB04Z", POD_NEL, 1000, 5, 300, 0},
    [H_AF_CC] = {"EB07A", POD_NEL, 2200, 10, 300, 0},
    [H_AF] = {"EB07E", POD_NEL, 1100, 4, 300, 0},
    [H_EPILEPSY] = {"AA26H", POD_NEL, 1400, 6, 290, 0},
    [H_DEMENTIA] = {"AA25C", POD_NEL, 3300, 25, 260, 0},
    [H_ANAEMIA] = {"SA04K", POD_NEL, 1400, 6, 280, 0},
    [H_HIP_FRACTURE] = {"HE11A", POD_NEL, 8500, 30, 280, 0},
    [H_UTI_CC] = {"LA04N", POD_NEL, 2600, 15, 270, 0},
    [H_UTI] = {"LA04S", POD_NEL, 1400, 6, 270, 0},
    [H_PNEUMONIA_CC] = {"DZ11K", POD_NEL, 3600, 17, 290, 0},
    [H_PNEUMONIA] = {"DZ11R", POD_NEL, 1900, 8, 290, 0},
    [H_SYNCOPE] = {"EB08C", POD_NEL, 1500, 7, 280, 0},
    [H_FLUID] = {"KC05G", POD_NEL, 2300, 13, 270, 0},
    [H_DELIRIUM] = {"WD11Z", POD_NEL, 2800, 20, 260, 0},
    [H_CELLULITIS] = {"JD07H", POD_NEL, 1700, 8, 270, 0},
    [H_SEPSIS] = {"WJ06E", POD_NEL, 3800, 17, 300, 0},
    [H_AKI] = {"LA07M", POD_NEL, 2600, 13, 280, 0},
    [H_HEAD_INJURY] = {"AA31E", POD_NEL, 1600, 6, 280, 0},
    [H_ABDOMINAL_PAIN] = {"FD05B", POD_NEL, 950, 3, 270, 0},
    [H_CHEST_PAIN] = {"EB12C", POD_NEL, 700, 2, 280, 0},
    [H_APPENDICITIS] = {"FF10B", POD_NEL, 2900, 6, 290, 0},
    [H_RESP_INFECTION] = {"DZ22Q", POD_NEL, 1200, 5, 280, 0},
    [H_ALCOHOL] = {"FD03H", POD_NEL, 1300, 5, 260, 0},
    [H_STROKE] = {"AA35B", POD_NEL, 5200, 30, 300, 0},
    [H_CANCER_NEL] = {"SD04A", POD_NEL, 3000, 14, 290, 0},
    [H_DELIVERY] = {"NZ11C", POD_NEL, 1900, 5, 280, 0},
    [H_CAESAREAN] = {"NZ50B", POD_NEL, 3900, 7, 280, 0},
    [H_UNGROUPABLE] = {"UZ01Z", POD_NEL, 1200, 0, 0, 1},
    [H_CATARACT] = {"BZ34B", POD_EL, 850, 2, 250, 0},
    [H_COLONOSCOPY] = {"FE32Z", POD_EL, 550, 2, 250, 0},
    [H_ENDOSCOPY] = {"FE21Z", POD_EL, 480, 2, 250, 0},
    [H_CYSTOSCOPY] = {"LB72A", POD_EL, 450, 2, 250, 0},
    [H_HIP] = {"HN12C", POD_EL, 6300, 10, 300, 0},
    [H_KNEE] = {"HN22C", POD_EL, 6000, 9, 300, 0},
    [H_HERNIA] = {"FF62B", POD_EL, 1800, 3, 270, 0},
    [H_CHOLECYSTECTOMY] = {"GA10F", POD_EL, 3000, 5, 270, 0},
    [H_HYSTEROSCOPY] = {"MA32Z", POD_EL, 880, 2, 250, 0},
    [H_TURP] = {"LB25E", POD_EL, 2700, 6, 270, 0},
    [H_ANGIOGRAPHY] = {"EY43A", POD_EL, 1200, 3, 300, 0},
    [H_CHEMOTHERAPY] = {"SB12Z", POD_EL, 330, 0, 0, 0},
    [H_CHEMO_DAY] = {"SB97Z", POD_EL, 400, 0, 0, 1},
    [H_CARPAL_TUNNEL] = {"HN51A", POD_EL, 1100, 2, 250, 0},
    [H_SKIN_LESION] = {"JC42C", POD_EL, 600, 2, 250, 0},
    [H_TONSILLECTOMY] = {"CA60B", POD_EL, 1700, 3, 260, 0},
    [H_OP_FIRST] = {"WF01B", POD_OP, 165, 0, 0, 0},
    [H_OP_FOLLOWUP] = {"WF01A", POD_OP, 95, 0, 0, 0},
    [H_AE1] = {"VB01Z", POD_AE, 350, 0, 0, 0},
    [H_AE2] = {"VB02Z", POD_AE, 300, 0, 0, 0},
    [H_AE3] = {"VB03Z", POD_AE, 250, 0, 0, 0},
    [H_AE4] = {"VB04Z", POD_AE, 210, 0, 0, 0},
    [H_AE5] = {"VB05Z", POD_AE, 180, 0, 0, 0},
    [H_AE6] = {"VB06Z", POD_AE, 150, 0, 0, 0},
    [H_AE7] = {"VB07Z", POD_AE, 140, 0, 0, 0},
    [H_AE8] = {"VB08Z", POD_AE, 120, 0, 0, 0},
    [H_AE9] = {"VB09Z", POD_AE, 100, 0, 0, 0},
    [H_AE10] = {"VB10Z", POD_AE, 80, 0, 0, 0},
    [H_AE11] = {"VB11Z", POD_AE, 60, 0, 0, 0},
};

/* Tariff prices move by 1.5% a year from 2017/18 (assumption: the net of
 * cost uplift and efficiency factors), rounded to whole pounds as the
 * national tariff is. */
double synth_hrg_price(int hrg, ob_fy fy)
{
	return floor(synth_hrgs[hrg].price * pow(1.015, fy - 2017) + 0.5);
}

double synth_hrg_ebd(int hrg, ob_fy fy)
{
	return floor(synth_hrgs[hrg].ebd * pow(1.015, fy - 2017) + 0.5);
}

/* Local unit costs (community, mental health, social care, primary care,
 * prescribing) move by 2% a year from 2017/18: assumption (pay and prices
 * inflation, GDP deflator order of magnitude). */
double synth_cost_index(ob_fy fy)
{
	return pow(1.02, fy - 2017);
}

void synth_write_tariff(const struct synth_world *w, struct synth_out *o)
{
	struct synth_row r;

	for (ob_fy fy = w->first_year; fy <= w->last_year; fy++)
		for (int h = 0; h < H_COUNT; h++) {
			const struct synth_hrg *g = &synth_hrgs[h];
			char fys[8];

			if (g->unpriced)
				continue;
			ob_fy_format(fy, fys);
			synth_row_start(&r, OB_SYNTH_TARIFF, TA_N);
			synth_row_set(&r, TA_YEAR, fys);
			synth_row_set(&r, TA_HRG, g->code);
			synth_row_set(&r, TA_POD, synth_pod_code[g->pod]);
			synth_row_set_money(&r, TA_PRICE,
					    ob_pence_from_pounds_double(
						synth_hrg_price(h, fy)));
			if (g->trim) {
				synth_row_set_long(&r, TA_TRIM, g->trim);
				synth_row_set_money(&r, TA_EBD,
						    ob_pence_from_pounds_double(
							synth_hrg_ebd(h, fy)));
			} else {
				synth_row_set(&r, TA_TRIM, "");
				synth_row_set(&r, TA_EBD, "");
			}
			synth_row_emit(o, &r);
		}
}

/* MFFs: plausible inner-London values (assumption, not the published
 * figures), the same every year. */
void synth_write_mff(const struct synth_world *w, struct synth_out *o)
{
	struct synth_row r;

	for (ob_fy fy = w->first_year; fy <= w->last_year; fy++)
		for (int i = 0; i < w->nprovider; i++) {
			const struct synth_provider *p = &w->provider[i];
			char fys[8];

			if (p->kind != PROV_ACUTE)
				continue;
			ob_fy_format(fy, fys);
			synth_row_start(&r, OB_SYNTH_MFF, MF_N);
			synth_row_set(&r, MF_YEAR, fys);
			synth_row_set(&r, MF_PROVIDER, p->code);
			synth_row_setf(&r, MF_MFF, "%.4f", p->mff);
			synth_row_emit(o, &r);
		}
}

/*
 * The ledger: for every year, line and provider the sum of the costs of
 * the activity of the people the commissioner (09A) pays for - its
 * registered patients and the unregistered residents - as accumulated by
 * the workers ("open book"), plus the commissioning and programme costs,
 * which no person-level row carries: £16m in 2017/18 scaled to the
 * population and moved by 2% a year.  Prescribing is one row per year
 * without a provider (it is not a contract).
 */
void synth_write_ledger(const struct synth_world *w,
			const struct synth_out *acc, struct synth_out *o)
{
	struct synth_defects d;
	struct synth_row r;

	synth_defects_init(&d, w, SYNTH_GLOBAL_STREAM(2), 0);
	for (int y = 0; y < w->nyears; y++) {
		ob_fy fy = w->first_year + y;
		char fys[8];

		ob_fy_format(fy, fys);
		for (int line = 0; line < LINE_COUNT; line++) {
			const ob_pence *v =
			    acc->ledger +
			    ((size_t)y * LINE_COUNT + (size_t)line) *
				(size_t)w->nprovider;
			ob_pence sum = 0;

			if (line == LINE_COMMISSIONING_PROGRAMME) {
				sum = ob_pence_from_pounds_double(
				    16.0e6 * w->scale * synth_cost_index(fy));
			} else if (line == LINE_PRESCRIBING) {
				for (int i = 0; i < w->nprovider; i++)
					sum += v[i];
			}
			if (sum) {
				synth_row_start(&r, OB_SYNTH_LEDGER, LE_N);
				synth_row_set(&r, LE_YEAR, fys);
				synth_row_set(&r, LE_LINE,
					      synth_line_code[line]);
				synth_row_set(&r, LE_PROVIDER, "");
				synth_row_set_money(&r, LE_AMOUNT, sum);
				synth_emit(o, &d, &r);
				continue;
			}
			if (line == LINE_COMMISSIONING_PROGRAMME ||
			    line == LINE_PRESCRIBING)
				continue;
			for (int i = 0; i < w->nprovider; i++) {
				if (!v[i])
					continue;
				synth_row_start(&r, OB_SYNTH_LEDGER, LE_N);
				synth_row_set(&r, LE_YEAR, fys);
				synth_row_set(&r, LE_LINE,
					      synth_line_code[line]);
				synth_row_set(&r, LE_PROVIDER,
					      w->provider[i].code);
				synth_row_set_money(&r, LE_AMOUNT, v[i]);
				synth_emit(o, &d, &r);
			}
		}
	}
}
