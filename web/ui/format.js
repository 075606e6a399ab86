// Formatting shared by every view: counts, times, bytes, percentages and frame colours.
(function (ember) {
  'use strict';

  const numbers = new Intl.NumberFormat('en-US');

  function count(n) {
    return numbers.format(Math.round(n));
  }

  function duration(ns) {
    const abs = Math.abs(ns);
    if (abs >= 3600e9) return (ns / 3600e9).toFixed(2) + ' h';
    if (abs >= 60e9) return (ns / 60e9).toFixed(2) + ' min';
    if (abs >= 1e9) return (ns / 1e9).toFixed(2) + ' s';
    if (abs >= 1e6) return (ns / 1e6).toFixed(2) + ' ms';
    if (abs >= 1e3) return (ns / 1e3).toFixed(2) + ' µs';
    return count(ns) + ' ns';
  }

  function bytes(b) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let u = 0;
    while (Math.abs(b) >= 1024 && u < units.length - 1) {
      b /= 1024;
      u++;
    }
    return (u === 0 ? count(b) : b.toFixed(1)) + ' ' + units[u];
  }

  const timeScale = { nanoseconds: 1, microseconds: 1e3, milliseconds: 1e6, seconds: 1e9 };

  // A value of a sample type as people read it: "12.30 ms", "4.0 MiB", "1,234 samples".
  function value(v, type) {
    if (timeScale[type.unit]) return duration(v * timeScale[type.unit]);
    if (type.unit === 'bytes') return bytes(v);
    return count(v) + ' ' + (type.unit === 'count' || !type.unit ? type.type : type.unit);
  }

  function percent(part, whole) {
    if (!(whole > 0)) return '–';
    const p = (100 * part) / whole;
    if (p > 0 && p < 0.1) return '<0.1%';
    return p.toFixed(1) + '%';
  }

  // "cpu (nanoseconds)" for the sample-type menu.
  function typeLabel(type) {
    return type.unit && type.unit !== 'count' ? type.type + ' (' + type.unit + ')' : type.type;
  }

  // FNV-1a over the UTF-8 bytes, as the SVG writer does, so a function has one colour in every
  // output. The warm palette runs from red to orange-yellow.
  const encoder = new TextEncoder();
  function hash(text) {
    let h = 0x811c9dc5;
    for (const byte of encoder.encode(text)) h = Math.imul(h ^ byte, 16777619) >>> 0;
    return h;
  }

  function frameColour(name) {
    const h = hash(name);
    return 'rgb(' + (220 + (h % 35)) + ',' + (90 + ((h >>> 8) % 130)) + ',' + (40 + ((h >>> 16) % 40)) + ')';
  }

  function dateTime(unixNanos) {
    if (!unixNanos) return '–';
    return new Date(unixNanos / 1e6).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  }

  // Seconds since `origin` (both Unix ns) for timeline axes and window labels: "+12.0 s".
  function offset(unixNanos, origin) {
    const s = (unixNanos - origin) / 1e9;
    return (s >= 0 ? '+' : '') + (Math.abs(s) >= 100 ? s.toFixed(0) : s.toFixed(1)) + ' s';
  }

  // A change in share as percentage points: "+12.3 pp", "−0.4 pp".
  function sharePoints(delta) {
    const p = 100 * delta;
    const text = Math.abs(p) < 0.05 ? '0.0' : Math.abs(p).toFixed(1);
    return (p >= 0.05 ? '+' : p <= -0.05 ? '−' : '±') + text + ' pp';
  }

  ember.format = { count, duration, bytes, value, percent, typeLabel, frameColour, dateTime, offset, sharePoints };
})((window.ember = window.ember || {}));
