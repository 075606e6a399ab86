// A CPU-bound JavaScript target with a known split: its main thread runs three functions in the
// ratio 3:2:1 (heavy, medium, light), one round per turn of the event loop as a server's
// handlers run, and measures each one's CPU time with process.cpuUsage() around every call,
// the truth a profile is checked against.
//
// Usage: node js_split.js SECONDS TRUTH_FILE
// Prints its PID, runs SECONDS, then writes TRUTH_FILE as JSON: {"heavy": SECONDS, ...}.
'use strict';
const fs = require('fs');

const UNIT = 200000; // loop iterations per unit of work

// Each function loops itself (no shared helper), so its own frame is the leaf wherever the
// compiler inlines what.
function heavy() {
  let total = 0;
  for (let i = 0; i < 3 * UNIT; i++) total += (i * i) % 7;
  return total;
}

function medium() {
  let total = 0;
  for (let i = 0; i < 2 * UNIT; i++) total += (i * i) % 7;
  return total;
}

function light() {
  let total = 0;
  for (let i = 0; i < UNIT; i++) total += (i * i) % 7;
  return total;
}

const FUNCTIONS = [heavy, medium, light];

function seconds(usage) {
  return (usage.user + usage.system) / 1e6;
}

const [duration, truthFile] = [Number(process.argv[2]), process.argv[3]];
const deadline = Date.now() + duration * 1000;
const spent = { heavy: 0, medium: 0, light: 0 };
let sink = 0;

function round() {
  for (const f of FUNCTIONS) {
    const start = process.cpuUsage();
    sink += f();
    spent[f.name] += seconds(process.cpuUsage(start));
  }
  if (Date.now() < deadline) {
    setImmediate(round);
  } else {
    fs.writeFileSync(truthFile, JSON.stringify(spent) + '\n');
  }
}

console.log(process.pid);
setImmediate(round);
