/* date.c - calendar checks, date parsing and spreadsheet serial days.
 *
 * td_parse_date accepts, around optional white space:
 *   ISO      "2017-02-15" (also "2017/02/15", "2017.02.15"), optionally with a
 *            time "T10:00:00", " 10:00", "...Z" or "...+07:00" after it;
 *   day-first "15/02/2017", "15/2/2017", "15-02-2017", "15.02.2017",
 *            optionally with a time " 10:00[:00]" after it;
 *   ND 30    "ngày 05 tháng 02 năm 2017" ("Ngày" too).
 * Years have four digits; days and months one or two. The time is checked
 * for shape and range, then ignored. */
#include "text/vi.h"
#include "text/text_int.h"
#include "util/alloc.h"
#include "util/error.h"

#include <string.h>

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int month_days(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

int td_date_valid(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= month_days(y, m);
}

/* Read 1..max digits (at least min) at *p. */
static int digits(const char **p, const char *end, int min, int max, int *v)
{
	const char *q = *p;
	int n = 0, val = 0;

	while (q < end && n < max && *q >= '0' && *q <= '9') {
		val = val * 10 + (*q - '0');
		q++;
		n++;
	}
	if (n < min || (q < end && *q >= '0' && *q <= '9'))
		return -1;
	*p = q;
	*v = val;
	return 0;
}

/* "hh:mm[:ss[.fff]]" then, when zone is set, "Z" or "+hh:mm"/"-hh[:mm]". */
static int time_part(const char *p, const char *end, int zone)
{
	int h, mi, sec, x;

	if (digits(&p, end, 2, 2, &h) < 0 || h > 24 || p >= end || *p++ != ':' ||
	    digits(&p, end, 2, 2, &mi) < 0 || mi > 59)
		return -1;
	if (p < end && *p == ':') {
		p++;
		if (digits(&p, end, 2, 2, &sec) < 0 || sec > 60)
			return -1;
		if (p < end && *p == '.') {
			p++;
			if (digits(&p, end, 1, 9, &x) < 0)
				return -1;
		}
	}
	if (zone && p < end) {
		if (*p == 'Z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			p++;
			if (digits(&p, end, 2, 2, &x) < 0 || x > 14)
				return -1;
			if (p < end && *p == ':')
				p++;
			if (p < end && digits(&p, end, 2, 2, &x) < 0)
				return -1;
		}
	}
	return p == end ? 0 : -1;
}

/* The ND 30 long form: "ngày D tháng M năm Y". */
static int long_form(const char *p, const char *end, int *y, int *m, int *d)
{
	static const char *const word[3] = { "tháng", "năm", NULL };
	int *val[3] = { d, m, y };
	int i;

	if (end - p >= 5 && (memcmp(p, "ngày", 5) == 0 || memcmp(p, "Ngày", 5) == 0))
		p += 5;
	else
		return -1;
	for (i = 0; i < 3; i++) {
		size_t wl;

		if (p >= end || *p != ' ')
			return -1;
		p++;
		if (digits(&p, end, 1, i == 2 ? 4 : 2, val[i]) < 0)
			return -1;
		if (!word[i])
			break;
		wl = strlen(word[i]);
		if (p >= end || *p != ' ' || (size_t)(end - p - 1) < wl ||
		    memcmp(p + 1, word[i], wl) != 0)
			return -1;
		p += 1 + wl;
	}
	return p == end ? 0 : -1;
}

static int numeric_form(const char *p, const char *end, int *y, int *m, int *d)
{
	const char *q = p;
	char sep;
	int a, b, c;

	if (digits(&q, end, 1, 4, &a) < 0 || q >= end)
		return -1;
	sep = *q;
	if (sep != '-' && sep != '/' && sep != '.')
		return -1;
	if (q - p == 4) {                        /* year first */
		q++;
		if (digits(&q, end, 1, 2, &b) < 0 || q >= end || *q++ != sep ||
		    digits(&q, end, 1, 2, &c) < 0)
			return -1;
		*y = a;
		*m = b;
		*d = c;
		if (q < end && (*q == 'T' || *q == ' '))
			return time_part(q + 1, end, 1);
		return q == end ? 0 : -1;
	}
	if (q - p > 2)
		return -1;
	q++;
	if (digits(&q, end, 1, 2, &b) < 0 || q >= end || *q++ != sep ||
	    digits(&q, end, 4, 4, &c) < 0)
		return -1;
	*d = a;
	*m = b;
	*y = c;
	if (q < end && *q == ' ')
		return time_part(q + 1, end, 0);
	return q == end ? 0 : -1;
}

int td_parse_date(int *y, int *m, int *d, const char *s)
{
	char *sq = NULL, snip[48];
	int yy = 0, mm = 0, dd = 0, rc;
	const char *end;

	if (!y || !m || !d || !s)
		return td_error(THIDUA_EINVAL, "Thiếu tham số.", "Missing argument.");
	*y = *m = *d = 0;
	if ((rc = td_text_squash(&sq, s)) < 0)
		return rc;
	end = sq + strlen(sq);
	if (numeric_form(sq, end, &yy, &mm, &dd) < 0 &&
	    long_form(sq, end, &yy, &mm, &dd) < 0) {
		td_text_snippet(snip, sizeof snip, sq);
		rc = td_error(THIDUA_EFORMAT, "Không đọc được ngày \"%s\".",
		              "Cannot read the date \"%s\".", snip);
		goto cleanup;
	}
	if (!td_date_valid(yy, mm, dd)) {
		td_text_snippet(snip, sizeof snip, sq);
		rc = td_error(THIDUA_EFORMAT, "Ngày không tồn tại: \"%s\".",
		              "No such date: \"%s\".", snip);
		goto cleanup;
	}
	*y = yy;
	*m = mm;
	*d = dd;
	rc = 0;
cleanup:
	td_free(sq);
	return rc;
}

/* Days from 1970-01-01 to y-m-d and back (proleptic Gregorian; after
 * H. Hinnant's days_from_civil / civil_from_days). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp, yy;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

int td_date_from_serial(int *y, int *m, int *d, int64_t serial)
{
	const int64_t epoch = days_from_civil(1899, 12, 30);
	const int64_t lo = days_from_civil(1, 1, 1) - epoch;
	const int64_t hi = days_from_civil(9999, 12, 31) - epoch;

	if (!y || !m || !d)
		return td_error(THIDUA_EINVAL, "Thiếu tham số.", "Missing argument.");
	if (serial < lo || serial > hi)
		return td_error(THIDUA_EINVAL,
		                "Số ngày %lld nằm ngoài các năm 1-9999.",
		                "Serial day %lld is outside the years 1-9999.",
		                (long long)serial);
	civil_from_days(serial + epoch, y, m, d);
	return 0;
}

int td_date_to_serial(int64_t *serial, int y, int m, int d)
{
	if (!serial)
		return td_error(THIDUA_EINVAL, "Thiếu tham số.", "Missing argument.");
	if (!td_date_valid(y, m, d))
		return td_error(THIDUA_EINVAL, "Ngày không hợp lệ: %d-%d-%d.",
		                "Invalid date: %d-%d-%d.", y, m, d);
	*serial = days_from_civil(y, m, d) - days_from_civil(1899, 12, 30);
	return 0;
}
