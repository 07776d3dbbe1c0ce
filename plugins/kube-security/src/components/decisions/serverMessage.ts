import { errorStatus } from '../common';

// When a failed response is not Backstage's error JSON, @backstage/errors keeps the raw
// body at the end of its message; this finds the server's own message in it.
const RAW_BODY = /^Request failed with status \d+[^,]*, (\{[\s\S]*\})$/;

function messageOf(error: Error): string {
  const cause = (error as { cause?: { message?: unknown } }).cause;
  const message =
    typeof cause?.message === 'string' && cause.message
      ? cause.message
      : error.message;
  const raw = RAW_BODY.exec(message);
  if (raw) {
    try {
      const body = JSON.parse(raw[1]);
      if (typeof body?.error?.message === 'string') return body.error.message;
    } catch {
      // Not JSON after all: the message as it is says more than nothing.
    }
  }
  return message;
}

/**
 * What the backend said about a rejected decision (for example which field is wrong),
 * with a plainer first sentence for the statuses a user can act on.
 */
export function serverMessage(error: Error): string {
  const message = messageOf(error);
  switch (errorStatus(error) ?? (error as { statusCode?: number }).statusCode) {
    case 403:
      return `You are not allowed to do this for this entity. ${message}`;
    case 404:
      return `Not found: ${message}`;
    default:
      return message;
  }
}
