// A stand-in for the `vscode` module, enough for `activate()` to run in plain Node: every API is a no-op stub (calls
// and constructors return stubs; promises never settle, so nothing goes to the network), except what the startup bench
// reads: the settings it is given, the global state it is given, `l10n.t`, and the status bar item's text.
import Module from 'node:module';

type Stub = ((...args: unknown[]) => unknown) & Record<string | symbol, unknown>;

function stub(overrides: Record<string, unknown> = {}): Stub {
  const values: Record<string | symbol, unknown> = { ...overrides };
  return new Proxy(function () {} as unknown as Stub, {
    get: (_target, key) => {
      if (key in values) return values[key];
      if (key === Symbol.toPrimitive) return () => '';
      if (key === Symbol.iterator) return undefined;
      if (key === 'prototype') return Object.prototype;
      return (values[key] = stub());
    },
    set: (_target, key, value) => ((values[key] = value), true),
    has: () => true,
    apply: () => stub(),
    construct: () => stub(),
  });
}

export interface FakeHost {
  /** Each text the status bar item was given, with `performance.now()` when it was set. */
  statusTexts: { text: string; at: number }[];
  context: unknown;
}

/** Installs the fake as `vscode` for every later `require('vscode')`. */
export function installFakeVscode(options: { instances: string[]; globalState: Record<string, unknown> }): FakeHost {
  const host: FakeHost = { statusTexts: [], context: undefined };
  const configuration = {
    get: (_key: string, fallback?: unknown) => fallback,
    has: () => false,
    inspect: (key: string) => (key === 'instances' ? { globalValue: options.instances } : undefined),
    update: () => new Promise(() => {}),
  };
  const statusBarItem = () => {
    const item = stub();
    return new Proxy(item, {
      set: (target, key, value) => {
        if (key === 'text') host.statusTexts.push({ text: String(value), at: performance.now() });
        return Reflect.set(target, key, value);
      },
    });
  };
  const format = (message: string, ...args: unknown[]) =>
    message.replace(/\{(\d+)\}/g, (_m, i: string) => String(args[Number(i)]));
  // A plain object (esbuild's module interop copies its own keys), each API a stub.
  const names =
    'CancellationError ConfigurationTarget Disposable EventEmitter FilePermission FileSystemError FileType ' +
    'InputBoxValidationSeverity LanguageModelTextPart LanguageModelToolResult LogLevel MarkdownString ProgressLocation ' +
    'QuickInputButtons StatusBarAlignment ThemeColor ThemeIcon TreeItem TreeItemCollapsibleState Uri ViewColumn ' +
    'authentication commands env extensions languages lm';
  const vscode: Record<string, unknown> = Object.fromEntries(names.split(' ').map((name) => [name, stub()]));
  Object.assign(vscode, {
    version: '1.96.4',
    l10n: stub({
      t: (message: string | { message: string }, ...args: unknown[]) =>
        format(typeof message === 'string' ? message : message.message, ...args),
    }),
    workspace: stub({ getConfiguration: () => configuration, isTrusted: true, workspaceFolders: undefined }),
    window: stub({ createStatusBarItem: statusBarItem, state: { focused: false } }),
  });
  const memento = (state: Record<string, unknown>) => ({
    get: (key: string, fallback?: unknown) => (key in state ? state[key] : fallback),
    update: (key: string, value: unknown) => ((state[key] = value), Promise.resolve()),
    keys: () => Object.keys(state),
    setKeysForSync: () => {},
  });
  host.context = stub({
    subscriptions: [],
    globalState: memento(options.globalState),
    workspaceState: memento({}),
    extension: stub({ packageJSON: { version: '0.0.0-bench' } }),
  });
  const resolve = (Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string })
    ._resolveFilename;
  (Module as unknown as { _resolveFilename: typeof resolve })._resolveFilename = function (request, ...rest) {
    return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
  };
  require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode } as NodeJS.Module;
  return host;
}
