// Saves a file the API sent (a Blob) through the browser's download, as a link with
// `download` would: the API needs the bearer header, so a plain link cannot fetch it.

import type { ApiFile } from '../api/client';

export function saveFile({ blob, filename }: ApiFile): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later, not at once: some browsers read the URL after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
