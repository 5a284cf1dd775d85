// A tiny element builder: pages are plain DOM, no framework.
type Child = Node | string | number | null | undefined | false | Child[];

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | EventListener | undefined> | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.replace(/^on/, ''), value);
    else if (key === 'class') el.className = String(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el: Element, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element with its attributes (the SVG counterpart of h). */
export function svgEl<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number> = {},
  ...children: (Node | string)[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  el.append(...children);
  return el;
}

export function clear(el: Element): void {
  while (el.firstChild) el.firstChild.remove();
}

export function app(): HTMLElement {
  const el = document.getElementById('app');
  if (!el) throw new Error('Élément #app absent de la page.');
  return el;
}

export function showError(target: Element, error: unknown): void {
  clear(target);
  target.append(
    h(
      'div',
      { class: 'error', role: 'alert' },
      h('strong', null, "Impossible d'afficher cette page. "),
      error instanceof Error ? error.message : String(error),
    ),
  );
}

/** Query parameters of the page, read once. */
export function params(): URLSearchParams {
  return new URLSearchParams(location.search);
}

/** Updates the address bar without reloading (the page state is shareable as a link). */
export function setParams(values: Record<string, string | undefined>): void {
  const url = new URL(location.href);
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === '') url.searchParams.delete(k);
    else url.searchParams.set(k, v);
  }
  history.replaceState(null, '', url);
}

export function select(
  options: { value: string; label: string; group?: string }[],
  value: string,
  onChange: (value: string) => void,
  attrs: Record<string, string> = {},
): HTMLSelectElement {
  const el = h('select', attrs);
  const groups = new Map<string, HTMLElement>();
  for (const o of options) {
    const option = h('option', { value: o.value }, o.label);
    if (o.value === value) option.selected = true;
    if (o.group) {
      let group = groups.get(o.group);
      if (!group) {
        group = h('optgroup', { label: o.group });
        groups.set(o.group, group);
        el.append(group);
      }
      group.append(option);
    } else el.append(option);
  }
  el.addEventListener('change', () => onChange(el.value));
  return el;
}
