/* content.c - signing authorities (Nghị định 30/2020/NĐ-CP, Điều 13: thay
 * mặt TM., ký thay KT., quyền Q., thừa lệnh TL., thừa ủy quyền TUQ.). */
#include "model/content.h"

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
