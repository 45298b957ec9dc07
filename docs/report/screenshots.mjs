// Screenshots of report.html for docs/report: the first screen and chosen sections, with the network blocked.
import puppeteer from 'puppeteer-core';
const [report, outDir, ...ids] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP * ~NOTFOUND', '--proxy-server=127.0.0.1:9',
         '--enable-unsafe-swiftshader'],
});
const page = await browser.newPage();
const external = [];
await page.setRequestInterception(true);
page.on('request', r => { const u = r.url(); if (/^(file|data|blob|about):/.test(u)) { r.continue(); } else { external.push(u); r.abort(); } });
await page.setViewport({ width: 1280, height: 900 });
await page.goto('file://' + report, { waitUntil: 'load' });
await page.waitForFunction(() => { const h = document.getElementById('glass3d'); return !h || h.dataset.status !== 'loading'; }, { timeout: 30000 });
await new Promise(r => setTimeout(r, 500));
await page.screenshot({ path: `${outDir}/report-first-screen.png` });
for (const id of ids) {
  const el = await page.$('#' + id);
  if (!el) { console.error('no element #' + id); process.exitCode = 1; continue; }
  await el.scrollIntoView();
  await new Promise(r => setTimeout(r, 300));
  await el.screenshot({ path: `${outDir}/report-${id}.png` });
}
console.log(JSON.stringify({ external, status: await page.$eval('#glass3d', h => h.dataset.status).catch(() => null) }));
await browser.close();
