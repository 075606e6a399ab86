// What the browser checks share: the check log, the Chromium launch, emberd's port, and the
// steps that drive the UI the way a user does (search, drag on the timeline).
import { createServer } from 'node:net';
import { chromium } from 'playwright-core';

export const failures = [];

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A loopback port that was free a moment ago.
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

// Resolves once emberd (the `child` process) answers on `base`.
export async function waitForServer(base, child) {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error('emberd exited with ' + child.exitCode);
    try {
      if ((await fetch(base + '/api/sessions')).ok) return;
    } catch (_) {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error('emberd did not answer on ' + base);
}

export function check(condition, what) {
  console.log((condition ? 'ok   ' : 'FAIL ') + what);
  if (!condition) failures.push(what);
}

// `--name value` pairs into an object over `defaults`; exits with `usage` if a required one
// is missing.
export function parseArgs(argv, defaults, required, usage) {
  const args = Object.assign({}, defaults);
  for (let i = 0; i < argv.length; i += 2) args[argv[i].replace(/^--/, '')] = argv[i + 1];
  if (required.some((name) => !args[name])) {
    console.error('usage: ' + usage);
    process.exit(2);
  }
  return args;
}

export function launch(executablePath) {
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export async function searchFor(page, text) {
  await page.fill('#search', text);
  // The search runs after a short input delay; wait until it ran for this text.
  await page.waitForFunction((t) => {
    const search = window.ember.app.search;
    return t === '' ? search === null : search !== null && search.text === t;
  }, text);
  return page.textContent('#search-result');
}

// Drags across the timeline from `from` to `to` seconds after its start.
export async function dragTimeline(page, from, to) {
  const [a, b] = await page.evaluate(([f, t]) => {
    const timeline = window.ember.app.timeline;
    return [timeline.clientPoint(timeline.data.start + f * 1e9), timeline.clientPoint(timeline.data.start + t * 1e9)];
  }, [from, to]);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, a.y, { steps: 4 });
  await page.mouse.move(b.x, b.y, { steps: 4 });
  await page.mouse.up();
}

// Client coordinates of the frame named `name` in one of the app's flame graphs, or null.
export function graphFrameCentre(page, graph, name) {
  return page.evaluate(([g, n]) => window.ember.app[g].frameCentre(n), [graph, name]);
}

// Collects the page's script errors and its requests beyond file:// from now on; `checkQuiet`
// then checks there were none.
export function watchPage(page) {
  const seen = { errors: [], requests: [] };
  page.on('pageerror', (error) => seen.errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && seen.errors.push(message.text()));
  page.on('request', (request) => !request.url().startsWith('file:') && seen.requests.push(request.url()));
  return seen;
}

export function checkQuiet({ errors, requests }) {
  check(errors.length === 0, 'no script errors' + (errors.length ? ': ' + errors.join('; ') : ''));
  check(requests.length === 0, 'no network requests' + (requests.length ? ': ' + requests.join(', ') : ''));
}

export function finish(out) {
  console.log(`screenshots in ${out}`);
  if (failures.length) {
    console.error(`${failures.length} check(s) failed`);
    process.exit(1);
  }
}
