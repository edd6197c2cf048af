// What a user does in the web workbench, as playwright actions on stable parts of VS Code's DOM: aria labels and roles,
// `.monaco-list-row`, `.quick-input-widget`, `.monaco-dialog-box`. Every wait has a timeout; nothing sleeps blindly.
import type { Locator, Page, FrameLocator } from 'playwright-core';
import { waitFor } from '../support/waitFor';

export const TIMEOUT_MS = 20_000;
/** How long a quick input titled like an approval is watched for turning out to be the rule pick. */
const RULE_PICK_GRACE_MS = 1_500;

const SIDEBAR = '[id="workbench.parts.sidebar"]';
const STATUS_BAR = '[id="workbench.parts.statusbar"]';

export class WorkbenchUi {
  constructor(readonly page: Page) {}

  /** The workbench has started when its activity bar is there. */
  async waitForWorkbench(): Promise<void> {
    await this.page.locator('.monaco-workbench .activitybar').waitFor({ state: 'visible', timeout: 60_000 });
  }

  async openViewContainer(title: string): Promise<void> {
    // The entry as a whole, as a person clicks it: its badge (the count awaiting you) sits over the icon's link.
    const icon = this.page
      .locator('.activitybar .action-item')
      .filter({ has: this.page.locator(`a[aria-label^="${title}"]`) })
      .first();
    await icon.click({ timeout: TIMEOUT_MS });
    await this.page
      .locator(`${SIDEBAR} .pane-header[aria-label^="Deployments"], ${SIDEBAR} .title-label h2`)
      .first()
      .waitFor({ timeout: TIMEOUT_MS });
  }

  /** Opens the view container unless a reload restored it open (a click on its icon would close it then). */
  async showViewContainer(title: string): Promise<void> {
    const open = this.page.locator(`${SIDEBAR} .title-label h2`).filter({ hasText: new RegExp(title, 'i') });
    const restored = await open.waitFor({ timeout: 5_000 }).then(
      () => true,
      () => false,
    );
    if (!restored) await this.openViewContainer(title);
  }

  async sidebarWidth(): Promise<number> {
    return (await this.page.locator(SIDEBAR).boundingBox())?.width ?? 0;
  }

  /**
   * The Deployments view: the sidebar's pane that is not Follow-through's (which shows once a job is followed, with its
   * own list, rows and data-index 0).
   */
  private deploymentsPane(): Locator {
    return this.page
      .locator(`${SIDEBAR} .pane`)
      .filter({ hasNot: this.page.locator('.pane-header[aria-label^="Follow-through"]') })
      .first();
  }

  treeRows(): Locator {
    // The list's own rows: not the copies VS Code pins over it (sticky scroll), which carry the same data-index.
    return this.deploymentsPane().locator('.monaco-list-rows > .monaco-list-row');
  }

  /**
   * The tree is virtualised: a row far down is not in the DOM until scrolled to. From the top, scrolls the tree by less
   * than a screen at a time (so no row is skipped) until the row is rendered, then into view; at the bottom it starts
   * again from the top (the rows may still be loading).
   */
  async revealRow(row: Locator, description: string): Promise<Locator> {
    const deadline = Date.now() + TIMEOUT_MS;
    const list = this.deploymentsPane().locator('.monaco-list').first();
    await list.waitFor({ timeout: TIMEOUT_MS });
    let atTop = false;
    let unmoved = 0;
    while (Date.now() < deadline) {
      if ((await row.count()) > 0) {
        // The rows are rebuilt by every refresh: a row found a moment ago may be gone; then it is looked up again.
        const shown = await row
          .first()
          .scrollIntoViewIfNeeded({ timeout: 2_000 })
          .then(() => this.scrollFromUnderStickyRows(row.first()))
          .then(
            () => true,
            () => false,
          );
        if (shown) return row.first();
        continue;
      }
      if (!atTop) {
        await this.scrollTreeToTop();
        atTop = true;
        continue;
      }
      // Nothing further down for a few frames: look again from the top.
      unmoved = (await this.wheelTreeDown()) ? 0 : unmoved + 1;
      if (unmoved >= 5) [atTop, unmoved] = [false, 0];
    }
    throw new Error(`no tree row ${description} within ${TIMEOUT_MS / 1000} s`);
  }

  /** Wheels up until the tree's first row is rendered: the list renders what is in view, and its scroll is animated. */
  private async scrollTreeToTop(): Promise<void> {
    const first = this.treeRows().and(this.page.locator('[data-index="0"]'));
    for (let attempt = 0; attempt < 50 && (await first.count()) === 0; attempt++) {
      await this.pointAtTree();
      await this.page.mouse.wheel(0, -10_000);
      await this.nextFrame();
    }
  }

  private async lastRenderedRowIndex(): Promise<number> {
    const indexes = await this.treeRows().evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-index'))));
    return Math.max(-1, ...indexes);
  }

  private async nextFrame(): Promise<void> {
    await this.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined))));
  }

  /**
   * Puts the mouse over the tree's left edge, so the wheel scrolls it: a row's tooltip opens to the right of the
   * pointer, and one left open over the list's middle would take the wheel instead.
   */
  private async pointAtTree(): Promise<void> {
    const list = this.deploymentsPane().locator('.monaco-list').first();
    const box = await list.boundingBox();
    if (!box) return;
    // The mouse is moved, not `hover`ed: a hover waits until nothing covers the point (a row's tooltip, a toast), which
    // can outlast the search.
    await this.page.mouse.move(box.x + 6, box.y + Math.round(box.height / 2));
  }

  /**
   * Scrolls the tree down by one wheel step: at the pointer, as a person would, and where that moved nothing (the
   * pointer's wheel taken by something over the list), by a wheel event on the list itself.
   */
  private async wheelTreeDown(): Promise<boolean> {
    const lastBefore = await this.lastRenderedRowIndex();
    await this.pointAtTree();
    await this.page.mouse.wheel(0, 200);
    await this.nextFrame();
    if ((await this.lastRenderedRowIndex()) !== lastBefore) return true;
    await this.deploymentsPane()
      .locator('.monaco-list')
      .first()
      .evaluate((list) =>
        list.dispatchEvent(new WheelEvent('wheel', { deltaY: 200, bubbles: true, cancelable: true })),
      );
    await this.nextFrame();
    return (await this.lastRenderedRowIndex()) !== lastBefore;
  }

  /**
   * VS Code's tree keeps the parents of the top rows pinned over the list ("sticky scroll"); a row scrolled just into
   * view can sit under them, where a click lands on the pinned project instead. Scrolls up until the row is clear.
   */
  private async scrollFromUnderStickyRows(row: Locator): Promise<void> {
    const sticky = this.deploymentsPane().locator('.monaco-tree-sticky-container').first();
    for (let attempt = 0; attempt < 10; attempt++) {
      const pinned = (await sticky.count()) > 0 ? await sticky.boundingBox() : null;
      const box = await row.boundingBox();
      if (!pinned || !box || pinned.height === 0 || box.y >= pinned.y + pinned.height) return;
      await this.pointAtTree();
      await this.page.mouse.wheel(0, -(pinned.y + pinned.height - box.y + box.height));
      await this.nextFrame();
    }
  }

  /**
   * Every deployment row of the tree (scrolled through, it is virtualised): its label's text, and whether the whole
   * label is inside the row's visible text area (not cut off by the ellipsis).
   */
  async deploymentRowLabels(): Promise<{ index: number; text: string; wholeLabelVisible: boolean }[]> {
    await this.pointAtTree();
    await this.page.mouse.wheel(0, -10_000);
    const seen = new Map<number, { index: number; text: string; wholeLabelVisible: boolean }>();
    for (let page = 0; page < 20; page++) {
      await this.nextFrame();
      const rows = await this.treeRows().evaluateAll((elements) =>
        elements
          // Deployment rows are the leaves: no twistie that can expand.
          .filter((row) => !row.querySelector('.monaco-tl-twistie.collapsible'))
          .map((row) => {
            const name = row.querySelector('.label-name');
            const area = row.querySelector('.monaco-icon-label-container');
            const nameBox = name?.getBoundingClientRect();
            const areaBox = area?.getBoundingClientRect();
            return {
              index: Number(row.getAttribute('data-index')),
              text: name?.textContent ?? '',
              wholeLabelVisible: !!nameBox && !!areaBox && nameBox.right <= areaBox.right + 0.5,
            };
          }),
      );
      const before = seen.size;
      for (const row of rows) seen.set(row.index, row);
      if (page > 0 && seen.size === before) break;
      await this.page.mouse.wheel(0, 300);
    }
    return [...seen.values()].sort((a, b) => a.index - b.index);
  }

  /** A deployment row, found by text in its label or description (e.g. the short sha, which is unique). */
  deploymentRow(text: string): Locator {
    return this.treeRows().filter({ hasText: text });
  }

  /** A row of the Follow-through view (the jobs you started), by its label. */
  followedJobRow(label: string): Locator {
    return this.page
      .locator(`${SIDEBAR} .pane`)
      .filter({ has: this.page.locator('.pane-header[aria-label^="Follow-through"]') })
      .locator('.monaco-list-row')
      .filter({ hasText: label });
  }

  /** A line of text in the visible editors. */
  editorText(text: string): Locator {
    return this.page.locator('.editor-instance .view-lines').getByText(text, { exact: false }).first();
  }

  /**
   * An environment row directly under a project row (rows are a flat list with aria-level). Returns a locator on the row's
   * data-index, which stays right while the list re-renders.
   */
  async environmentRow(projectName: string, environmentName: string): Promise<Locator> {
    const deadline = Date.now() + TIMEOUT_MS;
    await this.revealRow(this.treeRows().filter({ hasText: projectName }), `project ${projectName}`);
    while (Date.now() < deadline) {
      const index = await this.treeRows().evaluateAll(
        (rows, [project, environment]) => {
          const sorted = rows
            .map((row) => ({
              index: Number(row.getAttribute('data-index')),
              level: Number(row.getAttribute('aria-level')),
              label: row.querySelector('.label-name')?.textContent?.trim() ?? '',
            }))
            .sort((a, b) => a.index - b.index);
          const at = sorted.findIndex((r) => r.label === project);
          if (at < 0) return -1;
          for (const row of sorted.slice(at + 1)) {
            if (row.level <= sorted[at].level) return -1;
            if (row.level === sorted[at].level + 1 && row.label === environment) return row.index;
          }
          return -1;
        },
        [projectName, environmentName] as const,
      );
      if (index >= 0) return this.treeRows().and(this.page.locator(`[data-index="${index}"]`));
      await this.page.mouse.wheel(0, 100);
      await this.nextFrame();
    }
    throw new Error(`no environment row ${environmentName} under ${projectName}`);
  }

  /** Right-click a row and pick a context-menu entry by its accessible name. */
  async contextMenu(row: Locator, entry: string): Promise<void> {
    await row.click({ button: 'right', timeout: TIMEOUT_MS });
    // The accessible name is the entry's title, followed by its key when it has one ("Approve… Ctrl+Enter").
    const title = new RegExp(`^${entry.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( |$)`);
    const item = this.page.getByRole('menuitem', { name: title });
    await item.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
    // Pointed at, then taken with Enter, as a person may: exactly one activation. A click that lands while the menu
    // is still settling is sometimes dropped, and an Enter after it to make up for it could land in the input box the
    // click had opened, or on the tree.
    await item.hover();
    await waitFor(
      () => item.evaluate((el) => el.closest('.action-item')?.classList.contains('focused') === true),
      `the menu entry ${entry} to be focused`,
      TIMEOUT_MS,
    );
    await this.page.keyboard.press('Enter');
    await item.waitFor({ state: 'hidden', timeout: TIMEOUT_MS });
  }

  quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /**
   * Where the extension asks which approval rule an approval counts for (a pick titled "… as…", shown when the person
   * is in several open rules, which depends on what was read so far), takes the row whose text matches. Nothing when
   * the comment box came instead.
   */
  async pickRuleIfAsked(titleText: string, rule: RegExp): Promise<void> {
    const widget = this.quickInput();
    const title = widget.locator('.quick-input-title');
    await widget.filter({ hasText: titleText }).waitFor({ state: 'visible', timeout: TIMEOUT_MS });
    const isRulePick = async () => /as…$/.test((await title.innerText().catch(() => '')).trim());
    // The widget may still show the title it had a moment before: look again for a while before taking it for the
    // comment box (typing a comment into the rule pick's filter and pressing Enter takes "All my rules").
    const asked = await waitFor(isRulePick, 'the rule pick', RULE_PICK_GRACE_MS).then(
      () => true,
      () => false,
    );
    if (!asked) return;
    await widget.locator('.quick-input-list .monaco-list-row').filter({ hasText: rule }).first().click();
    await waitFor(async () => !(await isRulePick()), 'the rule pick to close', TIMEOUT_MS);
  }

  /** Waits for the input box with this title, types the text (replacing any value) and accepts with Enter. */
  async answerInputBox(titleText: string | RegExp, text: string, beforeEnter?: () => Promise<void>): Promise<void> {
    const widget = this.quickInput();
    await widget.filter({ hasText: titleText }).waitFor({ state: 'visible', timeout: TIMEOUT_MS });
    const input = widget.locator('.quick-input-box input');
    await input.fill(text);
    await beforeEnter?.();
    await input.press('Enter');
    await widget.waitFor({ state: 'hidden', timeout: TIMEOUT_MS });
  }

  dialog(): Locator {
    return this.page.locator('.monaco-dialog-box');
  }

  /** Answers the dialog whose text matches (and does not match `notText`, for a question that follows a like one). */
  async confirmDialog(
    messageText: string | RegExp,
    button: string,
    beforeClick?: () => Promise<void>,
    notText?: RegExp,
  ): Promise<void> {
    const dialog = this.dialog().filter({ hasText: messageText, hasNotText: notText });
    await dialog.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
    await beforeClick?.();
    await dialog.getByRole('button', { name: button, exact: true }).click();
    await dialog.waitFor({ state: 'hidden', timeout: TIMEOUT_MS });
  }

  statusBarItem(text: string | RegExp): Locator {
    return this.page.locator(`${STATUS_BAR} .statusbar-item`).filter({ hasText: text });
  }

  /** The number in `$(bell-dot) N to approve`, or 0 when the item is hidden (it hides itself at zero). */
  async awaitingCount(): Promise<number> {
    const item = this.statusBarItem(/\d+ to approve/);
    if ((await item.count()) === 0) return 0;
    const match = /(\d+) to approve/.exec((await item.first().innerText()) ?? '');
    return match ? Number(match[1]) : 0;
  }

  /** A notification toast whose message matches. */
  notification(message: string | RegExp): Locator {
    return this.page.locator('.notifications-toasts .notification-list-item-message').filter({ hasText: message });
  }

  /** Clears the notifications earlier steps left, so a screenshot shows what the step is about. */
  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
  }

  /** Runs a command from the palette by its title, as a person types it. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('Control+Shift+P');
    const input = this.quickInput().locator('.quick-input-box input');
    await input.fill(`>${title}`);
    await this.quickInput().locator('.quick-input-list-row').first().waitFor({ timeout: TIMEOUT_MS });
    await input.press('Enter');
    await this.quickInput().waitFor({ state: 'hidden', timeout: TIMEOUT_MS });
  }

  /** The text of the tree row the keyboard cursor is on (VS Code marks it `.focused`), or undefined. */
  async focusedRowText(): Promise<string | undefined> {
    const row = this.deploymentsPane().locator('.monaco-list-rows > .monaco-list-row.focused');
    return (await row.count()) > 0 ? await row.first().innerText() : undefined;
  }

  /** Whether the focused tree row is a leaf (a deployment row: no twistie that can expand). */
  async focusedRowIsLeaf(): Promise<boolean> {
    const twisties = this.deploymentsPane().locator(
      '.monaco-list-rows > .monaco-list-row.focused .monaco-tl-twistie.collapsible',
    );
    return (await twisties.count()) === 0;
  }

  /** The content of the active webview (the deployment page): VS Code nests it in two frames. */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  }

  /** An editor tab by its label. */
  editorTab(label: string | RegExp): Locator {
    return this.page.locator('.tabs-container .tab').filter({ hasText: label });
  }

  async screenshot(file: string): Promise<void> {
    await this.page.screenshot({ path: file });
  }
}
