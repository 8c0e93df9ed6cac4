import { chromium } from 'playwright-core';
for (const ignore of [false, true]) {
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'],
  ignoreDefaultArgs: ignore ? ['--disable-backgrounding-occluded-windows', '--disable-renderer-backgrounding', '--disable-background-timer-throttling'] : [] });
const ctx = await browser.newContext();
const page = await ctx.newPage();
const bcdp = await browser.newBrowserCDPSession();
const { targetInfos } = await bcdp.send('Target.getTargets');
const me = targetInfos.find(t => t.type === 'page');
const p2 = ctx.waitForEvent('page');
await bcdp.send('Target.createTarget', { url: 'about:blank', browserContextId: me.browserContextId, newWindow: false, background: true });
const page2 = await p2;
console.log(ignore, 'background tab:', await page2.evaluate(() => document.visibilityState), 'first:', await page.evaluate(() => document.visibilityState));
await browser.close();
}
