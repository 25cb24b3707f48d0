import { describe, expect, it } from "vitest";
import { nonPublicReason, parseIpv4, parseIpv6 } from "./address-class";
import { egressRefusal } from "./egress-policy";

// A pure function of the host text: nothing here opens a connection or resolves a name.
const refused = (host: string) => nonPublicReason(host);
/** What the runner sees after the URL parser normalised the host. */
const urlHost = (url: string) => new URL(url).hostname;

describe("nonPublicReason: address classes", () => {
  it.each([
    ["10.0.0.5", "is a private address (10.0.0.0/8)"],
    ["172.16.0.1", "is a private address (172.16.0.0/12)"],
    ["172.31.255.255", "is a private address (172.16.0.0/12)"],
    ["192.168.1.1", "is a private address (192.168.0.0/16)"],
    ["127.0.0.1", "is a loopback address (127.0.0.0/8)"],
    ["127.255.0.9", "is a loopback address (127.0.0.0/8)"],
    ["169.254.169.254", "is the cloud metadata address (link-local)"],
    ["169.254.1.2", "is a link-local address (169.254.0.0/16)"],
    ["0.0.0.0", "is an unspecified address (0.0.0.0/8)"],
    ["100.64.0.1", "is a shared (CGNAT) address (100.64.0.0/10)"],
    ["100.127.255.254", "is a shared (CGNAT) address (100.64.0.0/10)"],
    ["224.0.0.1", "is a multicast address (224.0.0.0/4)"],
    ["255.255.255.255", "is a reserved or broadcast address (240.0.0.0/4)"],
    ["::1", "is the loopback address (::1)"],
    ["[::1]", "is the loopback address (::1)"],
    ["0:0:0:0:0:0:0:1", "is the loopback address (::1)"],
    ["::", "is the unspecified address (::)"],
    ["fc00::1", "is a private (unique local) address (fc00::/7)"],
    ["fd12:3456:789a::1", "is a private (unique local) address (fc00::/7)"],
    ["fe80::1", "is a link-local address (fe80::/10)"],
    ["febf::1", "is a link-local address (fe80::/10)"],
    ["ff02::1", "is a multicast address (ff00::/8)"],
  ])("%s %s", (host, reason) => {
    expect(refused(host)).toBe(reason);
  });

  it("sees through every notation of an IPv4 literal (decimal, octal, hex, short, IPv4 in IPv6)", () => {
    const loopback = "is a loopback address (127.0.0.0/8)";
    for (const host of [
      "2130706433",
      "0x7f000001",
      "0x7F.0.0.1",
      "0177.0.0.1",
      "017700000001",
      "127.1",
      "127.0.1",
    ])
      expect([host, refused(host)]).toEqual([host, loopback]);
    expect(refused("0xa.0.0.5")).toBe("is a private address (10.0.0.0/8)");
    expect(refused("2852039166")).toBe("is the cloud metadata address (link-local)"); // 169.254.169.254
    expect(refused("[::ffff:127.0.0.1]")).toBe("is an IPv4-mapped form of a loopback address (127.0.0.0/8)");
    expect(refused("::ffff:7f00:1")).toBe("is an IPv4-mapped form of a loopback address (127.0.0.0/8)");
    expect(refused("::ffff:a9fe:a9fe")).toBe(
      "is an IPv4-mapped form of the cloud metadata address (link-local)",
    );
    expect(refused("::127.0.0.1")).toBe("is an IPv4-compatible form of a loopback address (127.0.0.0/8)");
    expect(refused("64:ff9b::10.0.0.1")).toBe("is a NAT64 form of a private address (10.0.0.0/8)");
    expect(refused("2002:c0a8:0101::1")).toBe("is a 6to4 form of a private address (192.168.0.0/16)");
    // The same hosts after the URL parser (what an HTTP step's final URL gives the check).
    for (const url of [
      "http://2130706433/",
      "http://0x7f.1/",
      "http://0177.0.0.1:8080/x",
      "http://[::ffff:127.0.0.1]/",
      "http://[0:0:0:0:0:0:0:1]/",
      "http://LOCALHOST./",
    ])
      expect([url, refused(urlHost(url))]).toEqual([url, expect.stringMatching(/loopback/)]);
  });

  it("refuses names that only ever mean a local machine, and text that is no valid address", () => {
    expect(refused("localhost")).toBe("is a loopback name");
    expect(refused("LocalHost.")).toBe("is a loopback name");
    expect(refused("api.localhost")).toBe("is a loopback name");
    expect(refused("metadata.google.internal")).toBe("is a local network name (.internal)");
    expect(refused("db.internal")).toBe("is a local network name (.internal)");
    expect(refused("printer.local")).toBe("is a local network name (.local)");
    expect(refused("router.home.arpa")).toBe("is a local network name (.home.arpa)");
    expect(refused("metadata")).toBe("is a single-label name, which resolves only on a local network");
    expect(refused("1.2.3.4.5")).toBe("is not a valid IPv4 address");
    expect(refused("256.1.1.1")).toBe("is not a valid IPv4 address");
    expect(refused("08.0.0.1")).toBe("is not a valid IPv4 address");
    expect(refused("fe80::1%eth0")).toBe("is not a valid IPv6 address");
    expect(refused("1::2::3")).toBe("is not a valid IPv6 address");
    expect(refused("")).toBe("is not a host name");
  });

  it("lets public addresses and names pass (checked as text only: no traffic)", () => {
    for (const host of [
      "api.example.com",
      "hooks.example.org",
      "smtp.example.net",
      "xn--bcher-kva.example",
      "8.8.8.8",
      "1.1.1.1",
      "172.32.0.1",
      "100.128.0.1",
      "169.253.0.1",
      "192.169.0.1",
      "11.0.0.1",
      "2606:4700:4700::1111",
      "2001:4860:4860::8888",
      "[2a00:1450::1]",
      "::ffff:8.8.8.8",
      "internal.example.com",
      "localhost.example.com",
    ])
      expect([host, refused(host)]).toEqual([host, undefined]);
  });

  it("parses IPv4 and IPv6 literals exactly", () => {
    expect(parseIpv4("127.0.0.1")).toBe(0x7f000001);
    expect(parseIpv4("0x7f.1")).toBe(0x7f000001);
    expect(parseIpv4("4294967295")).toBe(0xffffffff);
    expect(parseIpv4("4294967296")).toBeUndefined();
    expect(parseIpv6("::ffff:1.2.3.4")).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]);
    expect(parseIpv6("1:2:3:4:5:6:7:8")).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parseIpv6("1::")).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    expect(parseIpv6("1:2:3:4:5:6:7")).toBeUndefined();
    expect(parseIpv6("::1.2.3.256")).toBeUndefined();
  });
});

describe("egressRefusal", () => {
  it("names the host and the class, and says how local development allows it", () => {
    expect(egressRefusal("10.0.0.5", { allowPrivateNetwork: false })).toBe(
      'refused: 10.0.0.5 is a private address (10.0.0.0/8); steps may reach only public addresses (ALLOW_PRIVATE_NETWORK="true" allows private ones, for local development only)',
    );
    expect(egressRefusal("10.0.0.5", { allowPrivateNetwork: true })).toBeUndefined();
    expect(egressRefusal("api.example.com", { allowPrivateNetwork: false })).toBeUndefined();
  });
});
