// The speaker's controls of the seminar deck: downloads (PowerPoint, PDF through the browser's print) and speaker
// notes. Notes and the speaker's choices live in the URL, so that the prepared deck is a link to share.
import { deckPptx, readSlide } from './deck-export.ts';
import { h } from './dom.ts';
import { download, slug } from './export.ts';

const NOTES_PARAM = 'notes';

/** Notes per slide from the URL (`notes` = JSON array of strings, index = slide position). */
function notesFromUrl(): string[] {
  try {
    const raw = new URLSearchParams(location.search).get(NOTES_PARAM);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? parsed.map((n) => (typeof n === 'string' ? n : '')) : [];
  } catch {
    return [];
  }
}

function saveNotes(notes: string[]): void {
  const query = new URLSearchParams(location.search);
  if (notes.some((n) => n.trim())) query.set(NOTES_PARAM, JSON.stringify(notes));
  else query.delete(NOTES_PARAM);
  history.replaceState(null, '', `${location.pathname}?${query}${location.hash}`);
}

/** A hidden holder of each slide's notes: what the PowerPoint export reads, never drawn on the slide. */
function attachNotes(slides: HTMLElement[], notes: string[]): HTMLElement[] {
  return slides.map((slide, i) => {
    const holder = h('div', { class: 'speaker-notes', hidden: true }, notes[i] ?? '');
    slide.append(holder);
    return holder;
  });
}

interface DeckControls {
  buttons: HTMLElement[];
  panel: HTMLElement;
  /** Called on every slide change: the notes field follows the current slide. */
  onShow: (index: number) => void;
}

export function deckControls(slides: HTMLElement[], title: string): DeckControls {
  const notes = notesFromUrl();
  const holders = attachNotes(slides, notes);
  let current = 0;
  const field = h('textarea', {
    id: 'notes-orateur',
    rows: 3,
    'aria-label': 'Notes de l’orateur pour cette diapositive',
    placeholder: 'Notes de l’orateur pour cette diapositive (gardées dans le lien et dans le fichier PowerPoint)',
  }) as HTMLTextAreaElement;
  field.addEventListener('input', () => {
    notes[current] = field.value;
    holders[current].textContent = field.value;
    saveNotes(notes);
  });
  // Typing in the notes must not turn the slides.
  field.addEventListener('keydown', (event) => event.stopPropagation());
  const panel = h('div', { class: 'notes-panel', hidden: true }, field);
  const status = h('span', { class: 'small', 'aria-live': 'polite' });
  const pptx = h(
    'button',
    {
      type: 'button',
      'data-export': 'pptx',
      onclick: async () => {
        status.textContent = 'Préparation du fichier PowerPoint…';
        try {
          const blob = await deckPptx(slides.map(readSlide), title);
          download(blob, `${slug(title)}.pptx`);
          status.textContent = '';
        } catch (error) {
          status.textContent = `Export impossible : ${(error as Error).message}`;
        }
      },
    },
    'PowerPoint',
  );
  const pdf = h('button', { type: 'button', 'data-export': 'pdf', onclick: () => window.print() }, 'PDF');
  const toggle = h(
    'button',
    {
      type: 'button',
      'aria-expanded': 'false',
      onclick: () => {
        panel.hidden = !panel.hidden;
        toggle.setAttribute('aria-expanded', String(!panel.hidden));
        if (!panel.hidden) field.focus();
      },
    },
    'Notes',
  );
  return {
    buttons: [toggle, pptx, pdf, status],
    panel,
    onShow: (index) => {
      current = index;
      field.value = notes[index] ?? '';
    },
  };
}
