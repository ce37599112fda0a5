;; The null guest, warm (bench/profile.sh's `null-warm` row): the hello world's
;; answer with no work at all, so that the gateway's own path is measured apart
;; from any guest's. Each event frame arrives in one read (the host hands a
;; frame's header and event to one read); each is answered with the same
;; response frame. Not a model guest: it does not parse the frame.
(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (data (i32.const 1024) "102 ok\n{\"isBase64Encoded\":false,\"statusCode\":200,\"headers\":{\"Content-Type\":\"text/html\"},\"body\":\"hello world\"}")
  (func (export "_start")
    (loop $next
      ;; read up to 60,000 bytes at 4096; stop at the end of stdin
      (i32.store (i32.const 0) (i32.const 4096))
      (i32.store (i32.const 4) (i32.const 60000))
      (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 16)))
      (if (i32.eqz (i32.load (i32.const 16))) (then (return)))
      (i32.store (i32.const 32) (i32.const 1024))
      (i32.store (i32.const 36) (i32.const 109))
      (drop (call $fd_write (i32.const 1) (i32.const 32) (i32.const 1) (i32.const 48)))
      (br $next)))
)
