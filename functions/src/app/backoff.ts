/** Waits before retrying a write that lost a race: exponential with full jitter, so racing writers spread out. */
export async function backoff(attempt: number, baseMs = 10, capMs = 1000): Promise<void> {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}
