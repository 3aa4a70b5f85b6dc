/* random.h - bytes from the operating system's CSPRNG (getrandom, else
 * /dev/urandom), for passwords and salts. */
#ifndef TD_RANDOM_H
#define TD_RANDOM_H

#include <stddef.h>

/* Fill buf with n random bytes. 0, or THIDUA_EIO (with the last error set)
 * when the system gives none. */
int td_random_bytes(void *buf, size_t n);

#endif
