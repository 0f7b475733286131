/** The CDK app entry (`cdk.json`): builds Pulse's stacks and writes the cloud assembly. */
import { createPulseApp, WEB_DIST } from "./pulse-app.js";

const { app, api } = createPulseApp();
if (!api.node.tryFindChild("WebDeployment")) {
  process.stderr.write(`note: ${WEB_DIST} not found; the staff web app is not part of this synth.\n`);
}
app.synth();
