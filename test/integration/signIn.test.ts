// Sign In step by step in the real workbench, with each bad input a person can give, and an account GitLab Workflow
// already has (through a stand-in authentication provider registered here, as GitLab Workflow registers its own).
import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import * as vscode from 'vscode';
import type { ExtensionInternals } from '../../src/extension';
import { startSimulator, type Simulator } from '../simulator';
import { startLoopbackServer } from '../unit/support/loopbackServer';
import { availableDeploymentActions } from '../../src/core/actions/availableActions';
import { COMMANDS } from '../../src/shell/commands/commandIds';
import { parseAccount } from '../../src/shell/auth/workflowAccounts';
import { extensionApi, waitFor, runCommand } from './support/harness';
import { messageOf, QuickInputs } from './support/quickInputs';

const ANOTHER = /Another GitLab instance/;
const CONTINUE = 'Continue' as unknown as vscode.MessageItem;

describe('Sign In, step by step', () => {
  let sim: Simulator;
  let api: ExtensionInternals;
  let inputs: QuickInputs;
  let warning: sinon.SinonStub;
  const sandbox = sinon.createSandbox();
  const configuredInstances = () =>
    vscode.workspace.getConfiguration('gitlabApprovals').inspect<string[]>('instances')?.globalValue ?? [];

  before(async () => {
    sim = await startSimulator({ scenario: 'demo' });
    api = await extensionApi();
    api.focus.setFocused(true);
    await signOutAll();
  });
  beforeEach(() => {
    inputs = new QuickInputs(sandbox);
    warning = sandbox.stub(vscode.window, 'showWarningMessage').resolves(CONTINUE);
    sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    sim.clearLog();
  });
  const signOutAll = async () => {
    if (configuredInstances().length === 0) return;
    await vscode.workspace
      .getConfiguration('gitlabApprovals')
      .update('instances', undefined, vscode.ConfigurationTarget.Global);
    await waitFor(() => !api.instances.signedIn, 'signed out');
  };
  afterEach(async () => {
    inputs.dispose();
    sandbox.restore();
    await signOutAll();
  });
  after(() => sim.close());

  /** Starts Sign In and chooses "Another GitLab instance…"; returns the URL box and the command's promise. */
  async function startTyping(): Promise<{ urlBox: vscode.InputBox; done: Thenable<unknown> }> {
    const done = runCommand(COMMANDS.signIn);
    await inputs.choose(await inputs.pick(ANOTHER), ANOTHER);
    return { urlBox: await inputs.box(), done };
  }

  async function cancel(box: vscode.InputBox, done: Thenable<unknown>): Promise<void> {
    box.hide();
    await done;
    await inputs.allClosed();
  }

  it('reads a pasted …/api/v4/ URL as the instance, warns that http:// sends the token in clear, and goes on when told to', async () => {
    const { urlBox, done } = await startTyping();
    await inputs.enter(urlBox, `${sim.url}/api/v4/`);
    await inputs.enter(await inputs.box(), sim.defaultToken);
    await done;

    assert.match(
      String(warning.firstCall.args[0]),
      /127\.0\.0\.1:\d+ uses http:\/\/: your access token would travel unencrypted/,
    );
    assert.equal((warning.firstCall.args[1] as vscode.MessageOptions).modal, true);
    assert.deepEqual(configuredInstances(), [sim.url]);
    assert.ok(sim.requestLog.all().every((r) => r.path.startsWith('/api/v4/') && !r.path.includes('/api/v4/api/')));
    // The instance was checked before the token step, and without a token.
    const [first] = sim.requestLog.all();
    assert.deepEqual([first.route, first.authHeader], ['version', 'none']);
  });

  it('declining the http:// warning sends no token and returns to the URL', async () => {
    // A simulator never signed in to: no poll of an earlier test can reach it.
    const fresh = await startSimulator({ scenario: 'demo' });
    try {
      warning.resolves(undefined);
      const { urlBox, done } = await startTyping();
      await inputs.enter(urlBox, fresh.url);
      const again = await inputs.box();
      assert.equal(again.value, fresh.url);
      // The box says it before Enter too (shown as a warning: the user may go on).
      assert.match(messageOf(again), /travel unencrypted/);
      assert.equal(
        (again.validationMessage as vscode.InputBoxValidationMessage).severity,
        vscode.InputBoxValidationSeverity.Warning,
      );
      await cancel(again, done);
      assert.deepEqual(
        fresh.requestLog.all().map((r) => [r.route, r.authHeader]),
        [['version', 'none']],
      );
      assert.deepEqual(configuredInstances(), []);
    } finally {
      await fresh.close();
    }
  });

  it('an https:// URL against a plain-HTTP server says so at the URL step, without suggesting a CA file', async () => {
    const { urlBox, done } = await startTyping();
    await inputs.enter(urlBox, sim.url.replace('http://', 'https://'));
    const problem = await inputs.problemOf(urlBox, /did not answer with TLS/);
    assert.match(problem, /serves only http:\/\//);
    assert.doesNotMatch(problem, /caFile|certificate authorit/i);
    await cancel(urlBox, done);
  });

  it('a URL that is not GitLab says it does not look like a GitLab API, before any token is asked for', async () => {
    const page = await startLoopbackServer((_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end('<html>'));
    try {
      const { urlBox, done } = await startTyping();
      await inputs.enter(urlBox, page.origin);
      await inputs.problemOf(urlBox, /does not look like a GitLab API: it answered with a web page/);
      assert.equal(page.received.length, 1);
      assert.equal(page.received[0].headers['private-token'], undefined);
      await cancel(urlBox, done);
    } finally {
      await page.close();
    }
  });

  it('a read_api token signs in read-only: told so, the deployments shown, no action offered', async () => {
    const readApi = sim.state.addToken(sim.state.user('demo'), { scopes: ['read_api'] });
    const { urlBox, done } = await startTyping();
    await inputs.enter(urlBox, sim.url);
    await inputs.enter(await inputs.box(), readApi.token);
    await done;
    assert.deepEqual(configuredInstances(), [sim.url]);
    const info = vscode.window.showInformationMessage as sinon.SinonStub;
    assert.ok(
      info.getCalls().some((c) => /read-only: this token has the read_api scope/.test(String(c.args[0]))),
      info
        .getCalls()
        .map((c) => String(c.args[0]))
        .join(' | '),
    );
    await waitFor(() => api.engine.snapshot().instances[0]?.tokenReach === 'read', 'the token read as read-only');
    const rows = api.engine
      .snapshot()
      .instances[0].projects.flatMap((p) =>
        p.environments.flatMap((e) => e.deployments.map((view) => ({ view, accessLevel: p.accessLevel }))),
      );
    assert.ok(
      rows.some((row) => row.view.awaitingMe),
      'what awaits demo is shown',
    );
    assert.deepEqual(
      rows.flatMap((row) => availableDeploymentActions(row.view, row.accessLevel)),
      [],
    );
  });

  it('a token that cannot read deployments (read_user) is refused, saying which scope each action needs', async () => {
    const readUser = sim.state.addToken(sim.state.user('demo'), { scopes: ['read_user'] });
    const { urlBox, done } = await startTyping();
    await inputs.enter(urlBox, sim.url);
    const tokenBox = await inputs.box();
    assert.match(tokenBox.prompt ?? '', /"read_api" to watch deployments; "api" to also approve, reject and run/);
    await inputs.enter(tokenBox, readUser.token);
    const problem = await inputs.problemOf(tokenBox, /has scopes read_user; it needs api/);
    assert.match(problem, /read_api/);
    await cancel(tokenBox, done);
    assert.deepEqual(configuredInstances(), []);
  });

  it('a token with a control character is refused before anything is sent with it', async () => {
    const fresh = await startSimulator({ scenario: 'demo' });
    try {
      const { urlBox, done } = await startTyping();
      await inputs.enter(urlBox, fresh.url);
      const tokenBox = await inputs.box();
      await inputs.enter(tokenBox, `${fresh.defaultToken.slice(0, 10)}\u0000${fresh.defaultToken.slice(10)}`);
      await inputs.problemOf(tokenBox, /control character/);
      assert.ok(
        fresh.requestLog.all().every((r) => r.authHeader === 'none'),
        'no request carried a token',
      );
      await cancel(tokenBox, done);
    } finally {
      await fresh.close();
    }
  });

  it('Back goes from the token to the URL (kept) and to the instance list; nothing is stored', async () => {
    const { urlBox, done } = await startTyping();
    await inputs.enter(urlBox, `${sim.url}/`);
    const tokenBox = await inputs.box();
    assert.equal(tokenBox.step, 2);
    assert.ok(tokenBox.buttons.includes(vscode.QuickInputButtons.Back));
    await inputs.back();
    const urlAgain = await inputs.box();
    assert.equal(urlAgain.value, sim.url);
    await inputs.back();
    const pick = await inputs.pick(ANOTHER);
    assert.equal(pick.step, 1);
    pick.hide();
    await done;
    await inputs.allClosed();
    assert.deepEqual(configuredInstances(), []);
  });

  it('offers the recently used instance first', async () => {
    // Signed in once (the first test), then signed out: it is still offered, first.
    const done = runCommand(COMMANDS.signIn);
    const host = new URL(sim.url).host;
    const pick = await inputs.pick(new RegExp(host.replace(/\./g, '\\.')));
    assert.match(pick.items[0].label, new RegExp(`${host.replace(/\./g, '\\.')}$`));
    assert.equal(pick.items[0].description, 'used before');
    await inputs.choose(pick, new RegExp(host.replace(/\./g, '\\.')));
    await inputs.enter(await inputs.box(), sim.defaultToken);
    await done;
    assert.deepEqual(configuredInstances(), [sim.url]);
    // Who signed in is remembered, so rows kept for another account on this instance are not shown after a restart.
    const signedIn = api.context.globalState.get<Record<string, number>>('gitlabApprovals.signedInUsers');
    assert.equal(signedIn?.[sim.url], sim.state.user('demo').id);
  });

  it('warns once that GITLAB_APPROVALS_TOKEN goes in clear to an http:// GITLAB_APPROVALS_URL', async () => {
    process.env.GITLAB_APPROVALS_URL = sim.url;
    process.env.GITLAB_APPROVALS_TOKEN = sim.defaultToken;
    try {
      await api.instances.reload();
      await api.instances.reload();
      const told = warning.getCalls().filter((c) => /GITLAB_APPROVALS_TOKEN/.test(String(c.args[0])));
      assert.equal(told.length, 1);
      assert.match(String(told[0].args[0]), /sent to 127\.0\.0\.1:\d+ over http:\/\/, unencrypted/);
    } finally {
      delete process.env.GITLAB_APPROVALS_URL;
      delete process.env.GITLAB_APPROVALS_TOKEN;
      await api.instances.reload();
    }
  });

  it('says that GITLAB_APPROVALS_TOKEN without GITLAB_APPROVALS_URL is used for gitlab.com', async () => {
    // Unfocused, so nothing is sent to gitlab.com: this test only reads what the person is told.
    api.focus.setFocused(false);
    const info = vscode.window.showInformationMessage as sinon.SinonStub;
    process.env.GITLAB_APPROVALS_TOKEN = 'glpat-not-a-real-token-0000';
    try {
      await api.instances.reload();
      const told = info.getCalls().filter((c) => /GITLAB_APPROVALS_TOKEN/.test(String(c.args[0])));
      assert.equal(told.length, 1);
      assert.match(String(told[0].args[0]), /used for gitlab\.com, because GITLAB_APPROVALS_URL is not set/);
    } finally {
      delete process.env.GITLAB_APPROVALS_TOKEN;
      await api.instances.reload();
      api.focus.setFocused(true);
    }
  });

  it('tells once, and sends nothing, when GITLAB_APPROVALS_TOKEN holds a control character', async () => {
    const error = sandbox.stub(vscode.window, 'showErrorMessage').resolves(undefined);
    process.env.GITLAB_APPROVALS_URL = sim.url;
    process.env.GITLAB_APPROVALS_TOKEN = `${sim.defaultToken.slice(0, 8)}\n${sim.defaultToken.slice(8)}`;
    try {
      await api.instances.reload();
      await api.instances.reload();
      assert.equal(error.callCount, 1);
      assert.match(
        String(error.firstCall.args[0]),
        /The token in the GITLAB_APPROVALS_TOKEN environment variable cannot be used.*control character/,
      );
      assert.deepEqual(api.instances.urls, []);
      assert.equal(sim.requestLog.length, 0);
    } finally {
      delete process.env.GITLAB_APPROVALS_URL;
      delete process.env.GITLAB_APPROVALS_TOKEN;
      await api.instances.reload();
    }
  });
});

describe('Sign In with an account GitLab Workflow already has', () => {
  let sim: Simulator;
  let api: ExtensionInternals;
  const sandbox = sinon.createSandbox();

  before(async () => {
    sim = await startSimulator({ scenario: 'demo' });
    api = await extensionApi();
    api.focus.setFocused(true);
  });
  afterEach(() => sandbox.restore());
  after(async () => {
    await vscode.workspace
      .getConfiguration('gitlabApprovals')
      .update('instances', undefined, vscode.ConfigurationTarget.Global);
    await waitFor(() => !api.instances.signedIn, 'signed out');
    await sim.close();
  });

  it('offers the account first, signs in with its token after the user allows it, and follows its renewed token', async () => {
    const standIn = new StandInGitLabWorkflow(sim.url, sim.state.user('demo').id, sim.defaultToken);
    const registration = vscode.authentication.registerAuthenticationProvider('gitlab', 'GitLab', standIn);
    // VS Code asks the user (a modal) before it hands another extension's session over; the click on "Allow" is stood
    // in for by answering from the provider, as VS Code does once allowed. Everything else is VS Code's own.
    const asked: { providerId: string; scopes: readonly string[]; options?: vscode.AuthenticationGetSessionOptions }[] =
      [];
    sandbox.stub(vscode.authentication, 'getSession').callsFake((async (
      providerId: string,
      scopes: readonly string[],
      options?: vscode.AuthenticationGetSessionOptions,
    ) => {
      asked.push({ providerId, scopes, options });
      return vsCodeGetSession(standIn, scopes, options);
    }) as never);
    const inputs = new QuickInputs(sandbox);
    sandbox.stub(vscode.window, 'showWarningMessage').resolves(CONTINUE);
    sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    // A GitLab Workflow account on gitlab.com is an OAuth token: GitLab tells its scopes only for personal access tokens.
    const oauth = sim.faults.add({
      kind: 'status',
      status: 400,
      route: 'personal_access_tokens.self',
      body: '{"message":"400 Bad request - This endpoint requires token type to be a personal access token"}',
      contentType: 'application/json',
    });
    try {
      const done = runCommand(COMMANDS.signIn);
      const pick = await inputs.pick(/@demo on 127\.0\.0\.1/);
      assert.match(pick.items[0].label, /@demo on 127\.0\.0\.1:\d+$/);
      assert.equal(pick.items[0].description, 'GitLab Workflow account');
      await inputs.choose(pick, /@demo on/);
      await done;
      await inputs.allClosed();

      assert.ok(
        asked.every((a) => a.providerId === 'gitlab'),
        "only GitLab Workflow's provider is asked",
      );
      assert.deepEqual(asked[0].scopes, ['api']);
      assert.equal(asked[0].options?.createIfNone, true);
      assert.equal(asked[0].options?.account?.id, `${sim.url}|${sim.state.user('demo').id}`);
      await waitFor(() => api.engine.snapshot().instances[0]?.lastSuccessAt !== undefined, 'the first load');
      assert.equal(api.engine.snapshot().instances[0].user?.username, 'demo');

      // GitLab Workflow renews the token (OAuth: every two hours) and says its sessions changed.
      const renewed = sim.state.addToken(sim.state.user('demo'), {
        scopes: ['api'],
        name: 'renewed by GitLab Workflow',
      });
      sim.state.tokens.get(sim.defaultToken)!.revoked = true;
      standIn.renew(renewed.token);
      await waitFor(() => asked.some((a) => a.options?.silent === true), 'the renewed token to be read');
      // The old token is revoked now: a clean refresh proves the renewed one is in use.
      await waitFor(
        async () => {
          await api.engine.refresh('full');
          return api.engine.snapshot().instances[0]?.error === undefined;
        },
        'a clean refresh with the renewed token',
        10_000,
        200,
      );
    } finally {
      sim.faults.remove(oauth);
      sim.state.tokens.get(sim.defaultToken)!.revoked = false;
      inputs.dispose();
      registration.dispose();
    }
  });

  it('reads accounts as GitLab Workflow names them', async () => {
    assert.deepEqual(
      parseAccount({ id: 'https://gitlab.example.com|42', label: 'alice - https://gitlab.example.com' }),
      {
        account: { id: 'https://gitlab.example.com|42', label: 'alice - https://gitlab.example.com' },
        instanceUrl: 'https://gitlab.example.com',
        username: 'alice',
        userId: 42,
      },
    );
    assert.equal(
      parseAccount({ id: 'https://gitlab.com|7', label: 'https://gitlab.com (bob)' })?.username,
      'bob',
      'the older label format',
    );
    assert.equal(parseAccount({ id: 'no-instance', label: 'someone' }), undefined);
  });
});

describe('Sign In with GitLab Workflow accounts on two instances', () => {
  // Two instances, one account each. Neither simulator knows the other's token, so a token that went to the wrong
  // instance shows in its request log as a token that belongs to nobody.
  let simA: Simulator;
  let simB: Simulator;
  let api: ExtensionInternals;
  let tokenA: string;
  let tokenB: string;
  let accountB: string;
  const sandbox = sinon.createSandbox();
  const tokenSent = (sim: Simulator) => sim.requestLog.all().filter((e) => e.authHeader !== 'none');
  const storedToken = (instanceUrl: string) => api.context.secrets.get(`gitlabApprovals.token:${instanceUrl}`);

  before(async () => {
    [simA, simB] = await Promise.all([startSimulator({ scenario: 'demo' }), startSimulator({ scenario: 'demo' })]);
    tokenA = simA.state.addToken(simA.state.user('demo'), { name: 'GitLab Workflow on A' }).token;
    tokenB = simB.state.addToken(simB.state.user('alice'), { name: 'GitLab Workflow on B' }).token;
    accountB = `${simB.url}|${simB.state.user('alice').id}`;
    api = await extensionApi();
    api.focus.setFocused(true);
  });
  afterEach(async () => {
    sandbox.restore();
    await vscode.workspace
      .getConfiguration('gitlabApprovals')
      .update('instances', undefined, vscode.ConfigurationTarget.Global);
    await waitFor(() => !api.instances.signedIn, 'signed out');
  });
  after(async () => {
    await Promise.all([simA.close(), simB.close()]);
  });

  function provide(first: 'A' | 'B') {
    const standIn = new StandInGitLabWorkflow();
    const add = {
      A: () => standIn.add(simA.url, simA.state.user('demo').id, 'demo', tokenA),
      B: () => standIn.add(simB.url, simB.state.user('alice').id, 'alice', tokenB),
    };
    const order = first === 'A' ? [add.A, add.B] : [add.B, add.A];
    order.forEach((addAccount) => addAccount());
    const registration = vscode.authentication.registerAuthenticationProvider('gitlab', 'GitLab', standIn);
    const asked: vscode.AuthenticationGetSessionOptions[] = [];
    sandbox.stub(vscode.authentication, 'getSession').callsFake((async (
      _providerId: string,
      scopes: readonly string[],
      options?: vscode.AuthenticationGetSessionOptions,
    ) => {
      asked.push(options ?? {});
      return vsCodeGetSession(standIn, scopes, options);
    }) as never);
    sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    // The simulators are http://: the account's instance is warned about like a typed one, and the person goes on.
    const clearText = sandbox.stub(vscode.window, 'showWarningMessage').resolves(CONTINUE);
    return { standIn, registration, asked, clearText };
  }

  it("refuses the first account's session when another was picked, and sends it nowhere", async () => {
    const { registration, clearText } = provide('A');
    const inputs = new QuickInputs(sandbox);
    simA.clearLog();
    simB.clearLog();
    try {
      const done = runCommand(COMMANDS.signIn);
      const pick = await inputs.pick(/@alice on/);
      await inputs.choose(pick, /@alice on/);
      await waitFor(
        () => /GitLab Workflow handed over @demo/.test(pick.placeholder ?? ''),
        `the pick to say which account came back (now: "${pick.placeholder}")`,
      );
      assert.match(pick.placeholder!, /not @alice/);
      assert.match(String(clearText.firstCall?.args[0]), /uses http:\/\/: your access token would travel unencrypted/);
      pick.hide();
      await done;

      assert.deepEqual(tokenSent(simB), [], "A's token went to B");
      assert.deepEqual(tokenSent(simA), [], 'nothing is sent to A either: the person did not pick it');
      assert.equal(await storedToken(simB.url), undefined);
      assert.equal(api.instances.signedIn, false);
    } finally {
      inputs.dispose();
      registration.dispose();
    }
  });

  it("keeps B's token when GitLab Workflow's sessions change and it answers with A's", async () => {
    const { standIn, registration, asked } = provide('B');
    const inputs = new QuickInputs(sandbox);
    try {
      const done = runCommand(COMMANDS.signIn);
      await inputs.choose(await inputs.pick(/@alice on/), /@alice on/);
      await done;
      await inputs.allClosed();
      assert.equal(await storedToken(simB.url), tokenB);
      await waitFor(() => api.engine.snapshot().instances[0]?.lastSuccessAt !== undefined, 'the first load of B');

      simB.clearLog();
      const silentBefore = asked.filter((a) => a.silent).length;
      standIn.putFirst(`${simA.url}|${simA.state.user('demo').id}`);
      await waitFor(() => asked.filter((a) => a.silent).length > silentBefore, 'the session change to be read');
      await api.engine.refresh('full');

      assert.equal(await storedToken(simB.url), tokenB, "B's stored token was replaced");
      assert.ok(tokenSent(simB).length > 0, 'the refresh reached B');
      assert.deepEqual(
        tokenSent(simB).filter((e) => e.username !== 'alice'),
        [],
        "a request reached B with a token that is not B's",
      );
      assert.ok(
        asked.some((a) => a.silent && a.account?.id === accountB),
        "B's own account was asked for (and GitLab Workflow answered with A's)",
      );
    } finally {
      inputs.dispose();
      registration.dispose();
    }
  });
});

/**
 * `vscode.authentication.getSession` as VS Code answers it once the user allowed the extension (its consent modal is
 * the one thing a test cannot click): it asks the provider for the account's sessions and, for a provider without
 * `supportsMultipleAccounts` such as GitLab Workflow's, hands over the first one it gets.
 */
async function vsCodeGetSession(
  provider: vscode.AuthenticationProvider,
  scopes: readonly string[],
  options?: vscode.AuthenticationGetSessionOptions,
): Promise<vscode.AuthenticationSession | undefined> {
  const sessions = await provider.getSessions(scopes, { account: options?.account });
  return sessions[0];
}

/**
 * What GitLab Workflow's provider answers (docs/sign-in.md#gitlab-workflow-accounts): one session per account, scopes
 * "api" — and, like the real one, it ignores which account is asked for and answers all of its sessions in its own order.
 */
class StandInGitLabWorkflow implements vscode.AuthenticationProvider {
  private readonly changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changed.event;
  private sessions: vscode.AuthenticationSession[] = [];

  constructor(instanceUrl?: string, userId?: number, token?: string) {
    if (instanceUrl !== undefined && userId !== undefined && token !== undefined)
      this.add(instanceUrl, userId, 'demo', token);
  }

  /** Adds an account at the end of the provider's list; returns its session. */
  add(instanceUrl: string, userId: number, username: string, token: string): vscode.AuthenticationSession {
    const id = `${instanceUrl}|${userId}`;
    const session = { id, accessToken: token, scopes: ['api'], account: { id, label: `${username} - ${instanceUrl}` } };
    this.sessions.push(session);
    return session;
  }

  async getSessions(scopes?: readonly string[]): Promise<vscode.AuthenticationSession[]> {
    return scopes && !scopes.includes('api') ? [] : [...this.sessions];
  }

  async createSession(): Promise<vscode.AuthenticationSession> {
    throw new Error('Creating sessions from other extensions is not supported.');
  }

  async removeSession(): Promise<void> {}

  renew(token: string): void {
    this.sessions[0] = { ...this.sessions[0], accessToken: token };
    this.changed.fire({ added: [], removed: [], changed: [this.sessions[0]] });
  }

  /** Moves the session with this account id to the front (GitLab Workflow lists accounts in its own order) and says so. */
  putFirst(accountId: string): void {
    const session = this.sessions.find((s) => s.account.id === accountId)!;
    this.sessions = [session, ...this.sessions.filter((s) => s !== session)];
    this.changed.fire({ added: [], removed: [], changed: [session] });
  }
}
