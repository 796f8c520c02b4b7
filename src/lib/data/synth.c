/*
 * synth.c - ob_synth(): options, the parallel generation of people in
 * chunks, writing the chunks in order, and the report.
 *
 * People are cut into chunks of CHUNK consecutive indexes.  Worker threads
 * take chunks in increasing order and generate each into a slot (one
 * buffer per file); the calling thread writes the slots to the files in
 * chunk order.  A chunk c always uses slot c % nslots and waits until the
 * writer has emptied it, so memory stays bounded.  Because every person
 * draws only from their own streams, the bytes written are the same for
 * any number of threads.  Ledger amounts are integer pence summed per
 * slot; integer addition is associative, so their totals do not depend on
 * the order either.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "onebudget/synth.h"

#include "synth-internal.h"

#define CHUNK 256

static const char *const file_names[OB_SYNTH_NFILES] = {
    "practices.csv",  "areas.csv",    "providers.csv", "persons.csv",
    "conditions.csv", "activity.csv", "surveys.csv",   "ledger.csv",
    "tariff.csv",     "mff.csv",
};

const char *ob_synth_file_name(enum ob_synth_file f)
{
	if ((int)f < 0 || f >= OB_SYNTH_NFILES)
		return NULL;
	return file_names[f];
}

void ob_synth_options_init(struct ob_synth_options *o)
{
	memset(o, 0, sizeof(*o));
	o->first_year = 2016;
	o->last_year = 2021;
	o->seed = 1;
	o->improvement = 0.15;
}

static enum ob_status check_options(const struct ob_synth_options *o,
				    struct ob_error *err)
{
	if (!o->out_dir || !*o->out_dir)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "no output directory given");
	if (o->persons != 0 &&
	    (o->persons < 100 || o->persons > OB_SYNTH_MAX_PERSONS))
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "persons %ld is outside 100 to %ld",
				    o->persons, OB_SYNTH_MAX_PERSONS);
	if (o->first_year < 2000 || o->last_year > 2040 ||
	    o->first_year > o->last_year ||
	    o->last_year - o->first_year + 1 > SYNTH_MAX_YEARS)
		return ob_error_set(
		    err, OB_EINVAL, NULL, 0, 0,
		    "years %d to %d: expected 1 to %d financial "
		    "years between 2000/01 and 2040/41",
		    o->first_year, o->last_year, SYNTH_MAX_YEARS);
	if (!(o->defect_rate >= 0.0 && o->defect_rate <= 0.5))
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "defect rate %g is outside 0 to 0.5",
				    o->defect_rate);
	if (!(o->improvement >= 0.0 && o->improvement <= 0.9))
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "improvement %g is outside 0 to 0.9",
				    o->improvement);
	if (o->improvement_year != 0 &&
	    (o->improvement_year < 2000 || o->improvement_year > 2040))
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "improvement year %d is outside 2000/01 to "
				    "2040/41",
				    o->improvement_year);
	if (o->threads < 0 || o->threads > 256)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "threads %d is outside 0 to 256",
				    o->threads);
	return OB_OK;
}

/* ------------------------------------------------------------ files */

struct outputs {
	FILE *f[OB_SYNTH_NFILES];
	struct ob_buf path[OB_SYNTH_NFILES];
};

static enum ob_status make_dir(const char *dir, struct ob_error *err)
{
	struct stat st;

	if (mkdir(dir, 0777) == 0)
		return OB_OK;
	if (errno == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		return OB_OK;
	return ob_error_set(err, OB_EIO, dir, 0, 0,
			    "cannot create directory: %s", strerror(errno));
}

static enum ob_status open_outputs(struct outputs *out, const char *dir,
				   struct ob_error *err)
{
	for (int i = 0; i < OB_SYNTH_NFILES; i++) {
		if (ob_buf_addf(&out->path[i], "%s/%s", dir, file_names[i]))
			return ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
					    "out of memory");
		out->f[i] = fopen(out->path[i].data, "w");
		if (!out->f[i])
			return ob_error_set(err, OB_EIO, out->path[i].data, 0,
					    0, "cannot create: %s",
					    strerror(errno));
		if (fprintf(out->f[i], "%s\n", synth_header[i]) < 0)
			return ob_error_set(err, OB_EIO, out->path[i].data, 0,
					    0, "write failed: %s",
					    strerror(errno));
	}
	return OB_OK;
}

static enum ob_status write_buffers(struct outputs *out,
				    const struct synth_out *o,
				    struct ob_error *err)
{
	for (int i = 0; i < OB_SYNTH_NFILES; i++) {
		const struct ob_buf *b = &o->file[i];

		if (b->len && fwrite(b->data, 1, b->len, out->f[i]) != b->len)
			return ob_error_set(err, OB_EIO, out->path[i].data, 0,
					    0, "write failed: %s",
					    strerror(errno));
	}
	return OB_OK;
}

/* Close every file; report the first failure (a full disk often shows
 * only at fclose). */
static enum ob_status close_outputs(struct outputs *out, enum ob_status st,
				    struct ob_error *err)
{
	for (int i = 0; i < OB_SYNTH_NFILES; i++) {
		if (out->f[i]) {
			int bad = ferror(out->f[i]);

			if (fclose(out->f[i]) || bad) {
				if (!st)
					st = ob_error_set(err, OB_EIO,
							  out->path[i].data, 0,
							  0, "write failed: %s",
							  strerror(errno));
			}
			out->f[i] = NULL;
		}
		ob_buf_release(&out->path[i]);
	}
	return st;
}

/* ------------------------------------------------------------ workers */

enum slot_state { SLOT_FREE, SLOT_BUSY, SLOT_READY };

struct slot {
	struct synth_out out;
	enum slot_state state;
	long chunk;
};

struct pool {
	const struct synth_world *w;
	struct slot *slot;
	int nslots;
	long nchunks, next;
	int failed;
	pthread_mutex_t lock;
	pthread_cond_t changed;
};

static void generate_chunk(const struct synth_world *w, long chunk,
			   struct synth_out *o)
{
	long first = chunk * CHUNK, last = first + CHUNK;
	struct synth_person p;
	struct synth_defects d;

	if (last > w->total)
		last = w->total;
	for (long i = first; i < last && !o->status; i++) {
		synth_person_make(w, i, &p);
		synth_defects_init(&d, w, (uint64_t)i * 8 + STREAM_DEFECT, i);
		d.birth = p.birth;
		d.death = p.death;
		synth_person_write(w, &p, o, &d);
		synth_activity_write(w, &p, o, &d);
		synth_survey_write(w, &p, o, &d);
	}
}

static void *worker(void *arg)
{
	struct pool *pl = arg;

	for (;;) {
		struct slot *s;
		long c;

		pthread_mutex_lock(&pl->lock);
		if (pl->failed || pl->next >= pl->nchunks) {
			pthread_mutex_unlock(&pl->lock);
			return NULL;
		}
		c = pl->next++;
		s = &pl->slot[c % pl->nslots];
		while (s->state != SLOT_FREE && !pl->failed)
			pthread_cond_wait(&pl->changed, &pl->lock);
		if (pl->failed) {
			pthread_mutex_unlock(&pl->lock);
			return NULL;
		}
		s->state = SLOT_BUSY;
		s->chunk = c;
		pthread_mutex_unlock(&pl->lock);

		synth_out_reset(&s->out, pl->w);
		generate_chunk(pl->w, c, &s->out);

		pthread_mutex_lock(&pl->lock);
		s->state = SLOT_READY;
		if (s->out.status)
			pl->failed = 1;
		pthread_cond_broadcast(&pl->changed);
		pthread_mutex_unlock(&pl->lock);
	}
}

static void add_counts(struct ob_synth_report *rep, const struct synth_out *o)
{
	for (int i = 0; i < OB_SYNTH_NFILES; i++) {
		rep->rows[i] += o->rows[i];
		rep->defect_rows[i] += o->defects[i];
		rep->defects += o->defects[i];
	}
	rep->persons += o->persons;
	rep->registered_09a += o->registered_09a;
	rep->registered_08y += o->registered_08y;
	rep->unregistered += o->unregistered;
	rep->births += o->births;
	rep->deaths += o->deaths;
}

static int online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

/*
 * Generate every person with `threads` workers while this thread writes
 * the chunks in order.  Adds the slots' ledger accumulators into `acc`.
 */
static enum ob_status run_people(const struct synth_world *w, int threads,
				 struct outputs *out, struct synth_out *acc,
				 struct ob_synth_report *rep,
				 struct ob_error *err)
{
	struct pool pl;
	pthread_t *tid;
	enum ob_status st = OB_OK;
	int started = 0;
	size_t nledger = (size_t)w->nyears * LINE_COUNT * (size_t)w->nprovider;

	memset(&pl, 0, sizeof(pl));
	pl.w = w;
	pl.nchunks = (w->total + CHUNK - 1) / CHUNK;
	if (threads > pl.nchunks)
		threads = pl.nchunks > 0 ? (int)pl.nchunks : 1;
	pl.nslots = 2 * threads + 2;
	pl.slot = calloc((size_t)pl.nslots, sizeof(*pl.slot));
	tid = calloc((size_t)threads, sizeof(*tid));
	if (!pl.slot || !tid) {
		free(pl.slot);
		free(tid);
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
				    "out of memory");
	}
	for (int i = 0; i < pl.nslots; i++)
		if (synth_out_init(&pl.slot[i].out, w))
			st = ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
					  "out of memory");
	pthread_mutex_init(&pl.lock, NULL);
	pthread_cond_init(&pl.changed, NULL);
	for (int i = 0; i < threads && !st; i++) {
		if (pthread_create(&tid[i], NULL, worker, &pl))
			st = ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
					  "cannot start a thread");
		else
			started++;
	}
	if (st) {
		pthread_mutex_lock(&pl.lock);
		pl.failed = 1;
		pthread_cond_broadcast(&pl.changed);
		pthread_mutex_unlock(&pl.lock);
	}
	rep->threads = started;

	for (long c = 0; c < pl.nchunks && !st; c++) {
		struct slot *s = &pl.slot[c % pl.nslots];

		pthread_mutex_lock(&pl.lock);
		while (!(s->state == SLOT_READY && s->chunk == c) &&
		       !(pl.failed && s->state != SLOT_BUSY))
			pthread_cond_wait(&pl.changed, &pl.lock);
		pthread_mutex_unlock(&pl.lock);
		if (s->state != SLOT_READY || s->chunk != c || s->out.status) {
			st = ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
					  "out of memory");
			break;
		}
		st = write_buffers(out, &s->out, err);
		add_counts(rep, &s->out);
		pthread_mutex_lock(&pl.lock);
		s->state = SLOT_FREE;
		if (st)
			pl.failed = 1;
		pthread_cond_broadcast(&pl.changed);
		pthread_mutex_unlock(&pl.lock);
	}
	if (st) {
		pthread_mutex_lock(&pl.lock);
		pl.failed = 1;
		pthread_cond_broadcast(&pl.changed);
		pthread_mutex_unlock(&pl.lock);
	}
	for (int i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	for (int i = 0; i < pl.nslots; i++) {
		if (pl.slot[i].out.ledger)
			for (size_t k = 0; k < nledger; k++)
				acc->ledger[k] += pl.slot[i].out.ledger[k];
		synth_out_release(&pl.slot[i].out);
	}
	pthread_mutex_destroy(&pl.lock);
	pthread_cond_destroy(&pl.changed);
	free(pl.slot);
	free(tid);
	return st;
}

/* The report's ledger figures for one year, as synth_write_ledger writes
 * them. */
static void ledger_summary(const struct synth_world *w,
			   const struct synth_out *acc,
			   struct ob_synth_report *rep)
{
	ob_fy fy = 2017 >= w->first_year && 2017 <= w->last_year
		       ? 2017
		       : w->first_year;
	int y = fy - w->first_year;

	rep->ledger_year = fy;
	for (int line = 0; line < LINE_COUNT; line++) {
		const ob_pence *v =
		    acc->ledger + ((size_t)y * LINE_COUNT + (size_t)line) *
				      (size_t)w->nprovider;
		ob_pence sum = 0;

		if (line == LINE_COMMISSIONING_PROGRAMME)
			sum = ob_pence_from_pounds_double(16.0e6 * w->scale *
							  synth_cost_index(fy));
		else
			for (int i = 0; i < w->nprovider; i++)
				sum += v[i];
		if (synth_line_in_scope(line))
			rep->ledger_in_scope += sum;
		if (line == LINE_ACUTE)
			rep->ledger_acute = sum;
		if (line == LINE_PRESCRIBING)
			rep->ledger_prescribing = sum;
		rep->ledger_total += sum;
	}
}

enum ob_status ob_synth(const struct ob_synth_options *o,
			struct ob_synth_report *rep, struct ob_error *err)
{
	struct ob_synth_report local;
	struct synth_world w;
	struct outputs out;
	struct synth_out small, acc;
	enum ob_status st;
	int threads;

	if (!rep)
		rep = &local;
	memset(rep, 0, sizeof(*rep));
	memset(&out, 0, sizeof(out));
	memset(&small, 0, sizeof(small));
	memset(&acc, 0, sizeof(acc));
	for (int i = 0; i < OB_SYNTH_NFILES; i++)
		ob_buf_init(&out.path[i]);
	if ((st = check_options(o, err)))
		return st;
	if ((st = synth_world_build(&w, o, err)))
		goto done;
	if ((st = make_dir(o->out_dir, err)) ||
	    (st = open_outputs(&out, o->out_dir, err)))
		goto done;
	if (synth_out_init(&small, &w) || synth_out_init(&acc, &w)) {
		st = ob_error_set(err, OB_ENOMEM, NULL, 0, 0, "out of memory");
		goto done;
	}
	synth_write_practices(&w, &small);
	synth_write_areas(&w, &small);
	synth_write_providers(&w, &small);
	synth_write_tariff(&w, &small);
	synth_write_mff(&w, &small);
	if (small.status) {
		st = ob_error_set(err, small.status, NULL, 0, 0,
				  "out of memory");
		goto done;
	}
	if ((st = write_buffers(&out, &small, err)))
		goto done;
	add_counts(rep, &small);
	synth_out_reset(&small, &w);

	threads = o->threads > 0 ? o->threads : online_cpus();
	if ((st = run_people(&w, threads, &out, &acc, rep, err)))
		goto done;

	synth_staff_survey_write(&w, &small);
	synth_write_ledger(&w, &acc, &small);
	if (small.status) {
		st = ob_error_set(err, small.status, NULL, 0, 0,
				  "out of memory");
		goto done;
	}
	if ((st = write_buffers(&out, &small, err)))
		goto done;
	add_counts(rep, &small);
	ledger_summary(&w, &acc, rep);
done:
	st = close_outputs(&out, st, err);
	synth_out_release(&small);
	synth_out_release(&acc);
	synth_world_release(&w);
	return st;
}
