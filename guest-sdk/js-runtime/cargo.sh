#!/bin/sh
# Runs cargo on the JavaScript engine guest for wasm32-wasip1 with what its C
# (QuickJS, through rquickjs-sys) needs: Debian's clang, llvm-ar and wasi-libc
# (installed by examples/hello-c/toolchain.sh when missing) instead of the WASI
# SDK rquickjs-sys would download, QuickJS's stack limit turned on
# (c/stack-limit.h), and a 5 MB stack, deep enough for that limit to be what
# deep recursion meets. The engine's build script (crates/fngate-js-engine)
# and .ci/run both build through here. Usage: cargo.sh build|clippy [args]
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
sh "$here/../../examples/hello-c/toolchain.sh"
export RQUICKJS_SYS_NO_WASI_SDK=1
export CC_wasm32_wasip1=clang
export AR_wasm32_wasip1=llvm-ar
export CFLAGS_wasm32_wasip1="--target=wasm32-wasi -include $here/c/stack-limit.h"
export CARGO_TARGET_WASM32_WASIP1_RUSTFLAGS="-Clink-arg=-zstack-size=5242880"
command="$1"
shift
exec "${CARGO:-cargo}" "$command" --manifest-path "$here/Cargo.toml" --target wasm32-wasip1 "$@"
