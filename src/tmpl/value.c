/* value.c - reference-counted template values, with shared scalars and
 * interned map keys (value.h). */
#include "tmpl/value.h"
#include "text/vi.h"
#include "util/alloc.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

/* ---- shared values ------------------------------------------------------- */

#define SHARED (-1)
#define NUM_SHARED 10001 /* 0 to 10,000 hundredths */

static td_value v_null = { TD_V_NULL, SHARED, 0, { 0 } };
static td_value v_false = { TD_V_BOOL, SHARED, 0, { .b = 0 } };
static td_value v_true = { TD_V_BOOL, SHARED, 0, { .b = 1 } };
static td_value v_nums[NUM_SHARED];
static pthread_once_t nums_once = PTHREAD_ONCE_INIT;

static void nums_init(void)
{
	int64_t i;

	for (i = 0; i < NUM_SHARED; i++) {
		v_nums[i].type = TD_V_NUM;
		v_nums[i].refs = SHARED;
		v_nums[i].u.num = i;
	}
}

/* ---- interned keys ------------------------------------------------------- *
 * One open-addressing set of key strings for the process, under a mutex;
 * never freed (the keys are the data names of the code, a few dozen). */

static pthread_mutex_t keys_lock = PTHREAD_MUTEX_INITIALIZER;
static char **keys;      /* td_malloc'ed slots, each a td_malloc'ed string or NULL */
static size_t keys_cap, keys_n;

static size_t key_hash(const char *s)
{
	size_t h = 1469598103934665603u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static int keys_grow(void)
{
	size_t cap = keys_cap ? keys_cap * 2 : 256, i, j;
	char **n = td_calloc(cap, sizeof *n);

	if (!n)
		return -1;
	for (i = 0; i < keys_cap; i++) {
		if (!keys[i])
			continue;
		for (j = key_hash(keys[i]) & (cap - 1); n[j]; j = (j + 1) & (cap - 1))
			;
		n[j] = keys[i];
	}
	td_free(keys);
	keys = n;
	keys_cap = cap;
	return 0;
}

/* Each thread remembers the keys it interned last, by the address its
 * caller passed (the data names are string literals, passed again and
 * again): no lock, no hash for those. Checked by content, so a key in a
 * reused buffer is still found right. */
#define SEEN 64
static _Thread_local struct {
	const char *from, *key;
} seen[SEEN];

/* The process's copy of key; NULL when out of memory. */
static const char *intern(const char *key)
{
	size_t slot = ((uintptr_t)key >> 3) % SEEN;
	const char *r = NULL;
	size_t i;

	if (seen[slot].from == key && !strcmp(seen[slot].key, key))
		return seen[slot].key;
	pthread_mutex_lock(&keys_lock);
	if ((keys_n + 1) * 2 > keys_cap && keys_grow() < 0)
		goto done;
	for (i = key_hash(key) & (keys_cap - 1); keys[i]; i = (i + 1) & (keys_cap - 1))
		if (!strcmp(keys[i], key)) {
			r = keys[i];
			goto done;
		}
	if ((keys[i] = td_strdup(key))) {
		keys_n++;
		r = keys[i];
	}
done:
	pthread_mutex_unlock(&keys_lock);
	if (r) {
		seen[slot].from = key;
		seen[slot].key = r;
	}
	return r;
}

const char *td_v_intern(const char *key) { return key ? intern(key) : NULL; }

/* ---- values -------------------------------------------------------------- */

static td_value *v_new(td_vtype t)
{
	td_value *v = td_calloc(1, sizeof *v);

	if (v) {
		v->type = t;
		v->refs = 1;
	}
	return v;
}

td_value *td_v_null(void) { return &v_null; }

td_value *td_v_bool(int b) { return b ? &v_true : &v_false; }

td_value *td_v_num(int64_t h)
{
	td_value *v;

	if (h >= 0 && h < NUM_SHARED) {
		pthread_once(&nums_once, nums_init);
		return &v_nums[h];
	}
	v = v_new(TD_V_NUM);

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

int td_v_map_set(td_value *map, const char *key, td_value *val)
{
	const char *k;
	size_t i;

	if (!map) {
		td_v_unref(val);
		return -1;
	}
	if (!val || val->failed || map->type != TD_V_MAP || !key)
		goto fail;
	if (!(k = intern(key)))
		goto fail;
	for (i = 0; i < map->u.map.n; i++) {
		if (map->u.map.items[i].key == k) {
			td_v_unref(map->u.map.items[i].val);
			map->u.map.items[i].val = val;
			return 0;
		}
	}
	if (map->u.map.n == map->u.map.cap) {
		/* 4, 8, 12, 18, ...: the maps of a tree have a few keys each */
		size_t cap = map->u.map.cap < 8 ? map->u.map.cap + 4 : map->u.map.cap * 3 / 2;
		td_vpair *n = td_realloc(map->u.map.items, cap * sizeof *n);
		if (!n)
			goto fail;
		map->u.map.items = n;
		map->u.map.cap = cap;
	}
	map->u.map.items[map->u.map.n].key = k;
	map->u.map.items[map->u.map.n++].val = val;
	return 0;
fail:
	td_v_unref(val);
	map->failed = 1;
	return -1;
}

td_value *td_v_map_sized(size_t n)
{
	td_value *v = v_new(TD_V_MAP);

	if (!v || !n)
		return v;
	if (!(v->u.map.items = td_malloc(n * sizeof *v->u.map.items))) {
		td_free(v);
		return NULL;
	}
	v->u.map.cap = n;
	return v;
}

int td_v_map_set_static(td_value *map, const char *key, td_value *val)
{
	return td_v_map_set(map, key, val);
}

td_value *td_v_map_get(const td_value *map, const char *key)
{
	size_t i;

	if (!map || map->type != TD_V_MAP || !key)
		return NULL;
	/* interned keys compare by address first */
	for (i = 0; i < map->u.map.n; i++)
		if (map->u.map.items[i].key == key)
			return map->u.map.items[i].val;
	for (i = 0; i < map->u.map.n; i++)
		if (map->u.map.items[i].key[0] == key[0] && !strcmp(map->u.map.items[i].key, key))
			return map->u.map.items[i].val;
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
	if (v && v->refs != SHARED)
		v->refs++;
	return v;
}

void td_v_unref(td_value *v)
{
	size_t i;

	if (!v || v->refs == SHARED || --v->refs > 0)
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
		for (i = 0; i < v->u.map.n; i++)
			td_v_unref(v->u.map.items[i].val);
		td_free(v->u.map.items);
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
			if (!td_v_equal(a->u.map.items[i].val, td_v_map_get(b, a->u.map.items[i].key)))
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
