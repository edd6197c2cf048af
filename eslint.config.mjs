// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/', 'out/', 'node_modules/', '.vscode-test/', 'test-results/', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    // Build and test scripts run in plain Node.
    files: ['scripts/**/*.mjs', 'eslint.config.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly' } },
  },
  {
    // The core must stay testable in plain Node: it may never reach for the editor API.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'src/core must not import vscode; put editor code in src/shell.' }] },
      ],
    },
  },
  {
    // Text from GitLab reaches a person only through the one escaping home: these VS Code APIs are called from
    // src/shell/presentation alone (the view's own progress bar carries no text).
    files: ['src/**/*.ts'],
    ignores: ['src/shell/presentation/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "MemberExpression[object.property.name='window'][property.name=/^(show(Information|Warning|Error)Message|showQuickPick|showInputBox)$/]",
          message:
            'Show messages, picks and input boxes through src/shell/presentation/ui.ts (it escapes GitLab text).',
        },
        {
          selector:
            "CallExpression[callee.object.property.name='window'][callee.property.name='withProgress'] > ObjectExpression > Property[key.name='title']",
          message:
            'A progress notification with a title goes through withNotificationProgress in src/shell/presentation/ui.ts.',
        },
      ],
    },
  },
);
