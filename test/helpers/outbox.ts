import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { type ParsedMail, simpleParser } from "mailparser";

// Mail leaves through an in-process queue: reading an outbox first waits for the queue that writes into it.
const queuesByOutbox = new Map<string, () => Promise<void>>();

/** Makes `readOutbox(folder)` wait until this queue has sent (or dead-lettered) everything queued so far. */
export function drainBeforeReading(folder: string, drain: () => Promise<void>): void {
  queuesByOutbox.set(folder, drain);
}

/** Every email written to an outbox folder, parsed, oldest first, once the mail queue writing into it is idle. */
export async function readOutbox(folder: string): Promise<ParsedMail[]> {
  await queuesByOutbox.get(folder)?.();
  const names = (await readdir(folder)).filter((name) => name.endsWith(".eml")).sort();
  return Promise.all(names.map(async (name) => simpleParser(await readFile(join(folder, name)))));
}

/** The link for a score in an invitation email, read from its HTML as a requester would click it. */
export function scoreLink(mail: ParsedMail, score: number): URL {
  const html = typeof mail.html === "string" ? mail.html : "";
  const match = new RegExp(`href="([^"]*/s/[A-Za-z0-9_-]+\\?score=${score})"`).exec(html);
  if (!match?.[1]) throw new Error(`No link for score ${score} in the email`);
  return new URL(match[1].replaceAll("&amp;", "&"));
}

/** The token inside a survey link. */
export function tokenOf(link: URL): string {
  const match = /\/s\/([A-Za-z0-9_-]+)/.exec(link.pathname);
  if (!match?.[1]) throw new Error(`No token in ${link.href}`);
  return match[1];
}
