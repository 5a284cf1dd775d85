// A key figure as a card (value, what it counts, its reference or period): the fiche's and the lists' headline
// numbers share one look, and the deck export reads these cards back (.figure-card).
import { h } from './dom.ts';

export function figureCard(
  value: string,
  label: string,
  ref: string | null,
  attrs: Record<string, string> = {},
): HTMLElement {
  return h(
    'div',
    { class: 'figure-card', ...attrs },
    h('div', { class: 'value' }, value),
    h('div', { class: 'label' }, label),
    ref ? h('div', { class: 'ref' }, ref) : null,
  );
}
