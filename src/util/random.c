/* random.c - td_random_bytes: getrandom(2), or /dev/urandom where the
 * kernel lacks it (ENOSYS); on Windows rand_s (RtlGenRandom). */
#ifdef _WIN32
#define _CRT_RAND_S
#include <stdlib.h>
#endif
#include "util/random.h"
#include "util/compat.h"
#include "util/error.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#ifndef _WIN32
#include <sys/random.h>
#endif

#ifdef _WIN32
int td_random_bytes(void *buf, size_t n)
{
	unsigned char *p = buf;

	while (n > 0) {
		unsigned int v;
		size_t k = n < sizeof v ? n : sizeof v;
		if (rand_s(&v) != 0)
			return td_error(THIDUA_EIO, "Hệ điều hành không cho số ngẫu nhiên.",
			                "The operating system gives no random bytes.");
		memcpy(p, &v, k);
		p += k;
		n -= k;
	}
	return 0;
}
#else

static int from_urandom(unsigned char *p, size_t n)
{
	FILE *f = td_fopen("/dev/urandom", "rb");
	size_t got;

	if (!f)
		return -1;
	got = fread(p, 1, n, f);
	fclose(f);
	return got == n ? 0 : -1;
}

int td_random_bytes(void *buf, size_t n)
{
	unsigned char *p = buf;

	while (n > 0) {
		ssize_t k = getrandom(p, n, 0);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0 && errno == ENOSYS && from_urandom(p, n) == 0)
			return 0;
		if (k <= 0)
			return td_error(THIDUA_EIO, "Hệ điều hành không cho số ngẫu nhiên.",
			                "The operating system gives no random bytes.");
		p += k;
		n -= (size_t)k;
	}
	return 0;
}
#endif
