// k6 load test that posts phase markers to an emberd session, so the timeline shows where
// each stage begins. Run:
//   EMBER_SESSION=3 EMBER_SERVER=http://127.0.0.1:7070 k6 run k6_markers.js
// (add EMBER_TOKEN=... when emberd runs with --token-file). Replace TARGET_URL's request with
// your own traffic; keep setup(), teardown() and markStage(). To post the requests' latencies
// to the session as well, run it through k6_latency.sh (a k6 script cannot: handleSummary()
// sees only aggregates):
//   EMBER_SESSION=3 ./k6_latency.sh k6_markers.js
import http from 'k6/http';
import exec from 'k6/execution';
import { sleep } from 'k6';

const EMBER_SERVER = __ENV.EMBER_SERVER || 'http://127.0.0.1:7070';
const EMBER_SESSION = __ENV.EMBER_SESSION;
const TARGET_URL = __ENV.TARGET_URL || 'http://127.0.0.1:8080/';

const stages = [
  { duration: '30s', target: 20, name: 'ramp-up' },
  { duration: '1m', target: 20, name: 'steady' },
  { duration: '20s', target: 100, name: 'spike' },
  { duration: '20s', target: 0, name: 'ramp-down' },
];

export const options = { stages: stages.map(({ duration, target }) => ({ duration, target })) };

function mark(label) {
  if (!EMBER_SESSION) return;
  const headers = { 'Content-Type': 'application/json', 'X-Ember': '1' };
  if (__ENV.EMBER_TOKEN) headers.Authorization = `Bearer ${__ENV.EMBER_TOKEN}`;
  const body = JSON.stringify({ label, time_nanos: Date.now() * 1e6 });
  const response = http.post(`${EMBER_SERVER}/api/sessions/${EMBER_SESSION}/markers`, body,
                             { headers, tags: { name: 'ember-marker' } });
  if (response.status !== 201) console.warn(`ember marker '${label}': ${response.status} ${response.body}`);
}

function seconds(duration) {
  const match = /^(\d+)(ms|s|m|h)$/.exec(duration);
  const unit = { ms: 0.001, s: 1, m: 60, h: 3600 }[match[2]];
  return Number(match[1]) * unit;
}

// The first VU posts a marker when the test crosses into the next stage.
let lastStage = -1;
function markStage() {
  if (exec.vu.idInTest !== 1) return;
  const elapsed = (Date.now() - exec.scenario.startTime) / 1000;
  let end = 0;
  for (let i = 0; i < stages.length; i++) {
    end += seconds(stages[i].duration);
    if (elapsed < end) {
      if (i !== lastStage) mark(stages[i].name);
      lastStage = i;
      return;
    }
  }
}

export function setup() { mark('k6 start'); }

export default function () {
  markStage();
  http.get(TARGET_URL);
  sleep(0.1);
}

export function teardown() { mark('k6 end'); }
