// What a piece of CLI code prints, captured: the `clee` commands write with console.log / console.error.
import { main } from '../../src/cli/main.ts';

interface Printed {
  code: number;
  /** Standard output, then standard error, each line as printed. */
  out: string;
  err: string;
  /** Both, in the order they were printed. */
  all: string;
}

/** Runs `fn` with console.log and console.error captured (restored afterwards, even on failure). */
export async function captureConsole(fn: () => Promise<number>): Promise<Printed> {
  const out: string[] = [];
  const err: string[] = [];
  const all: string[] = [];
  const original = { log: console.log, error: console.error };
  console.log = (...a: unknown[]) => {
    out.push(a.join(' '));
    all.push(a.join(' '));
  };
  console.error = (...a: unknown[]) => {
    err.push(a.join(' '));
    all.push(a.join(' '));
  };
  try {
    const code = await fn();
    return { code, out: out.join('\n'), err: err.join('\n'), all: all.join('\n') };
  } finally {
    console.log = original.log;
    console.error = original.error;
  }
}

/** `clee ARGS…` run in this process, through the binary's own entry point. */
export const runMain = (args: string[]): Promise<Printed> => captureConsole(() => main(args));
