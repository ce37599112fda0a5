/*
 * The seed's hello world in C: fngate's guest contract is a WASI command that
 * reads the event JSON on stdin and writes the integrated response JSON on
 * stdout (stderr is the function's log).
 */
#include <stdio.h>

int main(void) {
    /* The event: read it all (this handler answers the same whatever it says). */
    char buf[65536];
    size_t total = 0, n;
    while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) {
        total += n;
    }
    fprintf(stderr, "event of %zu bytes\n", total);
    fputs("{\"isBase64Encoded\":false,\"statusCode\":200,"
          "\"headers\":{\"Content-Type\":\"text/html\"},\"body\":\"hello world\"}",
          stdout);
    return 0;
}
