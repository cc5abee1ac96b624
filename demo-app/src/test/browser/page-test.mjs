// Loads the demo's page in headless Chromium, posts a reading with the bearer token, waits until the
// reading appears in the page's table and chart, and writes a screenshot.
//
// Environment: BASE_URL (the running demo), API_TOKEN, SCREENSHOT (PNG path), CHROMIUM (executable).
// Exit code 0 when the page behaved, 1 otherwise (the reason on stderr).
import { chromium } from 'playwright-core';

const baseUrl = required('BASE_URL');
const token = required('API_TOKEN');
const screenshot = required('SCREENSHOT');
const executablePath = required('CHROMIUM');
const WAIT_MS = 30_000;

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set`);
    process.exit(2);
  }
  return value;
}

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

// Background networking off: a closed network refuses Chromium's own connections, and the test
// must not depend on anything but the demo.
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') {
      problems.push(`console error: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));

  const response = await page.goto(`${baseUrl}/`, { waitUntil: 'load', timeout: WAIT_MS });
  check(response && response.status() === 200, `GET / answered ${response && response.status()}`);
  const headers = response.headers();
  check(/script-src 'self'/.test(headers['content-security-policy'] || ''), 'no CSP on the page');
  check(headers['x-content-type-options'] === 'nosniff', 'no X-Content-Type-Options: nosniff');
  check(headers['x-frame-options'] === 'DENY', 'no X-Frame-Options: DENY');

  await page.waitForSelector('#live-status[data-state="open"]', { timeout: WAIT_MS });

  const station = `page-test-${Date.now().toString(36)}`;
  const reading = {
    stationId: station,
    recordedAt: new Date().toISOString(),
    temperature: 21.5,
    humidity: 40,
    pressure: 1012.5,
  };
  const posted = await fetch(`${baseUrl}/api/readings`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-ndjson' },
    body: JSON.stringify(reading) + '\n',
  });
  const report = await posted.text();
  check(posted.status === 200, `POST /api/readings answered ${posted.status}: ${report}`);

  const row = await page.waitForSelector(`#latest tr[data-station="${station}"]`, { timeout: WAIT_MS });
  const rowText = await row.innerText();
  check(rowText.includes('21.5'), `the row shows '${rowText}', not the temperature 21.5`);
  await page.waitForFunction(
    (id) => (document.getElementById('chart').dataset.stations || '').split(' ').includes(id),
    station,
    { timeout: WAIT_MS },
  );
  check(await page.$('#chart canvas'), 'the chart has no canvas');

  await page.screenshot({ path: screenshot, fullPage: true });
  check(problems.length === 0, problems.join('\n'));
  console.log(`page test passed: ${station} appeared in the table and the chart; screenshot ${screenshot}`);
} catch (error) {
  console.error(`page test failed: ${error.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
