#!/usr/bin/env node
// gen-intl-data.js — extracts en-US / zh-CN locale data from node's own ICU (Intl)
// and writes src/node/intl_data.js, the table that src/node/intl.js renders from.
// Usage: node tools/gen-intl-data.js   (node v20 is the reference implementation)
'use strict';
const fs = require('fs');
const path = require('path');

const OUT = path.join(__dirname, '..', 'src', 'node', 'intl_data.js');
const LOCALES = ['en-US', 'zh-CN'];
const UTC = 'UTC';
let warnings = 0;
function warn(...a) { warnings++; if (process.env.V || warnings < 40) console.warn('warn:', ...a); }

// ---------------------------------------------------------------------------
// Compact index encoding: each index is two chars of a 90-symbol alphabet.
const ALPHA = [];
for (let c = 35; c < 127; c++) if (c !== 92 && c !== 39) ALPHA.push(String.fromCharCode(c));
const BASE = ALPHA.length;
function dec2(str, i) { return ALPHA.indexOf(str[2 * i]) * BASE + ALPHA.indexOf(str[2 * i + 1]); }
function enc2(n) { if (n >= BASE * BASE) throw new Error('index too large'); return ALPHA[Math.floor(n / BASE)] + ALPHA[n % BASE]; }

function interner() {
  const list = [], map = new Map();
  return { list, id(s) { if (!map.has(s)) { map.set(s, list.length); list.push(s); } return map.get(s); } };
}

// ---------------------------------------------------------------------------
// DateTimeFormat: probe dates, name tables, token classification.
const PROBES = [
  [2024, 0, 5, 3, 4, 5, 123], [2023, 1, 20, 15, 45, 59, 7], [2022, 2, 1, 0, 30, 0, 450],
  [2021, 3, 13, 12, 0, 9, 999], [2020, 4, 27, 23, 9, 30, 50], [2019, 5, 8, 9, 59, 1, 1],
  [2005, 6, 16, 19, 1, 2, 300], [2018, 7, 30, 6, 6, 6, 60], [2017, 8, 3, 11, 22, 33, 444],
  [2016, 9, 22, 13, 7, 8, 9], [2015, 10, 11, 21, 50, 10, 500], [2014, 11, 31, 18, 10, 45, 880],
].map((a) => new Date(Date.UTC(...a)));

const pad2 = (n) => (n < 10 ? '0' : '') + n;

function parts(locale, opts, date) {
  return new Intl.DateTimeFormat(locale, Object.assign({ timeZone: UTC }, opts)).formatToParts(date);
}

function nameTables(locale) {
  const names = {};
  const seen = new Map();
  function add(prefix, width, arr) {
    if (arr.some((s) => s === undefined) || (width !== 'narrow' && arr.every((s) => /^\d+$/.test(s)))) return;
    const j = prefix + width + ':' + arr.join('|');
    if (seen.has(j)) return;
    let key = prefix + width[0], k = 1;
    while (names[key]) key = prefix + width[0] + k++;
    names[key] = arr;
    seen.set(j, key);
  }
  const pick = (ps, type) => { const p = ps.find((x) => x.type === type); return p && p.value; };
  for (const w of ['long', 'short', 'narrow']) {
    for (const ctx of [{}, { day: 'numeric' }, { year: 'numeric' }, { year: 'numeric', day: 'numeric' }, { weekday: 'long', day: 'numeric' }])
      add('M', w, Array.from({ length: 12 }, (_, i) => pick(parts(locale, Object.assign({ month: w }, ctx), new Date(Date.UTC(2024, i, 10, 12))), 'month')));
    for (const ctx of [{}, { day: 'numeric' }, { year: 'numeric', month: 'numeric', day: 'numeric' }, { month: 'long', day: 'numeric' }, { hour: 'numeric' }])
      add('E', w, Array.from({ length: 7 }, (_, i) => pick(parts(locale, Object.assign({ weekday: w }, ctx), new Date(Date.UTC(2024, 0, 7 + i, 12))), 'weekday')));
    for (const ctx of [{ year: 'numeric' }, { year: 'numeric', month: 'numeric', day: 'numeric' }, { month: 'long' }])
      add('G', w, [-100, 2024].map((y) => { const d = new Date(Date.UTC(2000, 5, 10, 12)); d.setUTCFullYear(y); return pick(parts(locale, Object.assign({ era: w }, ctx), d), 'era'); }));
  }
  // Day periods: 48 entries (hour * 2 + (minute != 0)).
  const dp = (opts) => Array.from({ length: 48 }, (_, i) => pick(parts(locale, opts, new Date(Date.UTC(2024, 0, 5, i >> 1, (i & 1) * 30))), 'dayPeriod'));
  add('a', 'x', dp({ hour: 'numeric', hourCycle: 'h12' }));
  add('a', 'x', dp({ hour: 'numeric', minute: 'numeric', hourCycle: 'h11' }));
  for (const w of ['narrow', 'short', 'long']) {
    add('B', w, dp({ dayPeriod: w }));
    add('B', w, dp({ dayPeriod: w, hour: 'numeric' }));
    add('B', w, dp({ dayPeriod: w, hour: 'numeric', minute: 'numeric' }));
    add('B', w, dp({ dayPeriod: w, second: 'numeric' }));
    add('B', w, dp({ dayPeriod: w, minute: 'numeric' }));
  }
  return names;
}

// Renders one pattern token for a UTC date (mirrors intl.js's renderer).
function renderToken(tok, d, names) {
  const y = d.getUTCFullYear(), h = d.getUTCHours();
  switch (tok) {
    case 'y': return String(y);
    case 'yy': return pad2(y % 100);
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
  }
  const t = names[tok];
  if (!t) return undefined;
  switch (tok[0]) {
    case 'M': return t[d.getUTCMonth()];
    case 'E': return t[d.getUTCDay()];
    case 'G': return t[y > 0 ? 1 : 0];
    default: return t[h * 2 + (d.getUTCMinutes() ? 1 : 0)];
  }
}

const TZTOK = { short: 'z', long: 'zzzz', shortOffset: 'O', longOffset: 'OOOO', shortGeneric: 'v', longGeneric: 'vvvv' };

function candidates(type, opts, names) {
  const byWidth = (prefix, want) => {
    const keys = Object.keys(names).filter((k) => k[0] === prefix);
    return keys.sort((a, b) => (b[1] === (want || 'x')[0]) - (a[1] === (want || 'x')[0]));
  };
  switch (type) {
    case 'year': return ['y', 'yy'];
    case 'month': {
      const text = ['long', 'short', 'narrow'].indexOf(opts.month) >= 0;
      const named = byWidth('M', opts.month), want = text ? named.filter((k) => k[1] === opts.month[0]) : [];
      return want.concat(opts.month === '2-digit' ? ['MM', 'M'] : ['M', 'MM'], named.filter((k) => want.indexOf(k) < 0));
    }
    case 'day': return ['d', 'dd'];
    case 'weekday': return byWidth('E', opts.weekday);
    case 'era': return byWidth('G', opts.era);
    case 'hour': return ['h', 'hh', 'H', 'HH', 'K', 'KK', 'k', 'kk'];
    case 'minute': return ['m', 'mm'];
    case 'second': return ['s', 'ss'];
    case 'fractionalSecond': return ['S', 'SS', 'SSS'];
    case 'dayPeriod': return byWidth('a', 'x').concat(byWidth('B', opts.dayPeriod));
  }
  return [];
}

// Turns node's output for `opts` into a pattern string like "{M}/{d}/{y}, {h}:{mm}".
function classify(locale, opts, names) {
  const all = PROBES.map((d) => parts(locale, opts, d));
  const first = all[0];
  let out = '';
  for (let i = 0; i < first.length; i++) {
    const p = first[i];
    if (p.type === 'literal') {
      if (!all.every((ps) => ps[i] && ps[i].type === 'literal' && ps[i].value === p.value)) warn('literal varies', locale, JSON.stringify(opts));
      if (/[{}]/.test(p.value)) throw new Error('brace in literal');
      out += p.value;
      continue;
    }
    if (p.type === 'timeZoneName') { out += '{' + TZTOK[opts.timeZoneName || 'short'] + '}'; continue; }
    const tok = candidates(p.type, opts, names).find((t) => all.every((ps, j) => ps[i] && ps[i].value === renderToken(t, PROBES[j], names)));
    if (!tok) { warn('no token', locale, p.type, p.value, JSON.stringify(opts)); out += p.value; continue; }
    out += '{' + tok + '}';
  }
  return out;
}

const W4 = [undefined, 'long', 'short', 'narrow'];
const Y3 = [undefined, 'numeric', '2-digit'];
const M6 = [undefined, 'numeric', '2-digit', 'long', 'short', 'narrow'];
const TZ7 = [undefined, 'short', 'long', 'shortOffset', 'longOffset', 'shortGeneric', 'longGeneric'];
const FX7 = [0, 1, 2, 3, 'narrow', 'short', 'long']; // fractionalSecondDigits or dayPeriod
const HC2 = ['h12', 'h23'];

function clean(o) { for (const k of Object.keys(o)) if (o[k] === undefined || o[k] === 0) delete o[k]; return o; }
const hasDate = (o) => o.weekday || o.year || o.month || o.day;
const hasTime = (o) => o.hour || o.minute || o.second || o.fractionalSecondDigits || o.dayPeriod;

function swapHour(p, from, to) { return p.replace(new RegExp('\\{' + from + '(' + from + ')?\\}', 'g'), (m, two) => '{' + to + (two ? to : '') + '}'); }

function dateTimeData(locale) {
  const names = nameTables(locale);
  const pats = interner();
  const joiners = interner();
  const hm = { hour: 'numeric', minute: 'numeric', hourCycle: 'h23' };
  const refs = [hm, { hour: 'numeric', minute: 'numeric', second: 'numeric', fractionalSecondDigits: 1, hourCycle: 'h23' },
    { hour: '2-digit', minute: 'numeric', timeZoneName: 'shortOffset', hourCycle: 'h12' }, { minute: 'numeric', second: 'numeric' }].map((o) => [o, classify(locale, o, names)]);
  // Date skeletons: weekday x era x year x month x day.
  let dateIdx = '', joinIdx = '';
  for (let W = 0; W < 4; W++) for (let E = 0; E < 4; E++) for (let Y = 0; Y < 3; Y++) for (let M = 0; M < 6; M++) for (let D = 0; D < 3; D++) {
    const o = clean({ weekday: W4[W], era: W4[E], year: Y3[Y], month: M6[M], day: Y3[D] });
    if (!hasDate(o)) { dateIdx += enc2(0); joinIdx += ALPHA[0]; continue; }
    const p = classify(locale, o, names);
    // Joiner: the most common glue over a few time skeletons (some pairs have combined patterns).
    const votes = new Map();
    for (const [to, tp] of refs) {
      const full = classify(locale, Object.assign({}, o, to), names);
      if (full.startsWith(p) && full.endsWith(tp)) { const j = full.slice(p.length, full.length - tp.length); votes.set(j, (votes.get(j) || 0) + 1); }
    }
    const j = Array.from(votes).sort((a, b) => b[1] - a[1])[0];
    if (!j) warn('joiner', locale, JSON.stringify(o));
    dateIdx += enc2(pats.id(p) + 2);
    joinIdx += ALPHA[joiners.id(j ? j[0] : ' ')];
  }
  const defDate = classify(locale, { year: 'numeric', month: 'numeric', day: 'numeric' }, names);
  const defJoin = joiners.list[ALPHA.indexOf(joinIdx[((((0 * 4 + 0) * 3 + 1) * 6 + 1) * 3 + 1)])];
  // Time skeletons: hour x minute x second x (fsd|dayPeriod) x hourCycle(h12|h23) x timeZoneName.
  // Entry 0 = none, 1 = same as the timeZoneName:'short' entry with the tz token swapped, else pattern id + 2.
  // h11/h24 are derived from h12/h23 by swapping hour letters; hcx lists the exceptions.
  let timeIdx = '';
  const hcx = {};
  const tzNorm = (p) => p.replace(/\{(zzzz|z|OOOO|O|vvvv|v)\}/g, '{z}');
  const shortPat = [];
  let slot = 0;
  for (let H = 0; H < 3; H++) for (let m = 0; m < 3; m++) for (let s = 0; s < 3; s++) for (let F = 0; F < 7; F++) for (let C = 0; C < 2; C++) for (let Z = 0; Z < 7; Z++, slot++) {
    const fx = FX7[F];
    const o = clean({ hour: Y3[H], minute: Y3[m], second: Y3[s], fractionalSecondDigits: typeof fx === 'number' ? fx : undefined, dayPeriod: typeof fx === 'string' ? fx : undefined, timeZoneName: TZ7[Z] });
    if (o.hour) o.hourCycle = HC2[C];
    let p;
    if (o.dayPeriod && (s || Z)) { timeIdx += enc2(0); continue; } // rare ICU artefacts: not stored
    if (!hasTime(o)) {
      if (!o.timeZoneName || C) { timeIdx += enc2(0); continue; }
      // Time zone only: node adds the default date; strip it off.
      const full = classify(locale, Object.assign({ year: 'numeric', month: 'numeric', day: 'numeric' }, o), names);
      const pre = defDate + defJoin;
      if (!full.startsWith(pre)) warn('tz-only', locale, full);
      p = full.slice(pre.length);
    } else {
      p = classify(locale, o, names);
    }
    if (Z === 1) shortPat[slot - 1] = p;
    if (Z > 1 && shortPat[slot - Z] !== undefined && tzNorm(p) === tzNorm(shortPat[slot - Z])) timeIdx += enc2(1);
    else timeIdx += enc2(pats.id(p) + 2);
    if (o.hour) {
      const alt = classify(locale, Object.assign({}, o, { hourCycle: C ? 'h24' : 'h11' }), names);
      if (alt !== (C ? swapHour(p, 'H', 'k') : swapHour(p, 'h', 'K'))) hcx[slot + (C ? 'k' : 'K')] = pats.id(alt) + 2;
    }
  }
  // Date+time combinations that CLDR spells as one pattern (e.g. "Ehm" = "E h:mm a")
  // instead of date + joiner + time: checked for weekday-only dates, spot-checked elsewhere.
  const dtx = {};
  const timeOpts = (slot) => {
    let r = slot;
    const Z = r % 7; r = (r - Z) / 7; const C = r % 2; r = (r - C) / 2; const F = r % 7; r = (r - F) / 7;
    const sec = r % 3; r = (r - sec) / 3; const m = r % 3; const H = (r - m) / 3;
    const fx = FX7[F];
    const o = clean({ hour: Y3[H], minute: Y3[m], second: Y3[sec], fractionalSecondDigits: typeof fx === 'number' ? fx : undefined, dayPeriod: typeof fx === 'string' ? fx : undefined, timeZoneName: TZ7[Z] });
    if (o.hour) o.hourCycle = HC2[C];
    return o;
  };
  const slotPattern = (slot) => {
    const v = dec2(timeIdx, slot);
    if (v === 1) { const Z = slot % 7; return pats.list[dec2(timeIdx, slot - Z + 1) - 2].replace('{z}', '{' + TZTOK[TZ7[Z]] + '}'); }
    return v ? pats.list[v - 2] : null;
  };
  const checkCombo = (dk, o) => {
    const dp = pats.list[dec2(dateIdx, dk) - 2], j = joiners.list[ALPHA.indexOf(joinIdx[dk])];
    let bad = 0;
    for (let slot = 0; slot < timeIdx.length / 2; slot++) {
      const tp = slotPattern(slot);
      if (!tp) continue;
      const to = timeOpts(slot);
      if (!hasTime(to)) continue;
      const full = classify(locale, Object.assign({}, o, to), names);
      if (full !== dp + j + tp) { dtx[dk + ':' + slot] = pats.id(full) + 2; bad++; }
    }
    return bad;
  };
  for (let W = 1; W < 4; W++) checkCombo(W * 4 * 3 * 6 * 3, { weekday: W4[W] });
  let spot = 0;
  for (let i = 0; i < 300; i++) {
    const dk = (i * 7919) % 864, slot = (i * 104729) % (timeIdx.length / 2);
    const tp = slotPattern(slot), v = dec2(dateIdx, dk);
    if (!tp || v < 2 || Math.floor(dk / 216) && dk % 216 === 0) continue;
    const to = timeOpts(slot);
    if (!hasTime(to)) continue;
    let r = dk; const D = r % 3; r = (r - D) / 3; const M = r % 6; r = (r - M) / 6; const Y = r % 3; r = (r - Y) / 3; const E = r % 4; const W = (r - E) / 4;
    const o = clean({ weekday: W4[W], era: W4[E], year: Y3[Y], month: M6[M], day: Y3[D] });
    const full = classify(locale, Object.assign({}, o, to), names);
    if (full !== pats.list[v - 2] + joiners.list[ALPHA.indexOf(joinIdx[dk])] + tp) spot++;
  }
  if (spot) warn('date+time spot check mismatches', locale, spot, '/ 300');

  // dateStyle / timeStyle patterns.
  const STY = [undefined, 'full', 'long', 'medium', 'short'];
  const styles = {};
  for (let ds = 0; ds < 5; ds++) for (let ts = 0; ts < 5; ts++) for (const hc of HC2) {
    if (!ds && !ts) continue;
    if (!ts && hc === 'h23') continue;
    const o = clean({ dateStyle: STY[ds], timeStyle: STY[ts] });
    if (ts) o.hourCycle = hc;
    let p = classify(locale, o, names);
    const tzName = ts === 1 ? 'long' : ts === 2 ? 'short' : null;
    if (tzName) p = p.replace('{z}', '{' + TZTOK[tzName] + '}');
    styles[ds + '' + ts + (ts ? hc.slice(1) : '')] = p;
  }
  // Hour-cycle resolution for hour12 true/false and the locale default.
  const hcOf = (o) => new Intl.DateTimeFormat(locale, Object.assign({ hour: 'numeric' }, o)).resolvedOptions().hourCycle;
  return {
    names: Object.fromEntries(Object.entries(names).map(([k, v]) => [k, v.join('|')])),
    pats: pats.list.join('~'), joiners: joiners.list, dateIdx, joinIdx, timeIdx, hcx, dtx, styles,
    hc: [hcOf({}), hcOf({ hour12: true }), hcOf({ hour12: false })],
  };
}

// ---------------------------------------------------------------------------
// Time zone display names.
const ZONES = ['UTC', 'Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Tokyo', 'Asia/Seoul', 'Asia/Singapore',
  'Asia/Kolkata', 'Asia/Dubai', 'Asia/Bangkok', 'Asia/Jakarta', 'Asia/Manila', 'Europe/London', 'Europe/Dublin',
  'Europe/Berlin', 'Europe/Paris', 'Europe/Madrid', 'Europe/Rome', 'Europe/Amsterdam', 'Europe/Moscow', 'Europe/Istanbul',
  'America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage',
  'America/Toronto', 'America/Vancouver', 'America/Mexico_City', 'America/Sao_Paulo', 'Pacific/Honolulu',
  'Australia/Sydney', 'Australia/Melbourne', 'Australia/Perth', 'Australia/Brisbane', 'Pacific/Auckland', 'Africa/Cairo', 'Africa/Johannesburg',
  'Africa/Lagos', 'Africa/Nairobi', 'America/Argentina/Buenos_Aires', 'America/Bogota', 'America/Lima', 'America/Santiago', 'America/Halifax',
  'Asia/Karachi', 'Asia/Dhaka', 'Asia/Ho_Chi_Minh', 'Asia/Kuala_Lumpur', 'Asia/Jerusalem', 'Asia/Riyadh', 'Asia/Tehran', 'Asia/Kathmandu',
  'Asia/Macau', 'Europe/Kiev', 'Europe/Warsaw', 'Europe/Stockholm', 'Europe/Zurich', 'Europe/Vienna',
  'Europe/Lisbon', 'Europe/Athens', 'Europe/Helsinki'];

function offsetOf(zone, t) {
  const s = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(t).find((p) => p.type === 'timeZoneName').value;
  const m = /GMT([+-])(\d\d):(\d\d)/.exec(s);
  return m ? (m[1] === '-' ? -1 : 1) * (m[2] * 60 + +m[3]) : 0;
}

function zoneData() {
  const strs = interner();
  const zones = {};
  const jan = new Date(Date.UTC(2024, 0, 15, 12)), jul = new Date(Date.UTC(2024, 6, 15, 12));
  for (const zone of ZONES) {
    const canon = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    const stdFirst = offsetOf(zone, jan) <= offsetOf(zone, jul);
    const [std, dst] = stdFirst ? [jan, jul] : [jul, jan];
    const row = [offsetOf(zone, std), offsetOf(zone, dst)];
    for (const locale of LOCALES) {
      const nm = (opt, t) => new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: opt }).formatToParts(t).find((p) => p.type === 'timeZoneName').value;
      row.push(strs.id(nm('short', std)), strs.id(nm('short', dst)), strs.id(nm('long', std)), strs.id(nm('long', dst)), strs.id(nm('shortGeneric', std)), strs.id(nm('longGeneric', std)));
    }
    zones[zone] = row;
    if (canon !== zone) zones[canon] = row;
  }
  return { names: strs.list, zones };
}

// ---------------------------------------------------------------------------
// NumberFormat: symbols, sign/currency/unit/compact templates.
// Template = parts joined by '|', each part = type char + value;
// n = the number, c = currency placeholder, other types carry their text.
const TYPECH = { literal: 'l', currency: 'C', unit: 'u', percentSign: 'p', minusSign: 'm', plusSign: 's', compact: 'k' };
const NUMTYPES = new Set(['integer', 'group', 'decimal', 'fraction', 'nan', 'infinity']);

function template(ps, currencyPlaceholder) {
  const out = [];
  for (const p of ps) {
    if (NUMTYPES.has(p.type)) { if (out[out.length - 1] !== 'n') out.push('n'); continue; }
    if (p.type === 'currency' && currencyPlaceholder) { out.push('c'); continue; }
    const ch = TYPECH[p.type];
    if (!ch) throw new Error('part type ' + p.type);
    if (p.value.includes('|')) throw new Error('pipe in template');
    out.push(ch + p.value);
  }
  return out.join('|');
}

const CURRENCIES = ['USD', 'CNY', 'EUR', 'JPY', 'GBP', 'HKD', 'TWD', 'KRW', 'INR', 'AUD', 'CAD', 'CHF', 'SGD', 'RUB', 'BRL', 'MXN', 'MOP', 'THB', 'NZD', 'SEK'];
const UNITS = Intl.supportedValuesOf('unit').concat(['kilometer-per-hour', 'mile-per-hour', 'meter-per-second', 'liter-per-kilometer', 'mile-per-gallon', 'kilobyte-per-second', 'megabyte-per-second', 'megabit-per-second']);

function numberData(locale) {
  const nf = (o) => new Intl.NumberFormat(locale, o);
  const fp = (o, x) => nf(o).formatToParts(x);
  const get = (ps, type) => (ps.find((p) => p.type === type) || {}).value;
  const sym = {
    group: get(fp({}, 1234567.5), 'group'), decimal: get(fp({}, 1.5), 'decimal'),
    minus: get(fp({}, -1), 'minusSign'), plus: get(fp({ signDisplay: 'always' }, 1), 'plusSign'),
    percent: get(fp({ style: 'percent' }, 1), 'percentSign'), exp: get(fp({ notation: 'scientific' }, 1234), 'exponentSeparator'),
    inf: get(fp({}, Infinity), 'infinity'), nan: get(fp({}, NaN), 'nan'),
  };
  const signs = (o) => [template(fp(o, 1)), template(fp(o, -1)), template(fp(Object.assign({ signDisplay: 'always' }, o), 1))];
  const cur = { digits: {}, sym: {}, narrow: {}, names: {}, tpl: {} };
  for (const c of CURRENCIES) {
    cur.digits[c] = nf({ style: 'currency', currency: c }).resolvedOptions().maximumFractionDigits;
    cur.sym[c] = get(fp({ style: 'currency', currency: c }, 1), 'currency');
    cur.narrow[c] = get(fp({ style: 'currency', currency: c, currencyDisplay: 'narrowSymbol' }, 1), 'currency');
    const one = get(fp({ style: 'currency', currency: c, currencyDisplay: 'name', maximumFractionDigits: 0 }, 1), 'currency');
    const other = get(fp({ style: 'currency', currency: c, currencyDisplay: 'name' }, 2), 'currency');
    cur.names[c] = one === other ? other : [one, other];
  }
  for (const disp of ['symbol', 'name']) for (const cs of ['standard', 'accounting']) {
    const o = { style: 'currency', currency: 'USD', currencyDisplay: disp, currencySign: cs, minimumFractionDigits: 0 };
    cur.tpl[disp + '.' + cs] = [1, -1].map((x) => template(fp(o, x), true)).concat(template(fp(Object.assign({ signDisplay: 'always' }, o), 1), true));
  }
  const units = {};
  for (const u of UNITS) {
    units[u] = ['short', 'long', 'narrow'].map((d) => {
      const one = template(fp({ style: 'unit', unit: u, unitDisplay: d }, 1)), other = template(fp({ style: 'unit', unit: u, unitDisplay: d }, 2));
      return one === other ? other : one + '#' + other;
    }).join('~');
  }
  const compact = {};
  for (const d of ['short', 'long']) {
    const rows = [];
    for (let e = 0; e < 15; e++) {
      const row = [];
      for (const lead of [1, 2]) {
        const ps = fp({ notation: 'compact', compactDisplay: d }, lead * Math.pow(10, e));
        const intLen = ps.filter((p) => p.type === 'integer' || p.type === 'group').map((p) => p.type === 'integer' ? p.value : '').join('').length;
        row.push(e - (intLen - 1), template(ps));
      }
      if (row[0] !== row[2]) warn('compact divisor', locale, e);
      rows.push(row[1] === row[3] ? row[0] + '#' + row[1] : row[0] + '#' + row[1] + '#' + row[3]);
    }
    compact[d] = rows.join('~');
  }
  return { sym, decimal: signs({}), percent: signs({ style: 'percent' }), cur, units: units, compact };
}

// ---------------------------------------------------------------------------
// RelativeTimeFormat, ListFormat.
const RT_UNITS = ['second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'];
function relData(locale) {
  const out = {};
  for (const style of ['long', 'short', 'narrow']) {
    const always = new Intl.RelativeTimeFormat(locale, { style });
    const auto = new Intl.RelativeTimeFormat(locale, { style, numeric: 'auto' });
    const tpl = (v, u) => always.formatToParts(v, u).map((p) => (p.type === 'literal' ? p.value : '{0}')).join('');
    for (const u of RT_UNITS) {
      const row = [tpl(1, u), tpl(2, u), tpl(-1, u), tpl(-2, u)];
      const phrases = {};
      for (const v of [-2, -1, 0, 1, 2]) {
        const s = auto.format(v, u);
        if (s !== always.format(v, u)) phrases[v] = s;
      }
      out[style + '.' + u] = [row.join('|'), Object.keys(phrases).length ? phrases : 0];
    }
  }
  return out;
}

function listData(locale) {
  const out = {};
  for (const type of ['conjunction', 'disjunction', 'unit']) for (const style of ['long', 'short', 'narrow']) {
    const lf = new Intl.ListFormat(locale, { type, style });
    const two = lf.format(['\u0001', '\u0002']), three = lf.format(['\u0001', '\u0002', '\u0003']), four = lf.format(['\u0001', '\u0002', '\u0003', '\u0004']);
    const between = (s, a, b) => s.slice(s.indexOf(a) + 1, s.indexOf(b));
    if (!two.startsWith('\u0001') || !two.endsWith('\u0002')) warn('list affix', locale, type, style);
    out[type + '.' + style] = [between(two, '\u0001', '\u0002'), between(three, '\u0001', '\u0002'), between(four, '\u0002', '\u0003'), between(three, '\u0002', '\u0003')];
  }
  return out;
}

// ---------------------------------------------------------------------------
// Collation: ranks for Latin/Greek/Cyrillic/punctuation, combining marks, Han (zh).
function collationChars(precomposed) {
  const cs = [];
  const add = (a, b) => { for (let c = a; c <= b; c++) { const s = String.fromCharCode(c); if ((s.normalize('NFD') === s || (precomposed && /\p{L}/u.test(s))) && !/\p{M}/u.test(s)) cs.push(s); } };
  add(0x09, 0x0d); add(0x20, 0x7e); add(0xa0, 0x24f); add(0x2b0, 0x2ff); add(0x370, 0x3ff); add(0x400, 0x45f);
  add(0x2010, 0x2027); add(0x2030, 0x205e); add(0x20a0, 0x20bf); add(0x2100, 0x2122); add(0x2190, 0x2199);
  add(0x3000, 0x3011); add(0xff01, 0xff0f);
  return cs;
}

function collationData(locale) {
  const base = new Intl.Collator(locale, { sensitivity: 'base' }).compare;
  const acc = new Intl.Collator(locale, { sensitivity: 'accent' }).compare;
  const full = new Intl.Collator(locale).compare;
  const ign = new Intl.Collator(locale, { ignorePunctuation: true }).compare;
  const chars = collationChars(locale === 'zh-CN');
  // Expansions like ß -> ss: compare against two-letter strings at primary strength.
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const expand = {};
  for (const c of chars) {
    if (/[a-zA-Z]/.test(c) || !/\p{L}/u.test(c)) continue;
    if (c.normalize('NFD') !== c || chars.some((d) => d !== c && d.length === 1 && /[a-z]/.test(d) && base(c, d) === 0)) continue;
    outer: for (const x of letters) for (const y of letters) if (base(c, x + y) === 0) { expand[c] = x + y; break outer; }
  }
  const single = chars.filter((c) => !expand[c]);
  const han = locale === 'zh-CN' ? '阿' : null;
  if (han) single.push(han);
  single.sort((a, b) => full(a, b) || (a < b ? -1 : 1));
  // Level string: for each char after the first, 1 = new primary, 2 = secondary, 3 = tertiary, 0 = equal.
  let levels = '';
  for (let i = 1; i < single.length; i++) {
    const a = single[i - 1], b = single[i];
    levels += base(a, b) ? '1' : acc(a, b) ? '2' : full(a, b) ? '3' : '0';
  }
  const variable = chars.filter((c) => ign('x' + c + 'y', 'xy') === 0).join('');
  // Combining marks: secondary order relative to each other.
  const marks = [];
  for (let c = 0x300; c <= 0x36f; c++) marks.push(String.fromCharCode(c));
  marks.sort((a, b) => acc('a' + a, 'a' + b));
  let hanOrder = '';
  if (han) {
    const dec = new TextDecoder('gb2312');
    const set = new Set();
    for (let hi = 0xb0; hi <= 0xf7; hi++) for (let lo = 0xa1; lo <= 0xfe; lo++) {
      const s = dec.decode(new Uint8Array([hi, lo]));
      if (s.length === 1 && /\p{Script=Han}/u.test(s)) set.add(s);
    }
    hanOrder = Array.from(set).sort((a, b) => full(a, b) || (a < b ? -1 : 1)).join('');
  }
  return { order: single.join(''), levels, expand, variable, marks: marks.join(''), han: hanOrder };
}

// ---------------------------------------------------------------------------
// Locale negotiation: what node resolves common inputs to, per constructor.
function localeData() {
  const inputs = ['en', 'en-US', 'zh', 'zh-CN', 'zh-Hans', 'zh-Hans-CN', 'zh-cn'];
  const ctors = ['DateTimeFormat', 'NumberFormat', 'Collator', 'PluralRules', 'RelativeTimeFormat', 'ListFormat'];
  const out = {};
  for (const c of ctors) out[c] = inputs.map((i) => new Intl[c](i).resolvedOptions().locale).join('|');
  out.inputs = inputs.join('|');
  return out;
}

// ---------------------------------------------------------------------------
function main() {
  const data = { locales: localeData(), zones: zoneData(), en: {}, zh: {} };
  for (const locale of LOCALES) {
    const k = locale.slice(0, 2);
    data[k].dtf = dateTimeData(locale);
    data[k].num = numberData(locale);
    data[k].rel = relData(locale);
    data[k].list = listData(locale);
    data[k].coll = collationData(locale);
  }
  const body = '// Generated by tools/gen-intl-data.js from node ' + process.version + ' (ICU ' + process.versions.icu + '). Do not edit.\n' +
    "'use strict';\nmodule.exports = " + JSON.stringify(data) + ';\n';
  fs.writeFileSync(OUT, body);
  console.log('wrote', OUT, Buffer.byteLength(body), 'bytes,', warnings, 'warnings');
}

main();
