/* read_sheet.c - one table of a returned file that carries an identity:
 * identified (cluster, year, unit, scorer or scoring body, fingerprint),
 * its columns found by their headers and its rows by the hidden code
 * column (form/form.h), the entries of each row read by Cách chấm
 * (read_entry.c), a sheet with no entry in the scorer's column reported
 * as not scored ("chưa chấm"), an empty entry in a partly filled sheet
 * reported at its cell unless the cluster counts empty cells of that kind
 * as 0 (Ô trống tính là 0), and the typed totals checked against the
 * totals recomputed from the entries (td_rules_points, td_crit_column). */
#include "intake/intake_int.h"
#include "intake/intake.h"
#include "text/vi.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

#include <string.h>

/* The points of an entry, as the sheet's formula computes them. */
static int64_t entry_points(const thidua_cluster *c, const td_crit_info *info, size_t unit,
                            size_t i, int64_t entry)
{
	int64_t t = 0;
	size_t j;

	if (info[i].method == TD_METHOD_TARGET || info[i].method == TD_METHOD_LEADER)
		for (j = 0; j < c->n_targets_given; j++)
			if (c->targets_given[j].unit == unit && c->targets_given[j].crit == i)
				t = c->targets_given[j].value;
	return td_rules_points(&c->criteria[i], &info[i], entry, t);
}

/* The total of one column as the sheet's formulas compute it (missing
 * entries count as 0). acc has 4 slots per criterion. */
static int64_t column_total(const thidua_cluster *c, const td_crit_info *info, size_t unit,
                            const int64_t *v, const unsigned char *has, int64_t *acc)
{
	int64_t *col = acc + 3 * c->n_criteria, base, bonus, ded;
	size_t i;

	for (i = 0; i < c->n_criteria; i++)
		col[i] = has[i] && info[i].takes_entry ? entry_points(c, info, unit, i, v[i]) : 0;
	td_crit_column(info, c->n_criteria, col, acc, &base, &bonus, &ded);
	return base + bonus - ded;
}

/* The header keys of a table: the contract's, or a body's scorer pair. */
static int header_matches(rctx *r, const char *k, int label, size_t body)
{
	td_buf b = TD_BUF_INIT;
	char *want;
	int same;

	if (body == SIZE_MAX || (label != H_SELF_IN && label != H_SELF))
		return strcmp(k, r->header_key[label]) == 0;
	td_buf_printf(&b, "%s %s chấm", label == H_SELF_IN ? "Kết quả" : "Điểm",
	              body_name(r->c, body));
	if (td_buf_oom(&b)) {
		ctx_oom(r);
		return 0;
	}
	want = key_of(r, b.ptr);
	td_buf_free(&b);
	same = want && strcmp(k, want) == 0;
	td_free(want);
	return same;
}

/* Map the header row's texts to columns. cols[] starts at the contract's
 * positions; a column whose header is not found is reported and kept at
 * its contract position (Cách tính, which is not read, is not required).
 * A body's table has no verification pair: cols[] of it UINT32_MAX. */
static void map_columns(rctx *r, const grow *hdr, uint32_t code_col, uint32_t *cols,
                        size_t body)
{
	static const struct { int col, label, alt; } want[] = {
		{ TD_COL_TT, H_TT, H_STT },
		{ TD_COL_TEXT, H_TEXT, -1 },
		{ TD_COL_MAX, H_MAX, -1 },
		{ TD_COL_HOW, H_HOW, -1 },
		{ TD_COL_SELF_IN, H_SELF_IN, -1 },
		{ TD_COL_SELF, H_SELF, -1 },
		{ TD_COL_CLUSTER_IN, H_CLUSTER_IN, -1 },
		{ TD_COL_CLUSTER, H_CLUSTER_CUM, H_CLUSTER_KHOI },
		{ TD_COL_NOTE, H_NOTE, -1 }
	};
	static const char *const shown[H_N] = {
		TD_HEAD_TT, TD_HEAD_TEXT, TD_HEAD_MAX, TD_HEAD_HOW, TD_HEAD_SELF_IN, TD_HEAD_SELF,
		TD_HEAD_CLUSTER_IN, TD_HEAD_CLUSTER_CUM, TD_HEAD_CLUSTER_KHOI, TD_HEAD_NOTE, "STT"
	};
	int found[TD_NCOLS] = { 0 };
	const td_gcell *c;
	size_t i;

	for (c = hdr->b; c < hdr->e && !r->fatal; c++) {
		char *k = NULL;
		size_t j;

		if (c->col == code_col || c->type != TD_G_STRING || !c->text)
			continue;
		/* a header as issued has its key made already (ctx_init) */
		for (j = 0; j < H_N && !k; j++)
			if (strcmp(c->text, shown[j]) == 0 && !(k = td_strdup(r->header_key[j]))) {
				ctx_oom(r);
				return;
			}
		if (!k && !(k = key_of(r, c->text)))
			return;
		for (i = 0; i < sizeof want / sizeof want[0]; i++) {
			if (found[want[i].col])
				continue;
			if (header_matches(r, k, want[i].label, body) ||
			    (want[i].alt >= 0 && header_matches(r, k, want[i].alt, body))) {
				found[want[i].col] = 1;
				cols[want[i].col] = c->col;
				break;
			}
		}
		td_free(k);
	}
	for (i = 0; i < sizeof want / sizeof want[0] && !r->fatal; i++) {
		td_buf label = TD_BUF_INIT;
		char *w;

		if (found[want[i].col] || want[i].col == TD_COL_HOW)
			continue;
		if (body != SIZE_MAX &&
		    (want[i].col == TD_COL_CLUSTER_IN || want[i].col == TD_COL_CLUSTER)) {
			cols[want[i].col] = UINT32_MAX;
			continue;
		}
		if (body != SIZE_MAX && (want[i].col == TD_COL_SELF_IN || want[i].col == TD_COL_SELF))
			td_buf_printf(&label, "%s %s chấm", want[i].col == TD_COL_SELF ? "Điểm" : "Kết quả",
			              body_name(r->c, body));
		else if (want[i].col == TD_COL_CLUSTER && r->c->kind == TD_KIND_KHOI)
			td_buf_puts(&label, TD_HEAD_CLUSTER_KHOI);
		else
			td_buf_puts(&label, shown[want[i].label]);
		if (td_buf_oom(&label) || !(w = where_of(r, hdr->row, cols[want[i].col]))) {
			if (td_buf_oom(&label))
				ctx_oom(r);
			td_buf_free(&label);
			return;
		}
		err(r, "score.criteria-changed", w,
		    "Dòng tiêu đề của bảng đã bị sửa: không thấy cột \"%s\".",
		    "The table's header row was altered: column \"%s\" is not there.", label.ptr);
		td_free(w);
		td_buf_free(&label);
	}
}

/* Compare a row's text with the criterion's: the text, or the text with
 * the note in brackets after it, match by td_text_match_key (the
 * criterion's keys made once, in ctx_init). 1 when they match, 0 when not;
 * r->fatal on out of memory. */
static int text_matches(rctx *r, const td_criterion *k, const char *text)
{
	size_t ki = (size_t)(k - r->c->criteria);
	char *a;
	int same;

	/* the text as issued has the issued key: no need to make it again */
	if (k->text && strcmp(text, k->text) == 0)
		return 1;
	if (!(a = key_of(r, text)))
		return 0;
	same = strcmp(a, r->crit_keys[ki]) == 0 ||
	       (r->crit_note_keys[ki] && strcmp(a, r->crit_note_keys[ki]) == 0);
	td_free(a);
	return same;
}

typedef struct sheet_state {
	td_sheet_scores s;
	uint32_t *row_of;         /* owned: 1 + the row of each criterion, 0 none */
	int64_t *self, *clus;     /* owned */
	int64_t *acc;             /* owned: column_total's work space */
	unsigned char *has_self, *has_clus;
	unsigned char *empty_self; /* owned: takes an entry, its scorer cell empty */
	size_t present_self;      /* scorer cells with anything in them */
	int bad_self, bad_clus;
	int structure_bad;        /* rows missing, doubled or unknown */
	const td_gcell *total_self, *total_clus;
	uint32_t total_row;
	int marked;               /* sheet_mark_begin was called */
} sheet_state;

static void state_clear(sheet_state *st)
{
	sheet_scores_clear(&st->s);
	td_free(st->row_of);
	td_free(st->self);
	td_free(st->clus);
	td_free(st->acc);
	td_free(st->has_self);
	td_free(st->has_clus);
	td_free(st->empty_self);
}

/* Whether criterion ki has a row in this sheet, and whether its row takes
 * entries here (a body's sheet: only the body's criteria). */
static int expected_row(const rctx *r, const sheet_state *st, size_t ki)
{
	return st->s.body == SIZE_MAX || td_form_in_body_table(r->c, ki, st->s.body);
}

static int entry_row(const rctx *r, const sheet_state *st, size_t ki)
{
	if (!r->info[ki].takes_entry)
		return 0;
	return st->s.body == SIZE_MAX || r->c->criteria[ki].body == st->s.body;
}

/* One criterion row. */
static void criterion_row(rctx *r, sheet_state *st, const grow *g, size_t ki,
                          const uint32_t *cols)
{
	const thidua_cluster *c = r->c;
	const td_criterion *k = &c->criteria[ki];
	td_row_scores *row;
	const td_gcell *text_cell, *max_cell, *note_cell;
	char *w = NULL, b1[32], b2[32], b3[32], b4[32];
	int has, present;
	int64_t v;

	if (st->row_of[ki]) {
		st->structure_bad = 1;
		if ((w = where_of(r, g->row, cols[TD_COL_TT])))
			err(r, "score.duplicate-row", w,
			    "Tiêu chí %s có hai dòng (dòng %u và dòng %u); chỉ đọc dòng %u. Hãy xoá dòng thừa.",
			    "Criterion %s has two rows (rows %u and %u); only row %u is read. Delete the extra row.",
			    k->code, (unsigned)st->row_of[ki], (unsigned)g->row + 1,
			    (unsigned)st->row_of[ki]);
		td_free(w);
		return;
	}
	st->row_of[ki] = g->row + 1;
	row = &st->s.rows[st->s.n_rows++];
	row->crit = ki;
	/* the text and the maximum as issued */
	text_cell = row_cell(g, cols[TD_COL_TEXT]);
	if (!text_matches(r, k, cell_str(text_cell)) && !r->fatal) {
		if ((w = where_of(r, g->row, cols[TD_COL_TEXT])))
			err(r, "score.criteria-changed", w,
			    "Nội dung tiêu chí %s đã bị sửa: \"%s\" (đúng là \"%s\").",
			    "The text of criterion %s was altered: \"%s\" (it is \"%s\").", k->code,
			    clip(r, cell_str(text_cell), 80), clip(r, k->text ? k->text : "", 80));
		td_free(w);
		w = NULL;
	}
	max_cell = row_cell(g, cols[TD_COL_MAX]);
	if (max_cell && max_cell->type == TD_G_NUMBER && max_cell->value && !r->fatal) {
		int64_t want = r->info[ki].cls == TD_CRIT_ITEM ? k->max
		               : k->cap > 0 ? k->cap : k->max;
		int64_t got = 0;

		if (want > 0 && (td_parse_xsd_number(&got, max_cell->value) != 0 || got != want)) {
			if ((w = where_of(r, g->row, cols[TD_COL_MAX])))
				err(r, "score.criteria-changed", w,
				    "Điểm chuẩn của tiêu chí %s đã bị sửa: %s%.0s (đúng là %s%.0s).",
				    "The maximum (Điểm chuẩn) of criterion %s was altered: %.0s%s (it is %.0s%s).",
				    k->code, fmt_h(b1, sizeof b1, got, ','), fmt_h(b3, sizeof b3, got, '.'),
				    fmt_h(b2, sizeof b2, want, ','), fmt_h(b4, sizeof b4, want, '.'));
			td_free(w);
			w = NULL;
		}
	}
	note_cell = row_cell(g, cols[TD_COL_NOTE]);
	if (note_cell && !blank(cell_str(note_cell)) && !(row->note = td_strdup(cell_str(note_cell)))) {
		ctx_oom(r);
		return;
	}
	if (!(row->where_self = where_of(r, g->row, cols[TD_COL_SELF_IN])) ||
	    (cols[TD_COL_CLUSTER_IN] != UINT32_MAX &&
	     !(row->where_cluster = where_of(r, g->row, cols[TD_COL_CLUSTER_IN]))))
		return;
	if (!entry_row(r, st, ki))
		return; /* a node (subtotal formulas), or another scorer's row */
	read_entry(r, ki, row_cell(g, cols[TD_COL_SELF_IN]), g->row, cols[TD_COL_SELF_IN],
	           &present, &has, &v, &st->bad_self);
	row->has_self = has;
	row->self = v;
	st->has_self[ki] = (unsigned char)has;
	st->self[ki] = v;
	if (present)
		st->present_self++;
	else
		st->empty_self[ki] = 1;
	if (cols[TD_COL_CLUSTER_IN] == UINT32_MAX)
		return;
	/* the head's verification: an empty cell is "not verified" */
	read_entry(r, ki, row_cell(g, cols[TD_COL_CLUSTER_IN]), g->row, cols[TD_COL_CLUSTER_IN],
	           &present, &has, &v, &st->bad_clus);
	row->has_cluster = has;
	row->cluster = v;
	st->has_clus[ki] = (unsigned char)has;
	st->clus[ki] = v;
}

/* A row with content in a score column but no code, or an unknown code:
 * 1 when reported. */
static int unknown_row(rctx *r, const grow *g, const char *code, const uint32_t *cols)
{
	const td_gcell *c = row_cell(g, cols[TD_COL_SELF_IN]);
	uint32_t col = cols[TD_COL_SELF_IN];
	char *w;

	if (!c || blank(cell_str(c))) {
		const td_gcell *c2 = cols[TD_COL_CLUSTER_IN] != UINT32_MAX
		                     ? row_cell(g, cols[TD_COL_CLUSTER_IN]) : NULL;
		if (c2 && !blank(cell_str(c2))) {
			c = c2;
			col = cols[TD_COL_CLUSTER_IN];
		} else {
			c = NULL;
		}
	}
	if (!*code) {
		if (!c)
			return 0; /* an inserted row with nothing to read: ignored */
		if ((w = where_of(r, g->row, col)))
			err(r, "score.row-unknown", w,
			    "Dòng %u không thuộc tiêu chí nào (dòng chèn thêm?) nhưng có điểm \"%s\": điểm này không được tính. Hãy chuyển điểm vào đúng dòng tiêu chí và xoá dòng thêm.",
			    "Row %u belongs to no criterion (an inserted row?) but holds a score \"%s\": it is not counted. Move the score to the criterion's row and delete the extra row.",
			    (unsigned)g->row + 1, clip(r, cell_str(c), 40));
		td_free(w);
		return 1;
	}
	if ((w = where_of(r, g->row, c ? col : cols[TD_COL_TT])))
		err(r, "score.row-unknown", w,
		    "Dòng %u có mã tiêu chí \"%s\" không có trong bộ tiêu chí của %s: dòng này không được đọc.",
		    "Row %u has a criterion code \"%s\" that the %s's criteria do not have: the row is not read.",
		    (unsigned)g->row + 1, clip(r, code, 40), td_kind_label(r->c->kind));
	td_free(w);
	return 1;
}

static int find_unit(rctx *r, const char *code, size_t *out)
{
	char *k = key_of(r, code);

	*out = SIZE_MAX;
	if (!k)
		return -1;
	*out = ctx_unit_by_key(r, k);
	td_free(k);
	return 0;
}

static int find_body(rctx *r, const char *code, size_t *out)
{
	char *k = key_of(r, code);
	size_t i;

	*out = SIZE_MAX;
	if (!k)
		return -1;
	for (i = 0; i < r->c->n_bodies; i++)
		if (strcmp(k, r->body_keys[i]) == 0) {
			*out = i;
			break;
		}
	td_free(k);
	return 0;
}

/* Identity checks: 0 to go on reading the sheet, 1 to skip it. */
static int check_identity(rctx *r, sheet_state *st, const char *where)
{
	const thidua_cluster *c = r->c;
	const td_identity *id = &st->s.id;
	int skip = 0;

	if (!id->cluster_key || strcmp(id->cluster_key, r->cluster_key) != 0) {
		err(r, "score.foreign-cluster", where,
		    "Bảng này của một cụm/khối khác (\"%s\"), không phải của %s.",
		    "This sheet belongs to another cluster (\"%s\"), not to %s.",
	    clip(r, id->cluster_key ? id->cluster_key : "", 80),
		    c->name ? c->name : "?");
		skip = 1;
	}
	if (id->year != c->year) {
		err(r, "score.foreign-year", where,
		    "Bảng này của năm %d, không phải năm %d.", "This sheet is for the year %d, not %d.",
		    id->year, c->year);
		skip = 1;
	}
	if (find_unit(r, id->unit_code ? id->unit_code : "", &st->s.unit) < 0)
		return 1;
	if (st->s.unit == SIZE_MAX) {
		err(r, "score.unknown-unit", where,
		    "Mã đơn vị \"%s\" của bảng này không có trong danh sách đơn vị của %s.",
		    "The unit code \"%s\" of this sheet is not in the %s's list of units.",
		    clip(r, id->unit_code ? id->unit_code : "", 40), td_kind_label(c->kind));
		skip = 1;
	}
	st->s.scorer = SIZE_MAX;
	st->s.body = SIZE_MAX;
	if (id->scorer_code && id->scorer_code[0] == '@') {
		if (find_body(r, id->scorer_code + 1, &st->s.body) < 0)
			return 1;
		if (st->s.body == SIZE_MAX) {
			err(r, "score.unknown-body", where,
			    "Mã cơ quan chấm \"%s\" của bảng này không có trong danh sách Đơn vị chấm của %s.",
			    "The scoring body's code \"%s\" of this sheet is not in the %s's list of scoring bodies (Đơn vị chấm).",
			    clip(r, id->scorer_code + 1, 40), td_kind_label(c->kind));
			skip = 1;
		}
	} else if (id->scorer_code) {
		if (find_unit(r, id->scorer_code, &st->s.scorer) < 0)
			return 1;
		if (st->s.scorer == SIZE_MAX) {
			err(r, "score.unknown-unit", where,
			    "Mã đơn vị chấm \"%s\" của bảng này không có trong danh sách đơn vị của %s.",
			    "The scoring unit's code \"%s\" of this sheet is not in the %s's list of units.",
			    clip(r, id->scorer_code, 40), td_kind_label(c->kind));
			skip = 1;
		} else if (!c->cross_scoring) {
			err(r, "score.foreign-cluster", where,
			    "Đây là bảng chấm chéo nhưng %s không chấm chéo.",
			    "This is a cross-scoring sheet but the %s does not use cross-scoring.",
			    td_kind_label(c->kind));
			skip = 1;
		}
	} else if (c->cross_scoring && st->s.body == SIZE_MAX) {
		err(r, "score.foreign-cluster", where,
		    "Đây là bảng tự chấm nhưng %s chấm chéo: cần bảng chấm chéo đã phát.",
		    "This is a self-scoring sheet but the %s uses cross-scoring: the issued cross-scoring sheets are needed.",
		    td_kind_label(c->kind));
		skip = 1;
	}
	if (skip || r->fatal)
		return 1;
	/* duplicates are found when the files are merged, in order: what
	 * this sheet reports from here on is dropped if it is one */
	if (sheet_mark_begin(r, &st->s, where) < 0)
		return 1;
	st->marked = 1;
	if (!id->fingerprint || strcmp(id->fingerprint, r->fp) != 0)
		err(r, "score.fingerprint", where,
		    "Bộ tiêu chí đã thay đổi từ khi phát bảng này: hãy phát lại bảng chấm điểm mới cho đơn vị %s.",
		    "The criteria have changed since this sheet was issued: issue a new scoring sheet to unit %s.",
		    unit_name(c, st->s.unit));
	return 0;
}

static void check_total(rctx *r, const td_gcell *cell, uint32_t row, uint32_t col,
                        size_t unit, const int64_t *v, const unsigned char *has, int64_t *acc,
                        int bad, const char *what_vi, const char *what_en)
{
	int64_t typed, want;
	char *w, b1[32], b2[32], b3[32], b4[32];

	if (bad || read_total(cell, &typed) < 0)
		return;
	want = column_total(r->c, r->info, unit, v, has, acc);
	if (typed == want)
		return;
	if (!(w = where_of(r, row, col)))
		return;
	warn(r, "score.total-differs", w,
	     "Tổng điểm %s%.0s ghi trong bảng (%s%.0s) khác tổng tính lại từ các ô nhập (%s%.0s); thidua dùng tổng tính lại.",
	     "The %.0s%s total in the sheet (%.0s%s) differs from the total recomputed from the entry cells (%.0s%s); thidua uses the recomputed one.",
	     what_vi, what_en, fmt_h(b1, sizeof b1, typed, ','), fmt_h(b3, sizeof b3, typed, '.'),
	     fmt_h(b2, sizeof b2, want, ','), fmt_h(b4, sizeof b4, want, '.'));
	td_free(w);
}

/* The sheet's scorer column: nothing entered at all -> not scored (an
 * error naming the file and the unit, never zeros); else each empty entry
 * cell is an error at the cell, unless the cluster counts empty cells of
 * its kind as 0 (Ô trống tính là 0: an ITEM's bit covers every method of
 * an item). In a unit's own sheet, the rows a scoring body scores may be
 * left empty (the body's sheet scores them). */
static void check_entered(rctx *r, sheet_state *st, uint32_t hdr_row, uint32_t col)
{
	const thidua_cluster *c = r->c;
	size_t i, j;
	char *w;

	if (st->present_self == 0 && !st->bad_self) {
		int any = 0;
		for (i = 0; i < c->n_criteria; i++)
			any |= st->empty_self[i];
		if (!any)
			return; /* no row takes an entry here */
		st->s.blank = 1;
		if (!(w = where_of(r, hdr_row, col)))
			return;
		if (st->s.body != SIZE_MAX)
			err(r, "score.unscored", w,
			    "Bảng %s chấm đơn vị %s (mã %s) trong tệp %s chưa chấm: không có ô nào ở cột kết quả được nhập. Bảng chưa chấm không được tính là 0 điểm.",
			    "The sheet of %s scoring unit %s (code %s) in %s is not scored: no cell of the entry column was filled in. An unscored sheet does not count as 0 points.",
			    body_name(c, st->s.body), unit_name(c, st->s.unit),
			    c->units[st->s.unit].code ? c->units[st->s.unit].code : "?", r->file);
		else
			err(r, "score.unscored", w,
			    "Bảng chấm điểm đơn vị %s (mã %s) trong tệp %s chưa chấm: không có ô nào ở cột “%s” được nhập. Bảng chưa chấm không được tính là 0 điểm.",
			    "The scoring sheet of unit %s (code %s) in %s is not scored: no cell of the column “%s” was filled in. An unscored sheet does not count as 0 points.",
			    unit_name(c, st->s.unit),
			    c->units[st->s.unit].code ? c->units[st->s.unit].code : "?", r->file,
			    TD_HEAD_SELF_IN);
		td_free(w);
		return;
	}
	for (i = 0; i < c->n_criteria && !r->fatal; i++) {
		const td_crit_info *x = &r->info[i];
		const char *what_vi, *what_en;
		td_crit_kind kind;

		if (!st->empty_self[i])
			continue;
		if (st->s.body == SIZE_MAX && c->criteria[i].body != SIZE_MAX &&
		    c->criteria[i].body < c->n_bodies)
			continue;
		kind = x->item ? TD_CRIT_ITEM : x->cls;
		if (c->empty_zero & (1u << kind)) {
			st->has_self[i] = 1;
			st->self[i] = 0;
			for (j = 0; j < st->s.n_rows; j++)
				if (st->s.rows[j].crit == i) {
					st->s.rows[j].has_self = 1;
					st->s.rows[j].self = 0;
				}
			continue;
		}
		for (j = 0; j < st->s.n_rows; j++)
			if (st->s.rows[j].crit == i)
				break;
		if (j == st->s.n_rows)
			continue;
		st->bad_self = 1;
		if (x->cls == TD_CRIT_CONDITION) {
			what_vi = "“Có” hoặc “Không”";
			what_en = "“Có” (yes) or “Không” (no)";
		} else if (x->method == TD_METHOD_PASS) {
			what_vi = "“Đạt” hoặc “Không đạt”";
			what_en = "“Đạt” (pass) or “Không đạt” (fail)";
		} else if (x->method == TD_METHOD_COUNT) {
			what_vi = "số lần (0 nếu không có)";
			what_en = "the count (0 for none)";
		} else if (x->method == TD_METHOD_TARGET || x->method == TD_METHOD_LEADER) {
			what_vi = "kết quả thực hiện";
			what_en = "the actual value";
		} else {
			what_vi = "điểm (0 nếu không có)";
			what_en = "the points (0 for none)";
		}
		/* each language prints its own words ("%.0s" skips the other's) */
		err(r, "score.empty", st->s.rows[j].where_self,
		    "Ô nhập của tiêu chí %s còn trống: hãy nhập %s%.0s (bảng đã chấm các tiêu chí khác).",
		    "The entry cell of criterion %s is empty: enter %.0s%s (the sheet scores the other criteria).",
		    c->criteria[i].code, what_vi, what_en);
	}
}

/* Read one sheet that has an identity cell. */
void read_sheet(rctx *r, const td_gsheet *sh, const td_gcell *idc)
{
	const thidua_cluster *c = r->c;
	sheet_state st;
	uint32_t cols[TD_NCOLS], code_col = idc->col, body_start, body_end = 0, prev;
	int has_header = 0, rc;
	char *idw = NULL, *code = NULL, *w = NULL;
	size_t i, j, kept = SIZE_MAX, next_crit = 0;
	grow g, hdr;

	memset(&st, 0, sizeof st);
	memset(&hdr, 0, sizeof hdr);
	r->sheet = sh->name;
	if (!(idw = where_of(r, idc->row, idc->col)))
		goto cleanup;
	rc = td_identity_parse(&st.s.id, idc->text);
	if (rc == THIDUA_ENOMEM) {
		ctx_oom(r);
		goto cleanup;
	}
	if (rc < 0) {
		err(r, "score.no-identity", idw,
		    "Ô nhận dạng của bảng đã bị sửa (\"%s\"): không biết bảng này của đơn vị nào. Hãy dùng bảng đã được phát.",
		    "The sheet's identity cell was altered (\"%s\"): which unit it belongs to is unknown. Use the sheet as issued.",
		    clip(r, idc->text, 60));
		goto cleanup;
	}
	if (check_identity(r, &st, idw))
		goto cleanup;
	if (!(st.s.file = td_strdup(r->file)) || !(st.s.sheet = td_strdup(sh->name)) ||
	    (c->n_criteria && (!(st.s.rows = td_calloc(c->n_criteria, sizeof *st.s.rows)) ||
	                       !(st.row_of = td_calloc(c->n_criteria, sizeof *st.row_of)) ||
	                       !(st.self = td_calloc(c->n_criteria, sizeof *st.self)) ||
	                       !(st.clus = td_calloc(c->n_criteria, sizeof *st.clus)) ||
	                       !(st.acc = td_calloc(4 * c->n_criteria, sizeof *st.acc)) ||
	                       !(st.has_self = td_calloc(c->n_criteria, 1)) ||
	                       !(st.empty_self = td_calloc(c->n_criteria, 1)) ||
	                       !(st.has_clus = td_calloc(c->n_criteria, 1))))) {
		ctx_oom(r);
		goto cleanup;
	}
	/* the header row and the end of the table: the last row with a key */
	for (i = 0; i < sh->n; i++) {
		const td_gcell *cc = &sh->cells[i];

		if (cc->col != code_col || cc->row <= idc->row || blank(cell_str(cc)))
			continue;
		if (!has_header && strcmp(cell_str(cc), TD_KEY_HEADER) == 0) {
			has_header = 1;
			hdr.row = cc->row;
		}
		body_end = cc->row + 1;
	}
	for (i = 0; i < TD_NCOLS; i++)
		cols[i] = (uint32_t)i;
	if (st.s.body != SIZE_MAX) {
		cols[TD_COL_CLUSTER_IN] = cols[TD_COL_CLUSTER] = UINT32_MAX;
		cols[TD_COL_NOTE] = TD_BODY_COL_NOTE;
	}
	cols[TD_COL_CODE] = code_col;
	if (has_header) {
		for (i = 0; i < sh->n && sh->cells[i].row < hdr.row; i++)
			;
		hdr.b = sh->cells + i;
		for (; i < sh->n && sh->cells[i].row == hdr.row; i++)
			;
		hdr.e = sh->cells + i;
		map_columns(r, &hdr, code_col, cols, st.s.body);
		body_start = hdr.row + 1;
	} else {
		if ((w = where_of(r, idc->row, code_col)))
			err(r, "score.criteria-changed", w,
			    "Không thấy dòng tiêu đề của bảng (TT | Nội dung tiêu chí | Điểm chuẩn | …): cấu trúc bảng đã bị sửa.",
			    "The table's header row (TT | Nội dung tiêu chí | Điểm chuẩn | …) is not there: the sheet's structure was altered.");
		body_start = idc->row + 1;
	}
	if (r->fatal)
		goto cleanup;
	/* the rows of the table */
	for (i = 0; i < sh->n && !r->fatal;) {
		const td_gcell *kc;

		g.row = sh->cells[i].row;
		g.b = sh->cells + i;
		for (j = i; j < sh->n && sh->cells[j].row == g.row; j++)
			;
		g.e = sh->cells + j;
		i = j;
		if (g.row < body_start || g.row >= body_end)
			continue;
		kc = row_cell(&g, code_col);
		td_free(code);
		if (!(code = trimmed(cell_str(kc)))) {
			ctx_oom(r);
			break;
		}
		if (!*code) {
			st.structure_bad |= unknown_row(r, &g, code, cols);
			continue;
		}
		if (code[0] == '=') {
			if (strcmp(code, TD_KEY_TOTAL) == 0) {
				st.total_self = row_cell(&g, cols[TD_COL_SELF]);
				st.total_clus = cols[TD_COL_CLUSTER] != UINT32_MAX
				                ? row_cell(&g, cols[TD_COL_CLUSTER]) : NULL;
				st.total_row = g.row;
			} else if (strcmp(code, TD_KEY_BASE) != 0 && strcmp(code, TD_KEY_BONUS) != 0 &&
			           strcmp(code, TD_KEY_DEDUCT) != 0 && strcmp(code, TD_KEY_HEADER) != 0) {
				st.structure_bad |= unknown_row(r, &g, code, cols);
			}
			continue;
		}
		/* rows come in the criteria's order: the one after the last
		 * found first, then every one from the start */
		if (r->codes_unique && next_crit < c->n_criteria && c->criteria[next_crit].code &&
		    strcmp(c->criteria[next_crit].code, code) == 0)
			j = next_crit;
		else
			for (j = 0; j < c->n_criteria; j++)
				if (c->criteria[j].code && strcmp(c->criteria[j].code, code) == 0)
					break;
		next_crit = j + 1;
		if (j == c->n_criteria || !expected_row(r, &st, j))
			st.structure_bad |= unknown_row(r, &g, code, cols);
		else
			criterion_row(r, &st, &g, j, cols);
	}
	if (r->fatal)
		goto cleanup;
	/* rows that are not there */
	prev = has_header ? hdr.row : idc->row;
	for (i = 0; i < c->n_criteria && !r->fatal; i++) {
		const td_criterion *k = &c->criteria[i];

		if (st.row_of[i]) {
			prev = st.row_of[i] - 1;
			continue;
		}
		if (!expected_row(r, &st, i))
			continue;
		td_free(w);
		st.structure_bad = 1;
		if (!(w = where_of(r, prev, cols[TD_COL_TT])))
			break;
		err(r, "score.row-missing", w,
		    "Thiếu dòng của tiêu chí %s \"%s\" (đáng lẽ ở sau dòng %u): bảng đã bị xoá dòng.",
		    "The row of criterion %s \"%s\" is missing (it belongs after row %u): a row was deleted.",
		    k->code, clip(r, k->text ? k->text : "", 60), (unsigned)prev + 1);
	}
	if (r->fatal)
		goto cleanup;
	check_entered(r, &st, hdr.row, cols[TD_COL_SELF_IN]);
	/* the totals, unless rows are missing, doubled or unknown (their
	 * problems say more than a total would) */
	if (st.total_self || st.total_clus) {
		int64_t t;

		check_total(r, st.total_self, st.total_row, cols[TD_COL_SELF], st.s.unit, st.self,
		            st.has_self, st.acc, st.bad_self || st.structure_bad || st.s.blank,
		            "tự chấm", "self-scored");
		if (cols[TD_COL_CLUSTER] != UINT32_MAX)
			check_total(r, st.total_clus, st.total_row, cols[TD_COL_CLUSTER], st.s.unit,
			            st.clus, st.has_clus, st.acc, st.bad_clus || st.structure_bad,
			            "thẩm định", "verified");
		if (read_total(st.total_self, &t) == 0) {
			st.s.has_typed_total = 1;
			st.s.typed_total = t;
			if (!(st.s.where_total = where_of(r, st.total_row, cols[TD_COL_SELF])))
				goto cleanup;
		}
	}
	if (!r->fatal && push_sheet(r, &st.s) == 0)
		kept = r->out->n - 1;
cleanup:
	if (st.marked)
		sheet_mark_end(r, kept);
	state_clear(&st);
	td_free(idw);
	td_free(code);
	td_free(w);
}

