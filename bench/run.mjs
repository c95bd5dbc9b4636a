// `npm run bench` — Centinela's benchmark: builds what it needs, starts a throwaway PostGIS cluster and the
// real API, builds a synthetic city, runs the six measurements, prints one table and writes it to
// docs/PERFORMANCE.md. `npm run bench -- --smoke` runs everything tiny and judges nothing (for CI).
// `--metrics` runs only the metrics benchmark, `--alerts` only the alerts benchmark, `--webhooks` only the hotline webhooks. `--intake` runs only the hotline-call path, paced, with SQL per call (printed, not written); `--locations` only measurement 5 over the socket (printed). `--profile` also takes CPU profiles of the API during the load phases (slower; numbers are then skewed).
import { build, ensureDependencies, ensureSystemPackages, say } from '../scripts/lib/setup.mjs';

ensureDependencies();
ensureSystemPackages(['postgis', 'osm2pgsql', 'chromium']);
build(); // the web app too: measurement 8 loads /dispatch in Chromium
say('benchmark');
const argv = process.argv.slice(2);
// `--metrics` runs only the metrics benchmark (a generated year of a busy network); otherwise it follows the others.
const metricsOnly = argv.includes('--metrics');
// `--alerts` runs only the community alerts benchmark (200,000 subscribers against stub providers).
if (argv.includes('--alerts')) {
  const { runAlertsBench } = await import('./alerts.mjs');
  process.exit(await runAlertsBench(argv));
}
// `--webhooks` runs only the hotline webhook benchmark (signed Twilio and Telegram webhooks against stub providers).
if (argv.includes('--webhooks')) {
  const { runWebhooksBench } = await import('./webhooks.mjs');
  process.exit(await runWebhooksBench(argv));
}
const { main } = await import('./lib/bench.mjs');
const { runMetricsBench } = await import('./metrics.mjs');
if (metricsOnly) process.exitCode = await runMetricsBench(argv);
else if (argv.includes('--intake') || argv.includes('--locations')) process.exitCode = await main(argv);
else {
  process.exitCode = (await main(argv)) || (await runMetricsBench(argv));
  // Then the community alerts and the hotline webhooks (each also runs alone with its flag).
  if (!process.exitCode) {
    const { runAlertsBench } = await import('./alerts.mjs');
    const { runWebhooksBench } = await import('./webhooks.mjs');
    process.exitCode = (await runAlertsBench(argv)) || (await runWebhooksBench(argv));
  }
}
