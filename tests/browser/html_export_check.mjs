// Opens exported HTML pages in headless Chromium and checks the UI end to end: the flame graph
// renders, search reports the right share, clicking zooms, the tooltip shows values, a window
// picked on the timeline filters the views, the diff colours frames by change, the callers and
// callees view merges paths, downloads are built in the page, the allocator & GC view sums
// its categories and callers, hostile function names stay text, nothing touches the network,
// and big profiles draw fast.
//
//   node html_export_check.mjs --generator PATH --out DIR [--chromium PATH]
//
// The generator (write_sample_html) writes the pages; screenshots go to DIR.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { check, dragTimeline, finish, graphFrameCentre, launch, parseArgs, searchFor } from './ui_driver.mjs';

const SCRIPT_NAME = '</script><img src=x onerror=alert(1)>';
const MARKUP_NAME = 'a&b<c>';
const RENDER_BUDGET_MS = 100;

// Fraction of canvas pixels that are painted (not transparent).
async function paintedFraction(page) {
  return page.evaluate(() => {
    const canvas = document.querySelector('.flame-canvas');
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
    return painted / (data.length / 4);
  });
}

async function frameCentre(page, name) {
  return page.evaluate((n) => window.ember.app.flame.frameCentre(n), name);
}

async function checkSamplePage(page, url, out) {
  await page.goto(url);
  await page.waitForFunction(() => window.ember && window.ember.app && window.ember.app.model);

  check(await page.title() === 'service ' + SCRIPT_NAME, 'title is the escaped text');
  check((await paintedFraction(page)) > 0.05, 'flame graph canvas is painted');
  await page.screenshot({ path: join(out, 'flame.png') });

  check((await searchFor(page, 'hot')).includes('60.0%'), 'search "hot" matches 60.0%');
  check((await searchFor(page, 'compute|io')).includes('100.0%'), 'regex search "compute|io" matches 100.0%');
  check((await searchFor(page, '</script')).includes('15.0%'), 'search for the hostile name matches 15.0%');
  check((await searchFor(page, 'alert(')).includes('15.0%'), 'invalid regex "alert(" falls back to substring');
  check((await searchFor(page, 'zzz')).includes('no match'), 'a search without matches says so');
  await searchFor(page, 'hot');
  await page.screenshot({ path: join(out, 'search.png') });
  await searchFor(page, '');

  const hot = await frameCentre(page, 'hot_loop');
  check(hot !== null, 'hot_loop frame is drawn');
  await page.mouse.move(hot.x, hot.y);
  await page.waitForSelector('#tooltip:not([hidden])');
  const tip = await page.textContent('#tooltip');
  check(tip.includes('hot_loop') && tip.includes('compute.cc'), 'tooltip names the function and file');
  check(tip.includes('600.00 ms') && tip.includes('60 samples') && tip.includes('60.0%'), 'tooltip shows time, samples and percent');
  await page.screenshot({ path: join(out, 'tooltip.png') });

  const hostile = await frameCentre(page, SCRIPT_NAME);
  check(hostile !== null, 'hostile-named frame is drawn');
  await page.mouse.move(hostile.x, hostile.y);
  check((await page.textContent('#tooltip .tip-name')) === SCRIPT_NAME, 'hostile name is shown as text in the tooltip');
  await page.screenshot({ path: join(out, 'tooltip-hostile.png') });

  const compute = await frameCentre(page, 'compute');
  await page.mouse.click(compute.x, compute.y);
  const crumbs = await page.$$eval('#breadcrumb .crumb', (els) => els.map((e) => e.textContent));
  check(JSON.stringify(crumbs) === JSON.stringify(['all', 'main', 'compute']), 'click zooms; breadcrumb is all › main › compute');
  const zoomedHot = await frameCentre(page, 'hot_loop');
  const width = await page.evaluate(() => document.querySelector('.flame-canvas').clientWidth);
  const hotFrame = await page.evaluate(() => window.ember.app.flame.frames.find((f) => f.node.name >= 0 && window.ember.app.model.nameOf(f.node) === 'hot_loop'));
  check(zoomedHot && Math.abs(hotFrame.w - width * 0.8) < 2, 'after zoom hot_loop spans 80% of the width');
  await page.mouse.move(zoomedHot.x, zoomedHot.y);
  await page.screenshot({ path: join(out, 'zoom.png') });
  await page.click('#breadcrumb .crumb >> text=main');
  check((await page.$$('#breadcrumb .crumb')).length === 2, 'breadcrumb click zooms out to main');
  await page.click('#reset-zoom');
  check((await page.$$('#breadcrumb .crumb')).length === 1 && (await page.isDisabled('#reset-zoom')), 'reset returns to the root');

  await page.click('#mode-icicle');
  const rootY = await page.evaluate(() => window.ember.app.flame.frameY(0));
  check(rootY === 0, 'icicle mode puts the root at the top');
  await page.mouse.move(5, 5);
  await page.screenshot({ path: join(out, 'icicle.png') });
  await page.click('#mode-flame');

  await page.selectOption('#sample-type', '0');
  const summary = await page.textContent('#summary');
  check(summary.includes('100 samples'), 'sample-type switch shows sample counts');
  await page.selectOption('#sample-type', '1');

  await page.click('.tab[data-view="top"]');
  const names = await page.$$eval('#top-table tbody tr td:first-child', (els) => els.map((e) => e.textContent));
  check(names.includes(SCRIPT_NAME) && names.includes(MARKUP_NAME), 'top table lists hostile names as text');
  check(names[0] === 'hot_loop', 'top table is sorted by self, largest first');
  await page.click('#top-table th >> text=Function');
  const sorted = await page.$$eval('#top-table tbody tr td:first-child', (els) => els.map((e) => e.textContent));
  check(sorted[0] === SCRIPT_NAME && sorted[sorted.length - 1] === 'main', 'clicking Function sorts by name');
  await page.click('#top-table th >> text="Total"');
  const byTotal = await page.$$eval('#top-table tbody tr td:first-child', (els) => els.map((e) => e.textContent));
  check(byTotal[0] === 'main', 'clicking Total sorts by total');
  await page.screenshot({ path: join(out, 'top.png') });

  await page.click('.tab[data-view="quality"]');
  const quality = await page.textContent('#quality');
  check(quality.includes('Lost samples') && (await page.$$('#quality .card.warn')).length === 1, 'quality panel shows stats and flags lost samples');
  await page.screenshot({ path: join(out, 'quality.png') });
  await page.click('.tab[data-view="flame"]');

  check((await page.$$('img')).length === 0, 'no element was created from a name');
}

// Waits until the views show a model whose samples/count total is `samples`.
async function waitForSamples(page, samples) {
  await page.waitForFunction((n) => window.ember.app.model && window.ember.app.model.totals[0] === n, samples);
}

// The [r, g, b] painted at the left end of the frame named `name` in a flame graph of the app.
async function frameColour(page, graph, name) {
  return page.evaluate(([g, n]) => {
    const flame = window.ember.app[g];
    const frame = flame.frames.find((f) => !f.merged && flame.nameOf(f.node) === n);
    if (!frame) return null;
    const dpr = window.devicePixelRatio || 1;
    const pixel = flame.canvas.getContext('2d').getImageData(Math.round((frame.x + 2) * dpr), Math.round((flame.frameY(frame.depth) + 3) * dpr), 1, 1).data;
    return [pixel[0], pixel[1], pixel[2]];
  }, [graph, name]);
}

// Timeline windows, callers and callees, diff and downloads on the hostile profile, whose
// samples fall in seconds 0 (hot_loop 40), 1 (hot_loop 20, the script name 15) and 2 (25).
async function checkWindowsAndViews(page, url, out) {
  await page.goto(url);
  await page.waitForFunction(() => window.ember && window.ember.app && window.ember.app.model);

  await dragTimeline(page, 0.2, 0.8);
  await waitForSamples(page, 40);
  check((await page.textContent('#window-label')).includes('+0.0 s – +1.0 s'), 'dragging over second 0 selects the window [0 s, 1 s)');
  check((await frameCentre(page, 'hot_loop')) !== null && (await frameCentre(page, MARKUP_NAME)) === null, 'the window\'s flame graph has hot_loop only');
  check((await searchFor(page, 'hot')).includes('100.0%'), 'search in the window: hot matches 100.0%');
  await page.screenshot({ path: join(out, 'window.png') });
  await searchFor(page, '');
  await page.click('#window-clear');
  await waitForSamples(page, 100);
  check(!(await page.isVisible('#window-clear')), '"Whole profile" clears the window');

  // Right click on a frame: its callers above, its callees below.
  const compute = await frameCentre(page, 'compute');
  await page.mouse.click(compute.x, compute.y, { button: 'right' });
  await page.waitForSelector('#view-sandwich:not([hidden])');
  check((await page.textContent('#sandwich-name')) === 'compute', 'right click opens callers and callees of compute');
  check((await graphFrameCentre(page, 'callers', 'main')) !== null, 'callers of compute: main');
  check((await graphFrameCentre(page, 'callees', 'hot_loop')) !== null && (await graphFrameCentre(page, 'callees', SCRIPT_NAME)) !== null, 'callees of compute: hot_loop and the hostile name');
  check((await page.textContent('#sandwich-share')).includes('75.0%'), 'compute has 75.0% of all');
  await page.screenshot({ path: join(out, 'sandwich.png') });
  await page.click('.tab[data-view="top"]');
  await page.click(`#top-table tbody tr:has(td:text-is(${JSON.stringify(SCRIPT_NAME)}))`);
  check((await page.textContent('#sandwich-name')) === SCRIPT_NAME, 'a top-table row opens its callers and callees; the name is text');

  // Diff: base = second 0, new = second 1. hot_loop goes from 100% to 57.1% of the samples,
  // the script-named function from 0% to 42.9%.
  await page.click('#drag-target .segment[data-kind="base"]');
  await dragTimeline(page, 0.1, 0.9);
  await dragTimeline(page, 1.1, 1.9);
  await page.waitForSelector('#view-diff:not([hidden])');
  await page.waitForFunction(() => window.ember.app.diff && window.ember.app.diff.totals[1] === 350000000);
  const less = await frameColour(page, 'diffGraph', 'hot_loop');
  const more = await frameColour(page, 'diffGraph', SCRIPT_NAME);
  check(less && less[2] > less[0] + 60, 'diff: hot_loop (less of the samples) is blue ' + JSON.stringify(less));
  check(more && more[0] > more[2] + 60, 'diff: the function that appeared is red ' + JSON.stringify(more));
  const hot = await graphFrameCentre(page, 'diffGraph', 'hot_loop');
  await page.mouse.move(hot.x, hot.y);
  await page.waitForSelector('#tooltip:not([hidden])');
  const tip = await page.textContent('#tooltip');
  check(tip.includes('400.00 ms') && tip.includes('200.00 ms') && tip.includes('−42.9 pp'), 'diff tooltip shows both values and the change');
  const changes = await page.$$eval('#diff-table tbody tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  check(changes.some((r) => r[0] === SCRIPT_NAME && r[3] === '+42.9 pp' && r[4] === '+42.9 pp') && changes.some((r) => r[0] === 'hot_loop' && r[3] === '−42.9 pp'), 'diff table lists the changes in share');
  await page.screenshot({ path: join(out, 'diff.png') });
  await page.mouse.move(5, 5);

  // Downloads are built in the page: folded stacks of the selected sample type.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#downloads [data-format="folded"]')]);
  const folded = readFileSync(await download.path(), 'utf8');
  check(folded.split('\n').includes('main;compute;hot_loop 600000000'), 'folded download has main;compute;hot_loop 600000000');
  check(folded.includes(SCRIPT_NAME), 'folded download keeps names as they are');
}

// A minute of a service with a lock-wait spike from 40 s to 46 s: the spike shows on the
// timeline, and the diff of the spike against steady state puts futex_wait first.
async function checkLoadTestPage(page, url, out) {
  await page.goto(url);
  await page.waitForFunction(() => window.ember && window.ember.app && window.ember.app.model);
  await page.screenshot({ path: join(out, 'load-test.png') });
  await searchFor(page, 'futex');
  const matchedInSpike = await page.evaluate(() => {
    const { matched, sums } = window.ember.app.timeline.bucketInfo;
    return [matched[42] / sums[42], matched[10] / sums[10]];
  });
  check(matchedInSpike[0] > 0.25 && matchedInSpike[1] < 0.05, 'search shows on the timeline when futex_wait ran');
  await page.screenshot({ path: join(out, 'load-test-search.png') });
  await searchFor(page, '');
  await page.click('#drag-target .segment[data-kind="base"]');
  await dragTimeline(page, 10.2, 39.8);
  await dragTimeline(page, 40.2, 45.8);
  await page.waitForFunction(() => window.ember.app.diff && document.querySelector('#diff-table tbody tr'));
  const first = await page.textContent('#diff-table tbody tr td:first-child');
  check(first === 'futex_wait', 'diff of the spike against steady state: futex_wait changed most');
  await page.screenshot({ path: join(out, 'load-test-diff.png') });
  await dragTimeline(page, 40.2, 45.8);
  await page.click('.tab[data-view="flame"]');
  await page.waitForFunction(() => window.ember.app.range !== null);
  await page.screenshot({ path: join(out, 'load-test-window.png') });
}

// The allocator & GC tab on a profile with 40% in glibc malloc (the script-named function
// 20%, parse 20%) and 10% in kernel page faults (parse): shares, callers as text, a click
// through to callers and callees, and a window that changes the sums.
async function checkAllocPage(page, url, out) {
  await page.goto(url);
  await page.waitForFunction(() => window.ember && window.ember.app && window.ember.app.model);
  await page.click('.tab[data-view="alloc"]');
  const rows = () => page.$$eval('#alloc-table tbody tr', (trs) => trs.map((tr) => [tr.classList.contains('alloc-category') ? 'category' : 'caller', ...[...tr.cells].map((c) => c.textContent)]));
  const all = await rows();
  check(JSON.stringify(all[0]) === JSON.stringify(['category', 'glibc malloc', '400.00 ms', '40.0%']), 'allocator view: glibc malloc has 40.0% ' + JSON.stringify(all[0]));
  check(all.some((r) => r[0] === 'caller' && r[1] === SCRIPT_NAME && r[3] === '20.0%'), 'the script-named caller is listed as text with 20.0%');
  check(all.some((r) => r[0] === 'category' && r[1] === 'kernel memory (page faults, mmap, brk)' && r[3] === '10.0%'), 'page faults have 10.0%');
  check((await page.textContent('#alloc-note')).includes('50.0%'), 'the note gives memory management 50.0% in all');
  await page.screenshot({ path: join(out, 'alloc.png') });
  await page.click('#alloc-table tbody tr.alloc-caller:has(td:text-is("parse"))');
  await page.waitForSelector('#view-sandwich:not([hidden])');
  check((await page.textContent('#sandwich-name')) === 'parse', 'a caller row opens its callers and callees');

  await dragTimeline(page, 0.2, 0.8);
  await page.waitForFunction(() => window.ember.app.model.totals[0] === 70);
  await page.click('.tab[data-view="alloc"]');
  const window0 = await rows();
  check(window0.length === 2 && window0[0][1] === 'glibc malloc' && window0[0][3] === '28.6%' && window0[1][1] === SCRIPT_NAME, 'in second 0 only the script-named caller, 28.6% ' + JSON.stringify(window0));
}

// Waits under long C++ names (sample_profiles.h waits_profile): labels and table rows show the
// short names, tooltips both; waits end at the libc call that waited unless "Kernel frames" is
// on.
const LONG_SERVE = '(anonymous namespace)::serve(std::map<std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >, std::vector<int, std::allocator<int> >, std::less<std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> > >, std::allocator<std::pair<std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> > const, std::vector<int, std::allocator<int> > > > >&)';
const LONG_FLUSH = 'void Table<std::vector<int, std::allocator<int> > >::flush<Writer>(Writer&) const';

async function checkWaitsPage(page, url, out) {
  await page.goto(url);
  await page.waitForFunction(() => window.ember && window.ember.app && window.ember.app.model);
  const label = (name) =>
    page.evaluate((n) => {
      const flame = window.ember.app.flame;
      const frame = flame.frames.find((f) => !f.merged && flame.nameOf(f.node) === n);
      return frame ? flame.labelOf(frame.node) : null;
    }, name);
  check((await label(LONG_SERVE)) === '(anonymous namespace)::serve', 'the flame graph labels serve by its short name');
  check((await label(LONG_FLUSH)) === 'Table<...>::flush<...>', 'the flame graph labels flush by its short name');
  const flush = await frameCentre(page, LONG_FLUSH);
  await page.mouse.move(flush.x, flush.y);
  await page.waitForSelector('#tooltip:not([hidden]) .tip-full');
  check((await page.textContent('#tooltip .tip-name')) === 'Table<...>::flush<...>', 'the tooltip leads with the short name');
  check((await page.textContent('#tooltip .tip-full')) === LONG_FLUSH, 'and has the full name under it');
  await page.screenshot({ path: join(out, 'waits-tooltip.png') });

  // The leaves are the libc calls that waited; the kernel's frames are one switch away.
  check((await frameCentre(page, '__schedule')) === null && (await frameCentre(page, 'read')) !== null, 'waits end at read, no __schedule frame');
  await page.click('.tab[data-view="top"]');
  const rows = await page.$$eval('#top-table tbody tr', (trs) => trs.map((tr) => [tr.cells[0].textContent, tr.cells[0].title, tr.cells[2].textContent]));
  check(JSON.stringify(rows[0]) === JSON.stringify(['read', 'read', '70.0%']), 'the top table leads with read at 70.0% ' + JSON.stringify(rows[0]));
  check(rows.some((r) => r[0] === '(anonymous namespace)::serve' && r[1] === LONG_SERVE), 'a top table row shows the short name, its title the full one');
  await page.click('.tab[data-view="flame"]');
  await page.check('#kernel-frames');
  await page.waitForFunction(() => window.ember.app.model.kernelFrames === true);
  check((await frameCentre(page, '__schedule')) !== null, 'with kernel frames, __schedule is drawn');
  check(hashState(await page.evaluate(() => window.location.hash)).get('kernel') === '1', 'the switch is kept in the address');
  await page.uncheck('#kernel-frames');
  await page.waitForFunction(() => window.ember.app.model.kernelFrames === false);
}

function hashState(hash) {
  return new URLSearchParams(hash.slice(hash.indexOf('?') + 1));
}

async function checkLargePage(page, url, out) {
  await page.goto(url);
  await page.waitForFunction(() => window.ember && window.ember.app && window.ember.app.model);
  const stats = await page.evaluate(() => {
    const app = window.ember.app;
    const times = [];
    for (let i = 0; i < 5; i++) {
      app.flame.render();
      times.push(app.flame.lastRenderMs);
    }
    times.sort((a, b) => a - b);
    return { nodes: app.model.nodeCount, median: times[2], frames: app.flame.frames.length };
  });
  console.log(`     large profile: ${stats.nodes} nodes, ${stats.frames} drawn, median render ${stats.median.toFixed(1)} ms`);
  check(stats.nodes >= 90000, 'large profile has about 100,000 nodes');
  check(stats.median < RENDER_BUDGET_MS, `large flame graph renders in under ${RENDER_BUDGET_MS} ms`);
  const searchStart = Date.now();
  await searchFor(page, 'step_1');
  console.log(`     large search: ${Date.now() - searchStart} ms including the input delay`);
  await page.screenshot({ path: join(out, 'large.png') });
}

async function main() {
  const args = parseArgs(process.argv.slice(2), { chromium: '/usr/bin/chromium' }, ['generator', 'out'], 'node html_export_check.mjs --generator PATH --out DIR [--chromium PATH]');
  const out = resolve(args.out);
  mkdirSync(out, { recursive: true });
  const samplePath = join(out, 'sample.html');
  const largePath = join(out, 'large.html');
  const loadTestPath = join(out, 'load-test.html');
  const allocPath = join(out, 'alloc.html');
  const waitsPath = join(out, 'waits.html');
  execFileSync(args.generator, [samplePath, largePath, loadTestPath, allocPath, waitsPath], { stdio: 'inherit' });

  const browser = await launch(args.chromium);
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const dialogs = [];
    const errors = [];
    const requests = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      dialog.dismiss();
    });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('request', (request) => !request.url().startsWith('file:') && requests.push(request.url()));

    await checkSamplePage(page, pathToFileURL(samplePath).href, out);
    await checkWindowsAndViews(page, pathToFileURL(samplePath).href, out);
    await checkLoadTestPage(page, pathToFileURL(loadTestPath).href, out);
    await checkAllocPage(page, pathToFileURL(allocPath).href, out);
    await checkWaitsPage(page, pathToFileURL(waitsPath).href, out);
    await checkLargePage(page, pathToFileURL(largePath).href, out);

    check(dialogs.length === 0, 'no dialog opened' + (dialogs.length ? ': ' + dialogs.join(', ') : ''));
    check(errors.length === 0, 'no script errors' + (errors.length ? ': ' + errors.join('; ') : ''));
    check(requests.length === 0, 'no network requests' + (requests.length ? ': ' + requests.join(', ') : ''));
  } finally {
    await browser.close();
  }
  finish(out);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
