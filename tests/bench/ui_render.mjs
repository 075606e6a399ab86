// How fast the web UI draws a big flame graph: builds a profile JSON with about 100,000 call
// tree nodes, serves it with the UI's own files to headless Chromium, and prints the median
// draw time of the flame graph, next to a reference: the same page with a 1,000-node profile,
// so the ratio shows how drawing scales with the tree. Not a pass/fail test.
//
//   node ui_render.mjs [--chromium PATH] [--nodes 100000] [--runs 15]
//
// Needs the browser tests' packages (npm install in tests/browser).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', 'browser', 'package.json'));
const { chromium } = require('playwright-core');
const UI_DIR = join(here, '..', '..', 'web', 'ui');
// The page is served from a made-up origin that the browser never resolves: every request is
// answered below, so the UI's same-origin fetch works as under emberd.
const ORIGIN = 'http://ember.bench';

function parseArgs(argv) {
  const args = { chromium: '/usr/bin/chromium', nodes: '100000', runs: '15' };
  for (let i = 0; i < argv.length; i += 2) args[argv[i].replace(/^--/, '')] = argv[i + 1];
  return { chromium: args.chromium, nodes: Number(args.nodes), runs: Number(args.runs) };
}

// A deterministic pseudo-random generator (xorshift), so every run draws the same tree.
function random(seed) {
  let x = seed >>> 0 || 1;
  return (lo, hi) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return lo + ((x >>> 0) % (hi - lo + 1));
  };
}

// A random walk over stacks: each sample keeps a prefix of the previous stack and grows a few
// new frames, so each adds a few tree nodes. C++-like names, as real profiles have.
function buildProfile(nodes) {
  const uniform = random(42);
  const functions = [];
  for (let i = 0; i < 3000; i++) {
    functions.push({ name: `app::module_${i % 37}::Handler<std::string>::step_${i}(int, std::vector<int> const&)`, system_name: '', file: `module_${i % 37}.cc` });
  }
  const locations = functions.map((_, i) => [[i, 1]]);
  const samples = [];
  const start = 1700000000e9;
  let stack = [0];
  for (let created = 0; created < nodes; ) {
    stack = stack.slice(0, Math.max(1, stack.length - uniform(1, 3)));
    for (let grow = uniform(1, 4); grow > 0 && stack.length < 40; grow--, created++) stack.push(uniform(1, 2999));
    const count = uniform(1, 20);
    samples.push({ stack: stack.slice(), values: [count, count * 10000000], time: start + samples.length * 1e6 });
  }
  return {
    version: 1,
    sample_types: [{ type: 'samples', unit: 'count' }, { type: 'cpu', unit: 'nanoseconds' }],
    default_index: 1,
    functions,
    locations,
    samples,
    stats: { samples: samples.length },
    time_nanos: start,
    duration_nanos: samples.length * 1e6,
  };
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };

// Opens the UI on `profile` and times `runs` draws in each orientation.
async function measure(browser, profile, runs) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const body = JSON.stringify(profile);
  await page.route(ORIGIN + '/**', (route) => {
    const path = new URL(route.request().url()).pathname;
    const text = path === '/profile.json' ? body : readFileSync(join(UI_DIR, path === '/' ? 'index.html' : path.slice(1)));
    route.fulfill({ status: 200, contentType: TYPES[path.slice(path.lastIndexOf('.'))] || 'text/html', body: text });
  });
  const loadStart = Date.now();
  await page.goto(ORIGIN + '/?profile=profile.json');
  await page.waitForFunction(() => window.ember && window.ember.app && window.ember.app.model, null, { timeout: 120000 });
  const loadMs = Date.now() - loadStart;
  const result = await page.evaluate((n) => {
    const app = window.ember.app;
    const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
    const time = () => {
      const times = [];
      for (let i = 0; i < n; i++) {
        app.flame.render();
        times.push(app.flame.lastRenderMs);
      }
      return { median: median(times), min: Math.min(...times), max: Math.max(...times) };
    };
    const modelStart = performance.now();
    new window.ember.ProfileModel(app.model.data);
    const modelMs = performance.now() - modelStart;
    const flame = time();
    app.flame.setMode('icicle');
    const icicle = time();
    return { nodes: app.model.nodeCount, drawn: app.flame.frames.length, flame, icicle, modelMs };
  }, runs);
  await page.close();
  return Object.assign(result, { loadMs });
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const browser = await chromium.launch({
    executablePath: args.chromium,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const big = await measure(browser, buildProfile(args.nodes), args.runs);
    const small = await measure(browser, buildProfile(1000), args.runs);
    const ms = (x) => x.toFixed(1).padStart(7) + ' ms';
    const line = (label, r) =>
      `${label.padEnd(10)} ${String(r.nodes).padStart(7)} nodes ${String(r.drawn).padStart(6)} drawn   flame median ${ms(r.flame.median)} (min ${r.flame.min.toFixed(1)}, max ${r.flame.max.toFixed(1)})   icicle median ${ms(r.icicle.median)}   model build ${ms(r.modelMs)}   page load ${r.loadMs} ms`;
    console.log(`flame graph draw time, median of ${args.runs} draws, 1400 px wide`);
    console.log(line('large', big));
    console.log(line('reference', small));
    console.log(`ratio large/reference: draw ${(big.flame.median / small.flame.median).toFixed(2)}x, model build ${(big.modelMs / small.modelMs).toFixed(1)}x (budget for the large draw: 100 ms)`);
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
