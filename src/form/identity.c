/* identity.c - the identity of a scoring sheet (form.h): the criteria
 * fingerprint and the "thidua:1|..." text kept in the hidden code column.
 *
 * Fields of the identity text are separated by '|'. Inside a field, '%',
 * '|' and control characters are written as %XX (upper-case hex), and a
 * field that is exactly "-" as "%2D", so that "-" alone always means "no
 * scorer", and a leading '@' as "%40", so that a scorer field starting
 * with '@' always names a scoring body. td_identity_parse undoes exactly this encoding. */
#include "form/form.h"
#include "text/vi.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define FNV_OFFSET UINT64_C(0xcbf29ce484222325)
#define FNV_PRIME UINT64_C(0x100000001b3)

static uint64_t fnv_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= s[i];
		h *= FNV_PRIME;
	}
	return h;
}

static uint64_t fnv_str(uint64_t h, const char *s)
{
	return s ? fnv_bytes(h, s, strlen(s)) : h;
}

static uint64_t fnv_int(uint64_t h, int64_t v)
{
	char num[32];
	int n = snprintf(num, sizeof num, "%" PRId64, v);

	return fnv_bytes(h, num, (size_t)n);
}

static uint64_t fnv_sep(uint64_t h, char sep) { return fnv_bytes(h, &sep, 1); }

/* Canonical serialisation: a version line, then per criterion in sheet
 * order: code US text US kind US method US max US per_event US cap US
 * floor (or "-") US keep_max US measure US body code US bars US bar
 * awards (joined by GS) RS; then per target: unit code US criterion code
 * US value RS. Numbers in decimal hundredths. */
void td_criteria_fingerprint(char *buf, const thidua_cluster *c)
{
	const char us = '\x1f', rs = '\x1e', gs = '\x1d';
	uint64_t h = FNV_OFFSET;
	size_t i, j;

	h = fnv_str(h, "thidua-criteria-2\n");
	for (i = 0; c && i < c->n_criteria; i++) {
		const td_criterion *k = &c->criteria[i];
		h = fnv_str(h, k->code);
		h = fnv_sep(h, us);
		h = fnv_str(h, k->text);
		h = fnv_sep(h, us);
		h = fnv_int(h, (int64_t)k->kind);
		h = fnv_sep(h, us);
		h = fnv_int(h, (int64_t)k->method);
		h = fnv_sep(h, us);
		h = fnv_int(h, k->max);
		h = fnv_sep(h, us);
		h = fnv_int(h, k->per_event);
		h = fnv_sep(h, us);
		h = fnv_int(h, k->cap);
		h = fnv_sep(h, us);
		h = k->has_floor ? fnv_int(h, k->floor) : fnv_str(h, "-");
		h = fnv_sep(h, us);
		h = fnv_int(h, k->keep_max);
		h = fnv_sep(h, us);
		h = fnv_str(h, k->measure);
		h = fnv_sep(h, us);
		if (k->body != SIZE_MAX && k->body < c->n_bodies)
			h = fnv_str(h, c->bodies[k->body].code);
		h = fnv_sep(h, us);
		h = fnv_int(h, (int64_t)k->bars);
		h = fnv_sep(h, us);
		for (j = 0; j < k->n_bar_awards; j++) {
			h = fnv_str(h, k->bar_awards[j]);
			h = fnv_sep(h, gs);
		}
		h = fnv_sep(h, rs);
	}
	for (i = 0; c && i < c->n_targets_given; i++) {
		const td_target *t = &c->targets_given[i];
		h = fnv_str(h, t->unit < c->n_units ? c->units[t->unit].code : "?");
		h = fnv_sep(h, us);
		h = fnv_str(h, t->crit < c->n_criteria ? c->criteria[t->crit].code : "?");
		h = fnv_sep(h, us);
		h = fnv_int(h, t->value);
		h = fnv_sep(h, rs);
	}
	snprintf(buf, 17, "%016" PRIx64, h);
}

static void put_field(td_buf *b, const char *s)
{
	const unsigned char *u = (const unsigned char *)(s ? s : "");

	if (!strcmp((const char *)u, "-")) {
		td_buf_puts(b, "%2D");
		return;
	}
	for (; *u; u++) {
		if (*u == '%' || *u == '|' || *u < 0x20 || *u == 0x7f ||
		    (*u == '@' && u == (const unsigned char *)s))
			td_buf_printf(b, "%%%02X", *u);
		else
			td_buf_putc(b, (char)*u);
	}
}

/* scorer: the scorer field, already a code (NULL: self-scoring);
 * at: prefix it with '@' (a scoring body). */
static char *identity(const thidua_cluster *c, const td_unit *unit, const char *scorer, int at)
{
	td_buf b = TD_BUF_INIT;
	char *key = NULL, fp[17];
	int rc;

	if (!c || !unit) {
		td_error(THIDUA_EINVAL, "Thiếu tham số.", "Missing argument.");
		return NULL;
	}
	rc = td_text_match_key(&key, c->name ? c->name : "");
	if (rc < 0)
		return NULL;
	td_criteria_fingerprint(fp, c);
	td_buf_puts(&b, TD_ID_PREFIX);
	put_field(&b, key);
	td_buf_printf(&b, "|%d|", c->year);
	put_field(&b, unit->code);
	td_buf_putc(&b, '|');
	if (at)
		td_buf_putc(&b, '@');
	if (scorer)
		put_field(&b, scorer);
	else
		td_buf_putc(&b, '-');
	td_buf_putc(&b, '|');
	td_buf_puts(&b, fp);
	td_free(key);
	if (td_buf_oom(&b)) {
		td_buf_free(&b);
		td_error_oom();
		return NULL;
	}
	return td_buf_detach(&b);
}

char *td_identity_format(const thidua_cluster *c, const td_unit *unit, const td_unit *scorer)
{
	return identity(c, unit, scorer ? (scorer->code ? scorer->code : "") : NULL, 0);
}

char *td_identity_format_body(const thidua_cluster *c, const td_unit *unit, const td_body *body)
{
	if (!body) {
		td_error(THIDUA_EINVAL, "Thiếu tham số.", "Missing argument.");
		return NULL;
	}
	return identity(c, unit, body->code ? body->code : "", 1);
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/* Decode s[0..n) into a new string; THIDUA_EFORMAT on a bad escape. */
static int get_field(char **out, const char *s, size_t n)
{
	char *r;
	size_t i, j = 0;

	*out = NULL;
	r = td_malloc(n + 1);
	if (!r)
		return td_error_oom();
	for (i = 0; i < n; i++) {
		if (s[i] == '%') {
			int hi, lo;
			if (i + 2 >= n) {
				td_free(r);
				return THIDUA_EFORMAT;
			}
			hi = hexval(s[i + 1]);
			lo = hexval(s[i + 2]);
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
				td_free(r);
				return THIDUA_EFORMAT;
			}
			r[j++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			r[j++] = s[i];
		}
	}
	r[j] = '\0';
	*out = r;
	return 0;
}

void td_identity_clear(td_identity *id)
{
	if (!id)
		return;
	td_free(id->cluster_key);
	td_free(id->unit_code);
	td_free(id->scorer_code);
	td_free(id->fingerprint);
	memset(id, 0, sizeof *id);
}

int td_identity_parse(td_identity *id, const char *s)
{
	const char *f[5], *end;
	size_t len[5], n, i;
	const char *p;
	int rc = 0, year = 0;

	if (!id)
		return td_error(THIDUA_EINVAL, "Thiếu tham số.", "Missing argument.");
	memset(id, 0, sizeof *id);
	if (!s)
		return THIDUA_EFORMAT;
	while (*s == ' ')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	if (n < strlen(TD_ID_PREFIX) || memcmp(s, TD_ID_PREFIX, strlen(TD_ID_PREFIX)) != 0)
		return THIDUA_EFORMAT;
	p = s + strlen(TD_ID_PREFIX);
	end = s + n;
	for (i = 0; i < 5; i++) {
		const char *bar = memchr(p, '|', (size_t)(end - p));
		if ((i < 4) != (bar != NULL))
			return THIDUA_EFORMAT;
		f[i] = p;
		len[i] = (size_t)((bar ? bar : end) - p);
		p = bar ? bar + 1 : end;
	}
	/* year: 1-4 digits, 1..9999 */
	if (len[1] < 1 || len[1] > 4)
		return THIDUA_EFORMAT;
	for (i = 0; i < len[1]; i++) {
		if (f[1][i] < '0' || f[1][i] > '9')
			return THIDUA_EFORMAT;
		year = year * 10 + (f[1][i] - '0');
	}
	if (year < 1)
		return THIDUA_EFORMAT;
	/* fingerprint: 16 lower-case hex digits */
	if (len[4] != 16)
		return THIDUA_EFORMAT;
	for (i = 0; i < 16; i++)
		if (!((f[4][i] >= '0' && f[4][i] <= '9') || (f[4][i] >= 'a' && f[4][i] <= 'f')))
			return THIDUA_EFORMAT;
	if (len[2] == 0)
		return THIDUA_EFORMAT;
	id->year = year;
	rc = get_field(&id->cluster_key, f[0], len[0]);
	if (rc == 0)
		rc = get_field(&id->unit_code, f[2], len[2]);
	if (rc == 0 && !(len[3] == 1 && f[3][0] == '-'))
		rc = len[3] ? get_field(&id->scorer_code, f[3], len[3]) : THIDUA_EFORMAT;
	if (rc == 0)
		rc = get_field(&id->fingerprint, f[4], len[4]);
	if (rc < 0)
		td_identity_clear(id);
	return rc;
}
