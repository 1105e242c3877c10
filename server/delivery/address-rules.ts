// SSRF guard: may a webhook be sent to this IP? Checked on the address actually connected to, after DNS,
// so a public name resolving to an internal address is refused too. Anything unparseable is refused.
// The parsers are hand-written because the pure core may not import node:net (eslint.config.mjs).

export type AddressVerdict = { allowed: true } | { allowed: false; range: string };

type Judge = AddressVerdict | ((address: bigint) => AddressVerdict);
type Rule = { network: bigint; bits: number; judge: Judge };

// Dotted quad only: no leading zeros (octal to some parsers), no short or hex forms.
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;

const ALLOWED: AddressVerdict = { allowed: true };
const blocked = (range: string): AddressVerdict => ({ allowed: false, range });

export function checkAddress(ip: string): AddressVerdict {
  const v4 = parseIPv4(ip);
  if (v4 !== null) return judge(IPV4_RULES, 32, v4);
  const v6 = parseIPv6(ip);
  return v6 === null ? blocked("invalid") : judge(IPV6_RULES, 128, v6);
}

/** The IP literal inside a URL hostname ("[::1]" → "::1"), or null when the hostname is a name. */
export function hostnameLiteral(hostname: string): string | null {
  if (hostname.startsWith("[") && hostname.endsWith("]")) {
    const inner = hostname.slice(1, -1);
    return parseIPv6(inner) === null ? null : inner;
  }
  return parseIPv4(hostname) !== null || parseIPv6(hostname) !== null ? hostname : null;
}

function judge(rules: readonly Rule[], width: number, address: bigint): AddressVerdict {
  const rule = rules.find((r) => address >> BigInt(width - r.bits) === r.network >> BigInt(width - r.bits));
  if (!rule) return ALLOWED;
  return typeof rule.judge === "function" ? rule.judge(address) : rule.judge;
}

// A v6 address that carries a v4 one reaches whatever that v4 address is, so it gets the v4 verdict.
function embedded(label: string, shift: bigint): (address: bigint) => AddressVerdict {
  return (address) => {
    const inner = judge(IPV4_RULES, 32, (address >> shift) & 0xffff_ffffn);
    return inner.allowed ? inner : blocked(`${label}: ${inner.range}`);
  };
}

// Deprecated and never routed: refused even around a public address, but named after the inner range.
function ipv4Compatible(address: bigint): AddressVerdict {
  const inner = embedded("ipv4-compatible", 0n)(address);
  return inner.allowed ? blocked("ipv4-compatible (deprecated)") : inner;
}

function rules(width: number, parse: (ip: string) => bigint | null, table: Record<string, Judge>): Rule[] {
  const parsed = Object.entries(table).map(([cidr, judge]) => {
    const [ip = "", bits = ""] = cidr.split("/");
    const network = parse(ip);
    if (network === null || !(Number(bits) >= 0 && Number(bits) <= width)) throw new Error(`bad range ${cidr}`);
    return { network, bits: Number(bits), judge };
  });
  // Most specific first, so the first match is the one that names the address best.
  return parsed.sort((a, b) => b.bits - a.bits);
}

const IPV4_RULES = rules(32, parseIPv4, {
  "0.0.0.0/32": blocked("unspecified"),
  "0.0.0.0/8": blocked("this network"),
  "10.0.0.0/8": blocked("private"),
  "100.64.0.0/10": blocked("carrier-grade NAT"),
  "100.100.100.200/32": blocked("cloud-metadata"), // Alibaba Cloud
  "127.0.0.0/8": blocked("loopback"),
  "169.254.0.0/16": blocked("link-local"),
  "169.254.169.254/32": blocked("cloud-metadata"), // AWS, GCP, Azure, OCI, DigitalOcean…
  "172.16.0.0/12": blocked("private"),
  "192.0.0.0/24": blocked("IETF protocol assignments"),
  "192.0.2.0/24": blocked("documentation"),
  "192.88.99.0/24": blocked("6to4 relay anycast"),
  "192.168.0.0/16": blocked("private"),
  "198.18.0.0/15": blocked("benchmarking"),
  "198.51.100.0/24": blocked("documentation"),
  "203.0.113.0/24": blocked("documentation"),
  "224.0.0.0/4": blocked("multicast"),
  "240.0.0.0/4": blocked("reserved"),
  "255.255.255.255/32": blocked("broadcast"),
});

const IPV6_RULES = rules(128, parseIPv6, {
  // Only 2000::/3 is allocated for global unicast; the rest is special-purpose or unassigned.
  "::/0": blocked("reserved"),
  "2000::/3": ALLOWED,
  "::/128": blocked("unspecified"),
  "::1/128": blocked("loopback"),
  "::/96": ipv4Compatible,
  "::ffff:0:0/96": embedded("ipv4-mapped", 0n),
  "64:ff9b::/96": embedded("nat64", 0n),
  "64:ff9b:1::/96": embedded("nat64", 0n),
  // Local-use NAT64 may put the v4 address elsewhere (RFC 6052), where it cannot be judged: refuse.
  "64:ff9b:1::/48": blocked("nat64 (local-use, not /96)"),
  "100::/64": blocked("discard-only"),
  "2001::/23": blocked("IETF special-purpose"),
  "2001::/32": blocked("teredo"),
  "2001:db8::/32": blocked("documentation"),
  "2002::/16": embedded("6to4", 80n),
  "3fff::/20": blocked("documentation"),
  "fc00::/7": blocked("unique-local"),
  "fd00:ec2::254/128": blocked("cloud-metadata"), // AWS IMDS over IPv6
  "fe80::/10": blocked("link-local"),
  "fec0::/10": blocked("site-local (deprecated)"),
  "ff00::/8": blocked("multicast"),
});

function parseIPv4(ip: string): bigint | null {
  if (!IPV4.test(ip)) return null;
  return ip.split(".").reduce((value, octet) => (value << 8n) | BigInt(octet), 0n);
}

function parseIPv6(ip: string): bigint | null {
  // A zone ("%eth0") only says which interface to use; the address alone decides where it goes.
  const [address = "", zone, ...rest] = ip.split("%");
  if (zone === "" || rest.length > 0) return null;
  const groups = hexGroups(address);
  return groups === null ? null : groups.reduce((value, group) => (value << 16n) | BigInt(group), 0n);
}

function hexGroups(address: string): number[] | null {
  const halves = address.split("::");
  if (halves.length > 2) return null;
  const head = groupsOf(halves[0]!, halves.length === 1);
  const tail = halves.length === 2 ? groupsOf(halves[1]!, true) : [];
  if (head === null || tail === null) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  return [...head, ...Array<number>(halves.length === 1 ? 0 : missing).fill(0), ...tail];
}

// A trailing dotted quad ("::ffff:127.0.0.1") stands for the last two groups.
function groupsOf(part: string, mayEndInIPv4: boolean): number[] | null {
  if (part === "") return [];
  const pieces = part.split(":");
  const last = pieces.at(-1)!;
  const v4 = mayEndInIPv4 && last.includes(".") ? parseIPv4(last) : undefined;
  if (v4 === null) return null;
  const hex = v4 === undefined ? pieces : pieces.slice(0, -1);
  if (!hex.every((piece) => HEX_GROUP.test(piece))) return null;
  const groups = hex.map((piece) => parseInt(piece, 16));
  return v4 === undefined ? groups : [...groups, Number(v4 >> 16n), Number(v4 & 0xffffn)];
}
