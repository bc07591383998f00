const IPV4 = String.raw`(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}`;
const IPV6 = String.raw`[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}`;
const FROM_IP = new RegExp(String.raw`\bfrom\s+(${IPV4}|${IPV6})(?=\s|$|[,.;)])`);

/** Kore descriptions carry "… from 127.0.0.1 via web": take that address, nothing looser. */
export function extractSourceIp(text: string | undefined): string | undefined {
  if (!text) return undefined;
  return FROM_IP.exec(text)?.[1];
}
