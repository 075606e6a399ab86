// A load test's latencies on a real emberd session, in headless Chromium: stalling_service,
// whose background task rebuild_index holds the lock every handler needs for 1 s every 4 s,
// profiled under real hey load; hey's latencies dropped on the page as a file. The timeline must
// draw p50/p95/p99, and one click on "Select slow seconds" must diff the slow seconds against
// the rest with rebuild_index growing, in every mode; the address keeps that view.
//
//   node emberd_latency_check.mjs --emberd PATH --service PATH --out DIR [--chromium PATH] [--hey PATH]
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { check, failures, finish, freePort, launch, parseArgs, waitForServer } from './ui_driver.mjs';

const USAGE = 'node emberd_latency_check.mjs --emberd PATH --service PATH --out DIR [--chromium PATH] [--hey PATH]';

// Runs `argv` to its end; resolves its standard output, rejects on a non-zero exit.
function run(argv) {
  const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
  const out = [];
  child.stdout.on('data', (chunk) => out.push(chunk));
  return new Promise((resolveOut, reject) => {
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolveOut(Buffer.concat(out).toString()) : reject(new Error(argv[0] + ' exited with ' + code))));
  });
}

// Starts stalling_service; resolves {child, pid, port} once it listens (it prints its PID then).
function startService(path, out) {
  const portFile = join(out, 'port');
  // 1 s holds every 6 s: the slow seconds stay fewer than the others, as the default rule needs.
  const child = spawn(path, [portFile, join(out, 'holds'), '1000', '6000'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolveService, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (chunk) => {
      const pid = Number(String(chunk).trim().split('\n')[0]);
      resolveService({ child, pid, port: Number(readFileSync(portFile, 'utf8').trim()) });
    });
  });
}

// hey's CSV rows as the plain CSV a user would drop: each request's Unix send time and latency.
function plainCsv(hey, loadStartMs) {
  const rows = hey.trim().split('\n').slice(1);
  return 'unix_time_seconds,latency_ms\n' + rows.map((row) => {
    const fields = row.split(',');
    return ((loadStartMs + Number(fields[7]) * 1000) / 1000).toFixed(6) + ',' + (Number(fields[0]) * 1000).toFixed(3);
  }).join('\n') + '\n';
}

// Drops a file of `text` on the page, as a user dragging it from their file manager would.
async function dropFile(page, name, text) {
  const transfer = await page.evaluateHandle(([n, t]) => {
    const data = new DataTransfer();
    data.items.add(new File([t], n, { type: 'text/csv' }));
    return data;
  }, [name, text]);
  await page.dispatchEvent('#timeline', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('#timeline', 'drop', { dataTransfer: transfer });
}

// The colour drawn around a client point of the timeline: the darkest pixel within 2 px.
function darkestAround(page, point) {
  return page.evaluate(({ x, y }) => {
    const canvas = window.ember.app.timeline.canvas;
    const rect = canvas.getBoundingClientRect();
    const scale = canvas.width / rect.width;
    const cx = Math.round((x - rect.left) * scale);
    const cy = Math.round((y - rect.top) * scale);
    const pixels = canvas.getContext('2d').getImageData(cx - 2, cy - 2, 5, 5).data;
    let darkest = [255, 255, 255];
    for (let i = 0; i < pixels.length; i += 4) {
      if (pixels[i] + pixels[i + 1] + pixels[i + 2] < darkest[0] + darkest[1] + darkest[2]) darkest = [pixels[i], pixels[i + 1], pixels[i + 2]];
    }
    return darkest;
  }, point);
}

// Waits until the shown diff is of the slow seconds in `mode` and draws the function `name`
// (its name up to the parameters).
async function waitForSlowDiff(page, mode, name) {
  try {
    await page.waitForFunction(([m, n]) => {
      const app = window.ember.app;
      const named = app.diff && app.diff.names.find((full) => full.startsWith(n + '('));
      return app.diffMode === m && app.slowDiff && app.view === 'diff' && named && app.diffGraph.frameCentre(named) !== null;
    }, [mode, name], { timeout: 20000 });
  } catch (error) {
    const state = await page.evaluate(() => {
      const app = window.ember.app;
      return { mode: app.mode, diffMode: app.diffMode, slowDiff: app.slowDiff, view: app.view, message: document.getElementById('diff-message').textContent, changes: app.diff && app.diff.changes.slice(0, 5).map((row) => row.name) };
    });
    throw new Error('no slow-seconds diff of ' + mode + ' drawing ' + name + ': ' + JSON.stringify(state));
  }
}

async function checkLatency(page, base, service, args, out) {
  const started = await fetch(base + '/api/sessions', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Ember': '1' },
    body: JSON.stringify({ pids: [service.pid], modes: ['cpu', 'offcpu', 'lock'], name: 'stalling load test' }),
  });
  const id = (await started.json()).id;
  check(started.status === 201, 'started session ' + id);
  const loadStartMs = Date.now();
  const hey = await run([args.hey, '-z', '9s', '-c', '8', '-o', 'csv', `http://127.0.0.1:${service.port}/`]);
  const stopped = await fetch(`${base}/api/sessions/${id}/stop`, { method: 'POST', headers: { 'X-Ember': '1' } });
  check(stopped.status === 200, 'the session stopped after the load');

  await page.goto(`${base}/#/session/${id}`);
  await page.waitForFunction(() => window.ember.app.model && window.ember.app.timeline.data && document.getElementById('session-state').textContent === 'finished', null, { timeout: 30000 });
  check((await page.textContent('#latency-note')).includes('Drop'), 'the page says a latency file may be dropped on it');

  // A file of another format is refused with the server's one line, and nothing is drawn.
  await dropFile(page, 'access.log', 'GET / 200 OK\n');
  await page.waitForSelector('#latency-note.error');
  check((await page.textContent('#latency-note')).includes('unknown latency format'), 'a dropped file of no known format gets one line: ' + (await page.textContent('#latency-note')));
  check(await page.isHidden('#latency-legend'), 'nothing is drawn for it');

  await dropFile(page, 'latency.csv', plainCsv(hey, loadStartMs));
  await page.waitForSelector('#latency-legend:not([hidden])', { timeout: 15000 });
  check((await page.textContent('#latency-note')).startsWith('latency.csv: '), 'the dropped hey latencies were taken: ' + (await page.textContent('#latency-note')));
  const latency = await page.evaluate(() => window.ember.app.latency);
  check(latency.seconds.length >= 9, 'the session has a latency series of ' + latency.seconds.length + ' seconds');
  const slow = latency.slow;
  const p99s = latency.seconds.map((s) => s.unix_second % 100 + ': ' + Math.round(s.p99_ms)).join(', ');
  check(slow.windows.length > 0 && slow.other_windows.length > 0, 'some seconds are slow, others not: ' + JSON.stringify(slow) + ', p99 by second ' + p99s);
  await page.screenshot({ path: join(out, 'latency-timeline.png') });

  // The lines are on the canvas: p99 in a slow second and in another is drawn in its near-black,
  // above p95, above p50.
  for (const [what, second] of [['a slow second', slow.windows[0][0]], ['another second', slow.other_windows[0][0]]]) {
    const points = await page.evaluate((s) => ['p50_ms', 'p95_ms', 'p99_ms'].map((key) => window.ember.app.timeline.latencyPoint(s, key)), second);
    check(points.every((p) => p !== null) && points[0].y >= points[1].y && points[1].y >= points[2].y, what + ': p50, p95 and p99 are placed in order ' + JSON.stringify(points));
    if (!points[2]) continue;
    const colour = await darkestAround(page, points[2]);
    check(colour.every((c) => c < 70), what + ': the p99 line is drawn there, colour ' + colour);
  }

  // One click: the slow seconds against the rest, in every mode, with rebuild_index growing.
  await page.click('#latency-slow');
  await waitForSlowDiff(page, 'cpu', 'rebuild_index');
  const grown = await page.evaluate(() => window.ember.app.diff.changes.find((row) => row.totalChange > 0));
  check(grown && grown.name.includes('rebuild_index'), 'CPU: rebuild_index grows most in the slow seconds: ' + JSON.stringify(grown));
  check(/ seconds? with p99 above /.test(await page.textContent('#diff-new-label')), 'the diff says which seconds are slow: ' + (await page.textContent('#diff-new-label')));
  const address = await page.evaluate(() => window.location.hash);
  check(address.includes('slow=1'), 'the address keeps the slow-seconds diff: ' + address);
  await page.screenshot({ path: join(out, 'slow-diff-cpu.png'), fullPage: true });

  await page.reload();
  await waitForSlowDiff(page, 'cpu', 'rebuild_index');
  check(true, 'a reload opens the slow-seconds diff again');

  const modes = [['offcpu', 'Off-CPU', 'handle_lookup[abi:cxx11]'], ['lock', 'Lock', 'handle_lookup[abi:cxx11]'], ['wall', 'Wall', 'rebuild_index']];
  for (const [mode, label, name] of modes) {
    await page.click(`#session-modes .segment:text-is("${label}")`);
    await waitForSlowDiff(page, mode, name);
    check(true, label + ': the slow-seconds diff draws ' + name);
    await page.screenshot({ path: join(out, 'slow-diff-' + mode + '.png') });
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2), { chromium: '/usr/bin/chromium', hey: 'hey' }, ['emberd', 'service', 'out'], USAGE);
  const out = resolve(args.out);
  mkdirSync(out, { recursive: true });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const emberd = spawn(args.emberd, ['--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'inherit', 'inherit'] });
  let service = null;
  let browser = null;
  try {
    await waitForServer(base, emberd);
    service = await startService(args.service, out);
    browser = await launch(args.chromium);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // The refused drop's 400 is expected; any other error is not.
    page.on('console', (message) => message.type() === 'error' && !/status of 400/.test(message.text()) && errors.push(message.text()));
    await checkLatency(page, base, service, args, out);
    check(errors.length === 0, 'no script errors' + (errors.length ? ': ' + errors.join('; ') : ''));
  } catch (error) {
    console.error(error);
    failures.push(String(error.message || error));
  } finally {
    if (browser) await browser.close();
    if (service) service.child.kill('SIGKILL');
    emberd.kill('SIGTERM');
  }
  finish(out);
}

main();
