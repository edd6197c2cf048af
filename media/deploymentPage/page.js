// The deployment page's script. It renders HTML the extension built and escaped, keeps what the user typed across
// updates, counts the comment as GitLab does (code points, at most 255), and turns clicks into messages the extension
// validates. It never acts by itself and loads nothing.
(function () {
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('root');
  // What the user had typed before the page was hidden and reloaded: restored once, on the first render.
  let saved = vscode.getState() || {};

  function codePoints(text) {
    let count = 0;
    for (const _ of text) count++;
    return count;
  }

  function updateCounter() {
    const comment = document.getElementById('comment');
    const counter = document.getElementById('counter');
    if (!comment || !counter) return;
    const max = Number(comment.dataset.max) || 255;
    const length = codePoints(comment.value.trim());
    const over = length > max;
    // The words are the extension's, translated, with {0} for the count and {1} for the limit.
    const words = (over ? counter.dataset.over : counter.dataset.counter) || '{0} / {1}';
    counter.textContent = words.replace(/\{([01])\}/g, (_all, i) => String(i === '0' ? length : max));
    counter.classList.toggle('error', over);
    comment.setAttribute('aria-invalid', String(over));
    for (const button of document.querySelectorAll('button[data-action=approve], button[data-action=approveAndRun], button[data-action=reject]'))
      button.disabled = over;
    vscode.setState({ ...(vscode.getState() || {}), comment: comment.value });
  }

  /** Replaces the page's content, keeping the comment, the chosen rule and the focus (or clearing the comment). */
  function render(html, clearComment) {
    const comment = document.getElementById('comment');
    const typed = clearComment ? '' : comment && comment.value ? comment.value : saved.comment;
    const selection = comment ? [comment.selectionStart, comment.selectionEnd] : undefined;
    const rule = (document.querySelector('input[name=rule]:checked') || {}).value || saved.rule;
    const focused = document.activeElement;
    const focusKey = focused && (focused.id || (focused.dataset && focused.dataset.action));
    root.innerHTML = html;
    const next = document.getElementById('comment');
    if (next) next.value = typed || '';
    saved = {};
    for (const input of document.querySelectorAll('input[name=rule]')) if (input.value === rule) input.checked = true;
    if (focusKey) {
      const again = document.getElementById(focusKey) || document.querySelector(`[data-action="${focusKey}"]`);
      if (again) {
        again.focus();
        if (again === next && selection) next.setSelectionRange(selection[0], selection[1]);
      }
    }
    updateCounter();
  }

  function send(action) {
    const comment = document.getElementById('comment');
    const rule = document.querySelector('input[name=rule]:checked');
    const message = { type: action };
    if (action === 'approve' || action === 'approveAndRun' || action === 'reject') message.comment = comment ? comment.value : '';
    if ((action === 'approve' || action === 'approveAndRun') && rule) message.rule = rule.value;
    vscode.postMessage(message);
  }

  document.addEventListener('click', (event) => {
    const anchor = event.target.closest('a[href]');
    if (anchor) {
      event.preventDefault();
      vscode.postMessage({ type: 'openLink', url: anchor.getAttribute('href') });
      return;
    }
    const button = event.target.closest('button[data-action]');
    if (button && !button.disabled) send(button.dataset.action);
  });

  document.addEventListener('input', (event) => {
    if (event.target.id === 'comment') updateCounter();
  });

  document.addEventListener('change', (event) => {
    if (event.target.name === 'rule') vscode.setState({ ...(vscode.getState() || {}), rule: event.target.value });
  });

  // Ctrl/Cmd+Enter in the comment approves, as in a commit message box.
  document.addEventListener('keydown', (event) => {
    if (event.target.id === 'comment' && event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      const approve = document.querySelector('button[data-action=approve]');
      if (approve && !approve.disabled) send('approve');
    }
  });

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (message && message.type === 'render' && typeof message.html === 'string')
      render(message.html, message.clearComment === true);
  });

  render(root.innerHTML);
  vscode.postMessage({ type: 'ready' });
})();
