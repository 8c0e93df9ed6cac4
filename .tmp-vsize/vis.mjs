import { chromium } from 'playwright-core';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
console.log(browser.version());
const ctx = await browser.newContext();
const page = await ctx.newPage();
await page.setContent('<p>x</p>');
await page.evaluate(() => { window.__ev = []; document.addEventListener('visibilitychange', () => window.__ev.push(document.visibilityState)); });
const vis = () => page.evaluate(() => [document.visibilityState, document.hidden, window.__ev.join(',')]);
console.log('start', await vis());
const cdp = await ctx.newCDPSession(page);
// 1: another page to front
const other = await ctx.newPage();
await other.bringToFront();
console.log('after other.bringToFront', await vis());
await page.bringToFront();
console.log('after page.bringToFront', await vis());
// 2: window minimize
try {
  const { windowId } = await cdp.send('Browser.getWindowForTarget');
  await cdp.send('Browser.setWindowBounds', { windowId, bounds: { windowState: 'minimized' } });
  await new Promise(r => setTimeout(r, 300));
  console.log('after minimize', await vis());
  await cdp.send('Browser.setWindowBounds', { windowId, bounds: { windowState: 'normal' } });
  await new Promise(r => setTimeout(r, 300));
  console.log('after normal', await vis());
} catch (e) { console.log('minimize failed', e.message); }
// 3: lifecycle
try {
  await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
  await cdp.send('Page.setWebLifecycleState', { state: 'active' });
  console.log('after frozen/active', await vis());
} catch (e) { console.log('lifecycle', e.message); }
// 4: Emulation.setFocusEmulationEnabled
await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false });
console.log('focus emu', await vis());
// 5: Page.setVisibility? / Emulation
for (const [m, p] of [['Page.setPageVisibility', { visible: false }], ['Emulation.setPageVisibility', { hidden: true }], ['Target.setPageVisibility', {}]]) {
  try { await cdp.send(m, p); console.log(m, await vis()); } catch (e) { console.log(m, 'err', e.message.slice(0, 80)); }
}
await browser.close();
