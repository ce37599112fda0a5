// intl.js — fngate's ECMA-402 (`Intl`) for QuickJS, which has none.
// Owns: Intl.{DateTimeFormat, NumberFormat, Collator, PluralRules, RelativeTimeFormat,
// ListFormat, Locale, getCanonicalLocales, supportedValuesOf} for en-US and zh-CN, plus
// the helpers behind Date/Number/BigInt/String toLocale* and Date#toString's zone name.
// Locale data comes from internal/intl_data (generated from node's ICU by
// tools/gen-intl-data.js); time zone rules come from the native __fngate_tz.
// Output is meant to match node v20 byte for byte; tools/test-intl.js checks it.
'use strict';

let DATA = null;
function data() { return DATA || (DATA = require('internal/intl_data')); }

// ---------------------------------------------------------------------------
// Small helpers.
const pad2 = (n) => (n < 10 ? '0' : '') + n;
const slots = new WeakMap();

function slot(obj, kind, method) {
  const s = obj !== null && typeof obj === 'object' ? slots.get(obj) : undefined;
  if (!s || s.kind !== kind) {
    throw new TypeError('Method Intl.' + kind + '.prototype.' + method + ' called on incompatible receiver ' + describe(obj));
  }
  return s;
}

function describe(v) {
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'object') return '#<' + ((v.constructor && v.constructor.name) || 'Object') + '>';
  return String(v);
}

function toOptions(options) {
  if (options === undefined) return Object.create(null);
  if (options === null) throw new TypeError('Cannot convert undefined or null to object');
  return Object(options);
}

// GetOption: reads options[name], coerces and validates against `values`.
function getOption(opts, name, type, values, fallback, ctor) {
  let v = opts[name];
  if (v === undefined) return fallback;
  if (type === 'boolean') return Boolean(v);
  if (typeof v === 'symbol') throw new TypeError('Cannot convert a Symbol value to a string');
  v = String(v);
  if (values && values.indexOf(v) < 0) {
    throw new RangeError('Value ' + v + ' out of range for Intl.' + ctor + ' options property ' + name);
  }
  return v;
}

function defaultNumberOption(v, min, max, fallback, name) {
  if (v === undefined) return fallback;
  v = Number(v);
  if (Number.isNaN(v) || v < min || v > max) throw new RangeError(name + ' value is out of range.');
  return Math.floor(v);
}

function getNumberOption(opts, name, min, max, fallback) {
  return defaultNumberOption(opts[name], min, max, fallback, name);
}

function defineTag(proto, tag) {
  Object.defineProperty(proto, Symbol.toStringTag, { value: tag, configurable: true });
}

// Index strings written by the generator: two chars of a 90-symbol alphabet each.
let ALPHA_VAL = null;
function dec2(str, i) {
  if (!ALPHA_VAL) {
    ALPHA_VAL = new Int16Array(128);
    let n = 0;
    for (let c = 35; c < 127; c++) if (c !== 92 && c !== 39) ALPHA_VAL[c] = n++;
  }
  return ALPHA_VAL[str.charCodeAt(2 * i)] * 90 + ALPHA_VAL[str.charCodeAt(2 * i + 1)];
}
const dec1 = (str, i) => dec2('#' + str[i], 0); // '#' is digit 0

// ---------------------------------------------------------------------------
// Locale tags: canonicalization and negotiation (en-US and zh-CN data only).
const TAG_RE = /^[a-z]{2,3}(-[a-z]{4})?(-([a-z]{2}|\d{3}))?(-([a-z0-9]{5,8}|\d[a-z0-9]{3}))*(-[a-wyz0-9](-[a-z0-9]{2,8})+)*(-x(-[a-z0-9]{1,8})+)?$/i;

function canonicalizeTag(tag) {
  if (typeof tag !== 'string' && !(tag instanceof Locale)) {
    if (tag === null || (typeof tag !== 'object' && typeof tag !== 'string')) throw new TypeError('Language ID should be string or object.');
  }
  tag = String(tag);
  if (!TAG_RE.test(tag)) throw new RangeError('Incorrect locale information provided');
  const parts = tag.toLowerCase().split('-');
  let inExt = false;
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i];
    if (p.length === 1) inExt = true;
    if (inExt) continue;
    if (p.length === 4 && /^[a-z]/.test(p) && i === 1) parts[i] = p[0].toUpperCase() + p.slice(1);
    else if (p.length === 2 || (p.length === 3 && /^\d/.test(p))) parts[i] = p.toUpperCase();
  }
  return parts.join('-');
}

function canonicalizeList(locales) {
  if (locales === undefined) return [];
  const list = typeof locales === 'string' || locales instanceof Locale ? [locales] : Object(locales);
  const out = [];
  const len = list.length >>> 0;
  for (let i = 0; i < len; i++) {
    if (!(i in list)) continue;
    const t = canonicalizeTag(list[i]);
    if (out.indexOf(t) < 0) out.push(t);
  }
  return out;
}

function splitExtensions(tag) {
  const m = /-u(-[a-z0-9]{2,8})+/.exec(tag);
  const ext = {};
  if (m) {
    const ks = m[0].slice(3).split('-');
    let key = null;
    for (const k of ks) {
      if (k.length === 2) { key = k; ext[key] = 'true'; } else if (key) ext[key] = ext[key] === 'true' ? k : ext[key] + '-' + k;
    }
  }
  return { base: tag.replace(/-[a-wyz0-9](-[a-z0-9]{2,8})+/g, '').replace(/-x(-[a-z0-9]{1,8})+$/, ''), ext };
}

// Which data set a canonical base tag maps to: 'zh' for Simplified Chinese, 'en' otherwise.
function dataKeyFor(base) {
  const p = base.split('-');
  if (p[0] !== 'zh') return p[0] === 'en' ? 'en' : null;
  if (p.indexOf('Hant') > 0 || /^(TW|HK|MO)$/.test(p[p.length - 1])) return null;
  return 'zh';
}

function resolveLocale(locales, ctor) {
  const list = canonicalizeList(locales);
  for (const tag of list) {
    const { base, ext } = splitExtensions(tag);
    const key = dataKeyFor(base);
    if (!key) continue;
    const L = data().locales;
    const inputs = L.inputs.split('|');
    const i = inputs.indexOf(base) >= 0 ? inputs.indexOf(base) : inputs.indexOf(key === 'zh' ? 'zh-CN' : 'en-US');
    let locale = L[ctor].split('|')[i];
    if (key === 'en' && /^en-/.test(base) && inputs.indexOf(base) < 0) locale = ctor === 'PluralRules' ? 'en' : 'en-US';
    return { key, locale, ext };
  }
  return { key: 'en', locale: ctor === 'PluralRules' ? 'en' : 'en-US', ext: {} };
}

function supportedLocalesOf(locales) {
  return canonicalizeList(locales).filter((t) => dataKeyFor(splitExtensions(t).base) !== null);
}

function withExt(locale, pairs) {
  const s = pairs.filter((p) => p[1] !== undefined).map((p) => p[0] + '-' + p[1]).join('-');
  return s ? locale + '-u-' + s : locale;
}

// ---------------------------------------------------------------------------
// Time zones: offsets/canonical names from the native, display names from data.
function nativeTz(zone, t) {
  const f = globalThis.__fngate_tz;
  if (typeof f !== 'function') return zone === undefined || /^(utc|etc\/utc|gmt|etc\/gmt)$/i.test(zone) ? { offset: 0, name: 'UTC' } : null;
  return f(zone, t);
}

function resolveTimeZone(tz) {
  if (tz === undefined) return nativeTz(undefined, Date.now()).name;
  const s = String(tz);
  const r = nativeTz(s, Date.now());
  if (!r) throw new RangeError('Invalid time zone specified: ' + s);
  return r.name;
}

// ICU's localized GMT format; `zero` is the text for offset 0 ('GMT' or 'GMT+0').
function gmtString(off, long, zero) {
  if (!off) return zero ? (long ? 'GMT+00:00' : 'GMT+0') : 'GMT';
  const a = Math.abs(off), h = Math.floor(a / 60), m = a % 60;
  const sign = off < 0 ? '-' : '+';
  return long ? 'GMT' + sign + pad2(h) + ':' + pad2(m) : 'GMT' + sign + h + (m ? ':' + pad2(m) : '');
}

const CHINA_SINCE = Date.UTC(1949, 0, 1);
// kind: z (short), zzzz (long), O, OOOO, v, vvvv. Zone rows hold the standard and
// daylight offsets (as of 2024) followed by six names per locale.
function zoneName(key, zone, t, off, kind) {
  if (kind === 'O' || kind === 'OOOO') return gmtString(off, kind === 'OOOO', true);
  const Z = data().zones;
  const row = Z.zones[zone];
  const generic = kind[0] === 'v';
  const long = kind === 'zzzz' || kind === 'vvvv';
  // China's names reach back to 1949, and include its daylight time of 1986-91.
  if (zone === 'Asia/Shanghai' && t >= CHINA_SINCE && off === 540 && !generic) {
    return long ? (key === 'zh' ? '中国夏令时间' : 'China Daylight Time') : gmtString(off, false, false);
  }
  // ICU has no metazone names before 1970 for most zones, nor for offsets the zone
  // no longer uses: it falls back to GMT offsets.
  if (!row || (t < 0 && zone !== 'UTC' && !(zone === 'Asia/Shanghai' && t >= CHINA_SINCE))) return gmtString(off, long, generic);
  if (!generic && off !== row[0] && off !== row[1]) return gmtString(off, long, false);
  const dst = off === row[1] && row[0] !== row[1] ? 1 : 0;
  const i = kind === 'z' ? dst : kind === 'zzzz' ? 2 + dst : kind === 'v' ? 4 : 5;
  return Z.names[row[2 + (key === 'zh' ? 6 : 0) + i]];
}

function timeZoneLongName(epochMs, zone) {
  const r = nativeTz(zone, epochMs);
  if (!r) return gmtString(0, true);
  return zoneName('en', r.name, epochMs, r.offset, 'zzzz');
}

// ---------------------------------------------------------------------------
// DateTimeFormat.
const DTF_COMPONENTS = [
  ['weekday', ['narrow', 'short', 'long']], ['era', ['narrow', 'short', 'long']],
  ['year', ['2-digit', 'numeric']], ['month', ['2-digit', 'numeric', 'narrow', 'short', 'long']],
  ['day', ['2-digit', 'numeric']], ['dayPeriod', ['narrow', 'short', 'long']],
  ['hour', ['2-digit', 'numeric']], ['minute', ['2-digit', 'numeric']], ['second', ['2-digit', 'numeric']],
  ['fractionalSecondDigits', null], ['timeZoneName', ['short', 'long', 'shortOffset', 'longOffset', 'shortGeneric', 'longGeneric']],
];
const STYLES = ['full', 'long', 'medium', 'short'];
const W4 = [undefined, 'long', 'short', 'narrow'];
const Y3 = [undefined, 'numeric', '2-digit'];
const M6 = [undefined, 'numeric', '2-digit', 'long', 'short', 'narrow'];
const TZ7 = [undefined, 'short', 'long', 'shortOffset', 'longOffset', 'shortGeneric', 'longGeneric'];
const TZTOK = { short: 'z', long: 'zzzz', shortOffset: 'O', longOffset: 'OOOO', shortGeneric: 'v', longGeneric: 'vvvv' };
const DP3 = { narrow: 4, short: 5, long: 6 };

function swapHour(p, from, to) {
  return p.replace(new RegExp('\\{' + from + '(' + from + ')?\\}', 'g'), (m, two) => '{' + to + (two ? to : '') + '}');
}

function applyHourCycle(p, hc) {
  if (hc === 'h11') return swapHour(p, 'h', 'K');
  if (hc === 'h24') return swapHour(p, 'H', 'k');
  return p;
}

// Looks up the time part of a skeleton; returns '' when there is none.
function timePattern(dtf, o, hc) {
  const H = Y3.indexOf(o.hour), m = Y3.indexOf(o.minute), s = Y3.indexOf(o.second);
  let F = o.fractionalSecondDigits || 0;
  if (!F && o.dayPeriod) F = DP3[o.dayPeriod];
  const C = o.hour && (hc === 'h23' || hc === 'h24') ? 1 : 0;
  const Z = TZ7.indexOf(o.timeZoneName);
  const slot = (((((H * 3 + m) * 3 + s) * 7 + F) * 2 + C) * 7 + Z);
  let v = dec2(dtf.timeIdx, slot);
  if (v === 0 && F > 3) return timePattern(dtf, Object.assign({}, o, { dayPeriod: undefined }), hc);
  if (v === 0) return { p: '', slot };
  let p;
  if (v === 1) p = dtf.patList[dec2(dtf.timeIdx, slot - Z + 1) - 2].replace('{z}', '{' + TZTOK[o.timeZoneName] + '}');
  else p = dtf.patList[v - 2];
  if (hc === 'h11' || hc === 'h24') {
    const x = dtf.hcx[slot + (hc === 'h11' ? 'K' : 'k')];
    p = x ? dtf.patList[x - 2] : applyHourCycle(p, hc);
  }
  return { p, slot };
}

function dtfData(key) {
  const d = data()[key].dtf;
  if (!d.patList) {
    d.patList = d.pats.split('~');
    d.nameList = {};
    for (const k in d.names) d.nameList[k] = d.names[k].split('|');
  }
  return d;
}

function buildPattern(key, o, hc) {
  const dtf = dtfData(key);
  if (o.dateStyle || o.timeStyle) {
    const ds = o.dateStyle ? STYLES.indexOf(o.dateStyle) + 1 : 0, ts = o.timeStyle ? STYLES.indexOf(o.timeStyle) + 1 : 0;
    const k = '' + ds + ts + (ts ? (hc === 'h11' || hc === 'h12' ? '12' : '23') : '');
    return applyHourCycle(dtf.styles[k], hc);
  }
  const hasDate = o.weekday || o.year || o.month || o.day;
  let dp = '';
  let dk = 0;
  if (hasDate) {
    dk = ((((W4.indexOf(o.weekday) * 4 + W4.indexOf(o.era)) * 3 + Y3.indexOf(o.year)) * 6 + M6.indexOf(o.month)) * 3 + Y3.indexOf(o.day));
    dp = dtf.patList[dec2(dtf.dateIdx, dk) - 2];
  }
  const { p: tp, slot } = timePattern(dtf, o, hc);
  if (dp && tp) {
    const x = dtf.dtx[dk + ':' + slot]; // CLDR has a combined pattern for this pair
    if (x) return applyHourCycle(dtf.patList[x - 2], hc);
    return dp + dtf.joiners[dec1(dtf.joinIdx, dk)] + tp;
  }
  return dp || tp;
}

// Splits "{M}/{d}, {h}" into [['lit', '/'], ['tok', 'M'], ...] once per pattern.
function compilePattern(p) {
  const out = [];
  const re = /\{([^}]+)\}|[^{]+/g;
  let m;
  while ((m = re.exec(p))) out.push(m[1] ? ['tok', m[1]] : ['lit', m[0]]);
  return out;
}

const TOKEN_TYPE = { y: 'year', M: 'month', d: 'day', E: 'weekday', G: 'era', h: 'hour', H: 'hour', K: 'hour', k: 'hour', m: 'minute', s: 'second', S: 'fractionalSecond', a: 'dayPeriod', B: 'dayPeriod', z: 'timeZoneName', O: 'timeZoneName', v: 'timeZoneName' };
const WIDTH = { l: 'long', s: 'short', n: 'narrow' };

// resolvedOptions fields derived from the pattern, as V8 does.
function resolvedFromPattern(pattern) {
  const r = {};
  for (const [kind, tok] of compilePattern(pattern)) {
    if (kind !== 'tok') continue;
    const c = tok[0], two = tok.length === 2 && tok[1] === c ? '2-digit' : 'numeric';
    switch (c) {
      case 'E': r.weekday = WIDTH[tok[1]]; break;
      case 'G': r.era = WIDTH[tok[1]]; break;
      case 'y': r.year = two; break;
      case 'M': r.month = tok.length > 1 && tok[1] !== 'M' ? WIDTH[tok[1]] : two; break;
      case 'd': r.day = two; break;
      case 'B': r.dayPeriod = WIDTH[tok[1]]; break;
      case 'h': case 'H': case 'K': case 'k': r.hour = two; r.hc = { h: 'h12', H: 'h23', K: 'h11', k: 'h24' }[c]; break;
      case 'm': r.minute = two; break;
      case 's': r.second = two; break;
      case 'S': r.fractionalSecondDigits = tok.length; break;
    }
  }
  return r;
}

function DateTimeFormat(locales, options) {
  if (!new.target) return new DateTimeFormat(locales, options);
  slots.set(this, createDateTimeFormat(locales, options, 'any', 'date'));
}

function createDateTimeFormat(locales, options, required, defaults) {
  const loc = resolveLocale(locales, 'DateTimeFormat');
  const opts = toOptions(options);
  const C = 'DateTimeFormat';
  getOption(opts, 'localeMatcher', 'string', ['lookup', 'best fit'], 'best fit', C);
  const calendar = getOption(opts, 'calendar', 'string', null, undefined, C);
  const numberingSystem = getOption(opts, 'numberingSystem', 'string', null, undefined, C);
  const hour12 = getOption(opts, 'hour12', 'boolean', null, undefined, C);
  let hourCycle = getOption(opts, 'hourCycle', 'string', ['h11', 'h12', 'h23', 'h24'], undefined, C);
  const timeZone = resolveTimeZone(opts.timeZone);
  const o = {};
  let firstComponent = null;
  for (const [name, values] of DTF_COMPONENTS) {
    o[name] = values ? getOption(opts, name, 'string', values, undefined, C) : getNumberOption(opts, name, 1, 3, undefined);
    if (o[name] !== undefined && !firstComponent) firstComponent = name;
  }
  getOption(opts, 'formatMatcher', 'string', ['basic', 'best fit'], 'best fit', C);
  o.dateStyle = getOption(opts, 'dateStyle', 'string', STYLES, undefined, C);
  o.timeStyle = getOption(opts, 'timeStyle', 'string', STYLES, undefined, C);
  if (o.dateStyle || o.timeStyle) {
    if (firstComponent) throw new TypeError("Can't set option " + firstComponent + ' when ' + (o.dateStyle ? 'dateStyle' : 'timeStyle') + ' is used');
    if (required === 'date' && !o.dateStyle) throw new TypeError('Invalid option : timeStyle');
    if (required === 'time' && !o.timeStyle) throw new TypeError('Invalid option : dateStyle');
  } else {
    let need = true;
    if (required !== 'time' && (o.weekday || o.year || o.month || o.day)) need = false;
    if (required !== 'date' && (o.dayPeriod || o.hour || o.minute || o.second || o.fractionalSecondDigits)) need = false;
    if (need && (defaults === 'date' || defaults === 'all')) o.year = o.month = o.day = 'numeric';
    if (need && (defaults === 'time' || defaults === 'all')) o.hour = o.minute = o.second = 'numeric';
  }
  const dtf = dtfData(loc.key);
  const extHc = /^h(11|12|23|24)$/.test(loc.ext.hc || '') ? loc.ext.hc : undefined;
  if (hour12 !== undefined) hourCycle = dtf.hc[hour12 ? 1 : 2];
  else if (!hourCycle) hourCycle = extHc || dtf.hc[0];
  const pattern = buildPattern(loc.key, o, hourCycle);
  const useExtHc = extHc && hour12 === undefined && opts.hourCycle === undefined;
  return {
    kind: 'DateTimeFormat', key: loc.key, locale: withExt(loc.locale, [['hc', useExtHc ? extHc : undefined]]),
    calendar: calendar === undefined ? 'gregory' : 'gregory', numberingSystem: numberingSystem === undefined ? 'latn' : 'latn',
    timeZone, o, pattern, compiled: compilePattern(pattern), resolved: resolvedFromPattern(pattern), hourCycle,
  };
}

function toTimeValue(date) {
  const x = date === undefined ? Date.now() : Number(date instanceof Date ? date.valueOf() : date);
  if (!isFinite(x) || Math.abs(x) > 8.64e15) throw new RangeError('Invalid time value');
  return Math.trunc(x) + 0;
}

function renderField(s, tok, d, t, off) {
  const dtf = dtfData(s.key);
  const y = d.getUTCFullYear(), h = d.getUTCHours();
  const hasEra = s.resolved.era !== undefined;
  const yy = hasEra && y <= 0 ? 1 - y : y;
  switch (tok) {
    case 'y': return String(yy);
    case 'yy': return pad2(((yy % 100) + 100) % 100);
    case 'M': return String(d.getUTCMonth() + 1);
    case 'MM': return pad2(d.getUTCMonth() + 1);
    case 'd': return String(d.getUTCDate());
    case 'dd': return pad2(d.getUTCDate());
    case 'h': return String(h % 12 || 12);
    case 'hh': return pad2(h % 12 || 12);
    case 'H': return String(h);
    case 'HH': return pad2(h);
    case 'K': return String(h % 12);
    case 'KK': return pad2(h % 12);
    case 'k': return String(h || 24);
    case 'kk': return pad2(h || 24);
    case 'm': return String(d.getUTCMinutes());
    case 'mm': return pad2(d.getUTCMinutes());
    case 's': return String(d.getUTCSeconds());
    case 'ss': return pad2(d.getUTCSeconds());
    case 'S': case 'SS': case 'SSS': return String(d.getUTCMilliseconds()).padStart(3, '0').slice(0, tok.length);
    case 'z': case 'zzzz': case 'O': case 'OOOO': case 'v': case 'vvvv': return zoneName(s.key, s.timeZone, t, off, tok);
  }
  const names = dtf.nameList[tok];
  switch (tok[0]) {
    case 'M': return names[d.getUTCMonth()];
    case 'E': return names[d.getUTCDay()];
    case 'G': return names[y > 0 ? 1 : 0];
    default: return names[h * 2 + (d.getUTCMinutes() ? 1 : 0)];
  }
}

function formatDateToParts(s, date) {
  const t = toTimeValue(date);
  const off = nativeTz(s.timeZone, t).offset;
  const d = new Date(t + off * 60000);
  const out = [];
  for (const [kind, v] of s.compiled) {
    if (kind === 'lit') out.push({ type: 'literal', value: v });
    else out.push({ type: TOKEN_TYPE[v[0]], value: renderField(s, v, d, t, off) });
  }
  return out;
}

// V8 (node 20) swaps ICU's U+202F for a plain space in format(), not in formatToParts().
function formatDate(s, date) {
  return formatDateToParts(s, date).map((p) => p.value).join('').replace(/\u202f/g, ' ');
}

DateTimeFormat.prototype.formatToParts = function formatToParts(date) {
  return formatDateToParts(slot(this, 'DateTimeFormat', 'formatToParts'), date);
};

DateTimeFormat.prototype.formatRange = function formatRange(a, b) {
  const s = slot(this, 'DateTimeFormat', 'formatRange');
  if (a === undefined || b === undefined) throw new TypeError('startDate and endDate are required');
  const x = formatDate(s, a), y = formatDate(s, b);
  return x === y ? x : x + ' \u2013 ' + y;
};

DateTimeFormat.prototype.formatRangeToParts = function formatRangeToParts(a, b) {
  const s = slot(this, 'DateTimeFormat', 'formatRangeToParts');
  const x = formatDateToParts(s, a).map((p) => Object.assign(p, { source: 'startRange' }));
  const y = formatDateToParts(s, b).map((p) => Object.assign(p, { source: 'endRange' }));
  return x.concat([{ type: 'literal', value: ' \u2013 ', source: 'shared' }], y);
};

Object.defineProperty(DateTimeFormat.prototype, 'format', {
  configurable: true,
  get() {
    const s = slot(this, 'DateTimeFormat', 'format');
    return s.bound || (s.bound = (date) => formatDate(s, date));
  },
});

DateTimeFormat.prototype.resolvedOptions = function resolvedOptions() {
  const s = slot(this, 'DateTimeFormat', 'resolvedOptions');
  const r = { locale: s.locale, calendar: s.calendar, numberingSystem: s.numberingSystem, timeZone: s.timeZone };
  const f = s.resolved;
  if (s.o.dateStyle || s.o.timeStyle) {
    if (s.o.timeStyle) { r.hourCycle = s.hourCycle; r.hour12 = s.hourCycle === 'h11' || s.hourCycle === 'h12'; }
    if (s.o.dateStyle) r.dateStyle = s.o.dateStyle;
    if (s.o.timeStyle) r.timeStyle = s.o.timeStyle;
    return r;
  }
  if (f.hc) { r.hourCycle = f.hc; r.hour12 = f.hc === 'h11' || f.hc === 'h12'; }
  for (const k of ['weekday', 'era', 'year', 'month', 'day', 'dayPeriod', 'hour', 'minute', 'second', 'fractionalSecondDigits']) {
    if (f[k] !== undefined) r[k] = f[k];
  }
  if (s.o.timeZoneName) r.timeZoneName = s.o.timeZoneName;
  return r;
};

DateTimeFormat.supportedLocalesOf = supportedLocalesOf;
defineTag(DateTimeFormat.prototype, 'Intl.DateTimeFormat');

// toLocale*String helpers build formatters per call; cache them by a key of the
// arguments when those are a string/undefined locale and plain-data options.
function cacheKey(locales, options) {
  if (locales !== undefined && typeof locales !== 'string') return null;
  if (options !== undefined && (options === null || typeof options !== 'object' || Object.getPrototypeOf(options) !== Object.prototype)) return null;
  try { return String(locales) + '|' + JSON.stringify(options); } catch (e) { return null; }
}

function cached(cache, key, make) {
  if (key === null) return make();
  let v = cache.get(key);
  if (!v) {
    if (cache.size >= 64) cache.clear();
    v = make();
    cache.set(key, v);
  }
  return v;
}

// Date.prototype.toLocale{,Date,Time}String. kind: 'any' | 'date' | 'time'.
const dtfCache = new Map();
function dateToLocaleString(date, locales, options, kind) {
  const t = date instanceof Date ? date.getTime() : Number(date);
  if (Number.isNaN(t)) return 'Invalid Date';
  const required = kind === 'date' ? 'date' : kind === 'time' ? 'time' : 'any';
  const defaults = kind === 'date' ? 'date' : kind === 'time' ? 'time' : 'all';
  const key = cacheKey(locales, options);
  const s = cached(dtfCache, key === null ? null : required + '|' + key, () => createDateTimeFormat(locales, options, required, defaults));
  return formatDate(s, t);
}

// ---------------------------------------------------------------------------
// Decimal arithmetic on digit strings: {neg, s, p} means 0.s × 10^p (s has no
// leading/trailing zeros; zero is s = '').
function parseDecimal(str) {
  let neg = false, i = 0;
  if (str[0] === '-' || str[0] === '+') { neg = str[0] === '-'; i = 1; }
  let m = str.slice(i), exp = 0;
  const e = m.search(/e/i);
  if (e >= 0) { exp = parseInt(m.slice(e + 1), 10); m = m.slice(0, e); }
  let dot = m.indexOf('.');
  if (dot < 0) dot = m.length;
  let digits = m.slice(0, dot) + m.slice(dot + 1);
  let p = dot + exp;
  const lead = digits.search(/[1-9]/);
  if (lead < 0) return { neg, s: '', p: 0 };
  digits = digits.slice(lead).replace(/0+$/, '');
  p -= lead;
  return { neg, s: digits, p };
}

const DECIMAL_RE = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

// Converts a Number, BigInt or numeric string to {neg, s, p} or {special: 'nan'|'inf'}.
function toDecimal(x) {
  if (typeof x === 'bigint') return parseDecimal(x.toString());
  if (typeof x === 'string') {
    const t = x.trim();
    if (DECIMAL_RE.test(t)) return parseDecimal(t);
    x = Number(t);
  } else {
    x = Number(x);
  }
  if (Number.isNaN(x)) return { special: 'nan', neg: false };
  if (!isFinite(x)) return { special: 'inf', neg: x < 0 };
  const d = parseDecimal(String(Math.abs(x)));
  d.neg = x < 0 || Object.is(x, -0);
  return d;
}

const isZero = (d) => d.s === '';

function incrementDigits(s) {
  let i = s.length - 1;
  while (i >= 0 && s[i] === '9') i--;
  if (i < 0) return { s: '1' + '0'.repeat(s.length), carry: true };
  return { s: s.slice(0, i) + String.fromCharCode(s.charCodeAt(i) + 1) + '0'.repeat(s.length - 1 - i), carry: false };
}

// Rounds to a multiple of 10^mag using an ECMA-402 rounding mode.
function roundAt(d, mag, mode) {
  if (isZero(d)) return d;
  const k = d.p - mag;
  if (k >= d.s.length) return d;
  const kept = k > 0 ? d.s.slice(0, k) : '';
  const rest = k >= 0 ? d.s.slice(k) : '0'.repeat(-k) + d.s;
  const first = rest.charCodeAt(0) - 48;
  const tailNonZero = /[1-9]/.test(rest.slice(1));
  const above = first > 5 || (first === 5 && tailNonZero), half = first === 5 && !tailNonZero;
  const odd = kept.length > 0 && (kept.charCodeAt(kept.length - 1) - 48) % 2 === 1;
  let inc;
  switch (mode) {
    case 'ceil': inc = !d.neg; break;
    case 'floor': inc = d.neg; break;
    case 'expand': inc = true; break;
    case 'trunc': inc = false; break;
    case 'halfCeil': inc = above || (half && !d.neg); break;
    case 'halfFloor': inc = above || (half && d.neg); break;
    case 'halfTrunc': inc = above; break;
    case 'halfEven': inc = above || (half && odd); break;
    default: inc = above || half;
  }
  if (!inc) {
    const s = kept.replace(/0+$/, '');
    return s ? { neg: d.neg, s, p: d.p } : { neg: d.neg, s: '', p: 0 };
  }
  if (!kept) return { neg: d.neg, s: '1', p: mag + 1 };
  const r = incrementDigits(kept);
  return { neg: d.neg, s: r.s.replace(/0+$/, ''), p: d.p + (r.carry ? 1 : 0) };
}

function mulSmall(d, k) {
  if (isZero(d)) return d;
  let carry = 0, out = '';
  for (let i = d.s.length - 1; i >= 0; i--) {
    const v = (d.s.charCodeAt(i) - 48) * k + carry;
    out = (v % 10) + out;
    carry = Math.floor(v / 10);
  }
  const c = carry ? String(carry) : '';
  const r = parseDecimal('0.' + c + out);
  return { neg: d.neg, s: r.s, p: d.p + c.length + r.p };
}

// Rounds to a multiple of inc × 10^mag (inc in 1,2,5,10,20,25,50,...).
function roundIncrement(d, inc, mag, mode) {
  let a = inc, e = 0;
  while (a % 10 === 0) { a /= 10; e++; }
  if (a === 1) return roundAt(d, mag + e, mode);
  const f = { 2: [5, 1], 5: [2, 1], 25: [4, 2] }[a];
  const q = mulSmall(d, f[0]);
  q.p -= f[1];
  const r = roundAt(q, mag + e, mode);
  return mulSmall(r, a);
}

const intDigits = (d) => (d.p > 0 ? d.s.slice(0, d.p) + '0'.repeat(Math.max(0, d.p - d.s.length)) : '0');
const fracDigits = (d) => (d.p >= 0 ? d.s.slice(d.p) : '0'.repeat(-d.p) + d.s);

// ---------------------------------------------------------------------------
// Number formatting core shared by NumberFormat, PluralRules and RelativeTimeFormat.
const ROUNDING_MODES = ['ceil', 'floor', 'expand', 'trunc', 'halfCeil', 'halfFloor', 'halfExpand', 'halfTrunc', 'halfEven'];
const INCREMENTS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000];

// SetNumberFormatDigitOptions (ES2023).
function digitOptions(opts, mnfdDefault, mxfdDefault, notation, C) {
  const r = {};
  r.minimumIntegerDigits = getNumberOption(opts, 'minimumIntegerDigits', 1, 21, 1);
  const mnfd = opts.minimumFractionDigits, mxfd = opts.maximumFractionDigits;
  const mnsd = opts.minimumSignificantDigits, mxsd = opts.maximumSignificantDigits;
  r.roundingIncrement = getNumberOption(opts, 'roundingIncrement', 1, 5000, 1);
  if (INCREMENTS.indexOf(r.roundingIncrement) < 0) throw new RangeError('roundingIncrement value is out of range.');
  r.roundingMode = getOption(opts, 'roundingMode', 'string', ROUNDING_MODES, 'halfExpand', C);
  r.roundingPriority = getOption(opts, 'roundingPriority', 'string', ['auto', 'morePrecision', 'lessPrecision'], 'auto', C);
  r.trailingZeroDisplay = getOption(opts, 'trailingZeroDisplay', 'string', ['auto', 'stripIfInteger'], 'auto', C);
  if (r.roundingIncrement !== 1) mxfdDefault = mnfdDefault;
  const hasSd = mnsd !== undefined || mxsd !== undefined;
  const hasFd = mnfd !== undefined || mxfd !== undefined;
  let needSd = true, needFd = true;
  if (r.roundingPriority === 'auto') {
    needSd = hasSd;
    if (needSd || (!hasFd && notation === 'compact')) needFd = false;
  }
  if (needSd) {
    if (hasSd) {
      r.minimumSignificantDigits = defaultNumberOption(mnsd, 1, 21, 1, 'minimumSignificantDigits');
      r.maximumSignificantDigits = defaultNumberOption(mxsd, r.minimumSignificantDigits, 21, 21, 'maximumSignificantDigits');
    } else { r.minimumSignificantDigits = 1; r.maximumSignificantDigits = 21; }
  }
  if (needFd) {
    if (hasFd) {
      let a = defaultNumberOption(mnfd, 0, 100, undefined, 'minimumFractionDigits');
      let b = defaultNumberOption(mxfd, 0, 100, undefined, 'maximumFractionDigits');
      if (a === undefined) a = Math.min(mnfdDefault, b);
      else if (b === undefined) b = Math.max(mxfdDefault, a);
      else if (a > b) throw new RangeError('maximumFractionDigits value is out of range.');
      r.minimumFractionDigits = a; r.maximumFractionDigits = b;
    } else { r.minimumFractionDigits = mnfdDefault; r.maximumFractionDigits = mxfdDefault; }
  }
  if (!needSd && !needFd) {
    r.minimumFractionDigits = 0; r.maximumFractionDigits = 0;
    r.minimumSignificantDigits = 1; r.maximumSignificantDigits = 2;
    r.roundingType = 'morePrecision'; r.roundingPriority = 'morePrecision';
  } else if (r.roundingPriority === 'auto') {
    r.roundingType = hasSd ? 'significantDigits' : 'fractionDigits';
  } else {
    r.roundingType = r.roundingPriority;
  }
  if (r.roundingIncrement !== 1 && (r.roundingType !== 'fractionDigits' || r.minimumFractionDigits !== r.maximumFractionDigits)) {
    throw new RangeError('maximumFractionDigits value is out of range.');
  }
  return r;
}

// Applies rounding; returns {d, minFrac}.
function roundNumber(d, r) {
  const mode = r.roundingMode;
  const bySig = () => {
    const x = roundAt(d, d.p - r.maximumSignificantDigits, mode);
    return { d: x, minFrac: Math.max(0, r.minimumSignificantDigits - (isZero(x) ? 1 : x.p)), mag: d.p - r.maximumSignificantDigits };
  };
  const byFrac = () => {
    const x = r.roundingIncrement !== 1 ? roundIncrement(d, r.roundingIncrement, -r.maximumFractionDigits, mode) : roundAt(d, -r.maximumFractionDigits, mode);
    return { d: x, minFrac: r.minimumFractionDigits, mag: -r.maximumFractionDigits };
  };
  let res;
  if (r.roundingType === 'significantDigits') res = bySig();
  else if (r.roundingType === 'fractionDigits') res = byFrac();
  else {
    const a = bySig(), b = byFrac();
    if (isZero(d)) res = r.roundingType === 'morePrecision' ? (a.minFrac >= b.minFrac ? a : b) : (a.minFrac <= b.minFrac ? a : b);
    else if (r.roundingType === 'morePrecision') res = a.mag <= b.mag ? a : b;
    else res = a.mag <= b.mag ? b : a;
  }
  if (r.trailingZeroDisplay === 'stripIfInteger' && res.d.s.length <= res.d.p) res.minFrac = 0;
  return res;
}

// Integer/fraction digit strings after rounding and padding.
function digitStrings(d, r) {
  const res = roundNumber(d, r);
  let i = intDigits(res.d), f = fracDigits(res.d);
  if (i.length < r.minimumIntegerDigits) i = '0'.repeat(r.minimumIntegerDigits - i.length) + i;
  if (f.length < res.minFrac) f += '0'.repeat(res.minFrac - f.length);
  return { int: i, frac: f, d: res.d };
}

// ---------------------------------------------------------------------------
// Plural rules (CLDR en and zh).
function pluralCategory(key, type, int, frac) {
  if (key !== 'en') return 'other';
  if (type === 'ordinal') {
    if (/[1-9]/.test(frac)) return 'other';
    const n10 = +int.slice(-1), n100 = +int.slice(-2);
    if (n10 === 1 && n100 !== 11) return 'one';
    if (n10 === 2 && n100 !== 12) return 'two';
    if (n10 === 3 && n100 !== 13) return 'few';
    return 'other';
  }
  return int === '1' && frac === '' ? 'one' : 'other';
}

// ---------------------------------------------------------------------------
// NumberFormat.
const STYLE_VALUES = ['decimal', 'percent', 'currency', 'unit'];
const NF_C = 'NumberFormat';

function NumberFormat(locales, options) {
  if (!new.target) return new NumberFormat(locales, options);
  slots.set(this, createNumberFormat(locales, options));
}

function numData(key) {
  return data()[key].num;
}

function createNumberFormat(locales, options) {
  const loc = resolveLocale(locales, 'NumberFormat');
  const opts = toOptions(options);
  getOption(opts, 'localeMatcher', 'string', ['lookup', 'best fit'], 'best fit', NF_C);
  getOption(opts, 'numberingSystem', 'string', null, undefined, NF_C);
  const s = { kind: 'NumberFormat', key: loc.key, locale: loc.locale, numberingSystem: 'latn' };
  s.style = getOption(opts, 'style', 'string', STYLE_VALUES, 'decimal', NF_C);
  let currency = getOption(opts, 'currency', 'string', null, undefined, NF_C);
  if (currency !== undefined && !/^[a-zA-Z]{3}$/.test(currency)) throw new RangeError('Invalid currency code : ' + currency);
  const currencyDisplay = getOption(opts, 'currencyDisplay', 'string', ['code', 'symbol', 'narrowSymbol', 'name'], 'symbol', NF_C);
  const currencySign = getOption(opts, 'currencySign', 'string', ['standard', 'accounting'], 'standard', NF_C);
  const unit = getOption(opts, 'unit', 'string', null, undefined, NF_C);
  const unitDisplay = getOption(opts, 'unitDisplay', 'string', ['short', 'narrow', 'long'], 'short', NF_C);
  const N = numData(loc.key);
  if (s.style === 'currency') {
    if (currency === undefined) throw new TypeError('Currency code is required with currency style.');
    s.currency = currency.toUpperCase(); s.currencyDisplay = currencyDisplay; s.currencySign = currencySign;
  }
  if (unit !== undefined && !N.units[unit]) throw new RangeError('Invalid unit argument for Intl.NumberFormat() \'' + unit + '\'');
  if (s.style === 'unit') {
    if (unit === undefined) throw new TypeError('Invalid unit argument for Intl.NumberFormat() \'\'');
    s.unit = unit; s.unitDisplay = unitDisplay;
  }
  s.notation = getOption(opts, 'notation', 'string', ['standard', 'scientific', 'engineering', 'compact'], 'standard', NF_C);
  let mnfdDefault = 0, mxfdDefault = 3;
  if (s.style === 'currency' && s.notation !== 'compact') {
    const cd = N.cur.digits[s.currency];
    mnfdDefault = mxfdDefault = cd === undefined ? 2 : cd;
  } else if (s.style === 'percent') { mxfdDefault = 0; }
  s.digits = digitOptions(opts, mnfdDefault, mxfdDefault, s.notation, NF_C);
  s.compactDisplay = getOption(opts, 'compactDisplay', 'string', ['short', 'long'], 'short', NF_C);
  const ug = opts.useGrouping;
  const defGrouping = s.notation === 'compact' ? 'min2' : 'auto';
  if (ug === undefined) s.useGrouping = defGrouping;
  else if (ug === true) s.useGrouping = 'always';
  else if (ug === false || ug === null || ug === 0 || ug === '') s.useGrouping = false;
  else {
    const v = String(ug);
    if (v === 'true' || v === 'false') s.useGrouping = defGrouping;
    else if (['min2', 'auto', 'always'].indexOf(v) >= 0) s.useGrouping = v;
    else throw new RangeError('Value ' + v + ' out of range for Intl.NumberFormat options property useGrouping');
  }
  s.signDisplay = getOption(opts, 'signDisplay', 'string', ['auto', 'never', 'always', 'exceptZero', 'negative'], 'auto', NF_C);
  return s;
}

// Template strings from the generator: 'm-|c|n' = minusSign '-', currency, number.
const TPL_TYPES = { l: 'literal', C: 'currency', u: 'unit', p: 'percentSign', m: 'minusSign', s: 'plusSign', k: 'compact' };
const tplCache = new Map();
function parseTemplate(t) {
  let r = tplCache.get(t);
  if (!r) {
    r = t.split('|').map((x) => [x[0], x.slice(1)]);
    tplCache.set(t, r);
  }
  return r;
}

function fillTemplate(t, fill) {
  const out = [];
  for (const [c, v] of parseTemplate(t)) {
    if (c === 'n' || c === 'c') for (const p of fill[c]) out.push(p);
    else out.push({ type: TPL_TYPES[c], value: v });
  }
  return out;
}

function groupInteger(s, int, N) {
  const g = s.useGrouping;
  const on = g === 'always' || g === 'auto' ? int.length > 3 : g === 'min2' ? int.length >= 5 : false;
  if (!on) return [{ type: 'integer', value: int }];
  const out = [];
  const first = int.length % 3 || 3;
  out.push({ type: 'integer', value: int.slice(0, first) });
  for (let i = first; i < int.length; i += 3) {
    out.push({ type: 'group', value: N.sym.group });
    out.push({ type: 'integer', value: int.slice(i, i + 3) });
  }
  return out;
}

function digitParts(s, ds, N) {
  const out = groupInteger(s, ds.int, N);
  if (ds.frac) out.push({ type: 'decimal', value: N.sym.decimal }, { type: 'fraction', value: ds.frac });
  return out;
}

// Rounds and lays out the unsigned number (with compact/exponent parts); returns
// {parts, int, frac, zero} for the sign and style wrappers.
function numberBody(s, d, N) {
  if (d.special) {
    const v = d.special === 'nan' ? N.sym.nan : N.sym.inf;
    return { parts: [{ type: d.special === 'nan' ? 'nan' : 'infinity', value: v }], int: v, frac: '', zero: false };
  }
  if (s.style === 'percent') d = { neg: d.neg, s: d.s, p: isZero(d) ? 0 : d.p + 2 };
  const r = s.digits;
  if (s.notation === 'scientific' || s.notation === 'engineering') {
    const step = s.notation === 'engineering' ? 3 : 1;
    let e = isZero(d) ? 0 : Math.floor((d.p - 1) / step) * step;
    let ds = digitStrings({ neg: d.neg, s: d.s, p: d.p - e }, r);
    if (!isZero(ds.d) && ds.d.p - 1 >= step) {
      e += step;
      ds = digitStrings({ neg: d.neg, s: d.s, p: d.p - e }, r);
    }
    const parts = digitParts({ useGrouping: false }, ds, N);
    parts.push({ type: 'exponentSeparator', value: N.sym.exp });
    if (e < 0) parts.push({ type: 'exponentMinusSign', value: N.sym.minus });
    parts.push({ type: 'exponentInteger', value: String(Math.abs(e)) });
    return { parts, int: ds.int, frac: ds.frac, zero: isZero(ds.d) };
  }
  if (s.notation === 'compact') {
    const rows = compactRows(N, s.compactDisplay);
    const row = (mag) => rows[Math.max(0, Math.min(mag, rows.length - 1))];
    let mag = isZero(d) ? 0 : d.p - 1;
    let rw = row(mag);
    let ds = digitStrings({ neg: d.neg, s: d.s, p: d.p - rw[0] }, r);
    const newMag = isZero(ds.d) ? 0 : ds.d.p - 1 + rw[0];
    if (newMag > mag && row(newMag)[0] !== rw[0]) {
      mag = newMag; rw = row(mag);
      ds = digitStrings({ neg: d.neg, s: d.s, p: d.p - rw[0] }, r);
    }
    const cat = pluralCategory(s.key, 'cardinal', ds.int, ds.frac);
    const tpl = cat === 'one' ? rw[1] : rw[2];
    return { parts: fillTemplate(tpl, { n: digitParts(s, ds, N) }), int: ds.int, frac: ds.frac, zero: isZero(ds.d) };
  }
  const ds = digitStrings(d, r);
  return { parts: digitParts(s, ds, N), int: ds.int, frac: ds.frac, zero: isZero(ds.d) };
}

function compactRows(N, display) {
  const key = '_rows_' + display;
  if (!N[key]) {
    N[key] = N.compact[display].split('~').map((row) => {
      const a = row.split('#');
      return [+a[0], a[1], a[2] || a[1]];
    });
  }
  return N[key];
}

// 0 = positive template, 1 = negative, 2 = explicit plus.
function signIndex(s, neg, zero) {
  switch (s.signDisplay) {
    case 'never': return 0;
    case 'always': return neg ? 1 : 2;
    case 'exceptZero': return zero ? 0 : neg ? 1 : 2;
    case 'negative': return neg && !zero ? 1 : 0;
    default: return neg ? 1 : 0;
  }
}

function currencyString(s, N, cat) {
  const c = s.currency;
  switch (s.currencyDisplay) {
    case 'code': return c;
    case 'narrowSymbol': return N.cur.narrow[c] || c;
    case 'name': {
      const n = N.cur.names[c];
      if (!n) return c;
      return typeof n === 'string' ? n : cat === 'one' ? n[0] : n[1];
    }
    default: return N.cur.sym[c] || c;
  }
}

function formatNumberToParts(s, x) {
  const N = numData(s.key);
  const d = toDecimal(x);
  const body = numberBody(s, d, N);
  const neg = d.neg && !d.special ? d.neg : d.special === 'inf' && d.neg;
  const si = signIndex(s, neg, body.zero);
  const cat = pluralCategory(s.key, 'cardinal', body.int, body.frac);
  if (s.style === 'currency') {
    const name = s.currencyDisplay === 'name';
    const tpl = N.cur.tpl[(name ? 'name' : 'symbol') + '.' + s.currencySign][si];
    const cur = currencyString(s, N, cat);
    const parts = fillTemplate(tpl, { n: body.parts, c: [{ type: 'currency', value: cur }] });
    return name ? parts : currencySpacing(parts);
  }
  if (s.style === 'percent') return fillTemplate(N.percent[si], { n: body.parts });
  const signed = fillTemplate(N.decimal[si], { n: body.parts });
  if (s.style === 'unit') {
    const u = N.units[s.unit].split('~')[['short', 'long', 'narrow'].indexOf(s.unitDisplay)].split('#');
    return fillTemplate(cat === 'one' ? u[0] : u[u.length - 1], { n: signed });
  }
  return signed;
}

// ICU currency spacing: a no-break space between a letter-like symbol and a digit.
function currencySpacing(parts) {
  const out = [];
  const isNum = (p) => p && (p.type === 'integer' || p.type === 'nan' || p.type === 'infinity');
  const letterish = (ch) => ch && !/[\p{S}\s]/u.test(ch);
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    out.push(p);
    if (p.type === 'currency' && isNum(parts[i + 1]) && letterish(p.value[p.value.length - 1])) out.push({ type: 'literal', value: '\u00a0' });
    if (isNum(p) && parts[i + 1] && parts[i + 1].type === 'currency' && letterish(parts[i + 1].value[0])) out.push({ type: 'literal', value: '\u00a0' });
  }
  return out;
}

function formatNumber(s, x) {
  let str = '';
  for (const p of formatNumberToParts(s, x)) str += p.value;
  return str;
}

function toNumeric(x) {
  if (typeof x === 'bigint' || typeof x === 'string') return x;
  if (x !== null && typeof x === 'object') {
    const prim = x.valueOf();
    if (typeof prim === 'bigint') return prim;
    return Number(x);
  }
  return Number(x);
}

Object.defineProperty(NumberFormat.prototype, 'format', {
  configurable: true,
  get() {
    const s = slot(this, 'NumberFormat', 'format');
    return s.bound || (s.bound = (x) => formatNumber(s, toNumeric(x)));
  },
});

NumberFormat.prototype.formatToParts = function formatToParts(x) {
  return formatNumberToParts(slot(this, 'NumberFormat', 'formatToParts'), toNumeric(x));
};

NumberFormat.prototype.formatRange = function formatRange(a, b) {
  const s = slot(this, 'NumberFormat', 'formatRange');
  if (a === undefined || b === undefined) throw new TypeError('start or end is undefined');
  const x = formatNumber(s, toNumeric(a)), y = formatNumber(s, toNumeric(b));
  if (x === y) return '~' + x;
  // ICU spaces the dash when a symbol stands beside it ("$3 – $5", "3–5").
  const spaced = /\D$/.test(x) || /^[^\d-]/.test(y);
  return x + (spaced ? ' \u2013 ' : '\u2013') + y;
};

NumberFormat.prototype.resolvedOptions = function resolvedOptions() {
  const s = slot(this, 'NumberFormat', 'resolvedOptions');
  const r = { locale: s.locale, numberingSystem: s.numberingSystem, style: s.style };
  if (s.style === 'currency') { r.currency = s.currency; r.currencyDisplay = s.currencyDisplay; r.currencySign = s.currencySign; }
  if (s.style === 'unit') { r.unit = s.unit; r.unitDisplay = s.unitDisplay; }
  const d = s.digits;
  r.minimumIntegerDigits = d.minimumIntegerDigits;
  if (d.minimumSignificantDigits !== undefined && d.roundingType !== 'fractionDigits') {
    r.minimumSignificantDigits = d.minimumSignificantDigits; r.maximumSignificantDigits = d.maximumSignificantDigits;
  }
  if (d.minimumFractionDigits !== undefined && d.roundingType !== 'significantDigits') {
    r.minimumFractionDigits = d.minimumFractionDigits; r.maximumFractionDigits = d.maximumFractionDigits;
  }
  r.useGrouping = s.useGrouping;
  r.notation = s.notation;
  if (s.notation === 'compact') r.compactDisplay = s.compactDisplay;
  r.signDisplay = s.signDisplay;
  r.roundingMode = d.roundingMode;
  r.roundingIncrement = d.roundingIncrement;
  r.trailingZeroDisplay = d.trailingZeroDisplay;
  r.roundingPriority = d.roundingPriority;
  return r;
};

NumberFormat.supportedLocalesOf = supportedLocalesOf;
defineTag(NumberFormat.prototype, 'Intl.NumberFormat');

const nfCache = new Map();
function numberToLocaleString(n, locales, options) {
  return formatNumber(cached(nfCache, cacheKey(locales, options), () => createNumberFormat(locales, options)), n);
}

// ---------------------------------------------------------------------------
// PluralRules.
class PluralRules {
  constructor(locales, options) {
    const loc = resolveLocale(locales, 'PluralRules');
    const opts = toOptions(options);
    getOption(opts, 'localeMatcher', 'string', ['lookup', 'best fit'], 'best fit', 'PluralRules');
    const type = getOption(opts, 'type', 'string', ['cardinal', 'ordinal'], 'cardinal', 'PluralRules');
    const digits = digitOptions(opts, 0, 3, 'standard', 'PluralRules');
    slots.set(this, { kind: 'PluralRules', key: loc.key, locale: loc.locale, type, digits });
  }

  select(n) {
    const s = slot(this, 'PluralRules', 'select');
    const d = toDecimal(Number(n));
    if (d.special) return 'other';
    const ds = digitStrings(d, s.digits);
    return pluralCategory(s.key, s.type, ds.int, ds.frac);
  }

  selectRange(a, b) {
    const s = slot(this, 'PluralRules', 'selectRange');
    if (a === undefined || b === undefined) throw new TypeError('start or end is undefined');
    return s.key === 'en' ? 'other' : 'other';
  }

  resolvedOptions() {
    const s = slot(this, 'PluralRules', 'resolvedOptions');
    const d = s.digits;
    const r = { locale: s.locale, type: s.type, minimumIntegerDigits: d.minimumIntegerDigits };
    if (d.minimumFractionDigits !== undefined && d.roundingType !== 'significantDigits') {
      r.minimumFractionDigits = d.minimumFractionDigits; r.maximumFractionDigits = d.maximumFractionDigits;
    }
    if (d.minimumSignificantDigits !== undefined && d.roundingType !== 'fractionDigits') {
      r.minimumSignificantDigits = d.minimumSignificantDigits; r.maximumSignificantDigits = d.maximumSignificantDigits;
    }
    r.pluralCategories = s.key !== 'en' ? ['other'] : s.type === 'ordinal' ? ['few', 'one', 'two', 'other'] : ['one', 'other'];
    return r;
  }

  static supportedLocalesOf(locales) { return supportedLocalesOf(locales); }
}
defineTag(PluralRules.prototype, 'Intl.PluralRules');

// ---------------------------------------------------------------------------
// RelativeTimeFormat.
const RT_UNITS = ['second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'];

class RelativeTimeFormat {
  constructor(locales, options) {
    const loc = resolveLocale(locales, 'RelativeTimeFormat');
    const opts = toOptions(options);
    const C = 'RelativeTimeFormat';
    getOption(opts, 'localeMatcher', 'string', ['lookup', 'best fit'], 'best fit', C);
    getOption(opts, 'numberingSystem', 'string', null, undefined, C);
    const style = getOption(opts, 'style', 'string', ['long', 'short', 'narrow'], 'long', C);
    const numeric = getOption(opts, 'numeric', 'string', ['always', 'auto'], 'always', C);
    slots.set(this, { kind: 'RelativeTimeFormat', key: loc.key, locale: loc.locale, style, numeric, nf: createNumberFormat(loc.key === 'zh' ? 'zh-CN' : 'en-US') });
  }

  format(value, unit) {
    return this.formatToParts(value, unit).map((p) => p.value).join('');
  }

  formatToParts(value, unit) {
    const s = slot(this, 'RelativeTimeFormat', 'formatToParts');
    const v = Number(value);
    const u = String(unit).replace(/s$/, '');
    if (RT_UNITS.indexOf(u) < 0) throw new RangeError('Invalid unit argument for Intl.RelativeTimeFormat.prototype.format() \'' + String(unit) + '\'');
    if (!isFinite(v)) throw new RangeError('Invalid time value');
    const [tpls, phrases] = data()[s.key].rel[s.style + '.' + u];
    if (s.numeric === 'auto' && phrases) {
      const k = Object.is(v, -0) ? '0' : String(v);
      if (phrases[k] !== undefined) return [{ type: 'literal', value: phrases[k] }];
    }
    const neg = v < 0 || Object.is(v, -0);
    const numParts = formatNumberToParts(s.nf, Math.abs(v));
    const int = numParts.filter((p) => p.type === 'integer').map((p) => p.value).join('');
    const frac = numParts.filter((p) => p.type === 'fraction').map((p) => p.value).join('');
    const one = pluralCategory(s.key, 'cardinal', int, frac) === 'one';
    const t = tpls.split('|')[(neg ? 2 : 0) + (one ? 0 : 1)];
    const i = t.indexOf('{0}');
    const out = [];
    if (i > 0) out.push({ type: 'literal', value: t.slice(0, i) });
    for (const p of numParts) out.push({ type: p.type, value: p.value, unit: u });
    if (i + 3 < t.length) out.push({ type: 'literal', value: t.slice(i + 3) });
    return out;
  }

  resolvedOptions() {
    const s = slot(this, 'RelativeTimeFormat', 'resolvedOptions');
    return { locale: s.locale, style: s.style, numeric: s.numeric, numberingSystem: 'latn' };
  }

  static supportedLocalesOf(locales) { return supportedLocalesOf(locales); }
}
defineTag(RelativeTimeFormat.prototype, 'Intl.RelativeTimeFormat');

// ---------------------------------------------------------------------------
// ListFormat.
class ListFormat {
  constructor(locales, options) {
    const loc = resolveLocale(locales, 'ListFormat');
    const opts = toOptions(options);
    const C = 'ListFormat';
    getOption(opts, 'localeMatcher', 'string', ['lookup', 'best fit'], 'best fit', C);
    const type = getOption(opts, 'type', 'string', ['conjunction', 'disjunction', 'unit'], 'conjunction', C);
    const style = getOption(opts, 'style', 'string', ['long', 'short', 'narrow'], 'long', C);
    slots.set(this, { kind: 'ListFormat', key: loc.key, locale: loc.locale, type, style });
  }

  format(list) {
    return this.formatToParts(list).map((p) => p.value).join('');
  }

  formatToParts(list) {
    const s = slot(this, 'ListFormat', 'formatToParts');
    const items = [];
    if (list !== undefined) {
      for (const x of list) {
        if (typeof x !== 'string') throw new TypeError('Iterable yielded ' + (typeof x === 'object' ? describe(x) : String(x)) + ' which is not a string');
        items.push(x);
      }
    }
    const [pair, start, middle, end] = data()[s.key].list[s.type + '.' + s.style];
    const out = [];
    items.forEach((x, i) => {
      if (i > 0) {
        const sep = items.length === 2 ? pair : i === 1 ? start : i === items.length - 1 ? end : middle;
        out.push({ type: 'literal', value: sep });
      }
      out.push({ type: 'element', value: x });
    });
    return out;
  }

  resolvedOptions() {
    const s = slot(this, 'ListFormat', 'resolvedOptions');
    return { locale: s.locale, type: s.type, style: s.style };
  }

  static supportedLocalesOf(locales) { return supportedLocalesOf(locales); }
}
defineTag(ListFormat.prototype, 'Intl.ListFormat');

// ---------------------------------------------------------------------------
// Collator: a UCA-style three-level comparison driven by ranks extracted from ICU
// (root order for Latin/Greek/Cyrillic/punctuation, pinyin rank table for zh Han).
const collTables = {};
const PRIMARY_SCALE = 8192;

function collTable(key) {
  if (collTables[key]) return collTables[key];
  const c = data()[key].coll;
  const map = new Map();
  let P = 1, S = 0, T = 0;
  let hanBase = -1;
  for (let i = 0; i < c.order.length; i++) {
    if (i > 0) {
      const l = c.levels[i - 1];
      if (l === '1') { P++; S = 0; T = 0; } else if (l === '2') { S++; T = 0; } else if (l === '3') T++;
    }
    const ch = c.order[i];
    if (ch === '\u963f' && c.han) hanBase = P; // 阿 marks where Han sorts in zh
    else map.set(ch, [P * PRIMARY_SCALE, 1 + S, T]);
  }
  const han = new Map();
  for (let i = 0; i < c.han.length; i++) han.set(c.han[i], i);
  const marks = new Map();
  for (let i = 0; i < c.marks.length; i++) marks.set(c.marks.charCodeAt(i), 100 + i);
  const digit0 = map.get('0')[0];
  return (collTables[key] = { map, han, hanBase, marks, precomposed: key === 'zh', variable: new Set(c.variable), expand: c.expand, digit0, cache: new Map() });
}

// 重庆 sorts as chóng qìng (重 alone is zhòng).
const HAN_WORDS = { '\u91cd\u5e86': '\u5d07' };
const isHan = (cp) => (cp >= 0x3400 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3ffff);

// Collation elements [primary, secondary, tertiary, upper] for one string.
function collationElements(tb, str, numeric, ignorePunct) {
  const key = (numeric ? '1' : '0') + (ignorePunct ? '1' : '0') + str;
  const hit = tb.cache.get(key);
  if (hit) return hit;
  const out = [];
  const s = tb.precomposed ? str.normalize('NFC') : str.normalize('NFD');
  for (let i = 0; i < s.length; i++) {
    let cp = s.codePointAt(i);
    const ch = String.fromCodePoint(cp);
    if (cp > 0xffff) i++;
    if (numeric && cp >= 48 && cp <= 57) {
      let j = i;
      while (j < s.length && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
      const run = s.slice(i, j).replace(/^0+(?=\d)/, '');
      out.push([tb.digit0 - PRIMARY_SCALE / 2 + Math.min(run.length, 4000), 1, 0, false]);
      for (const dch of run) out.push(tb.map.get(dch).slice(0, 3).concat(false));
      i = j - 1;
      continue;
    }
    const w = tb.map.get(ch);
    if (w && ignorePunct && tb.variable.has(ch)) continue;
    const upper = ch !== ch.toLowerCase();
    if (w) { out.push([w[0], w[1], w[2], upper]); continue; }
    const m = tb.marks.get(cp);
    if (m !== undefined || /\p{M}/u.test(ch)) { out.push([0, m || 200, 0, false]); continue; }
    const ex = tb.expand[ch] || tb.expand[ch.toLowerCase()];
    if (ex) { // ß = ss, æ = ae with a secondary difference
      for (let k = 0; k < ex.length; k++) { const x = tb.map.get(ex[k]); out.push([x[0], k ? x[1] : 90, x[2], upper]); }
      continue;
    }
    if (tb.precomposed && ch.normalize('NFD') !== ch) { // not in the table: decompose
      const sub = collationElements(tb, ch.normalize('NFD'), numeric, ignorePunct);
      for (const e of sub) out.push(e);
      continue;
    }
    if (isHan(cp) && tb.hanBase > 0) {
      // ICU's pinyin contractions for words whose first character reads otherwise alone.
      const word = HAN_WORDS[s.slice(i, i + 2)];
      const r = tb.han.get(word || ch);
      out.push([tb.hanBase * PRIMARY_SCALE + (r !== undefined ? r : 7000 + cp / 1e6), 1, 0, false]);
      continue;
    }
    const lw = tb.map.get(ch.toLowerCase());
    if (lw) { out.push([lw[0], lw[1], lw[2] + 1, upper]); continue; }
    out.push([1e9 + cp, 1, 0, upper]);
  }
  if (tb.cache.size > 2000) tb.cache.clear();
  tb.cache.set(key, out);
  return out;
}

function compareLevel(a, b, pick) {
  let i = 0, j = 0;
  for (;;) {
    while (i < a.length && pick(a[i]) === null) i++;
    while (j < b.length && pick(b[j]) === null) j++;
    if (i >= a.length || j >= b.length) return (i < a.length) - (j < b.length);
    const x = pick(a[i]), y = pick(b[j]);
    if (x !== y) return x < y ? -1 : 1;
    i++; j++;
  }
}

function collatorCompare(s, x, y) {
  x = String(x); y = String(y);
  if (x === y) return 0;
  const tb = collTable(s.key);
  const a = collationElements(tb, x, s.numeric, s.ignorePunctuation);
  const b = collationElements(tb, y, s.numeric, s.ignorePunctuation);
  let r = compareLevel(a, b, (e) => (e[0] ? e[0] : null));
  if (r || s.sensitivity === 'base') return r;
  const upperFirst = s.caseFirst === 'upper';
  if (s.sensitivity === 'case') {
    return compareLevel(a, b, (e) => (e[0] ? (e[3] !== upperFirst ? 1 : 0) : null));
  }
  r = compareLevel(a, b, (e) => e[1]);
  if (r || s.sensitivity === 'accent') return r;
  if (s.caseFirst === 'upper' || s.caseFirst === 'lower') {
    r = compareLevel(a, b, (e) => (e[0] ? (e[3] !== upperFirst ? 1 : 0) : null));
    if (r) return r;
  }
  return compareLevel(a, b, (e) => (e[0] ? e[2] : null));
}

function Collator(locales, options) {
  if (!new.target) return new Collator(locales, options);
  const loc = resolveLocale(locales, 'Collator');
  const opts = toOptions(options);
  const C = 'Collator';
  const usage = getOption(opts, 'usage', 'string', ['sort', 'search'], 'sort', C);
  getOption(opts, 'localeMatcher', 'string', ['lookup', 'best fit'], 'best fit', C);
  getOption(opts, 'collation', 'string', null, undefined, C);
  let numeric = getOption(opts, 'numeric', 'boolean', null, undefined, C);
  let caseFirst = getOption(opts, 'caseFirst', 'string', ['upper', 'lower', 'false'], undefined, C);
  const sensitivity = getOption(opts, 'sensitivity', 'string', ['base', 'accent', 'case', 'variant'], 'variant', C);
  const ignorePunctuation = getOption(opts, 'ignorePunctuation', 'boolean', null, false, C);
  const ext = [];
  if (numeric === undefined && loc.ext.kn !== undefined) { numeric = loc.ext.kn !== 'false'; ext.push(['kn', loc.ext.kn === 'true' ? undefined : loc.ext.kn]); }
  if (caseFirst === undefined && /^(upper|lower|false)$/.test(loc.ext.kf || '')) { caseFirst = loc.ext.kf; ext.push(['kf', caseFirst]); }
  let locale = loc.locale;
  if (ext.length) locale = locale + '-u-' + ext.map((p) => (p[1] === undefined ? p[0] : p[0] + '-' + p[1])).join('-');
  slots.set(this, { kind: 'Collator', key: loc.key, locale, usage, sensitivity, ignorePunctuation, numeric: !!numeric, caseFirst: caseFirst || 'false' });
}

Object.defineProperty(Collator.prototype, 'compare', {
  configurable: true,
  get() {
    const s = slot(this, 'Collator', 'compare');
    return s.bound || (s.bound = (a, b) => collatorCompare(s, a, b));
  },
});

Collator.prototype.resolvedOptions = function resolvedOptions() {
  const s = slot(this, 'Collator', 'resolvedOptions');
  return { locale: s.locale, usage: s.usage, sensitivity: s.sensitivity, ignorePunctuation: s.ignorePunctuation, collation: 'default', numeric: s.numeric, caseFirst: s.caseFirst };
};

Collator.supportedLocalesOf = supportedLocalesOf;
defineTag(Collator.prototype, 'Intl.Collator');

let defaultCollator = null;
function localeCompare(a, b, locales, options) {
  if (locales === undefined && options === undefined) {
    defaultCollator = defaultCollator || new Collator();
    return slots.get(defaultCollator) && collatorCompare(slots.get(defaultCollator), a, b);
  }
  return collatorCompare(slots.get(new Collator(locales, options)), a, b);
}

// ---------------------------------------------------------------------------
// Locale (basic): parsing, keyword getters, maximize/minimize for common tags.
const LIKELY = {
  en: 'en-Latn-US', zh: 'zh-Hans-CN', 'zh-TW': 'zh-Hant-TW', 'zh-HK': 'zh-Hant-HK', 'zh-MO': 'zh-Hant-MO', 'zh-Hant': 'zh-Hant-TW',
  ja: 'ja-Jpan-JP', ko: 'ko-Kore-KR', fr: 'fr-Latn-FR', de: 'de-Latn-DE', es: 'es-Latn-ES', ru: 'ru-Cyrl-RU', pt: 'pt-Latn-BR', it: 'it-Latn-IT',
};
const LOCALE_KEYS = { calendar: 'ca', caseFirst: 'kf', collation: 'co', hourCycle: 'hc', numberingSystem: 'nu', numeric: 'kn' };

class Locale {
  constructor(tag, options) {
    if (typeof tag !== 'string' && !(tag instanceof Locale)) throw new TypeError('First argument to Intl.Locale constructor can\'t be empty or missing');
    const canon = canonicalizeTag(String(tag));
    const { base, ext } = splitExtensions(canon);
    const p = base.split('-');
    const s = { kind: 'Locale', language: p[0], script: undefined, region: undefined, variants: [], ext: Object.assign({}, ext) };
    for (let i = 1; i < p.length; i++) {
      if (p[i].length === 4 && i === 1) s.script = p[i];
      else if ((p[i].length === 2 || /^\d{3}$/.test(p[i])) && !s.region && !s.variants.length) s.region = p[i];
      else s.variants.push(p[i]);
    }
    const opts = toOptions(options);
    for (const k of ['language', 'script', 'region']) if (opts[k] !== undefined) s[k] = k === 'script' ? String(opts[k])[0].toUpperCase() + String(opts[k]).slice(1).toLowerCase() : k === 'region' ? String(opts[k]).toUpperCase() : String(opts[k]).toLowerCase();
    for (const k in LOCALE_KEYS) if (opts[k] !== undefined) s.ext[LOCALE_KEYS[k]] = String(opts[k]);
    slots.set(this, s);
  }

  get baseName() {
    const s = slot(this, 'Locale', 'baseName');
    return [s.language, s.script, s.region].concat(s.variants).filter(Boolean).join('-');
  }

  get language() { return slot(this, 'Locale', 'language').language; }
  get script() { return slot(this, 'Locale', 'script').script; }
  get region() { return slot(this, 'Locale', 'region').region; }
  get calendar() { return slot(this, 'Locale', 'calendar').ext.ca; }
  get caseFirst() { return slot(this, 'Locale', 'caseFirst').ext.kf; }
  get collation() { return slot(this, 'Locale', 'collation').ext.co; }
  get hourCycle() { return slot(this, 'Locale', 'hourCycle').ext.hc; }
  get numberingSystem() { return slot(this, 'Locale', 'numberingSystem').ext.nu; }
  get numeric() { const v = slot(this, 'Locale', 'numeric').ext.kn; return v === 'true' || v === ''; }

  toString() {
    const s = slot(this, 'Locale', 'toString');
    const keys = Object.keys(s.ext).sort();
    const ext = keys.map((k) => (s.ext[k] === 'true' ? k : k + '-' + s.ext[k])).join('-');
    return this.baseName + (ext ? '-u-' + ext : '');
  }

  maximize() {
    const s = slot(this, 'Locale', 'maximize');
    const lk = LIKELY[s.language + (s.region ? '-' + s.region : '')] || LIKELY[s.language + (s.script ? '-' + s.script : '')] || LIKELY[s.language];
    if (!lk) return new Locale(this.toString());
    const p = lk.split('-');
    return new Locale(this.toString(), { script: s.script || p[1], region: s.region || p[2] });
  }

  minimize() {
    const s = slot(this, 'Locale', 'minimize');
    const full = this.maximize().baseName;
    const ext = this.toString().slice(this.baseName.length);
    for (const cand of [s.language, s.language + '-' + (s.region || ''), s.language + '-' + (s.script || '')]) {
      if (/-$/.test(cand)) continue;
      if (new Locale(cand).maximize().baseName === full) return new Locale(cand + ext);
    }
    return new Locale(this.toString());
  }
}
defineTag(Locale.prototype, 'Intl.Locale');

// ---------------------------------------------------------------------------
// Intl namespace.
function getCanonicalLocales(locales) {
  return canonicalizeList(locales);
}

function supportedValuesOf(key) {
  const k = String(key);
  const D = data();
  switch (k) {
    case 'calendar': return ['gregory'];
    case 'collation': return ['default'];
    case 'currency': return Object.keys(D.en.num.cur.digits).sort();
    case 'numberingSystem': return ['latn'];
    // ICU lists canonical zones only: not UTC itself, nor the newest names (Europe/Kyiv).
    case 'timeZone': return Object.keys(D.zones.zones).filter((z) => z !== 'Asia/Calcutta' && z !== 'UTC' && z !== 'Europe/Kyiv').sort();
    case 'unit': return Object.keys(D.en.num.units).filter((u) => u.indexOf('-per-') < 0).sort();
  }
  throw new RangeError('Invalid key : ' + k);
}

// ---------------------------------------------------------------------------
// Segmenter: graphemes (clusters of marks, joiners, variation selectors and
// emoji modifiers), words (runs of letters, digits, apostrophes; Han
// characters one by one, having no dictionary) and sentences.
const GRAPHEME_EXTEND = /^[\p{M}\u200c\u200d\ufe00-\ufe0f\u{1f3fb}-\u{1f3ff}\u{e0020}-\u{e007f}]$/u;
function graphemes(text) {
  const out = [];
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const last = out.length ? out[out.length - 1] : null;
    const joined = last && (GRAPHEME_EXTEND.test(c) || last.endsWith('\u200d') || (c === '\n' && last.endsWith('\r')) ||
      (/\p{Regional_Indicator}/u.test(c) && /^(\p{Regional_Indicator})$/u.test(last)));
    if (joined) out[out.length - 1] = last + c; else out.push(c);
  }
  return out;
}
function wordPieces(text) {
  const re = /[\p{Script=Han}]|[\p{L}\p{N}_]+(?:['\u2019.][\p{L}\p{N}_]+)*|\s+|[^\s\p{L}\p{N}_]/gu;
  return (text.match(re) || []).map((seg) => ({ segment: seg, wordLike: /[\p{L}\p{N}]/u.test(seg) }));
}
function sentencePieces(text) {
  return text.match(/[^.!?\u3002\uff01\uff1f]+(?:[.!?\u3002\uff01\uff1f]+[\s]*|$)|[.!?\u3002\uff01\uff1f]+\s*/g) || [];
}
class Segmenter {
  constructor(locales, options) {
    const o = options === undefined ? {} : Object(options);
    const granularity = o.granularity === undefined ? 'grapheme' : String(o.granularity);
    if (granularity !== 'grapheme' && granularity !== 'word' && granularity !== 'sentence') {
      throw new RangeError('Value ' + granularity + ' out of range for Intl.Segmenter options property granularity');
    }
    this._locale = resolveLocale(locales, 'DateTimeFormat').locale;
    this._granularity = granularity;
  }
  segment(input) {
    const text = String(input), granularity = this._granularity;
    const pieces = granularity === 'grapheme' ? graphemes(text).map((g) => ({ segment: g }))
      : granularity === 'word' ? wordPieces(text) : sentencePieces(text).map((g) => ({ segment: g }));
    let index = 0;
    const list = pieces.map((p) => {
      const seg = { segment: p.segment, index, input: text };
      if (granularity === 'word') seg.isWordLike = p.wordLike;
      index += p.segment.length;
      return seg;
    });
    return {
      containing(i) { i = Number(i) || 0; return list.find((s) => i >= s.index && i < s.index + s.segment.length); },
      [Symbol.iterator]() { return list[Symbol.iterator](); },
    };
  }
  resolvedOptions() { return { locale: this._locale, granularity: this._granularity }; }
  static supportedLocalesOf(locales) { return supportedLocalesOf(locales); }
}
Object.defineProperty(Segmenter.prototype, Symbol.toStringTag, { value: 'Intl.Segmenter', configurable: true });

// DisplayNames: the common regions, languages and currencies, in English and Chinese.
const DISPLAY_NAMES = {
  region: {
    CN: ['China', '中国'], US: ['United States', '美国'], JP: ['Japan', '日本'], GB: ['United Kingdom', '英国'], HK: ['Hong Kong SAR China', '中国香港特别行政区'],
    TW: ['Taiwan', '台湾'], SG: ['Singapore', '新加坡'], KR: ['South Korea', '韩国'], DE: ['Germany', '德国'], FR: ['France', '法国'], CA: ['Canada', '加拿大'], AU: ['Australia', '澳大利亚'],
  },
  language: {
    zh: ['Chinese', '中文'], 'zh-Hans': ['Simplified Chinese', '简体中文'], 'zh-Hant': ['Traditional Chinese', '繁体中文'], en: ['English', '英语'], 'en-US': ['American English', '美国英语'],
    ja: ['Japanese', '日语'], ko: ['Korean', '韩语'], fr: ['French', '法语'], de: ['German', '德语'], es: ['Spanish', '西班牙语'],
  },
  currency: {
    CNY: ['Chinese Yuan', '人民币'], USD: ['US Dollar', '美元'], EUR: ['Euro', '欧元'], JPY: ['Japanese Yen', '日元'], GBP: ['British Pound', '英镑'], HKD: ['Hong Kong Dollar', '港元'],
  },
};
class DisplayNames {
  constructor(locales, options) {
    const o = options === undefined ? {} : Object(options);
    if (o.type === undefined) throw new TypeError('Required option "type" is missing');
    if (!DISPLAY_NAMES[o.type] && o.type !== 'script' && o.type !== 'calendar' && o.type !== 'dateTimeField') {
      throw new RangeError('Value ' + o.type + ' out of range for Intl.DisplayNames options property type');
    }
    this._locale = resolveLocale(locales, 'DateTimeFormat').locale;
    this._type = String(o.type);
    this._fallback = o.fallback === undefined ? 'code' : String(o.fallback);
  }
  of(code) {
    const names = DISPLAY_NAMES[this._type] || {};
    const key = this._type === 'region' || this._type === 'currency' ? String(code).toUpperCase() : String(code);
    const hit = names[key];
    if (hit) return hit[this._locale === 'zh-CN' ? 1 : 0];
    return this._fallback === 'none' ? undefined : key;
  }
  resolvedOptions() { return { locale: this._locale, style: 'long', type: this._type, fallback: this._fallback }; }
  static supportedLocalesOf(locales) { return supportedLocalesOf(locales); }
}
Object.defineProperty(DisplayNames.prototype, Symbol.toStringTag, { value: 'Intl.DisplayNames', configurable: true });

const Intl = {};
for (const [name, value] of Object.entries({
  DateTimeFormat, NumberFormat, Collator, PluralRules, RelativeTimeFormat, ListFormat, Locale, Segmenter, DisplayNames, getCanonicalLocales, supportedValuesOf,
})) {
  Object.defineProperty(Intl, name, { value, writable: true, configurable: true });
}
Object.defineProperty(Intl, Symbol.toStringTag, { value: 'Intl', configurable: true });

module.exports = { Intl, dateToLocaleString, numberToLocaleString, localeCompare, timeZoneLongName };
