#!/usr/bin/env node
// test-intl.js — runs src/node/intl.js in a vm context without Intl and compares a
// broad battery of cases against node's real Intl (ICU). Prints mismatches and
// `PASS n/total`. Usage: node tools/test-intl.js [-v] [filter]
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');

const SRC = path.join(__dirname, '..', 'src', 'node');
const verbose = process.argv.includes('-v');
const filter = process.argv.slice(2).filter((a) => a !== '-v')[0];

// ---------------------------------------------------------------------------
// The runtime's native time zone hook, implemented with node's ICU.
function fngateTz(zone, t) {
  let f;
  try {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone === undefined ? undefined : zone, timeZoneName: 'longOffset' });
  } catch (e) {
    return null;
  }
  const name = f.resolvedOptions().timeZone;
  const v = f.formatToParts(t).find((p) => p.type === 'timeZoneName').value;
  const m = /GMT([+-])(\d\d):(\d\d)/.exec(v);
  return { offset: m ? (m[1] === '-' ? -1 : 1) * (m[2] * 60 + +m[3]) : 0, name };
}

function loadImpl() {
  const ctx = vm.createContext({});
  vm.runInContext(`
    delete globalThis.Intl;
    const no = (n) => function () { throw new Error(n + ' used internally'); };
    Date.prototype.toLocaleString = no('toLocaleString');
    Date.prototype.toLocaleDateString = no('toLocaleDateString');
    Date.prototype.toLocaleTimeString = no('toLocaleTimeString');
    Number.prototype.toLocaleString = no('Number#toLocaleString');
    String.prototype.localeCompare = no('localeCompare');
  `, ctx);
  ctx.__fngate_tz = (zone, t) => { const r = fngateTz(zone, t); return r && vm.runInContext('(o) => ({ offset: o.offset, name: o.name })', ctx)(r); };
  const mod = { exports: {} };
  const req = (name) => {
    if (name !== 'internal/intl_data') throw new Error('unexpected require ' + name);
    const m = { exports: {} };
    vm.runInContext('(function (module, exports) {' + fs.readFileSync(path.join(SRC, 'intl_data.js'), 'utf8') + '\n})', ctx)(m, m.exports);
    return m.exports;
  };
  vm.runInContext('(function (module, exports, require) {' + fs.readFileSync(path.join(SRC, 'intl.js'), 'utf8') + '\n})', ctx)(mod, mod.exports, req);
  return mod.exports;
}

const impl = loadImpl();
const mine = {
  Intl: impl.Intl,
  date: impl.dateToLocaleString,
  num: impl.numberToLocaleString,
  cmp: impl.localeCompare,
  tzName: impl.timeZoneLongName,
};
const ref = {
  Intl,
  date: (d, l, o, kind) => (kind === 'date' ? d.toLocaleDateString(l, o) : kind === 'time' ? d.toLocaleTimeString(l, o) : d.toLocaleString(l, o)),
  num: (n, l, o) => n.toLocaleString(l, o),
  cmp: (a, b, l, o) => a.localeCompare(b, l, o),
  tzName: (t, zone) => /\((.*)\)$/.exec(new Date(t).toString())[1],
};

// ---------------------------------------------------------------------------
// Case runner: each case is (name, fn(env)) and passes when both sides agree.
const cases = [];
function add(group, name, fn) { cases.push({ group, name, fn }); }

function run(fn, env) {
  try {
    const v = fn(env);
    return JSON.stringify(v, (k, x) => (typeof x === 'bigint' ? x + 'n' : x));
  } catch (e) {
    return 'throws ' + (e && e.constructor && e.constructor.name) + ': ' + (e && e.message);
  }
}

let rnd = 12345;
function random() { rnd = (rnd * 1103515245 + 12345) & 0x7fffffff; return rnd / 0x7fffffff; }
const pick = (a) => a[Math.floor(random() * a.length)];

// ---------------------------------------------------------------------------
// DateTimeFormat cases.
const LOCS = ['en-US', 'zh-CN'];
const DATES = [
  Date.UTC(2024, 0, 15, 2, 30, 45, 123), Date.UTC(2024, 6, 4, 15, 5, 9, 7), Date.UTC(2024, 2, 10, 6, 59, 59),
  Date.UTC(2024, 2, 10, 7, 0, 0), Date.UTC(2024, 10, 3, 5, 30), Date.UTC(2024, 10, 3, 6, 30),
  Date.UTC(1999, 11, 31, 23, 59, 59, 999), Date.UTC(2000, 1, 29, 12), 0, -1e12, Date.UTC(2038, 0, 19, 3, 14, 7),
];
const ZONES = ['UTC', 'Asia/Shanghai', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Australia/Sydney', 'Europe/Berlin',
  'America/Los_Angeles', 'Asia/Tokyo', 'Asia/Hong_Kong', 'Europe/Moscow', 'America/Chicago', 'America/Denver', 'Asia/Singapore',
  'Asia/Taipei', 'Europe/Paris', 'America/Argentina/Buenos_Aires', 'Etc/UTC', 'GMT', 'Asia/Calcutta'];

const DTF_OPTS = [
  {}, { dateStyle: 'full' }, { dateStyle: 'long' }, { dateStyle: 'medium' }, { dateStyle: 'short' },
  { timeStyle: 'full' }, { timeStyle: 'long' }, { timeStyle: 'medium' }, { timeStyle: 'short' },
  { dateStyle: 'full', timeStyle: 'long' }, { dateStyle: 'long', timeStyle: 'short' }, { dateStyle: 'medium', timeStyle: 'medium' },
  { dateStyle: 'short', timeStyle: 'short', hour12: false }, { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' },
  { year: 'numeric', month: 'long', day: 'numeric' }, { year: 'numeric', month: 'short', day: 'numeric', weekday: 'short' },
  { weekday: 'long' }, { month: 'long' }, { month: 'short', day: 'numeric' }, { year: 'numeric', month: '2-digit', day: '2-digit' },
  { year: '2-digit', month: 'numeric' }, { hour: 'numeric' }, { hour: '2-digit', minute: '2-digit' }, { hour: 'numeric', minute: '2-digit', hour12: false },
  { hour: 'numeric', minute: 'numeric', second: 'numeric', hour12: true }, { hour: 'numeric', hourCycle: 'h11' }, { hour: 'numeric', minute: 'numeric', hourCycle: 'h24' },
  { minute: '2-digit', second: '2-digit' }, { timeZoneName: 'short' }, { timeZoneName: 'long' }, { hour: 'numeric', timeZoneName: 'shortOffset' },
  { hour: 'numeric', minute: 'numeric', timeZoneName: 'longOffset' }, { hour: 'numeric', timeZoneName: 'shortGeneric' }, { hour: 'numeric', timeZoneName: 'longGeneric' },
  { hour: 'numeric', minute: 'numeric', second: 'numeric', fractionalSecondDigits: 3 }, { second: 'numeric', fractionalSecondDigits: 2 },
  { era: 'short' }, { era: 'long', year: 'numeric' }, { weekday: 'short', hour: 'numeric', minute: 'numeric' },
  { month: 'long', day: 'numeric', hour: 'numeric', minute: 'numeric' }, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', timeZoneName: 'short' },
  { dayPeriod: 'long' }, { hour: 'numeric', dayPeriod: 'short' }, { month: 'narrow' }, { weekday: 'narrow', day: 'numeric' },
];

function dtfCases() {
  for (const l of LOCS) {
    for (const o of DTF_OPTS) {
      const z = pick(['UTC', 'Asia/Shanghai', 'America/New_York']);
      const t = pick(DATES);
      add('dtf', `${l} ${JSON.stringify(o)} ${z} ${t}`, (E) => new E.Intl.DateTimeFormat(l, Object.assign({ timeZone: z }, o)).format(t));
      add('dtf.resolved', `${l} ${JSON.stringify(o)}`, (E) => new E.Intl.DateTimeFormat(l, Object.assign({ timeZone: z }, o)).resolvedOptions());
    }
    for (const o of DTF_OPTS.slice(0, 30)) {
      add('dtf.parts', `${l} ${JSON.stringify(o)}`, (E) => new E.Intl.DateTimeFormat(l, Object.assign({ timeZone: 'Asia/Shanghai' }, o)).formatToParts(DATES[1]));
    }
    for (const z of ZONES) {
      for (const tzn of ['short', 'long', 'shortOffset', 'longOffset']) {
        const t = pick(DATES);
        add('dtf.tz', `${l} ${z} ${tzn} ${t}`, (E) => new E.Intl.DateTimeFormat(l, { timeZone: z, timeZoneName: tzn, hour: 'numeric', minute: 'numeric' }).format(t));
      }
      add('dtf.tz', `${l} ${z} default`, (E) => new E.Intl.DateTimeFormat(l, { timeZone: z, dateStyle: 'medium', timeStyle: 'full' }).format(DATES[0]));
    }
    // DST transitions in New York: every 30 minutes around both switches.
    for (const base of [Date.UTC(2024, 2, 10, 5), Date.UTC(2024, 10, 3, 4)]) {
      for (let i = 0; i < 8; i++) {
        const t = base + i * 30 * 60000;
        add('dtf.dst', `${l} NY ${new Date(t).toISOString()}`, (E) => new E.Intl.DateTimeFormat(l, { timeZone: 'America/New_York', dateStyle: 'short', timeStyle: 'long' }).format(t));
      }
    }
    // Random component combinations.
    const W = [undefined, 'long', 'short', 'narrow'], Y = [undefined, 'numeric', '2-digit'], M = [undefined, 'numeric', '2-digit', 'long', 'short', 'narrow'];
    const TZ = [undefined, undefined, undefined, 'short', 'long', 'shortOffset', 'longOffset'];
    for (let i = 0; i < 120; i++) {
      const o = { weekday: pick(W), era: pick([undefined, undefined, undefined, 'short', 'long']), year: pick(Y), month: pick(M), day: pick(Y), hour: pick(Y), minute: pick(Y), second: pick(Y), timeZoneName: pick(TZ) };
      const h = pick([{}, {}, { hour12: true }, { hour12: false }, { hourCycle: 'h23' }, { hourCycle: 'h12' }]);
      for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
      Object.assign(o, h, { timeZone: pick(ZONES.slice(0, 8)) });
      const t = pick(DATES);
      add('dtf.random', `${l} ${JSON.stringify(o)} ${t}`, (E) => new E.Intl.DateTimeFormat(l, o).format(t));
    }
    // Date#toLocale*String defaults and options.
    for (const kind of ['any', 'date', 'time']) {
      for (const o of [undefined, { timeZone: 'Asia/Shanghai' }, { timeZone: 'America/New_York', hour12: false }, { timeZone: 'UTC', hour12: true }, { month: 'long', timeZone: 'UTC' }, { hour: 'numeric', timeZone: 'UTC' }]) {
        const t = pick(DATES);
        add('date.toLocale', `${l} ${kind} ${JSON.stringify(o)} ${t}`, (E) => E.date(new Date(t), l, o, kind));
      }
    }
  }
  for (const kind of ['any', 'date', 'time']) {
    add('date.toLocale', `default ${kind}`, (E) => E.date(new Date(DATES[0]), undefined, undefined, kind));
    add('date.toLocale', `invalid ${kind}`, (E) => E.date(new Date(NaN), 'en-US', undefined, kind));
  }
  add('date.toLocale', 'timeStyle in toLocaleDateString', (E) => E.date(new Date(0), 'en-US', { timeStyle: 'short' }, 'date'));
  for (const t of [DATES[0], DATES[1]]) {
    for (const z of ['UTC', 'Asia/Shanghai', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Australia/Sydney']) {
      add('tzName', `${z} ${t}`, (E) => {
        if (E === ref) { const old = process.env.TZ; process.env.TZ = z; const r = ref.tzName(t); process.env.TZ = old === undefined ? '' : old; if (old === undefined) delete process.env.TZ; return r; }
        return E.tzName(t, z);
      });
    }
  }
  const errs = [
    { dateStyle: 'short', month: 'long' }, { timeZone: 'Foo/Bar' }, { month: 'lng' }, { fractionalSecondDigits: 4 }, { hourCycle: 'h25' },
  ];
  for (const o of errs) add('dtf.errors', JSON.stringify(o), (E) => new E.Intl.DateTimeFormat('en-US', o).format(0));
  add('dtf.errors', 'format(NaN)', (E) => new E.Intl.DateTimeFormat('en-US').format(NaN));
  add('dtf.misc', 'toStringTag', (E) => Object.prototype.toString.call(new E.Intl.DateTimeFormat()));
  add('dtf.misc', 'call without new', (E) => E.Intl.DateTimeFormat('zh-CN', { timeZone: 'UTC' }).format(0));
  add('dtf.misc', 'supportedLocalesOf', (E) => E.Intl.DateTimeFormat.supportedLocalesOf(['zh-CN', 'en-US', 'en']));
  for (const l of ['en', 'en-US', 'zh', 'zh-CN', 'zh-Hans', 'zh-Hans-CN', 'zh-cn', 'EN-us', 'en-US-u-hc-h23']) {
    add('locale', l, (E) => new E.Intl.DateTimeFormat(l, { hour: 'numeric', timeZone: 'UTC' }).resolvedOptions().locale);
    add('locale', 'nf ' + l, (E) => new E.Intl.NumberFormat(l).resolvedOptions().locale);
  }
  add('dtf.misc', 'formatRange same', (E) => new E.Intl.DateTimeFormat('en-US', { timeZone: 'UTC' }).formatRange(0, 1000));
}

// ---------------------------------------------------------------------------
// NumberFormat cases.
const NUMS = [0, -0, 1, -1, 1.005, 1234.5678, -1234.5678, 0.000123, 123456789.123, 1e21, 1.5e-7, 999.9995, 0.5, 2.5, -2.5,
  NaN, Infinity, -Infinity, 1000, 999999, 1500000, 0.1 + 0.2, 42, 7.25, 100, 12345.6789, -0.0001, 9.995, 1e15 + 0.3, 5e-324];
const BIGS = [12345678901234567890n, -42n, 0n, 1000000n];
const NF_OPTS = [
  {}, { maximumFractionDigits: 2 }, { minimumFractionDigits: 2 }, { minimumFractionDigits: 2, maximumFractionDigits: 2 },
  { maximumSignificantDigits: 3 }, { minimumSignificantDigits: 5 }, { minimumIntegerDigits: 3 }, { useGrouping: false },
  { useGrouping: 'min2' }, { style: 'percent' }, { style: 'percent', maximumFractionDigits: 1 }, { style: 'currency', currency: 'USD' },
  { style: 'currency', currency: 'CNY' }, { style: 'currency', currency: 'EUR' }, { style: 'currency', currency: 'JPY' },
  { style: 'currency', currency: 'GBP' }, { style: 'currency', currency: 'HKD' }, { style: 'currency', currency: 'USD', currencyDisplay: 'code' },
  { style: 'currency', currency: 'USD', currencyDisplay: 'name' }, { style: 'currency', currency: 'CNY', currencyDisplay: 'name' },
  { style: 'currency', currency: 'USD', currencyDisplay: 'narrowSymbol' }, { style: 'currency', currency: 'USD', currencySign: 'accounting' },
  { style: 'unit', unit: 'kilometer' }, { style: 'unit', unit: 'kilometer', unitDisplay: 'long' }, { style: 'unit', unit: 'kilobyte', unitDisplay: 'narrow' },
  { style: 'unit', unit: 'megabyte' }, { style: 'unit', unit: 'percent' }, { style: 'unit', unit: 'celsius' }, { style: 'unit', unit: 'second', unitDisplay: 'long' },
  { style: 'unit', unit: 'hour' }, { style: 'unit', unit: 'day', unitDisplay: 'long' }, { style: 'unit', unit: 'kilometer-per-hour' },
  { notation: 'compact' }, { notation: 'compact', compactDisplay: 'long' }, { notation: 'scientific' }, { notation: 'engineering' },
  { signDisplay: 'always' }, { signDisplay: 'exceptZero' }, { signDisplay: 'never' }, { signDisplay: 'negative' },
  { roundingMode: 'floor', maximumFractionDigits: 1 }, { roundingMode: 'halfEven', maximumFractionDigits: 0 }, { roundingMode: 'trunc', maximumSignificantDigits: 2 },
  { roundingIncrement: 5, maximumFractionDigits: 2, minimumFractionDigits: 2 }, { trailingZeroDisplay: 'stripIfInteger', minimumFractionDigits: 2 },
  { roundingPriority: 'lessPrecision', maximumSignificantDigits: 2, maximumFractionDigits: 2 }, { notation: 'compact', style: 'currency', currency: 'USD' },
];

function nfCases() {
  for (const l of LOCS) {
    for (const o of NF_OPTS) {
      for (const n of NUMS) {
        if (random() < 0.25) add('nf', `${l} ${JSON.stringify(o)} ${Object.is(n, -0) ? '-0' : n}`, (E) => new E.Intl.NumberFormat(l, o).format(n));
      }
      add('nf.resolved', `${l} ${JSON.stringify(o)}`, (E) => new E.Intl.NumberFormat(l, o).resolvedOptions());
      add('nf.parts', `${l} ${JSON.stringify(o)}`, (E) => new E.Intl.NumberFormat(l, o).formatToParts(-1234.5));
    }
    for (const b of BIGS) add('nf.bigint', `${l} ${b}`, (E) => E.num(b, l));
    for (const n of NUMS) add('nf.toLocale', `${l} ${n}`, (E) => E.num(n, l));
    for (const n of [1, 999, 1000, 1234, 9999, 10000, 12345, 99999, 123456, 999999, 1234567, 99999999, 123456789, 1.2e10, 9.99e12, 1e14, -56789]) {
      add('nf.compact', `${l} ${n}`, (E) => new E.Intl.NumberFormat(l, { notation: 'compact' }).format(n));
      add('nf.compact', `${l} long ${n}`, (E) => new E.Intl.NumberFormat(l, { notation: 'compact', compactDisplay: 'long' }).format(n));
    }
    for (const c of ['USD', 'CNY', 'EUR', 'JPY', 'GBP', 'HKD', 'KRW', 'XYZ']) {
      for (const d of ['symbol', 'code', 'name', 'narrowSymbol']) add('nf.currency', `${l} ${c} ${d}`, (E) => [1, -1234.5, 0].map((n) => new E.Intl.NumberFormat(l, { style: 'currency', currency: c, currencyDisplay: d }).format(n)));
    }
    for (const s of ['"123.456"', '"1e3"', '"  42 "', '"abc"', '"0x10"']) {
      add('nf.string', `${l} ${s}`, (E) => new E.Intl.NumberFormat(l).format(JSON.parse(s)));
    }
  }
  add('nf.misc', 'default', (E) => E.num(1234567.891));
  add('nf.misc', 'toStringTag', (E) => Object.prototype.toString.call(new E.Intl.NumberFormat()));
  add('nf.misc', 'call without new', (E) => E.Intl.NumberFormat('en-US').format(12345));
  const errs = [{ style: 'currency' }, { maximumFractionDigits: 200 }, { minimumFractionDigits: 3, maximumFractionDigits: 1 }, { style: 'bogus' }, { currency: 'US' }, { style: 'unit' }, { style: 'unit', unit: 'parsec' }];
  for (const o of errs) add('nf.errors', JSON.stringify(o), (E) => new E.Intl.NumberFormat('en-US', o).format(1));
}

// ---------------------------------------------------------------------------
// Collator cases.
const WORDS = ['apple', 'Apple', 'APPLE', 'äpple', 'Äpple', 'banana', 'Banana', 'cote', 'côte', 'coté', 'côté', 'Cote', 'resume', 'résumé', 'Résumé',
  'naive', 'naïve', 'zebra', 'Zebra', 'éclair', 'Eclair', 'item10', 'item2', 'item1', 'Item2', 'a-b', 'ab', 'a b', 'a_b', 'a.b', '_under', '-dash',
  '10', '9', '2', '1.5', '#hash', '@at', 'straße', 'strasse', 'Strasse', 'æsir', 'aesir', 'œuvre', 'oeuvre', 'ñandu', 'nandu', 'Ölfarbe', 'olfarbe',
  'Zoë', 'zoe', 'x', 'X', '', ' ', 'A1', 'a1', 'a01', 'ação', 'acao', 'Łódź', 'lodz', 'Ørsted', 'orsted', 'hello world', 'helloworld', 'hello-world'];
const HAN = ['张三', '李四', '王五', '赵六', '阿明', '欧阳', '陈', '周杰', '吴', '郑', '孙', '钱', '北京', '上海', '广州', '深圳', '成都', '重庆', '中国', '银行', '长城', '行走', '音乐', '快乐'];
const MIXED = ['张三', 'apple', 'Zoe', '李四', '123', '阿明', 'banana', '_x', '王五', 'Éclair', '欧阳', 'zebra', '1', '赵六'];

function sortedWith(E, list, l, o) { return list.slice().sort(new E.Intl.Collator(l, o).compare); }

function collCases() {
  const OPTS = [undefined, { sensitivity: 'base' }, { sensitivity: 'accent' }, { sensitivity: 'case' }, { sensitivity: 'variant' }, { numeric: true },
    { caseFirst: 'upper' }, { caseFirst: 'lower' }, { ignorePunctuation: true }, { numeric: true, sensitivity: 'base' }];
  for (const l of LOCS) {
    for (const o of OPTS) {
      add('coll.sort', `${l} words ${JSON.stringify(o)}`, (E) => sortedWith(E, WORDS, l, o));
      add('coll.sort', `${l} han ${JSON.stringify(o)}`, (E) => sortedWith(E, HAN, l, o));
      add('coll.sort', `${l} mixed ${JSON.stringify(o)}`, (E) => sortedWith(E, MIXED, l, o));
      add('coll.resolved', `${l} ${JSON.stringify(o)}`, (E) => new E.Intl.Collator(l, o).resolvedOptions());
    }
    for (let i = 0; i < 60; i++) {
      const a = pick(WORDS.concat(HAN)), b = pick(WORDS.concat(HAN)), o = pick(OPTS);
      add('coll.compare', `${l} ${a} ${b} ${JSON.stringify(o)}`, (E) => Math.sign(new E.Intl.Collator(l, o).compare(a, b)));
    }
  }
  const pairs = [['a', 'b'], ['a', 'A'], ['a', 'á'], ['é', 'e\u0301'], ['2', '10'], ['resume', 'résumé'], ['张', '李'], ['张', 'z']];
  for (const [a, b] of pairs) {
    add('localeCompare', `${a} ${b}`, (E) => Math.sign(E.cmp(a, b)));
    add('localeCompare', `${a} ${b} zh`, (E) => Math.sign(E.cmp(a, b, 'zh-CN')));
    add('localeCompare', `${a} ${b} base`, (E) => Math.sign(E.cmp(a, b, 'en', { sensitivity: 'base' })));
    add('localeCompare', `${a} ${b} numeric`, (E) => Math.sign(E.cmp(a, b, 'en', { numeric: true })));
  }
  add('coll.misc', 'toStringTag', (E) => Object.prototype.toString.call(new E.Intl.Collator()));
  add('coll.misc', 'call without new', (E) => E.Intl.Collator('zh-CN').compare('张', '李'));
  add('coll.misc', 'kn extension', (E) => { const c = new E.Intl.Collator('en-u-kn-true'); return [c.resolvedOptions(), Math.sign(c.compare('a2', 'a10'))]; });
}

// ---------------------------------------------------------------------------
// PluralRules, RelativeTimeFormat, ListFormat, Locale.
function otherCases() {
  const PN = [0, 1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 1.5, 1.0, -1, 0.5, 100];
  for (const l of LOCS) {
    for (const type of ['cardinal', 'ordinal']) {
      add('plural', `${l} ${type}`, (E) => { const p = new E.Intl.PluralRules(l, { type }); return PN.map((n) => p.select(n)); });
      add('plural.resolved', `${l} ${type}`, (E) => new E.Intl.PluralRules(l, { type }).resolvedOptions());
    }
    add('plural', `${l} minFrac`, (E) => { const p = new E.Intl.PluralRules(l, { minimumFractionDigits: 1 }); return [1, 2, 1.5].map((n) => p.select(n)); });
    add('plural', `${l} sig`, (E) => { const p = new E.Intl.PluralRules(l, { maximumSignificantDigits: 1 }); return [1.2, 0.95, 1].map((n) => p.select(n)); });
    for (const style of ['long', 'short', 'narrow']) {
      for (const numeric of ['always', 'auto']) {
        for (const u of ['second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year', 'days', 'months']) {
          add('rtf', `${l} ${style} ${numeric} ${u}`, (E) => { const r = new E.Intl.RelativeTimeFormat(l, { style, numeric }); return [-2, -1, -0, 0, 1, 2, 5, -10, 1.5, 1000].map((v) => r.format(v, u)); });
        }
      }
      add('rtf.parts', `${l} ${style}`, (E) => new E.Intl.RelativeTimeFormat(l, { style }).formatToParts(-1234.5, 'day'));
    }
    add('rtf.resolved', l, (E) => new E.Intl.RelativeTimeFormat(l, { numeric: 'auto' }).resolvedOptions());
    add('rtf.errors', l, (E) => new E.Intl.RelativeTimeFormat(l).format(1, 'days2'));
    for (const type of ['conjunction', 'disjunction', 'unit']) {
      for (const style of ['long', 'short', 'narrow']) {
        add('list', `${l} ${type} ${style}`, (E) => { const f = new E.Intl.ListFormat(l, { type, style }); return [[], ['a'], ['a', 'b'], ['a', 'b', 'c'], ['张三', '李四', '王五', '赵六']].map((x) => f.format(x)); });
      }
    }
    add('list.parts', l, (E) => new E.Intl.ListFormat(l).formatToParts(['x', 'y', 'z']));
    add('list.resolved', l, (E) => new E.Intl.ListFormat(l, { type: 'unit' }).resolvedOptions());
  }
  for (const t of ['en-US', 'zh-Hans-CN', 'en-Latn-US-u-hc-h23', 'zh', 'zh-CN', 'en']) {
    add('locale.obj', t, (E) => { const x = new E.Intl.Locale(t); return [x.toString(), x.baseName, x.language, x.script, x.region, x.hourCycle, x.maximize().toString(), x.minimize().toString()]; });
  }
  add('locale.obj', 'getCanonicalLocales', (E) => E.Intl.getCanonicalLocales(['EN-us', 'zh-hans-cn', 'en-US']));
  add('locale.obj', 'bad tag', (E) => E.Intl.getCanonicalLocales('en_US'));
  add('locale.obj', 'toStringTag', (E) => [Object.prototype.toString.call(E.Intl), Object.prototype.toString.call(new E.Intl.PluralRules()), Object.prototype.toString.call(new E.Intl.ListFormat()), Object.prototype.toString.call(new E.Intl.RelativeTimeFormat())]);
}

dtfCases();
nfCases();
collCases();
otherCases();

// ---------------------------------------------------------------------------
let pass = 0, total = 0;
const byGroup = {};
for (const c of cases) {
  if (filter && !(c.group + ' ' + c.name).includes(filter)) continue;
  total++;
  const a = run(c.fn, ref), b = run(c.fn, mine);
  const g = byGroup[c.group] || (byGroup[c.group] = [0, 0]);
  g[1]++;
  if (a === b) { pass++; g[0]++; continue; }
  console.log(`FAIL [${c.group}] ${c.name}\n  node: ${a}\n  mine: ${b}`);
}
if (verbose) for (const g of Object.keys(byGroup)) console.log(`  ${g}: ${byGroup[g][0]}/${byGroup[g][1]}`);
console.log(`PASS ${pass}/${total} (${(100 * pass / total).toFixed(1)}%)`);
