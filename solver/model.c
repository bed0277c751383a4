/* model.c - writing a grid's rostering problem as a GLPK MIP (see model.h).
 *
 * The formulation mirrors roster_evaluate() rule for rule, so that the
 * optimum of the MIP is the least penalty any valid roster can have:
 *
 *   x[a,s,r]  binary   agent a fills the rank-r demand of slot s
 *   u[s,r]    >= 0     missing agents (demands with min > 0)
 *   o[s,r]    >= 0     agents above max (demands with a max)
 *   k[a,w]    binary   a works weekend w (contracts with max_weekends)
 *   nmax/nmin, wmax/wmin per rank: the spread of nights and weekend duties
 *
 * W(a,d) below is the sum of a's x on slots starting on grid day d.
 */
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct model *
model_new(const struct grid *g)
{
	struct model *m = xcalloc(1, sizeof(*m));

	m->grid = g;
	return m;
}

void
model_free(struct model *m)
{
	if (m == NULL)
		return;
	if (m->P != NULL)
		glp_delete_prob(m->P);
	free(m->x);
	free(m->agent_x);
	free(m->under);
	free(m->over);
	free(m->wkend);
	free(m->fair);
	free(m->slot_x);
	free(m->rind);
	free(m->rval);
	free(m->rpos);
	free(m);
}

/* LP names allow letters, digits and a few marks; anything else in an id
 * becomes '_' and the index is appended to keep the name unique. */
static void
name_part(char *buf, size_t size, const char *id, int idx)
{
	size_t n = 0;
	int changed = 0;

	for (const char *p = id; *p != '\0' && n + 1 < size && n < 60; p++) {
		char c = *p;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '.')) {
			c = '_';
			changed = 1;
		}
		buf[n++] = c;
	}
	buf[n] = '\0';
	if (changed || id[0] == '\0' || strlen(id) > 60)
		snprintf(buf + n, size - n, "#%d", idx);
}

static int
add_col(struct model *m, const char *name, int kind, double lo, double hi,
    double obj)
{
	int j = glp_add_cols(m->P, 1);

	glp_set_col_name(m->P, j, name);
	glp_set_col_kind(m->P, j, kind);
	if (kind == GLP_BV)
		;	/* bounds [0, 1] come with the kind */
	else if (hi > lo)
		glp_set_col_bnds(m->P, j, GLP_DB, lo, hi);
	else if (hi == lo)
		glp_set_col_bnds(m->P, j, GLP_FX, lo, lo);
	else
		glp_set_col_bnds(m->P, j, GLP_LO, lo, 0.0);
	glp_set_obj_coef(m->P, j, obj);
	return j;
}

/* Rows are gathered term by term, merging repeated columns. */
static void
row_add(struct model *m, int col, double coef)
{
	int p = m->rpos[col];

	if (p > 0 && p <= m->rn && m->rind[p] == col) {
		m->rval[p] += coef;
		return;
	}
	if (m->rn + 2 > m->rcap) {
		m->rcap = m->rcap ? 2 * m->rcap : 64;
		m->rind = xrealloc(m->rind, (size_t)m->rcap * sizeof(int));
		m->rval = xrealloc(m->rval, (size_t)m->rcap * sizeof(double));
	}
	m->rn++;
	m->rind[m->rn] = col;
	m->rval[m->rn] = coef;
	m->rpos[col] = m->rn;
}

/* Is col in the row under construction? */
static int
in_row(const struct model *m, int col)
{
	int p = m->rpos[col];

	return p > 0 && p <= m->rn && m->rind[p] == col;
}

static void
row_slot(struct model *m, int a, int s, double coef)
{
	int i = m->slot_x[(size_t)a * m->grid->nslots + s];

	for (; i >= 0 && i < m->nx && m->x[i].agent == a && m->x[i].slot == s;
	    i++)
		row_add(m, m->x[i].col, coef);
}

/* W(a,d), or only the slot of shift sh on day d when sh >= 0. */
static void
row_day(struct model *m, int a, int d, int sh, double coef)
{
	const struct team *t = m->grid->team;

	for (int k = 0; k < t->nshifts; k++) {
		int s = grid_slot_at(m->grid, d, k);

		if (s >= 0 && (sh < 0 || sh == k))
			row_slot(m, a, s, coef);
	}
}

static int
has_slot(const struct model *m, int a, int s)
{
	return m->slot_x[(size_t)a * m->grid->nslots + s] >= 0;
}

static int
has_day(const struct model *m, int a, int d)
{
	for (int k = 0; k < m->grid->team->nshifts; k++) {
		int s = grid_slot_at(m->grid, d, k);

		if (s >= 0 && has_slot(m, a, s))
			return 1;
	}
	return 0;
}

/* Finish the row: lo <= row <= hi (either may be -DBL_MAX/DBL_MAX style:
 * pass type GLP_UP, GLP_LO or GLP_DB).  A row of binaries that no 0/1
 * values could violate is dropped; an impossible one is kept so that
 * GLPK reports the problem infeasible. */
static void
row_end(struct model *m, const char *name, int type, double lo, double hi)
{
	double amin = 0, amax = 0;
	int i;

	for (int p = 1; p <= m->rn; p++) {
		if (m->rval[p] < 0)
			amin += m->rval[p];
		else
			amax += m->rval[p];
		m->rpos[m->rind[p]] = 0;
	}
	if (!m->rcont &&
	    (type == GLP_UP ? amax <= hi + 1e-9 :
	    type == GLP_LO ? amin >= lo - 1e-9 :
	    amin >= lo - 1e-9 && amax <= hi + 1e-9)) {
		m->rn = 0;
		return;
	}
	i = glp_add_rows(m->P, 1);
	glp_set_row_name(m->P, i, name);
	glp_set_row_bnds(m->P, i, type, lo, hi);
	glp_set_mat_row(m->P, i, m->rn, m->rind, m->rval);
	m->rn = 0;
	m->rcont = 0;
}

/* Does slot s count towards measure kind? */
static int
fair_counts(const struct slot *s, enum fair_kind kind)
{
	return kind == FAIR_NIGHTS ? s->night :
	    kind == FAIR_WEEKENDS ? s->weekend : 1;
}

int
model_fair_counts(const struct model *m, int x, const struct fair_group *fg)
{
	return fair_counts(&m->grid->slots[m->x[x].slot], fg->kind);
}

/* The most duties of a kind agent a could work: one a day, and no more
 * than the contract allows of each night shift. */
static int
fair_reach(const struct model *m, int a, enum fair_kind kind)
{
	const struct grid *g = m->grid;
	const struct team *t = g->team;
	const struct contract *c = &t->contracts[t->agents[a].contract];
	int days = 0, cap = 0;

	for (int d = 0; d < g->ndays; d++)
		for (int k = 0; k < t->nshifts; k++) {
			int s = grid_slot_at(g, d, k);

			if (s >= 0 && has_slot(m, a, s) &&
			    fair_counts(&g->slots[s], kind)) {
				days++;
				break;
			}
		}
	if (kind != FAIR_NIGHTS)
		return days;
	for (int k = 0; k < t->nshifts; k++)
		if (t->shifts[k].night) {
			if (c->max_shifts[k] == UNLIMITED)
				return days;
			cap += c->max_shifts[k];
		}
	return cap < days ? cap : days;
}

/* Add the unary columns of one fairness group, if it has two members or
 * more and a weight. */
static void
add_fair_group(struct model *m, int rank, int contract, enum fair_kind kind,
    int weight, int *cap)
{
	static const char *const what[] = { "n", "w", "d" };
	const struct team *t = m->grid->team;
	struct fair_group *fg;
	char rn[80], name[256];
	int n = 0, k = 0;

	if (weight <= 0)
		return;
	for (int a = 0; a < t->nagents; a++)
		if (fair_member(t, a, rank, contract, kind)) {
			n++;
			if (fair_reach(m, a, kind) > k)
				k = fair_reach(m, a, kind);
		}
	if (n < 2 || k == 0)
		return;		/* one agent is always fair */
	m->fair = vec_push(m->fair, &m->nfair, cap, sizeof(*m->fair));
	fg = &m->fair[m->nfair - 1];
	fg->rank = rank;
	fg->contract = contract;
	fg->kind = kind;
	fg->weight = weight;
	fg->k = k;
	name_part(rn, sizeof(rn), t->ranks[rank].id, rank);
	for (int j = 0; j < k; j++) {
		snprintf(name, sizeof(name), "%smax_%s_%d_%d", what[kind], rn,
		    contract + 1, j + 1);
		if (j == 0)
			fg->hi = add_col(m, name, GLP_BV, 0, 1, weight);
		else
			add_col(m, name, GLP_BV, 0, 1, weight);
	}
	for (int j = 0; j < k; j++) {
		snprintf(name, sizeof(name), "%smin_%s_%d_%d", what[kind], rn,
		    contract + 1, j + 1);
		if (j == 0)
			fg->lo = add_col(m, name, GLP_BV, 0, 1, -weight);
		else
			add_col(m, name, GLP_BV, 0, 1, -weight);
	}
}

static void
build_columns(struct model *m)
{
	const struct grid *g = m->grid;
	const struct team *t = g->team;
	char an[80], rn[80], name[256];
	int cap = 0, fcap = 0;

	m->agent_x = xcalloc((size_t)t->nagents + 1, sizeof(int));
	m->slot_x = xmalloc(((size_t)t->nagents * g->nslots + 1) * sizeof(int));
	for (size_t i = 0; i < (size_t)t->nagents * g->nslots; i++)
		m->slot_x[i] = -1;
	for (int a = 0; a < t->nagents; a++) {
		m->agent_x[a] = m->nx;
		name_part(an, sizeof(an), t->agents[a].id, a);
		for (int s = 0; s < g->nslots; s++) {
			for (int k = g->slot_demands[s]; k < g->slot_demands[s + 1]; k++) {
				const struct demand *dm = &g->demands[k];
				struct xcol *xc;

				if (!grid_can_fill(g, a, dm))
					continue;
				if (m->slot_x[(size_t)a * g->nslots + s] < 0)
					m->slot_x[(size_t)a * g->nslots + s] = m->nx;
				name_part(rn, sizeof(rn), t->ranks[dm->rank].id,
				    dm->rank);
				snprintf(name, sizeof(name), "x_%s_%d_%s", an, s, rn);
				m->x = vec_push(m->x, &m->nx, &cap, sizeof(*m->x));
				xc = &m->x[m->nx - 1];
				xc->agent = a;
				xc->slot = s;
				xc->demand = k;
				xc->col = add_col(m, name, GLP_BV, 0, 1, 0);
			}
		}
	}
	m->agent_x[t->nagents] = m->nx;

	m->under = xcalloc((size_t)g->ndemands + 1, sizeof(int));
	m->over = xcalloc((size_t)g->ndemands + 1, sizeof(int));
	for (int k = 0; k < g->ndemands; k++) {
		const struct demand *dm = &g->demands[k];

		name_part(rn, sizeof(rn), t->ranks[dm->rank].id, dm->rank);
		if (dm->min > 0) {
			snprintf(name, sizeof(name), "u_%d_%s", dm->slot, rn);
			m->under[k] = add_col(m, name, GLP_CV, 0, dm->min,
			    dm->under);
		}
		if (dm->max != UNLIMITED) {
			snprintf(name, sizeof(name), "o_%d_%s", dm->slot, rn);
			m->over[k] = add_col(m, name, GLP_CV, 0, -1, dm->over);
		}
	}

	m->wkend = xcalloc((size_t)t->nagents * g->nweekends + 1, sizeof(int));
	for (int a = 0; a < t->nagents; a++) {
		const struct contract *c = &t->contracts[t->agents[a].contract];

		if (c->max_weekends == UNLIMITED)
			continue;
		name_part(an, sizeof(an), t->agents[a].id, a);
		for (int d = 0; d < g->ndays; d++) {
			int w = g->days[d].weekend;

			if (w < 0 || m->wkend[a * g->nweekends + w] ||
			    !has_day(m, a, d))
				continue;
			snprintf(name, sizeof(name), "k_%s_%d", an, w);
			m->wkend[a * g->nweekends + w] = add_col(m, name,
			    GLP_BV, 0, 1, 0);
		}
	}

	/* Fairness: the spread max - min of a count (nights, weekend
	 * duties) over a rank.  max and min are whole numbers, and saying so
	 * closes most of the gap between the LP bound and the best roster;
	 * but GLPK's feasibility pump, which finds good rosters fast, only
	 * takes binary columns.  So each is written in unary: max = z_1 +
	 * ... + z_K with z_1 >= z_2 >= ..., K the most any agent could
	 * reach. */
	for (int r = 0; r < t->nranks; r++) {
		add_fair_group(m, r, -1, FAIR_NIGHTS, t->fair_nights, &fcap);
		add_fair_group(m, r, -1, FAIR_WEEKENDS, t->fair_weekends, &fcap);
		for (int c = 0; c < t->ncontracts; c++)
			add_fair_group(m, r, c, FAIR_DUTIES, t->fair_duties, &fcap);
	}
}

/* Wishes: "off" costs weight * W, "on" costs weight * (1 - W). */
static void
build_wishes(struct model *m)
{
	const struct grid *g = m->grid;
	const struct team *t = g->team;

	for (int i = 0; i < t->nwishes; i++) {
		const struct wish *w = &t->wishes[i];
		int d = g->ndays ? w->date - g->days[0].date : -1;
		double sign = w->on ? -1 : 1;

		if (d < 0 || d >= g->ndays)
			continue;	/* as roster_evaluate: outside the grid */
		if (w->on)
			m->constant += w->weight;
		for (int k = 0; k < t->nshifts; k++) {
			int s = grid_slot_at(g, d, k);
			int x = s >= 0 ? m->slot_x[(size_t)w->agent * g->nslots + s] : -1;

			if (w->shift >= 0 && w->shift != k)
				continue;
			for (; x >= 0 && x < m->nx && m->x[x].agent == w->agent &&
			    m->x[x].slot == s; x++)
				glp_set_obj_coef(m->P, m->x[x].col,
				    glp_get_obj_coef(m->P, m->x[x].col) +
				    sign * w->weight);
		}
	}
	/* The constant goes on a column fixed at 1 rather than into GLPK's
	 * objective constant, which the LP format keeps only as a comment:
	 * so any solver reading a written model reports rota's penalty. */
	if (m->constant != 0)
		m->const_col = add_col(m, "constant", GLP_CV, 1, 1, m->constant);
}

static void
build_cover(struct model *m)
{
	const struct grid *g = m->grid;
	const struct team *t = g->team;
	char rn[80], name[256];

	/* Column lists by demand: scan x once per demand would be
	 * quadratic, so gather them by demand first. */
	int *start = xcalloc((size_t)g->ndemands + 2, sizeof(int));
	int *cols = xmalloc(((size_t)m->nx + 1) * sizeof(int));

	for (int i = 0; i < m->nx; i++)
		start[m->x[i].demand + 1]++;
	for (int k = 0; k < g->ndemands; k++)
		start[k + 1] += start[k];
	for (int i = 0; i < m->nx; i++)
		cols[start[m->x[i].demand]++] = m->x[i].col;
	for (int k = g->ndemands; k > 0; k--)
		start[k] = start[k - 1];
	start[0] = 0;

	for (int k = 0; k < g->ndemands; k++) {
		const struct demand *dm = &g->demands[k];

		name_part(rn, sizeof(rn), t->ranks[dm->rank].id, dm->rank);
		if (dm->min > 0) {
			for (int i = start[k]; i < start[k + 1]; i++)
				row_add(m, cols[i], 1);
			row_add(m, m->under[k], 1);
			m->rcont = 1;
			snprintf(name, sizeof(name), "min_%d_%s", dm->slot, rn);
			row_end(m, name, GLP_LO, dm->min, 0);
		}
		if (dm->max != UNLIMITED) {
			for (int i = start[k]; i < start[k + 1]; i++)
				row_add(m, cols[i], 1);
			row_add(m, m->over[k], -1);
			m->rcont = 1;
			snprintf(name, sizeof(name), "max_%d_%s", dm->slot, rn);
			row_end(m, name, GLP_UP, 0, dm->max);
		}
	}
	free(start);
	free(cols);
}

/* Does working slot p and then slot q (p before q in slot order) break
 * the rest rule?  The same arithmetic as roster.c's check_agent. */
static int
conflict(const struct grid *g, int p, int q, int min_rest)
{
	long rest;

	if (p > q) {
		int tmp = p;

		p = q;
		q = tmp;
	}
	rest = (long)(g->slots[q].start - g->slots[p].end) / 60;
	return rest < 0 || rest < min_rest;
}

static void
build_agent(struct model *m, int a, int back)
{
	const struct grid *g = m->grid;
	const struct team *t = g->team;
	const struct contract *c = &t->contracts[t->agents[a].contract];
	char an[80], name[256];

	name_part(an, sizeof(an), t->agents[a].id, a);
	if (m->agent_x[a] == m->agent_x[a + 1] && c->min_minutes <= 0)
		return;		/* never works: nothing to constrain */

	/* One duty starts per day. */
	for (int d = 0; d < g->ndays; d++) {
		row_day(m, a, d, -1, 1);
		snprintf(name, sizeof(name), "day_%s_%d", an, d);
		row_end(m, name, GLP_UP, 0, 1);
	}

	/* Rest and overlap: slot q conflicts with some slots of an earlier
	 * day d.  Those are already exclusive (one duty a day), so q and all
	 * of them form one clique row. */
	for (int q = 0; q < g->nslots; q++) {
		int dq = g->slots[q].day;

		if (!has_slot(m, a, q))
			continue;
		for (int d = dq - 1; d >= 0 && d >= dq - back; d--) {
			int any = 0;

			for (int k = 0; k < t->nshifts; k++) {
				int p = grid_slot_at(g, d, k);

				if (p >= 0 && has_slot(m, a, p) &&
				    conflict(g, p, q, c->min_rest)) {
					row_slot(m, a, p, 1);
					any = 1;
				}
			}
			if (!any)
				continue;
			row_slot(m, a, q, 1);
			snprintf(name, sizeof(name), "rest_%s_%d_%d", an, d, q);
			row_end(m, name, GLP_UP, 0, 1);
		}
	}

	/* Forbidden successions: shift p on day d, then any shift that may
	 * not follow it on d + 1.  Those are exclusive already (one duty a
	 * day), so p and all of them form one clique row: a far smaller
	 * and tighter model than one row per forbidden pair (a year of
	 * Curtois Instance24 has 461 pairs: 72,000 rows an agent become
	 * 7,500). */
	for (int p = 0; p < t->nshifts; p++) {
		for (int d = 0; d + 1 < g->ndays; d++) {
			int sp = grid_slot_at(g, d, p), any = 0;

			if (sp < 0 || !has_slot(m, a, sp))
				continue;
			for (int i = 0; i < t->nsuccessions; i++) {
				const struct succession *sc = &t->successions[i];
				int sq = grid_slot_at(g, d + 1, sc->then);

				/* A pair listed twice must not count twice. */
				if (sc->first != p || sq < 0 || !has_slot(m, a, sq) ||
				    in_row(m, m->x[m->slot_x[(size_t)a * g->nslots + sq]].col))
					continue;
				row_slot(m, a, sq, 1);
				any = 1;
			}
			if (!any)
				continue;
			row_slot(m, a, sp, 1);
			snprintf(name, sizeof(name), "succ_%s_%s_%d", an,
			    t->shifts[p].id, d);
			row_end(m, name, GLP_UP, 0, 1);
		}
	}

	/* Duties of each shift type, and counted minutes. */
	for (int k = 0; k < t->nshifts; k++) {
		if (c->max_shifts[k] == UNLIMITED)
			continue;
		for (int d = 0; d < g->ndays; d++)
			row_day(m, a, d, k, 1);
		snprintf(name, sizeof(name), "maxshift_%s_%s", an,
		    t->shifts[k].id);
		row_end(m, name, GLP_UP, 0, c->max_shifts[k]);
	}
	if (c->max_minutes != UNLIMITED || c->min_minutes > 0) {
		for (int i = m->agent_x[a]; i < m->agent_x[a + 1]; i++)
			row_add(m, m->x[i].col, g->slots[m->x[i].slot].counts);
		snprintf(name, sizeof(name), "minutes_%s", an);
		if (c->max_minutes == UNLIMITED)
			row_end(m, name, GLP_LO, c->min_minutes, 0);
		else if (c->min_minutes > 0)
			row_end(m, name, c->min_minutes == c->max_minutes ?
			    GLP_FX : GLP_DB, c->min_minutes, c->max_minutes);
		else
			row_end(m, name, GLP_UP, 0, c->max_minutes);
	}

	/* At most max working days in any max + 1 days in a row. */
	if (c->max_consecutive != UNLIMITED) {
		int w = c->max_consecutive + 1;

		for (int d = 0; d + w <= g->ndays; d++) {
			for (int j = d; j < d + w; j++)
				row_day(m, a, j, -1, 1);
			snprintf(name, sizeof(name), "maxrun_%s_%d", an, d);
			row_end(m, name, GLP_UP, 0, c->max_consecutive);
		}
	}

	/* A stronger form of the same rule, from the days off: with at
	 * most k days on in a row and free days coming in blocks of at least
	 * m, any k + m days hold at least m free days.  (A window holding a
	 * whole block of free days has m of them; one that does not holds a
	 * single run of at most k days on between the free days cut off at
	 * its two ends.)  Windows touching the grid's first or last day are
	 * left out: a block of free days there may be shorter.  This raises
	 * the LP bound of Curtois Instance 4 from 1299 to 1403, of 5 from
	 * 722 to 755. */
	if (c->max_consecutive != UNLIMITED && c->min_days_off > 1) {
		int k = c->max_consecutive, w = k + c->min_days_off;

		for (int d = 1; d + w <= g->ndays - 1; d++) {
			for (int j = d; j < d + w; j++)
				row_day(m, a, j, -1, 1);
			snprintf(name, sizeof(name), "offrun_%s_%d", an, d);
			row_end(m, name, GLP_UP, 0, k);
		}
	}

	/* No run of fewer than min working days between two free days (and
	 * the same for free days); runs touching the grid's first or last
	 * day are exempt, as in roster.c.  Written from the day a run
	 * starts: off on d - 1 and on at d means on at d + i for every
	 * i < min.  Every integer roster this forbids the pattern rows
	 * (off, n days on, off) forbid too, and no more; the LP relaxation
	 * is a little tighter (each row here dominates one of those). */
	for (int off = 0; off < 2; off++) {
		int min = off ? c->min_days_off : c->min_consecutive;

		for (int d = 1; d < g->ndays; d++)
			for (int i = 1; i < min && d + i < g->ndays; i++) {
				/* W(d-1) - W(d) + W(d+i) >= 0 (on), <= 1 (off) */
				row_day(m, a, d - 1, -1, 1);
				row_day(m, a, d, -1, -1);
				row_day(m, a, d + i, -1, 1);
				snprintf(name, sizeof(name), "%s_%s_%d_%d",
				    off ? "minoff" : "minrun", an, d, i);
				if (off)
					row_end(m, name, GLP_UP, 0, 1);
				else
					row_end(m, name, GLP_LO, 0, 0);
			}
	}

	/* Weekends: k[a,w] >= W(a,d) for each day of w; sum k <= max. */
	if (c->max_weekends != UNLIMITED) {
		for (int d = 0; d < g->ndays; d++) {
			int w = g->days[d].weekend;
			int k = w >= 0 ? m->wkend[a * g->nweekends + w] : 0;

			if (k == 0)
				continue;
			row_day(m, a, d, -1, 1);
			row_add(m, k, -1);
			snprintf(name, sizeof(name), "weekend_%s_%d", an, d);
			row_end(m, name, GLP_UP, 0, 0);
		}
		for (int w = 0; w < g->nweekends; w++)
			if (m->wkend[a * g->nweekends + w])
				row_add(m, m->wkend[a * g->nweekends + w], 1);
		snprintf(name, sizeof(name), "maxweekends_%s", an);
		row_end(m, name, GLP_UP, 0, c->max_weekends);
	}
}

/* min <= count(a) <= max for each member a of each fairness group. */
static void
build_fairness(struct model *m)
{
	const struct grid *g = m->grid;
	const struct team *t = g->team;
	char an[80], name[256];

	for (int i = 0; i < m->nfair; i++) {
		const struct fair_group *fg = &m->fair[i];

		for (int a = 0; a < t->nagents; a++) {
			if (!fair_member(t, a, fg->rank, fg->contract, fg->kind))
				continue;
			name_part(an, sizeof(an), t->agents[a].id, a);
			for (int side = 0; side < 2; side++) {
				for (int x = m->agent_x[a]; x < m->agent_x[a + 1]; x++)
					if (fair_counts(&g->slots[m->x[x].slot], fg->kind))
						row_add(m, m->x[x].col, 1);
				for (int j = 0; j < fg->k; j++)
					row_add(m, (side ? fg->lo : fg->hi) + j, -1);
				snprintf(name, sizeof(name), "fair%d%s_%s", i,
				    side ? "lo" : "hi", an);
				if (side)
					row_end(m, name, GLP_LO, 0, 0);
				else
					row_end(m, name, GLP_UP, 0, 0);
			}
		}
		/* z_1 >= z_2 >= ...: one way to write each value. */
		for (int side = 0; side < 2; side++)
			for (int j = 0; j + 1 < fg->k; j++) {
				int col = side ? fg->lo : fg->hi;

				row_add(m, col + j, 1);
				row_add(m, col + j + 1, -1);
				snprintf(name, sizeof(name), "fairorder%d%s_%d", i,
				    side ? "lo" : "hi", j);
				row_end(m, name, GLP_LO, 0, 0);
			}
	}
}

int
model_fair_count(const struct model *m, const double *v, int a,
    const struct fair_group *fg)
{
	int n = 0;

	for (int x = m->agent_x[a]; x < m->agent_x[a + 1]; x++)
		if (v[m->x[x].col] > 0.5 && model_fair_counts(m, x, fg))
			n++;
	return n;
}

double
model_from_roster(const struct model *m, const struct roster *r, double *v)
{
	const struct grid *g = m->grid;
	int n = glp_get_num_cols(m->P);

	for (int j = 1; j <= n; j++)
		v[j] = 0;
	for (int i = 0; i < r->nduties; i++) {
		const struct duty *du = &r->duties[i];
		int x = m->slot_x[(size_t)du->agent * g->nslots + du->slot];

		for (; x >= 0 && x < m->nx && m->x[x].agent == du->agent &&
		    m->x[x].slot == du->slot; x++)
			if (g->demands[m->x[x].demand].rank == du->rank) {
				v[m->x[x].col] = 1;
				break;
			}
	}
	return model_tighten(m, v);
}

void
model_to_roster(const struct model *m, const double *v, struct roster *r)
{
	for (int i = 0; i < m->nx; i++) {
		const struct xcol *xc = &m->x[i];

		if (v[xc->col] > 0.5)
			roster_add(r, xc->agent, xc->slot,
			    m->grid->demands[xc->demand].rank);
	}
	roster_sort(r);
}

double
model_tighten(const struct model *m, double *v)
{
	const struct grid *g = m->grid;
	const struct team *t = g->team;
	double obj = 0;
	int *cover = xcalloc((size_t)g->ndemands + 1, sizeof(int));

	for (int i = 0; i < m->nx; i++) {
		v[m->x[i].col] = v[m->x[i].col] > 0.5;
		cover[m->x[i].demand] += v[m->x[i].col] > 0.5;
	}
	for (int k = 0; k < g->ndemands; k++) {
		const struct demand *dm = &g->demands[k];

		if (m->under[k])
			v[m->under[k]] = dm->min > cover[k] ? dm->min - cover[k] : 0;
		if (m->over[k])
			v[m->over[k]] = cover[k] > dm->max ? cover[k] - dm->max : 0;
	}
	for (int a = 0; a < t->nagents; a++)
		for (int w = 0; w < g->nweekends; w++)
			if (m->wkend[a * g->nweekends + w])
				v[m->wkend[a * g->nweekends + w]] = 0;
	for (int i = 0; i < m->nx; i++) {
		int a = m->x[i].agent;
		int w = g->days[g->slots[m->x[i].slot].day].weekend;

		if (w >= 0 && m->wkend[a * g->nweekends + w] &&
		    v[m->x[i].col] > 0.5)
			v[m->wkend[a * g->nweekends + w]] = 1;
	}
	for (int i = 0; i < m->nfair; i++) {
		const struct fair_group *fg = &m->fair[i];
		int hi = -1, lo = -1;

		for (int a = 0; a < t->nagents; a++) {
			int n;

			if (!fair_member(t, a, fg->rank, fg->contract, fg->kind))
				continue;
			n = model_fair_count(m, v, a, fg);
			if (hi < 0 || n > hi)
				hi = n;
			if (lo < 0 || n < lo)
				lo = n;
		}
		for (int j = 0; j < fg->k; j++) {
			v[fg->hi + j] = j < hi;
			v[fg->lo + j] = j < lo;
		}
	}
	free(cover);
	if (m->const_col)
		v[m->const_col] = 1;
	for (int j = 1; j <= glp_get_num_cols(m->P); j++)
		obj += glp_get_obj_coef(m->P, j) * v[j];
	return obj;
}

void
model_build(struct model *m)
{
	const struct grid *g = m->grid;
	const struct team *t = g->team;
	int back = 1;

	m->P = glp_create_prob();
	glp_set_prob_name(m->P, t->id ? t->id : "rota");
	glp_set_obj_name(m->P, "penalty");
	glp_set_obj_dir(m->P, GLP_MIN);
	build_columns(m);
	build_wishes(m);
	m->rpos = xcalloc((size_t)glp_get_num_cols(m->P) + 1, sizeof(int));
	build_cover(m);

	/* How many days back a conflicting slot may start: the longest
	 * shift plus the longest rest, rounded up, plus one for DST. */
	for (int k = 0; k < t->nshifts; k++) {
		int rest = 0;

		for (int c = 0; c < t->ncontracts; c++)
			if (t->contracts[c].min_rest > rest)
				rest = t->contracts[c].min_rest;
		if ((t->shifts[k].start + t->shifts[k].length + rest) / 1440 + 1 > back)
			back = (t->shifts[k].start + t->shifts[k].length + rest) / 1440 + 1;
	}
	for (int a = 0; a < t->nagents; a++)
		build_agent(m, a, back);
	build_fairness(m);
}
