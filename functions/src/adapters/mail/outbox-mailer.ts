import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Mailer } from "../../app/ports.js";
import { composeMime } from "./mime.js";

/** Writes each email as an `.eml` file into a folder: the local default, readable in any mail client. */
export function makeOutboxMailer(options: { folder: string; from: string }): Mailer {
  let sequence = 0;
  return {
    async send(mail) {
      await mkdir(options.folder, { recursive: true });
      const bytes = await composeMime(options.from, mail);
      const stamp = new Date().toISOString().replace(/[:.]/g, "-");
      const name = `${stamp}-${process.pid}-${++sequence}.eml`;
      // Written under a temporary name first, so a reader never sees half a message.
      const partial = join(options.folder, `.${name}.partial`);
      await writeFile(partial, bytes);
      await rename(partial, join(options.folder, name));
    },
  };
}
