import middy from "@middy/core";
import { handle, type LambdaEvent } from "hono/aws-lambda";
import { composePublic } from "../src/composition/public.js";
import { loadConfig } from "../src/config.js";

// Built once per cold start: intake and the requester pages only, so a requester's first click loads little.
const config = loadConfig();
const { app } = await composePublic(config);

/** API Gateway HTTP API (payload v2) → the public app: ticket intake and the `/s/*` pages. */
export const handler = middy<LambdaEvent>().handler(handle(app));
