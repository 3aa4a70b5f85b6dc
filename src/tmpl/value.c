/* value.c - reference-counted template values. */
#include "tmpl/value.h"
#include "text/vi.h"
#include "util/alloc.h"

#include <string.h>

static td_value *v_new(td_vtype t)
{
	td_value *v = td_calloc(1, sizeof *v);

	if (v) {
		v->type = t;
		v->refs = 1;
	}
	return v;
}

td_value *td_v_null(void) { return v_new(TD_V_NULL); }

td_value *td_v_bool(int b)
{
	td_value *v = v_new(TD_V_BOOL);

	if (v)
		v->u.b = !!b;
	return v;
}

td_value *td_v_num(int64_t h)
{
	td_value *v = v_new(TD_V_NUM);

	if (v)
		v->u.num = h;
	return v;
}

td_value *td_v_int(int64_t n) { return td_v_num(n * 100); }

td_value *td_v_str_take(char *s)
{
	td_value *v;

	if (!s)
		return NULL;
	v = v_new(TD_V_STR);
	if (!v) {
		td_free(s);
		return NULL;
	}
	v->u.str.s = s;
	v->u.str.len = strlen(s);
	return v;
}

td_value *td_v_strn(const char *s, size_t n) { return td_v_str_take(td_strndup(s ? s : "", s ? n : 0)); }

td_value *td_v_str(const char *s) { return td_v_strn(s, s ? strlen(s) : 0); }

td_value *td_v_str_or_null(const char *s) { return s ? td_v_str(s) : td_v_null(); }

td_value *td_v_str_upper(const char *s)
{
	char *u = NULL;

	if (!s)
		return td_v_null();
	if (td_text_upper(&u, s) != 0)
		return NULL;
	return td_v_str_take(u);
}

td_value *td_v_date(int y, int m, int d)
{
	td_value *v = v_new(TD_V_DATE);

	if (v) {
		v->u.date.y = y;
		v->u.date.m = m;
		v->u.date.d = d;
	}
	return v;
}

td_value *td_v_list(void) { return v_new(TD_V_LIST); }
td_value *td_v_map(void) { return v_new(TD_V_MAP); }

int td_v_list_push(td_value *list, td_value *item)
{
	if (!list) {
		td_v_unref(item);
		return -1;
	}
	if (!item || item->failed || list->type != TD_V_LIST)
		goto fail;
	if (list->u.list.n == list->u.list.cap) {
		size_t cap = list->u.list.cap ? list->u.list.cap * 2 : 4;
		td_value **n = td_realloc(list->u.list.items, cap * sizeof *n);
		if (!n)
			goto fail;
		list->u.list.items = n;
		list->u.list.cap = cap;
	}
	list->u.list.items[list->u.list.n++] = item;
	return 0;
fail:
	td_v_unref(item);
	list->failed = 1;
	return -1;
}

td_value *td_v_map_sized(size_t n)
{
	td_value *v = v_new(TD_V_MAP);

	if (!v || !n)
		return v;
	v->u.map.keys = td_malloc(n * sizeof *v->u.map.keys);
	v->u.map.vals = td_malloc(n * sizeof *v->u.map.vals);
	if (!v->u.map.keys || !v->u.map.vals) {
		td_free(v->u.map.keys);
		td_free(v->u.map.vals);
		td_free(v);
		return NULL;
	}
	v->u.map.cap = n;
	return v;
}

/* Make the borrowed keys of a map its own: 0, or -1 out of memory (the
 * map unchanged). */
static int own_keys(td_value *map)
{
	char **nk = td_malloc((map->u.map.cap ? map->u.map.cap : 1) * sizeof *nk);
	size_t i;

	if (!nk)
		return -1;
	for (i = 0; i < map->u.map.n; i++) {
		if (!(nk[i] = td_strdup(map->u.map.keys[i]))) {
			while (i--)
				td_free(nk[i]);
			td_free(nk);
			return -1;
		}
	}
	td_free(map->u.map.keys);
	map->u.map.keys = nk;
	map->u.map.static_keys = 0;
	return 0;
}

static int map_put(td_value *map, const char *key, td_value *val, int borrow)
{
	size_t i;
	char *k;

	if (!map) {
		td_v_unref(val);
		return -1;
	}
	if (!val || val->failed || map->type != TD_V_MAP)
		goto fail;
	for (i = 0; i < map->u.map.n; i++) {
		if (strcmp(map->u.map.keys[i], key) == 0) {
			td_v_unref(map->u.map.vals[i]);
			map->u.map.vals[i] = val;
			return 0;
		}
	}
	if (map->u.map.n == 0)
		map->u.map.static_keys = borrow;
	else if (map->u.map.static_keys && !borrow && own_keys(map) < 0)
		goto fail;
	if (map->u.map.n == map->u.map.cap) {
		size_t cap = map->u.map.cap ? map->u.map.cap * 2 : 8;
		char **nk = td_realloc(map->u.map.keys, cap * sizeof *nk);
		td_value **nv;
		if (!nk)
			goto fail;
		map->u.map.keys = nk;
		nv = td_realloc(map->u.map.vals, cap * sizeof *nv);
		if (!nv)
			goto fail;
		map->u.map.vals = nv;
		map->u.map.cap = cap;
	}
	k = map->u.map.static_keys ? (char *)key : td_strdup(key);
	if (!k)
		goto fail;
	map->u.map.keys[map->u.map.n] = k;
	map->u.map.vals[map->u.map.n++] = val;
	return 0;
fail:
	td_v_unref(val);
	map->failed = 1;
	return -1;
}

int td_v_map_set(td_value *map, const char *key, td_value *val)
{
	return map_put(map, key, val, 0);
}

int td_v_map_set_static(td_value *map, const char *key, td_value *val)
{
	return map_put(map, key, val, 1);
}

td_value *td_v_map_get(const td_value *map, const char *key)
{
	size_t i;

	if (!map || map->type != TD_V_MAP)
		return NULL;
	for (i = 0; i < map->u.map.n; i++)
		if (strcmp(map->u.map.keys[i], key) == 0)
			return map->u.map.vals[i];
	return NULL;
}

size_t td_v_len(const td_value *v)
{
	if (!v)
		return 0;
	switch (v->type) {
	case TD_V_LIST: return v->u.list.n;
	case TD_V_MAP: return v->u.map.n;
	case TD_V_STR: return v->u.str.len;
	default: return 0;
	}
}

td_value *td_v_list_at(const td_value *list, size_t i)
{
	if (!list || list->type != TD_V_LIST || i >= list->u.list.n)
		return NULL;
	return list->u.list.items[i];
}

td_value *td_v_ref(td_value *v)
{
	if (v)
		v->refs++;
	return v;
}

void td_v_unref(td_value *v)
{
	size_t i;

	if (!v || --v->refs > 0)
		return;
	switch (v->type) {
	case TD_V_STR:
		td_free(v->u.str.s);
		break;
	case TD_V_LIST:
		for (i = 0; i < v->u.list.n; i++)
			td_v_unref(v->u.list.items[i]);
		td_free(v->u.list.items);
		break;
	case TD_V_MAP:
		for (i = 0; i < v->u.map.n; i++) {
			if (!v->u.map.static_keys)
				td_free(v->u.map.keys[i]);
			td_v_unref(v->u.map.vals[i]);
		}
		td_free(v->u.map.keys);
		td_free(v->u.map.vals);
		break;
	default:
		break;
	}
	td_free(v);
}

int td_v_failed(const td_value *v) { return !v || v->failed; }

int td_v_truthy(const td_value *v)
{
	if (!v)
		return 0;
	switch (v->type) {
	case TD_V_NULL: return 0;
	case TD_V_BOOL: return v->u.b;
	case TD_V_NUM: return v->u.num != 0;
	case TD_V_STR: return v->u.str.len != 0;
	case TD_V_DATE: return 1;
	case TD_V_LIST: return v->u.list.n != 0;
	case TD_V_MAP: return v->u.map.n != 0;
	}
	return 0;
}

int td_v_equal(const td_value *a, const td_value *b)
{
	size_t i;

	if (!a || !b)
		return a == b;
	if (a->type != b->type)
		return 0;
	switch (a->type) {
	case TD_V_NULL: return 1;
	case TD_V_BOOL: return a->u.b == b->u.b;
	case TD_V_NUM: return a->u.num == b->u.num;
	case TD_V_STR:
		return a->u.str.len == b->u.str.len &&
		       memcmp(a->u.str.s, b->u.str.s, a->u.str.len) == 0;
	case TD_V_DATE:
		return a->u.date.y == b->u.date.y && a->u.date.m == b->u.date.m &&
		       a->u.date.d == b->u.date.d;
	case TD_V_LIST:
		if (a->u.list.n != b->u.list.n)
			return 0;
		for (i = 0; i < a->u.list.n; i++)
			if (!td_v_equal(a->u.list.items[i], b->u.list.items[i]))
				return 0;
		return 1;
	case TD_V_MAP:
		if (a->u.map.n != b->u.map.n)
			return 0;
		for (i = 0; i < a->u.map.n; i++)
			if (!td_v_equal(a->u.map.vals[i], td_v_map_get(b, a->u.map.keys[i])))
				return 0;
		return 1;
	}
	return 0;
}

const char *td_v_type_name(td_vtype t)
{
	static const char *names[] = { "null", "boolean", "number", "string", "date", "list", "map" };
	return (unsigned)t < sizeof names / sizeof *names ? names[t] : "?";
}
