// Small rules of French text shared by the methodology's sentences and the pages. It imports nothing: the browser
// bundle uses it too (listed as browser-safe in test/layers.test.ts).

/** « Taux de… » → « taux de… » inside a sentence, but « IPS moyen… » keeps its capitals (an acronym). */
export function lowerFirst(text: string): string {
  return /^.[A-ZÀ-Ý]/.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);
}

/** Text safe inside HTML, in an element or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}
