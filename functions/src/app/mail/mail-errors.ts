/**
 * A mail that cannot be sent yet because another try holds its claim, or its state changed under this one: the
 * message fails so that the queue delivers it again once the claim is settled or has expired.
 */
export class MailNotYetSendable extends Error {
  override readonly name = "MailNotYetSendable";
}
