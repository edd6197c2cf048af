// VS Code's grammar for links in notifications, modals and quick-input prompts, as in microsoft/vscode
// src/vs/base/common/linkedText.ts (`LINK_REGEX`, `parseLinkedText`):
// https://github.com/microsoft/vscode/blob/main/src/vs/base/common/linkedText.ts
const LINK_REGEX = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;

/** The targets VS Code would turn into clickable links in this text. */
export function liveLinks(text: string): string[] {
  return [...String(text).matchAll(LINK_REGEX)].map((match) => match[2]);
}
