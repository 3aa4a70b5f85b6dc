/* content.c - the agreement's body (sections, their numbering, sub-points),
 * signing authorities (Nghị định 30/2020/NĐ-CP, Điều 13: thay mặt TM., ký
 * thay KT., quyền Q., thừa lệnh TL., thừa ủy quyền TUQ.), the witness, the
 * criteria annex and the signature grid, as template data. */
#include "model/content.h"
#include "text/vi.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

#include <ctype.h>
#include <string.h>

int td_authority_valid(const char *a)
{
	static const char *const prefixes[] = { "TM.", "KT.", "Q.", "TL.", "TUQ." };
	size_t i;

	if (!a)
		return 0;
	for (i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
		if (strncmp(a, prefixes[i], strlen(prefixes[i])) == 0)
			return 1;
	return 0;
}

/* ---- sections ----------------------------------------------------------- */

/* The three Mục of the first workbooks: their printed titles and numbering. */
static const struct {
	const char *muc, *title;
	td_numbering numbering;
} known[] = {
	{ TD_MUC_COMMITMENTS, "NỘI DUNG GIAO ƯỚC", TD_NUM_ARABIC },
	{ TD_MUC_TARGETS, "CHỈ TIÊU", TD_NUM_DASH },
	{ TD_MUC_IMPLEMENTATION, "TỔ CHỨC THỰC HIỆN", TD_NUM_ARABIC },
};
#define N_KNOWN (sizeof known / sizeof *known)

/* Loose equality (case, spacing, tone placement): 1 equal, 0 not, -1 OOM. */
static int same(const char *a, const char *b)
{
	char *ka = NULL, *kb = NULL;
	int rc = -1;

	if (td_text_match_key(&ka, a) == 0 && td_text_match_key(&kb, b) == 0)
		rc = strcmp(ka, kb) == 0;
	td_free(ka);
	td_free(kb);
	return rc;
}

/* A Mục without the section number written in front of it ("I.", "II -",
 * "III)"): the template numbers the sections. Borrowed from muc. */
static const char *unnumbered(const char *muc)
{
	const char *p = muc;

	while (*p && strchr("IVXLC", *p))
		p++;
	if (p > muc && (*p == '.' || *p == '-' || *p == ')')) {
		p++;
		while (*p == ' ')
			p++;
		if (*p)
			return p;
	}
	return muc;
}

int td_numbering_parse(td_numbering *out, const char *text)
{
	static const struct { const char *w; td_numbering n; } words[] = {
		{ "1.", TD_NUM_ARABIC }, { "1", TD_NUM_ARABIC }, { "1)", TD_NUM_PAREN },
		{ "a)", TD_NUM_LETTER }, { "a", TD_NUM_LETTER }, { "a.", TD_NUM_LETTER },
		{ "-", TD_NUM_DASH }, { "+", TD_NUM_PLUS }, { "Một là", TD_NUM_WORDS },
		{ "Một là,", TD_NUM_WORDS }, { "Một là, Hai là", TD_NUM_WORDS },
		{ "Không", TD_NUM_NONE }, { "Không đánh số", TD_NUM_NONE },
	};
	size_t i;

	for (i = 0; i < sizeof words / sizeof *words; i++) {
		int rc = same(text, words[i].w);
		if (rc < 0)
			return -2;
		if (rc) {
			*out = words[i].n;
			return 0;
		}
	}
	return -1;
}

long td_content_find(const thidua_cluster *c, const char *muc)
{
	size_t i;

	for (i = 0; i < c->n_sections; i++) {
		int rc = same(unnumbered(c->sections[i].title), unnumbered(muc));
		if (rc < 0)
			return -2;
		if (rc)
			return (long)i;
	}
	return -1;
}

int td_content_add(thidua_cluster *c, const char *muc, td_numbering numbering, char *text,
                   char *where)
{
	td_section *s;
	long k = td_content_find(c, muc);

	if (k < -1)
		goto oom;
	if (k >= 0) {
		s = &c->sections[k];
	} else {
		td_section *n = td_realloc(c->sections, (c->n_sections + 1) * sizeof *n);
		char *t = td_strdup(muc), *w = where ? td_strdup(where) : NULL;

		if (n)
			c->sections = n;
		if (!n || !t || (where && !w)) {
			td_free(t);
			td_free(w);
			goto oom;
		}
		s = &c->sections[c->n_sections++];
		memset(s, 0, sizeof *s);
		s->title = t;
		s->where = w;
	}
	if (numbering != TD_NUM_AUTO && s->numbering == TD_NUM_AUTO)
		s->numbering = numbering;
	if (!text) { /* a section named, with no item yet */
		td_free(where);
		return 0;
	}
	{
		td_text_item *n = td_realloc(s->items, (s->n_items + 1) * sizeof *n);
		if (!n)
			goto oom;
		s->items = n;
		s->items[s->n_items].text = text;
		s->items[s->n_items].where = where;
		s->n_items++;
	}
	return 0;
oom:
	td_free(text);
	td_free(where);
	return -1;
}

/* Vietnamese number words, 1 to 999: "một", "mười lăm", "hai mươi mốt",
 * "một trăm lẻ năm". */
static void words(td_buf *b, int n)
{
	static const char *const u[] = { "", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy",
	                                 "tám", "chín" };
	int h = n / 100, t = n / 10 % 10, d = n % 10;

	if (h) {
		td_buf_printf(b, "%s trăm", u[h]);
		if (!t && !d)
			return;
		td_buf_putc(b, ' ');
		if (!t) {
			td_buf_printf(b, "lẻ %s", u[d]);
			return;
		}
	}
	if (t == 0)
		td_buf_puts(b, u[d]);
	else if (t == 1)
		td_buf_printf(b, "mười%s", d == 0 ? "" : d == 5 ? " lăm" : "");
	else
		td_buf_printf(b, "%s mươi%s", u[t], d == 0 ? "" : d == 1 ? " mốt" : d == 4 ? " tư" :
		                                                   d == 5 ? " lăm" : "");
	if (t == 1 && d != 0 && d != 5)
		td_buf_printf(b, " %s", u[d]);
	else if (t > 1 && d != 0 && d != 1 && d != 4 && d != 5)
		td_buf_printf(b, " %s", u[d]);
}

/* The label of item n (1-based): "1.", "a)", "-", "Một là,", "" ... */
static td_value *label(td_numbering k, int n)
{
	td_buf b = TD_BUF_INIT;

	switch (k) {
	case TD_NUM_PAREN: td_buf_printf(&b, "%d)", n); break;
	case TD_NUM_LETTER: td_fmt_letter(&b, n); td_buf_putc(&b, ')'); break;
	case TD_NUM_DASH: td_buf_puts(&b, "-"); break;
	case TD_NUM_PLUS: td_buf_puts(&b, "+"); break;
	case TD_NUM_WORDS:
		if (n > 999) {
			td_buf_printf(&b, "%d.", n);
			break;
		}
		words(&b, n);
		if (b.len)
			b.ptr[0] = (char)toupper((unsigned char)b.ptr[0]); /* m, h, b, n, s, t, c */
		td_buf_puts(&b, " là,");
		break;
	case TD_NUM_NONE: break;
	default: td_buf_printf(&b, "%d.", n); break;
	}
	if (td_buf_oom(&b)) {
		td_buf_free(&b);
		return NULL;
	}
	if (!b.len) {
		td_buf_free(&b);
		return td_v_str("");
	}
	return td_v_str_take(td_buf_detach(&b));
}

/* A title as printed: a known Mục's heading, else the Mục in capitals
 * without a leading "I." / "II -" (the template numbers the sections). */
static td_value *title_of(const char *muc, td_numbering *dflt)
{
	size_t i;

	*dflt = TD_NUM_ARABIC;
	for (i = 0; i < N_KNOWN; i++) {
		int rc = same(unnumbered(muc), known[i].muc);
		if (rc < 0)
			return NULL;
		if (rc) {
			*dflt = known[i].numbering;
			return td_v_str(known[i].title);
		}
	}
	return td_v_str_upper(unnumbered(muc));
}

/* One item: {so, noi_dung (the first line), y[] (the other lines)}. */
static td_value *item(const char *text, td_numbering k, int n)
{
	td_value *m = td_v_map(), *y = td_v_list();
	const char *nl = strchr(text, '\n'), *p;

	td_v_map_set(m, "so", label(k, n));
	td_v_map_set(m, "noi_dung", nl ? td_v_strn(text, (size_t)(nl - text)) : td_v_str(text));
	for (p = nl; p && y;) {
		const char *e;

		p++;
		e = strchr(p, '\n');
		if (e ? e > p : *p != '\0')
			td_v_list_push(y, td_v_strn(p, e ? (size_t)(e - p) : strlen(p)));
		p = e;
	}
	td_v_map_set(m, "y", y);
	return m;
}

static td_value *section(const char *title, td_numbering k, const td_text_item *items, size_t n)
{
	td_value *m = td_v_map(), *l = td_v_list();
	td_numbering dflt;
	size_t i;

	td_v_map_set(m, "tieu_de", title_of(title, &dflt));
	td_v_map_set(m, "muc_goc", td_v_str(title));
	if (k == TD_NUM_AUTO)
		k = dflt;
	for (i = 0; l && i < n; i++)
		td_v_list_push(l, item(items[i].text, k, (int)i + 1));
	td_v_map_set(m, "muc", l);
	return m;
}

static td_value *sections(const thidua_cluster *c)
{
	td_value *l = td_v_list();
	size_t i;

	for (i = 0; l && i < c->n_sections; i++)
		td_v_list_push(l, section(c->sections[i].title, c->sections[i].numbering,
		                          c->sections[i].items, c->sections[i].n_items));
	return l;
}

/* The items of a known section as plain texts (older templates' cam_ket,
 * chi_tieu, to_chuc_thuc_hien): the lines of an item joined by a space. */
static td_value *legacy(const thidua_cluster *c, const char *muc)
{
	td_value *l = td_v_list();
	long k = td_content_find(c, muc);
	size_t i;

	if (k < -1) {
		td_v_unref(l);
		return NULL;
	}
	for (i = 0; l && k >= 0 && i < c->sections[k].n_items; i++) {
		char *t = td_strdup(c->sections[k].items[i].text), *p;

		for (p = t; p && *p; p++)
			if (*p == '\n')
				*p = ' ';
		td_v_list_push(l, t ? td_v_str_take(t) : NULL);
	}
	return l;
}

/* ---- signatures --------------------------------------------------------- */

int td_sign_columns(const thidua_cluster *c)
{
	if (c->sign_columns == 2 || c->sign_columns == 3)
		return c->sign_columns;
	return c->n_units % 3 == 0 && c->n_units % 2 == 1 ? 3 : 2;
}

static td_value *signer(const char *name, const char *role, const char *authority,
                        const char *title, const char *who)
{
	td_value *m = td_v_map();

	td_v_map_set(m, "ten", td_v_str_or_null(name));
	td_v_map_set(m, "vai_tro", td_v_str_or_null(role));
	td_v_map_set(m, "quyen_han", td_v_str_or_null(authority));
	td_v_map_set(m, "chuc_vu", td_v_str_or_null(title));
	td_v_map_set(m, "nguoi_ky", td_v_str_or_null(who));
	return m;
}

/* chu_ky: the rows of the grid, each {don_vi[] (the blocks), so (their
 * count)}, in protocol order. */
static td_value *grid(const thidua_cluster *c, int cols)
{
	td_value *rows = td_v_list(), *row = NULL, *blocks = NULL;
	size_t i;

	for (i = 0; rows && i < c->n_units; i++) {
		const td_unit *u = &c->units[i];

		if (!row) {
			row = td_v_map();
			blocks = td_v_list();
		}
		td_v_list_push(blocks, signer(u->name, u->role != TD_ROLE_MEMBER
		                                         ? td_role_label(u->role, c->kind) : NULL,
		                              u->authority, u->title, u->signer));
		if ((i + 1) % (size_t)cols == 0 || i + 1 == c->n_units) {
			td_v_map_set(row, "so", td_v_int((int64_t)((i % (size_t)cols) + 1)));
			td_v_map_set(row, "don_vi", blocks);
			td_v_list_push(rows, row);
			row = NULL;
		}
	}
	return rows;
}

int td_content_to_value(td_value *root, const thidua_cluster *c)
{
	td_value *cum = td_v_map_get(root, "cum");
	const td_witness *w = &c->witness;
	int cols = td_sign_columns(c);

	td_v_map_set(root, "noi_dung", sections(c));
	td_v_map_set(root, "cam_ket", legacy(c, TD_MUC_COMMITMENTS));
	td_v_map_set(root, "chi_tieu", legacy(c, TD_MUC_TARGETS));
	td_v_map_set(root, "to_chuc_thuc_hien", legacy(c, TD_MUC_IMPLEMENTATION));
	td_v_map_set(root, "chung_kien", w->name ? signer(w->name, NULL, w->authority, w->title,
	                                                 w->signer)
	                                         : td_v_null());
	td_v_map_set(root, "phu_luc_tieu_chi", td_v_bool(c->annex_criteria && c->n_criteria));
	td_v_map_set(root, "chu_ky", grid(c, cols));
	if (cum)
		td_v_map_set(cum, "so_cot_chu_ky", td_v_int(cols));
	return td_v_failed(root) ? td_error_oom() : 0;
}
