import { render } from "hono/jsx/dom";
import { App } from "./app.js";

const root = document.getElementById("root");
if (root) {
  root.textContent = "";
  render(<App />, root);
}
