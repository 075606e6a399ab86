// The load test's latencies on the timeline: p50, p95 and p99 of each second as lines over the
// samples-per-second bars, on a log scale of milliseconds (a tail a hundred times the median
// still fits) with its own axis at the right edge. The data is emberd's latency route's:
// {seconds: [{unix_second, p50_ms, p95_ms, p99_ms}], slow: {windows, other_windows, ...}}.
(function (ember) {
  'use strict';

  const LINES = [
    { key: 'p50_ms', label: 'p50', colour: '#047857' },
    { key: 'p95_ms', label: 'p95', colour: '#1d4ed8' },
    { key: 'p99_ms', label: 'p99', colour: '#111111' },
  ];

  // From the whole decade under the least value to a little over the largest, as powers of
  // ten: {low, high}, or null when there is no value.
  function scaleOf(seconds) {
    let min = Infinity;
    let max = 0;
    for (const second of seconds) {
      for (const line of LINES) {
        const v = second[line.key];
        if (v > 0) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    if (!(max > 0)) return null;
    const low = Math.floor(Math.log10(min));
    return { low, high: Math.max(Math.log10(max * 1.25), low + 1) };
  }

  // Canvas y of `ms` in the band [top, bottom].
  function yOf(ms, scale, area) {
    return area.bottom - ((Math.log10(ms) - scale.low) / (scale.high - scale.low)) * (area.bottom - area.top);
  }

  // Canvas x of the middle of a Unix second.
  function xOf(second, area) {
    return area.xOf((second + 0.5) * 1e9);
  }

  function msLabel(ms) {
    return ms >= 1000 ? ms / 1000 + ' s' : ms >= 1 ? ms + ' ms' : ms * 1000 + ' µs';
  }

  // Draws the lines and their axis; `area`: {top, bottom, width, xOf(unix ns)}. Returns the
  // scale drawn with, null when there is nothing to draw.
  function draw(ctx, latency, area) {
    const seconds = (latency && latency.seconds) || [];
    const scale = scaleOf(seconds);
    if (!scale) return null;
    ctx.font = '10px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.lineWidth = 1;
    for (let decade = scale.low; decade <= Math.floor(scale.high); decade++) {
      const ms = Math.pow(10, decade);
      const y = Math.round(yOf(ms, scale, area)) + 0.5;
      ctx.strokeStyle = 'rgba(17, 17, 17, 0.12)';
      ctx.beginPath();
      ctx.moveTo(0, y);
      ctx.lineTo(area.width, y);
      ctx.stroke();
      const label = msLabel(ms);
      const w = ctx.measureText(label).width + 6;
      const ly = Math.min(Math.max(y, area.top + 6), area.bottom - 6);
      ctx.fillStyle = 'rgba(255, 255, 255, 0.8)';
      ctx.fillRect(area.width - w, ly - 6, w, 12);
      ctx.fillStyle = '#3f3a34';
      ctx.fillText(label, area.width - w + 3, ly);
    }
    for (const line of LINES) {
      // A white edge under each line keeps it readable over any bar colour.
      for (const [colour, width] of [['rgba(255, 255, 255, 0.9)', 3.5], [line.colour, 1.75]]) {
        ctx.strokeStyle = colour;
        ctx.lineWidth = width;
        ctx.lineJoin = 'round';
        ctx.beginPath();
        let previous = null;
        for (const second of seconds) {
          const v = second[line.key];
          if (!(v > 0)) {
            previous = null;
            continue;
          }
          const x = xOf(second.unix_second, area);
          const y = yOf(v, scale, area);
          // Seconds without load break the line.
          if (previous !== null && second.unix_second === previous + 1) ctx.lineTo(x, y);
          else ctx.moveTo(x, y);
          previous = second.unix_second;
        }
        ctx.stroke();
      }
    }
    return scale;
  }

  // Canvas point of one line's value in one second, or null: where draw() put it.
  function pointOf(latency, scale, area, unixSecond, key) {
    const second = scale && ((latency && latency.seconds) || []).find((s) => s.unix_second === unixSecond);
    if (!second || !(second[key] > 0)) return null;
    return { x: xOf(unixSecond, area), y: yOf(second[key], scale, area) };
  }

  // " · p50 21 ms, p95 …" for the Unix second, '' when it has no latencies.
  function readout(latency, unixSecond) {
    const second = ((latency && latency.seconds) || []).find((s) => s.unix_second === unixSecond);
    if (!second) return '';
    const values = LINES.filter((line) => second[line.key] > 0).map((line) => line.label + ' ' + msText(second[line.key]));
    return values.length ? ' · latency ' + values.join(', ') : '';
  }

  function msText(ms) {
    return (ms >= 100 ? Math.round(ms) : ms.toPrecision(2)) + ' ms';
  }

  ember.latencyLines = { draw, pointOf, readout, msText };
})((window.ember = window.ember || {}));
