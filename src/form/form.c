/* form.c - what the sheet's form decides beyond its identity: which rows
 * a scoring body's table holds, and which bodies get a sheet at all.
 * Shared by the writer (src/sheets) and the reader (src/intake). */
#include "form/form.h"

int td_form_body_has_criteria(const thidua_cluster *c, size_t body)
{
	size_t i;

	for (i = 0; c && i < c->n_criteria; i++)
		if (c->criteria[i].body == body)
			return 1;
	return 0;
}

int td_form_in_body_table(const thidua_cluster *c, size_t i, size_t body)
{
	size_t j, p;

	if (c->criteria[i].body == body)
		return 1;
	for (j = i + 1; j < c->n_criteria; j++)
		for (p = c->criteria[j].parent; p != SIZE_MAX; p = c->criteria[p].parent)
			if (p == i) {
				if (c->criteria[j].body == body)
					return 1;
				break;
			}
	return 0;
}
