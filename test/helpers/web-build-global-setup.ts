import { buildWeb } from "../../web/build.js";

/**
 * Builds the staff app once before any browser test: a build replaces web/dist, so files that each built it while
 * another file's server was answering from it could load half an app.
 */
export default async function setup() {
  await buildWeb();
}
