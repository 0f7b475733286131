import { existsSync } from "node:fs";
import { issueLocalToken } from "../../functions/src/adapters/auth/staff-token-verifier.js";
import { ROLES, type Role } from "../../functions/src/domain/roles.js";
import { dataDir, localSecrets, secretsFile } from "./local-secrets.js";

// `npm run token -- <role> [name]` prints a staff token that the local server accepts.
const [role = "manager", name] = process.argv.slice(2);
if (!(ROLES as readonly string[]).includes(role)) {
  console.error(`Usage: npm run token -- <${ROLES.join("|")}> [name]`);
  process.exit(2);
}
// A token signed with secrets made up on the spot would be refused by the server: only a folder the server made counts.
if (!process.env.AUTH_JWT_SECRET && !existsSync(secretsFile())) {
  console.error(
    `No Pulse data folder at ${dataDir()}: start Pulse there first (npm start), or set PULSE_DATA_DIR to the folder the running server uses.`,
  );
  process.exit(2);
}
const secrets = await localSecrets();
process.stdout.write(
  `${await issueLocalToken(secrets.jwtSecret, { id: `local-${role}`, name: name ?? `Local ${role}`, role: role as Role })}\n`,
);
