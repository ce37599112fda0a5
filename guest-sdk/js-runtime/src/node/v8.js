// node:v8 — what libraries ask of it in a function: heap statistics (from the
// engine's own allocation count), serialize/deserialize (a structured clone of
// the value, tagged JSON on the wire, not V8's bytes), and no-op flags.
'use strict';

var Buffer = require('buffer').Buffer;

function heap() { return __fngate_heap(); }
function limit() { return Number(process.env.SCF_MEMORY_LIMIT_IN_MB || 128) * 1048576; }

// Values JSON cannot carry, tagged as {"\u0000": kind, v: ...}.
function encode(v, seen) {
  if (v === undefined) return { '\u0000': 'u' };
  if (typeof v === 'bigint') return { '\u0000': 'n', v: v.toString() };
  if (typeof v === 'number' && !isFinite(v)) return { '\u0000': 'f', v: String(v) };
  if (v === null || typeof v !== 'object') return v;
  if (seen.indexOf(v) >= 0) throw new Error('v8.serialize: circular structures are not supported by fngate');
  seen = seen.concat([v]);
  if (v instanceof Date) return { '\u0000': 'd', v: v.getTime() };
  if (v instanceof RegExp) return { '\u0000': 'r', v: [v.source, v.flags] };
  if (v instanceof Map) return { '\u0000': 'm', v: Array.from(v, function (e) { return [encode(e[0], seen), encode(e[1], seen)]; }) };
  if (v instanceof Set) return { '\u0000': 's', v: Array.from(v, function (e) { return encode(e, seen); }) };
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return { '\u0000': 'b', v: Buffer.from(v).toString('base64') };
  if (Array.isArray(v)) return v.map(function (e) { return encode(e, seen); });
  var o = {};
  Object.keys(v).forEach(function (k) { o[k] = encode(v[k], seen); });
  return o;
}
function decode(v) {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(decode);
  switch (v['\u0000']) {
    case 'u': return undefined;
    case 'n': return BigInt(v.v);
    case 'f': return Number(v.v);
    case 'd': return new Date(v.v);
    case 'r': return new RegExp(v.v[0], v.v[1]);
    case 'm': return new Map(v.v.map(function (e) { return [decode(e[0]), decode(e[1])]; }));
    case 's': return new Set(v.v.map(decode));
    case 'b': return new Uint8Array(Buffer.from(v.v, 'base64'));
  }
  var o = {};
  Object.keys(v).forEach(function (k) { o[k] = decode(v[k]); });
  return o;
}

module.exports = {
  getHeapStatistics: function () {
    var used = heap(), max = limit();
    return {
      total_heap_size: used, total_heap_size_executable: 0, total_physical_size: used, total_available_size: max - used,
      used_heap_size: used, heap_size_limit: max, malloced_memory: used, peak_malloced_memory: used,
      does_zap_garbage: 0, number_of_native_contexts: 1, number_of_detached_contexts: 0,
      total_global_handles_size: 0, used_global_handles_size: 0, external_memory: 0
    };
  },
  getHeapSpaceStatistics: function () { return []; },
  getHeapCodeStatistics: function () { return { code_and_metadata_size: 0, bytecode_and_metadata_size: 0, external_script_source_size: 0, cpu_profiler_metadata_size: 0 }; },
  cachedDataVersionTag: function () { return 0; },
  setFlagsFromString: function () {},
  serialize: function (value) { return Buffer.from(JSON.stringify(encode(value, []))); },
  deserialize: function (buffer) { return decode(JSON.parse(Buffer.from(buffer).toString())); }
};
