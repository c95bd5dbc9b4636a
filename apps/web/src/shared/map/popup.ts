/**
 * Popup content built from DOM text nodes, never from HTML strings: whatever a caller or reporter typed
 * is shown as text and cannot inject markup or script into a dispatcher's screen.
 */
export function textPopup(title: string, lines: (string | null | undefined)[]): HTMLElement {
  const root = document.createElement('div');
  root.className = 'popup';
  const heading = document.createElement('strong');
  heading.textContent = title;
  root.append(heading);
  for (const line of lines) {
    if (!line) continue;
    const p = document.createElement('p');
    p.textContent = line;
    root.append(p);
  }
  return root;
}
