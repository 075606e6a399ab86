// Opens a diff page written by `ember diff -o diff.html` in headless Chromium: it must open
// on the diff view by itself, draw the diff flame graph, list the expected function first in
// the table of changes with the expected sign, and touch no network.
//
//   node diff_export_check.mjs --page FILE --first NAME --sign +|- --out DIR [--chromium PATH]
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { check, checkQuiet, finish, graphFrameCentre, launch, parseArgs, watchPage } from './ui_driver.mjs';

async function main() {
  const args = parseArgs(process.argv.slice(2), { chromium: '/usr/bin/chromium' }, ['page', 'first', 'sign', 'out'], 'node diff_export_check.mjs --page FILE --first NAME --sign +|- --out DIR [--chromium PATH]');
  const out = resolve(args.out);
  mkdirSync(out, { recursive: true });
  const browser = await launch(args.chromium);
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const seen = watchPage(page);

    await page.goto(pathToFileURL(resolve(args.page)).href);
    await page.waitForSelector('#view-diff:not([hidden])');
    await page.waitForFunction(() => window.ember.app.diff && document.querySelector('#diff-table tbody tr'));
    check(await page.isHidden('#diff-pick-base'), 'no timeline windows to pick in an exported diff');
    check((await page.textContent('#diff-base-label')) === 'base profile', 'the base is the base profile');
    const row = await page.$$eval('#diff-table tbody tr:first-child td', (cells) => cells.map((c) => c.textContent));
    check(row[0] === args.first, `the first change is ${args.first}: ${JSON.stringify(row)}`);
    check(row[3].startsWith(args.sign === '+' ? '+' : '−'), `its total share changed with sign ${args.sign}: ${row[3]}`);
    check((await graphFrameCentre(page, 'diffGraph', args.first)) !== null, `the diff flame graph draws ${args.first}`);
    await page.screenshot({ path: join(out, 'diff-export.png') });
    checkQuiet(seen);
  } finally {
    await browser.close();
  }
  finish(out);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
