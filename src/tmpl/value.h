/* value.h - the data a template sees: null, booleans, exact decimal numbers,
 * strings, dates, lists and maps (ordered), reference-counted and immutable
 * once built.
 *
 * Numbers are int64 in hundredths (98,75 -> 9875), so sums are exact.
 *
 * Building: constructors return a new value with one reference, or NULL when
 * out of memory. td_v_list_push and td_v_map_set take over the reference to
 * the item even on failure; passing NULL (a failed constructor) is allowed
 * and marks the container as failed. A failure is sticky and climbs to every
 * container the failed one is put into, so a whole tree can be built and then
 * checked once with td_v_failed(root).
 *
 * Not thread-safe: a tree belongs to one thread (one fill). The values
 * that every tree has many of are shared and never freed: null, true,
 * false and the numbers 0 to 100 (0 to 10,000 hundredths); map keys are
 * kept once for the process (a template's data has a few dozen names,
 * and a province's summary 260,000 maps). Both are read-only, so trees
 * on different threads may share them. */
#ifndef TD_VALUE_H
#define TD_VALUE_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
	TD_V_NULL, TD_V_BOOL, TD_V_NUM, TD_V_STR, TD_V_DATE, TD_V_LIST, TD_V_MAP
} td_vtype;

typedef struct td_value td_value;

typedef struct td_vpair {
	const char *key;       /* interned: the same pointer for equal keys */
	td_value *val;
} td_vpair;

struct td_value {
	td_vtype type;
	int refs;              /* < 0: shared, never freed */
	int failed;
	union {
		int b;
		int64_t num; /* hundredths */
		struct { char *s; size_t len; } str;
		struct { int y, m, d; } date;
		struct { td_value **items; size_t n, cap; } list;
		struct { td_vpair *items; size_t n, cap; } map;
	} u;
};

td_value *td_v_null(void);
td_value *td_v_bool(int b);
td_value *td_v_num(int64_t hundredths);
td_value *td_v_int(int64_t n);                  /* n points -> n*100 */
td_value *td_v_str(const char *s);              /* copies; NULL s gives "" */
td_value *td_v_strn(const char *s, size_t n);   /* copies */
td_value *td_v_str_take(char *s);               /* takes s (td_malloc'd); frees it on failure */
td_value *td_v_date(int y, int m, int d);
td_value *td_v_str_or_null(const char *s);      /* NULL s gives null */
/* s upper-cased by Vietnamese rules (null for NULL s). */
td_value *td_v_str_upper(const char *s);
td_value *td_v_list(void);
td_value *td_v_map(void);

int td_v_list_push(td_value *list, td_value *item);
/* Keys are interned (value.h above); setting an existing key replaces its
 * value. */
int td_v_map_set(td_value *map, const char *key, td_value *val);
/* A map with room for n entries, for the many small maps of one shape
 * (a province's 260,000 rows). */
td_value *td_v_map_sized(size_t n);
/* td_v_map_set for a key that outlives the map (a string literal): the
 * same, since every key is interned; kept for the callers that say so. */
int td_v_map_set_static(td_value *map, const char *key, td_value *val);
/* The process's copy of key (never freed; NULL when out of memory): the
 * form map keys are stored in, so that td_v_map_get with it finds a key by
 * its address. */
const char *td_v_intern(const char *key);
/* Borrowed; NULL when absent or map is not a map. */
td_value *td_v_map_get(const td_value *map, const char *key);
size_t td_v_len(const td_value *v);             /* list/map items, string bytes */
td_value *td_v_list_at(const td_value *list, size_t i); /* borrowed */

td_value *td_v_ref(td_value *v);
void td_v_unref(td_value *v);
int td_v_failed(const td_value *v);
int td_v_truthy(const td_value *v);
/* Structural equality (numbers by value, strings bytewise). */
int td_v_equal(const td_value *a, const td_value *b);
const char *td_v_type_name(td_vtype t);

#endif
