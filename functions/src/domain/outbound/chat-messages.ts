import { isBadRating, type OutboundEvent } from "./outbound-event.js";

/** What a chat message says about an event: a headline, a few facts, an optional quote and a link to open. */
interface ChatSummary {
  title: string;
  facts: Array<[string, string]>;
  quote: string | null;
  link: { label: string; url: string } | null;
}

const stars = (score: number) => `${"★".repeat(score)}${"☆".repeat(5 - score)}`;

/** What a chat channel is told about an event; undefined for a rating that is not bad (chat alerts only on 1 and 2). */
export function summariseForChat(event: OutboundEvent): ChatSummary | undefined {
  switch (event.type) {
    case "rating.recorded":
    case "rating.changed": {
      const { data } = event;
      if (!isBadRating(data.score)) return undefined;
      const facts: Array<[string, string]> = [
        ["Rating", `${data.score} of 5 ${stars(data.score)}`],
        ["Ticket", `${data.source} ${data.ticketId}${data.ticketTitle ? `: ${data.ticketTitle}` : ""}`],
      ];
      if (data.previousScore !== null) facts.push(["Before", `${data.previousScore} of 5`]);
      if (data.service) facts.push(["Service", data.service]);
      if (data.agent) facts.push(["Agent", data.agent]);
      if (data.reasons.length > 0) facts.push(["Reasons", data.reasons.join(", ")]);
      return {
        title: `Bad rating: ${data.score} of 5 for ticket ${data.ticketId}`,
        facts,
        quote: data.comment,
        link: data.ticketUrl ? { label: "Open the ticket", url: data.ticketUrl } : null,
      };
    }
    case "follow-up.opened":
    case "follow-up.resolved": {
      const { data } = event;
      const facts: Array<[string, string]> = [
        ["Ticket", data.ticketId],
        ["Rating", `${data.rating} of 5`],
      ];
      if (data.service) facts.push(["Service", data.service]);
      if (data.dueAt && event.type === "follow-up.opened") facts.push(["Due", data.dueAt]);
      return {
        title: `Follow-up case ${event.type === "follow-up.opened" ? "opened" : "resolved"} for ticket ${data.ticketId}`,
        facts,
        quote: null,
        link: data.ticketUrl ? { label: "Open the ticket", url: data.ticketUrl } : null,
      };
    }
    case "initiative.transitioned": {
      const { data } = event;
      return {
        title: `${data.initiativeId} moved from ${data.from} to ${data.to}`,
        facts: [
          ["Initiative", `${data.initiativeId}: ${data.title}`],
          ["By", data.actor],
        ],
        quote: null,
        link: null,
      };
    }
  }
}

// Slack reads &, < and > as control characters in mrkdwn and asks for them escaped.
const slackEscape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * Text as a Slack block quote of at most `limit` characters: every line behind its `>`, cut between characters before
 * they are escaped, so that no `&amp;` is cut in half.
 */
function slackQuote(text: string, limit: number): string {
  let quote = ">";
  for (const character of text) {
    const piece = character === "\n" ? "\n>" : slackEscape(character);
    if (quote.length + piece.length > limit) break;
    quote += piece;
  }
  return quote;
}

/**
 * A Slack incoming-webhook message: `text` (the notification's fallback) and Block Kit `blocks`, as
 * https://api.slack.com/messaging/webhooks describes (https://api.slack.com/reference/block-kit/blocks for the blocks).
 */
export function renderSlackMessage(event: OutboundEvent): Record<string, unknown> | undefined {
  const summary = summariseForChat(event);
  if (!summary) return undefined;
  const blocks: Array<Record<string, unknown>> = [
    { type: "header", text: { type: "plain_text", text: summary.title.slice(0, 150), emoji: true } },
    {
      type: "section",
      fields: summary.facts
        .slice(0, 10)
        .map(([name, value]) => ({ type: "mrkdwn", text: `*${name}*\n${slackEscape(value)}` })),
    },
  ];
  if (summary.quote) {
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: slackQuote(summary.quote, 2900) },
    });
  }
  if (summary.link) {
    blocks.push({
      type: "actions",
      elements: [
        { type: "button", text: { type: "plain_text", text: summary.link.label }, url: summary.link.url },
      ],
    });
  }
  return { text: slackEscape(summary.title), blocks };
}

/**
 * A Microsoft Teams message carrying one Adaptive Card, the shape that incoming webhooks and Workflows ("Post to a
 * channel when a webhook request is received") accept: `type: "message"` with the card in `attachments` as
 * `application/vnd.microsoft.card.adaptive`, per
 * https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using
 * (the card schema: https://adaptivecards.io/explorer/).
 */
export function renderTeamsMessage(event: OutboundEvent): Record<string, unknown> | undefined {
  const summary = summariseForChat(event);
  if (!summary) return undefined;
  const body: Array<Record<string, unknown>> = [
    { type: "TextBlock", text: summary.title, weight: "Bolder", size: "Medium", wrap: true },
    { type: "FactSet", facts: summary.facts.map(([title, value]) => ({ title, value })) },
  ];
  if (summary.quote) body.push({ type: "TextBlock", text: summary.quote, wrap: true, isSubtle: true });
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body,
          ...(summary.link
            ? { actions: [{ type: "Action.OpenUrl", title: summary.link.label, url: summary.link.url }] }
            : {}),
        },
      },
    ],
  };
}
