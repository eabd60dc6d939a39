// End-to-end tests in the system's Chromium against the real `switchboard` binary, which
// serves this build (web/dist) and the API on a free port with a fresh SQLite database.
// `npm run build` must run first; no browser is ever downloaded.

import { defineConfig, devices } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

// Workers load this file again: the port and data folder travel in the environment so
// that every process agrees on them.
if (!process.env.SB_E2E_PORT) {
  process.env.SB_E2E_PORT = execFileSync(process.execPath, [
    '-e',
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})",
  ]).toString();
}
if (!process.env.SB_E2E_DATA) process.env.SB_E2E_DATA = mkdtempSync(join(tmpdir(), 'sb-e2e-'));

const port = Number(process.env.SB_E2E_PORT);
const data = process.env.SB_E2E_DATA;
export const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results/artifacts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  globalSetup: './e2e/global-setup.ts',
  use: {
    baseURL,
    ...devices['Desktop Chrome'],
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    // SB_E2E_BIN: a copy of the binary, for runs while it is being rebuilt.
    command: process.env.SB_E2E_BIN ?? resolve(here, '../target/debug/switchboard'),
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      DATABASE_URL: `sqlite://${data}/e2e.db`,
      SWITCHBOARD_DATA_DIR: data,
      SWITCHBOARD_BIND: `127.0.0.1:${port}`,
      SWITCHBOARD_WEB_DIR: resolve(here, 'dist'),
      SWITCHBOARD_ADMIN_PASSWORD: 'e2e-admin-pass',
      SWITCHBOARD_JWT_SECRET: 'e2e-secret-that-is-at-least-32-characters-long',
      SWITCHBOARD_SWEEP_INTERVAL_SECS: '2',
      // The webhook test's receiver listens on 127.0.0.1.
      SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE: 'true',
      RUST_LOG: 'warn',
    },
  },
});
