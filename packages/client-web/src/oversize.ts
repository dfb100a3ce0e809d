const encoder = new TextEncoder();

/**
 * The size in bytes of a received message when it is over `max`, else undefined: the web API reads a message whole
 * before the client sees it, so `maxMessageSize` is checked here. Text is measured in UTF-8 only when its length
 * leaves the answer open (a UTF-16 unit is 1 to 3 bytes).
 */
export function oversize(data: string | ArrayBuffer | ArrayBufferView, max: number): number | undefined {
  if (typeof data !== 'string') return data.byteLength > max ? data.byteLength : undefined;
  if (data.length * 3 <= max) return undefined;
  const bytes = data.length > max ? data.length : encoder.encode(data).byteLength;
  return bytes > max ? bytes : undefined;
}
