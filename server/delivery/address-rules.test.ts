import { describe, expect, it } from "vitest";
import { checkAddress, hostnameLiteral } from "./address-rules";

describe("checkAddress: IPv4", () => {
  it.each([
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "this network"],
    ["0.255.255.255", "this network"],
    ["10.0.0.0", "private"],
    ["10.0.0.1", "private"],
    ["10.255.255.255", "private"],
    ["100.64.0.0", "carrier-grade NAT"],
    ["100.127.255.255", "carrier-grade NAT"],
    ["100.100.100.200", "cloud-metadata"],
    ["100.100.100.201", "carrier-grade NAT"],
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["169.254.0.1", "link-local"],
    ["169.254.169.254", "cloud-metadata"],
    ["169.254.169.253", "link-local"],
    ["169.254.170.2", "link-local"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.0.0.1", "IETF protocol assignments"],
    ["192.0.0.170", "IETF protocol assignments"],
    ["192.0.2.1", "documentation"],
    ["192.88.99.1", "6to4 relay anycast"],
    ["192.168.0.1", "private"],
    ["192.168.255.255", "private"],
    ["198.18.0.1", "benchmarking"],
    ["198.19.255.255", "benchmarking"],
    ["198.51.100.7", "documentation"],
    ["203.0.113.9", "documentation"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["240.0.0.1", "reserved"],
    ["254.255.255.255", "reserved"],
    ["255.255.255.254", "reserved"],
    ["255.255.255.255", "broadcast"],
  ])("%s is refused as %s", (ip, range) => {
    expect(checkAddress(ip)).toEqual({ allowed: false, range });
  });

  it.each([
    "8.8.8.8",
    "1.1.1.1",
    "9.255.255.255",
    "11.0.0.0",
    "100.63.255.255",
    "100.128.0.0",
    "126.255.255.255",
    "128.0.0.0",
    "169.253.255.255",
    "169.255.0.0",
    "172.15.255.255",
    "172.32.0.0",
    "192.0.1.1",
    "192.0.3.1",
    "192.88.98.1",
    "192.167.255.255",
    "192.169.0.0",
    "198.17.255.255",
    "198.20.0.0",
    "198.51.99.1",
    "203.0.112.1",
    "223.255.255.255",
    "93.184.215.14",
  ])("%s is allowed", (ip) => {
    expect(checkAddress(ip)).toEqual({ allowed: true });
  });
});

describe("checkAddress: IPv6", () => {
  it.each([
    ["::", "unspecified"],
    ["0:0:0:0:0:0:0:0", "unspecified"],
    ["::1", "loopback"],
    ["0:0:0:0:0:0:0:1", "loopback"],
    ["0000:0000:0000:0000:0000:0000:0000:0001", "loopback"],
    // IPv4-mapped, in both spellings: judged by the embedded address
    ["::ffff:127.0.0.1", "ipv4-mapped: loopback"],
    ["::ffff:7f00:1", "ipv4-mapped: loopback"],
    ["::FFFF:7F00:0001", "ipv4-mapped: loopback"],
    ["0:0:0:0:0:ffff:127.0.0.1", "ipv4-mapped: loopback"],
    ["::ffff:10.1.2.3", "ipv4-mapped: private"],
    ["::ffff:a9fe:a9fe", "ipv4-mapped: cloud-metadata"],
    ["::ffff:169.254.169.254", "ipv4-mapped: cloud-metadata"],
    ["::ffff:0.0.0.0", "ipv4-mapped: unspecified"],
    ["::ffff:0:0", "ipv4-mapped: unspecified"],
    ["::ffff:255.255.255.255", "ipv4-mapped: broadcast"],
    // IPv4-compatible (deprecated)
    ["::127.0.0.1", "ipv4-compatible: loopback"],
    ["::7f00:1", "ipv4-compatible: loopback"],
    ["::10.0.0.1", "ipv4-compatible: private"],
    ["::8.8.8.8", "ipv4-compatible (deprecated)"],
    ["::0.0.0.2", "ipv4-compatible: this network"],
    // NAT64
    ["64:ff9b::127.0.0.1", "nat64: loopback"],
    ["64:ff9b::7f00:1", "nat64: loopback"],
    ["64:ff9b::a9fe:a9fe", "nat64: cloud-metadata"],
    ["64:ff9b::192.168.1.1", "nat64: private"],
    ["64:ff9b:1::10.0.0.1", "nat64: private"],
    ["64:ff9b:1:1::808:808", "nat64 (local-use, not /96)"],
    ["64:ff9b:1:ffff:ffff:ffff:ffff:ffff", "nat64 (local-use, not /96)"],
    ["100::1", "discard-only"],
    ["100::ffff:ffff:ffff:ffff", "discard-only"],
    // 2001::/23 IETF special-purpose, Teredo, documentation
    ["2001::1", "teredo"],
    ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "teredo"],
    ["2001:2::1", "IETF special-purpose"],
    ["2001:10::1", "IETF special-purpose"],
    ["2001:1ff:ffff::1", "IETF special-purpose"],
    ["2001:db8::1", "documentation"],
    ["2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "documentation"],
    ["3fff::1", "documentation"],
    // 6to4: judged by the embedded address
    ["2002:7f00:1::", "6to4: loopback"],
    ["2002:7f00:0001:0000:0000:0000:0000:0001", "6to4: loopback"],
    ["2002:a00:1::1", "6to4: private"],
    ["2002:a9fe:a9fe::", "6to4: cloud-metadata"],
    ["2002:c0a8:101::1", "6to4: private"],
    ["fc00::1", "unique-local"],
    ["fd12:3456:789a::1", "unique-local"],
    ["fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "unique-local"],
    ["fd00:ec2::254", "cloud-metadata"],
    ["fd00:ec2:0:0:0:0:0:254", "cloud-metadata"],
    ["fd00:ec2::253", "unique-local"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["febf:ffff::1", "link-local"],
    ["fec0::1", "site-local (deprecated)"],
    ["feff::1", "site-local (deprecated)"],
    ["ff00::", "multicast"],
    ["ff02::1", "multicast"],
    ["ff05::1:3", "multicast"],
    // outside 2000::/3 and not named above: unassigned
    ["1::", "reserved"],
    ["4000::1", "reserved"],
    ["5f00::1", "reserved"],
    ["::ffff:0:0:0", "reserved"],
    ["::1:0:0:0", "reserved"],
    ["e000::1", "reserved"],
  ])("%s is refused as %s", (ip, range) => {
    expect(checkAddress(ip)).toEqual({ allowed: false, range });
  });

  it.each([
    "2606:4700::1111",
    "2606:4700:4700::1111",
    "2001:4860:4860::8888",
    "2a00:1450:4001:82b::200e",
    "2001:200::1",
    "2001:dba::1",
    "2003::1",
    "3ffe::1",
    "3fff:1000::1",
    "2002:808:808::1",
    "2002:0808:0808:0000:0000:0000:0000:0001",
    "::ffff:8.8.8.8",
    "::ffff:808:808",
    "::FFFF:1.1.1.1",
    "64:ff9b::8.8.8.8",
    "64:ff9b::808:808",
    "64:ff9b:1::1.1.1.1",
    "2606:4700::6810:84e5",
    "2a01:4f8:c2c:123f::1",
    "2001:4860:4860:0:0:0:0:8888",
  ])("%s is allowed", (ip) => {
    expect(checkAddress(ip)).toEqual({ allowed: true });
  });
});

describe("checkAddress: not an IP literal", () => {
  it.each([
    "",
    "localhost",
    "example.com",
    "1.2.3",
    "1.2.3.4.5",
    "256.0.0.1",
    "1.2.3.-1",
    "01.2.3.4",
    "127.000.000.001",
    "0x7f.0.0.1",
    "0x7f000001",
    "2130706433",
    "127.1",
    " 127.0.0.1",
    "127.0.0.1 ",
    "127.0.0.1.",
    "[::1]",
    ":::",
    "::1::",
    "1::2::3",
    ":1::",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7",
    "1:2:3:4:5:6:7:8::",
    "::1:2:3:4:5:6:7:8",
    "12345::",
    "g::1",
    "::ffff:127.0.0.256",
    "::ffff:127.0.0",
    "::ffff:127.0.0.1:1",
    "::127.0.0.1.1",
    "1.2.3.4::",
    "::ffff:1.2.3.4%",
    "fe80::1%eth0%1",
    "fe80::1%",
    "ffff:7f00:1:127.0.0.1",
  ])("%j is refused as invalid", (ip) => {
    expect(checkAddress(ip)).toEqual({ allowed: false, range: "invalid" });
  });

  it.each([
    ["1:2:3:4:5:6:7::", { allowed: false, range: "reserved" }],
    ["::2:3:4:5:6:7:8", { allowed: false, range: "reserved" }],
    ["2606:4700:4700:1:2:3:1.2.3.4", { allowed: true }],
    ["2606:4700:4700:1:2:3::", { allowed: true }],
  ])("accepts the edge form %s", (ip, verdict) => {
    expect(checkAddress(ip)).toEqual(verdict);
  });
});

describe("hostnameLiteral", () => {
  it.each([
    ["127.0.0.1", "127.0.0.1"],
    ["8.8.8.8", "8.8.8.8"],
    ["[::1]", "::1"],
    ["[::ffff:7f00:1]", "::ffff:7f00:1"],
    ["[2606:4700::1111]", "2606:4700::1111"],
    ["[fe80::1%eth0]", "fe80::1%eth0"],
    ["::1", "::1"],
    ["example.com", null],
    ["localhost", null],
    ["hooks.example.com", null],
    ["1.2.3.4.example.com", null],
    ["127.0.0.1.nip.io", null],
    ["[127.0.0.1]", null],
    ["[example.com]", null],
    ["[::1", null],
    ["::1]", null],
    ["[]", null],
    ["", null],
  ])("%j → %j", (hostname, literal) => {
    expect(hostnameLiteral(hostname)).toBe(literal);
  });

  it("hands checkAddress what a URL parser leaves in hostname", () => {
    const verdicts = ["http://[::ffff:127.0.0.1]/", "http://0x7f.1/", "https://[fd00:ec2::254]:8443/x"].map((url) => {
      const literal = hostnameLiteral(new URL(url).hostname);
      return literal === null ? null : checkAddress(literal);
    });
    expect(verdicts).toEqual([
      { allowed: false, range: "ipv4-mapped: loopback" },
      { allowed: false, range: "loopback" },
      { allowed: false, range: "cloud-metadata" },
    ]);
  });
});
