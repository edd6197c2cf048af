// What a failed browser step leaves in the CI log, where no screenshot can be looked at: the toasts on screen, the last
// requests GitLab (the simulator) answered, and the last lines of the extension's own log.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { Simulator } from '../simulator';

const REQUESTS = 12;
const LOG_LINES = 20;
const ROWS = 12;

export async function failureReport(page: Page, sim: Simulator, serverLogFile: string): Promise<string[]> {
  const lines: string[] = [];
  const toasts = await page
    .locator('.notifications-toasts .notification-list-item-message')
    .allInnerTexts()
    .catch(() => [] as string[]);
  lines.push(`toasts: ${toasts.length === 0 ? 'none' : toasts.map((t) => JSON.stringify(t)).join(', ')}`);
  // While the notification center is open VS Code shows no toasts: new notifications go to its list.
  const center = await page
    .locator('.notifications-center.visible .notification-list-item-message')
    .allInnerTexts()
    .catch(() => [] as string[]);
  const centerOpen =
    (await page
      .locator('.notifications-center.visible')
      .count()
      .catch(() => 0)) > 0;
  lines.push(
    `notification center: ${centerOpen ? `open, ${center.map((t) => JSON.stringify(t)).join(', ') || 'empty'}` : 'closed'}`,
  );
  const rows = await page
    .locator('[id="workbench.parts.sidebar"] .monaco-list-row')
    .allInnerTexts()
    .catch(() => [] as string[]);
  lines.push(
    `sidebar rows (${rows.length} rendered): ${rows
      .slice(0, ROWS)
      .map((r) => JSON.stringify(r.replace(/\s+/g, ' ')))
      .join(', ')}`,
  );
  const messages = await page
    .locator('[id="workbench.parts.sidebar"] .message, [id="workbench.parts.sidebar"] .welcome-view-content')
    .allInnerTexts()
    .catch(() => [] as string[]);
  if (messages.length > 0)
    lines.push(`sidebar messages: ${messages.map((m) => JSON.stringify(m.replace(/\s+/g, ' '))).join(', ')}`);
  const requests = sim.requestLog.all().slice(-REQUESTS);
  lines.push('last requests:');
  for (const r of requests)
    lines.push(`  ${r.method} ${r.path} → ${r.status ?? 'no answer'}${r.fault ? ` (${r.fault})` : ''}`);
  const extensionLog = findExtensionLog(path.join(path.dirname(serverLogFile), 'user-data', 'logs'));
  if (extensionLog) {
    const tail = fs.readFileSync(extensionLog, 'utf8').trimEnd().split('\n').slice(-LOG_LINES);
    lines.push(
      `extension log (${path.basename(extensionLog)}, last ${tail.length} lines):`,
      ...tail.map((l) => `  ${l}`),
    );
  } else lines.push('extension log: not found');
  return lines;
}

/** The newest log file of the extension's output channel under code-server's logs folder. */
function findExtensionLog(logsDir: string): string | undefined {
  let newest: { file: string; mtime: number } | undefined;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/Deployment Approvals/i.test(entry.name)) {
        const mtime = fs.statSync(full).mtimeMs;
        if (!newest || mtime > newest.mtime) newest = { file: full, mtime };
      }
    }
  };
  if (fs.existsSync(logsDir)) walk(logsDir);
  return newest?.file;
}
