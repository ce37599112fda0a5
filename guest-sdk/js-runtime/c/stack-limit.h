/* Force-included before QuickJS's C (CFLAGS `-include`, set by
 * crates/fngate-js-engine/build.rs).
 *
 * quickjs-ng turns its stack limit off on WASI (`update_stack_limit` sets no
 * limit when `__wasi__` is defined), so deep recursion would run the guest out
 * of stack, a trap, instead of throwing a catchable
 * `RangeError: Maximum call stack size exceeded` as Node does. Wasm's shadow
 * stack in linear memory is a real stack, so the limit works there: this header
 * includes every system header QuickJS uses while `__wasi__` is still defined
 * (wasi-libc needs it), then undefines it, so that QuickJS's own code takes
 * the path it takes on Linux. Nothing else in QuickJS's C depends on
 * `__wasi__` but `malloc_usable_size`, which wasi-libc has (hence `__linux__`).
 */
#include <alloca.h>
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <malloc.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <fenv.h>
#undef __wasi__
#define __linux__ 1
