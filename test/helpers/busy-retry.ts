/**
 * Sends a request again while it answers 503, waiting as its Retry-After says, the way an ITSM tool's webhook retry
 * or a requester pressing the button again would; every other answer is returned as it is.
 */
export async function retryWhileBusy(
  send: () => Response | Promise<Response>,
  options: { tries?: number; maxWaitMs?: number } = {},
): Promise<Response> {
  const tries = options.tries ?? 8;
  for (let attempt = 1; ; attempt++) {
    const response = await send();
    if (response.status !== 503 || attempt >= tries) return response;
    const seconds = Number(response.headers.get("retry-after") ?? "1");
    await response.arrayBuffer();
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(options.maxWaitMs ?? 3_000, seconds * 1_000)),
    );
  }
}
