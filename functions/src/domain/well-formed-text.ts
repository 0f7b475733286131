// A lone surrogate (half of an emoji cut by the sender) cannot be encoded as UTF-8, so DynamoDB refuses it in a key.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a string is well-formed Unicode, so it can be stored and used in a key. */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}
