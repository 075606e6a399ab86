// The web UI served by a real emberd, driven in headless Chromium like a user would: start a
// session on a running program through the form, watch the live flame graph, search, zoom,
// pick a timeline window, open the diff and the callers/callees view, download the pprof and
// read it with `go tool pprof`. Screenshots of every step go to DIR.
//
//   node emberd_ui_check.mjs --emberd PATH --target PATH --out DIR [--chromium PATH] [--go PATH]
//
// TARGET is the cpu_split test program: work_three, work_two and work_one take 3:2:1 of the CPU.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { check, dragTimeline, failures, finish, freePort, launch, parseArgs, searchFor, sleep, waitForServer } from './ui_driver.mjs';

// Starts the target and resolves its PID, which it prints first.
function startTarget(path) {
  const child = spawn(path, ['0', '2'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolvePid, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (chunk) => resolvePid({ child, pid: Number(String(chunk).trim().split('\n')[0]) }));
  });
}

const samplesShown = (page) => page.evaluate(() => window.ember.app.model && window.ember.app.model.totals[0]);

async function checkUi(page, base, pid, args, out) {
  await page.goto(base + '/');
  await page.waitForSelector('#home:not([hidden])');
  await page.fill('#target-filter', 'cpu_split');
  await page.waitForSelector(`#target-picker .pick[data-pid="${pid}"]`);
  check(true, 'the process picker lists the target');
  await page.click(`#target-picker .pick[data-pid="${pid}"]`);
  check((await page.inputValue('#pid')) === String(pid), 'picking the process fills in its PID');
  await page.fill('#duration', '0');
  await page.fill('#session-name', 'checkout load test');
  await page.screenshot({ path: join(out, 'home-form.png') });
  await page.click('#start');

  await page.waitForFunction(() => /^#\/session\//.test(window.location.hash));
  const id = decodeURIComponent((await page.evaluate(() => window.location.hash)).split('/')[2].split('?')[0]);
  check(id !== '', 'the form started session ' + id + ' and opened it');
  await page.waitForFunction(() => window.ember.app.flame.frameCentre('work_three') !== null, null, { timeout: 20000 });
  check((await page.textContent('#session-state')) === 'live', 'the session shows as live');
  check(true, 'the live flame graph shows work_three');

  // Markers as a load test would post them.
  const mark = (label) => fetch(`${base}/api/sessions/${id}/markers`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Ember': '1' }, body: JSON.stringify({ label }) });
  await mark('ramp-up');
  await sleep(4000);
  await mark('steady');
  await sleep(2500);
  await page.screenshot({ path: join(out, 'live.png') });

  const matched = await searchFor(page, 'work_three');
  const share = Number((/Matched ([\d.]+)%/.exec(matched) || [])[1]);
  check(share > 30 && share < 70, 'search work_three matches about half: ' + matched);
  await page.screenshot({ path: join(out, 'search.png') });

  // Zoom into work_two; the zoom and the search survive live refreshes.
  const two = await page.evaluate(() => window.ember.app.flame.frameCentre('work_two'));
  await page.mouse.click(two.x, two.y);
  const before = await samplesShown(page);
  await page.waitForFunction((n) => window.ember.app.model.totals[0] > n, before, { timeout: 10000 });
  const crumbs = await page.$$eval('#breadcrumb .crumb', (els) => els.map((e) => e.textContent));
  check(crumbs[crumbs.length - 1] === 'work_two', 'a live refresh keeps the zoom on work_two');
  check((await page.inputValue('#search')) === 'work_three' && (await page.evaluate(() => window.ember.app.search !== null)), 'a live refresh keeps the search');
  await page.screenshot({ path: join(out, 'zoom.png') });
  await page.click('#reset-zoom');
  await searchFor(page, '');

  // A window of the timeline: the server cuts it (from/to in the request). The check waits for
  // that request's answer and for the model cut from it, not for whatever model is shown.
  const isWindow = (u) => u.includes('/profile?') && u.includes('from=') && u.includes('to=');
  const windowAnswered = page.waitForResponse((r) => isWindow(r.url()), { timeout: 15000 }).then(() => true, () => false);
  const fullDuration = await page.evaluate(() => window.ember.app.model.data.duration_nanos);
  await dragTimeline(page, 1.2, 3.8);
  check(await windowAnswered, 'a timeline window asks the server for from/to');
  await page.waitForFunction((full) => window.ember.app.range !== null && window.ember.app.model.data.duration_nanos < full, fullDuration);
  const windowSamples = await samplesShown(page);
  check(windowSamples > 0, 'the window shows its samples: ' + windowSamples);
  await page.waitForTimeout(2500);
  check((await page.evaluate(() => window.ember.app.range !== null)) && (await page.textContent('#window-label')).includes('+1.0 s'), 'a live refresh keeps the window');
  await page.screenshot({ path: join(out, 'window.png') });

  // Diff of two windows.
  await page.click('#drag-target .segment[data-kind="base"]');
  await dragTimeline(page, 0.2, 2.8);
  await dragTimeline(page, 3.2, 5.8);
  await page.waitForFunction(() => window.ember.app.diff && window.ember.app.diffGraph.frameCentre('work_three') !== null, null, { timeout: 10000 });
  check(true, 'the diff of two windows draws work_three');
  await page.screenshot({ path: join(out, 'diff.png') });

  // Callers and callees of work_three from the top table.
  await page.click('.tab[data-view="top"]');
  await page.click('#top-table tbody tr:has(td:text-is("work_three"))');
  await page.waitForFunction(() => window.ember.app.callers.frameCentre('work_three') !== null);
  check((await page.textContent('#sandwich-name')) === 'work_three', 'the top table opens the callers and callees of work_three');
  await page.screenshot({ path: join(out, 'sandwich.png') });
  await page.click('#window-clear');
  await page.click('.tab[data-view="flame"]');

  // The pprof download, read by pprof itself.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#downloads [data-format="pprof"]')]);
  const pprofPath = join(out, 'profile.pb.gz');
  await download.saveAs(pprofPath);
  let top = '';
  try {
    top = execFileSync(args.go, ['tool', 'pprof', '-top', '-symbolize=none', pprofPath], { encoding: 'utf8', env: Object.assign({}, process.env, { PPROF_TMPDIR: out }) });
  } catch (error) {
    top = String(error.stdout || '') + String(error.stderr || '');
  }
  check(top.includes('work_three'), 'go tool pprof -top reads the downloaded profile and names work_three');

  // Stop from the session page; then the home page lists it as finished.
  await page.click('#session-stop');
  await page.waitForFunction(() => document.getElementById('session-state').textContent === 'finished', null, { timeout: 10000 });
  check(true, 'Stop finishes the session');
  await page.click('#brand');
  await page.waitForSelector('#sessions tbody tr');
  const row = await page.textContent('#sessions tbody tr');
  check(row.includes('checkout load test') && row.includes('finished'), 'the home page lists the finished session');
  await page.screenshot({ path: join(out, 'home.png') });
  // On a 1280 px wide window the sessions table fits its panel: no column is cut off.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.waitForFunction(() => window.innerWidth === 1280);
  const fit = await page.evaluate(() => {
    const table = document.getElementById('sessions');
    const panel = table.closest('.panel');
    return { table: table.scrollWidth, panel: panel.clientWidth, page: document.documentElement.scrollWidth };
  });
  check(fit.table <= fit.panel && fit.page <= 1280, 'at 1280 px the sessions table fits its panel ' + JSON.stringify(fit));
  await page.screenshot({ path: join(out, 'home-1280.png') });
  await page.setViewportSize({ width: 1400, height: 900 });

  // A session of several modes: on-CPU and off-CPU, and the wall-clock view they make.
  await page.fill('#pid', String(pid));
  await page.check('#mode-offcpu');
  await page.fill('#duration', '3');
  await page.fill('#session-name', 'wall clock');
  await page.click('#start');
  await page.waitForFunction((first) => /^#\/session\//.test(window.location.hash) && !window.location.hash.endsWith(first), id);
  await page.waitForSelector('#session-modes:not([hidden])');
  const modes = await page.$$eval('#session-modes .segment', (els) => els.map((e) => e.textContent));
  check(JSON.stringify(modes) === JSON.stringify(['CPU', 'Off-CPU', 'Wakers', 'Wall']), 'the session switches between its modes: ' + JSON.stringify(modes));
  await page.click('#session-modes .segment:text-is("Off-CPU")');
  await page.waitForFunction(() => window.ember.app.mode === 'offcpu' && window.ember.app.model.types.some((t) => t.type === 'offcpu') && window.ember.app.flame.frameCentre('main') !== null, null, { timeout: 20000 });
  check(true, 'the Off-CPU view draws where the main thread waits');
  // Grouped by thread, every stack starts at its thread's frame; the top table lists functions only.
  await page.selectOption('#group-by', 'thread_name');
  await page.waitForFunction(() => {
    const app = window.ember.app;
    const groups = app.model.names.filter((n) => n.startsWith('thread_name: '));
    return app.groupBy === 'thread_name' && groups.length > 0 && groups.some((n) => app.flame.frameCentre(n) !== null) && app.flame.frameCentre('main') !== null;
  }, null, { timeout: 20000 });
  const topNames = await page.$$eval('#top-table tbody tr', (rows) => rows.map((r) => r.textContent));
  check(topNames.length > 0 && topNames.every((t) => !t.includes('thread_name: ')), 'grouped by thread: a frame per thread, and the top table still lists functions only');
  await page.screenshot({ path: join(out, 'offcpu_by_thread.png') });
  // The view is in the address: reloading the page (or opening a copied link) shows it again.
  const address = await page.evaluate(() => window.location.hash);
  check(address.includes('mode=offcpu') && address.includes('group=thread_name'), 'the address keeps the mode and the grouping: ' + address);
  await page.reload();
  await page.waitForFunction(() => window.ember.app && window.ember.app.model && window.ember.app.mode === 'offcpu' && window.ember.app.groupBy === 'thread_name', null, { timeout: 20000 });
  check((await page.inputValue('#group-by')) === 'thread_name', 'a reload opens the same view: Off-CPU grouped by thread');
  await page.click('.tab[data-view="top"]');
  check((await page.evaluate(() => window.location.hash)).includes('view=top'), 'the address follows the tab');
  await page.click('.tab[data-view="flame"]');
  await page.selectOption('#group-by', '');
  await page.click('#session-modes .segment:text-is("Wall")');
  await page.waitForFunction(() => window.ember.app.mode === 'wall' && window.ember.app.flame.frameCentre('work_three') !== null && window.ember.app.flame.frameCentre('main') !== null, null, { timeout: 20000 });
  check(true, 'the Wall view draws both the working and the waiting threads');
  await page.screenshot({ path: join(out, 'wall.png') });
}

async function main() {
  const args = parseArgs(process.argv.slice(2), { chromium: '/usr/bin/chromium', go: 'go' }, ['emberd', 'target', 'out'],
    'node emberd_ui_check.mjs --emberd PATH --target PATH --out DIR [--chromium PATH] [--go PATH]');
  const out = resolve(args.out);
  mkdirSync(out, { recursive: true });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const emberd = spawn(args.emberd, ['--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'inherit', 'inherit'] });
  let target = null;
  let browser = null;
  try {
    await waitForServer(base, emberd);
    target = await startTarget(args.target);
    browser = await launch(args.chromium);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    const errors = [];
    const offsite = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('request', (request) => !request.url().startsWith(base) && offsite.push(request.url()));
    await checkUi(page, base, target.pid, args, out);
    check(errors.length === 0, 'no script errors' + (errors.length ? ': ' + errors.join('; ') : ''));
    check(offsite.length === 0, 'no requests beyond emberd' + (offsite.length ? ': ' + offsite.join(', ') : ''));
  } catch (error) {
    console.error(error);
    failures.push(String(error.message || error));
  } finally {
    if (browser) await browser.close();
    if (target) target.child.kill('SIGKILL');
    emberd.kill('SIGTERM');
  }
  finish(out);
}

main();
