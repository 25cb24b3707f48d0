import { describe, expect, it } from "vitest";
import { type Delivery, verifyDelivery } from "./presets";

const now = 1_800_000_000;

/** HMAC-SHA256 as a provider computes it (WebCrypto sign; the presets check with verify). */
async function hmac(key: string, message: string, encoding: "hex" | "base64" = "hex"): Promise<string> {
  const utf8 = new TextEncoder();
  const cryptoKey = await crypto.subtle.importKey(
    "raw",
    utf8.encode(key),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, utf8.encode(message)));
  return encoding === "hex"
    ? Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("")
    : btoa(String.fromCharCode(...mac));
}
const flipLast = (text: string) => text.slice(0, -1) + (text.endsWith("0") ? "1" : "0");

async function verdict(config: Parameters<typeof verifyDelivery>[0], delivery: Delivery) {
  return verifyDelivery(config, delivery);
}

describe("GitHub preset (X-Hub-Signature-256), GitHub's documented example", () => {
  // From GitHub's "Validating webhook deliveries": this secret, this payload, this signature.
  const key = "It's a Secret to Everybody";
  const signature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
  const delivery = (rawBody: string, header = signature): Delivery => ({
    rawBody,
    headers: { "x-hub-signature-256": header, "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958" },
    key,
    receivedAt: now,
  });

  it("accepts the documented signature and names the delivery by X-GitHub-Delivery", async () => {
    expect(await verdict({ preset: "github", secret: "k" }, delivery("Hello, World!"))).toEqual({
      ok: true,
      deliveryId: "72d3162e-cc78-11e3-81ab-4c9367dc0958",
    });
  });

  it("refuses one changed byte of body or signature, and a missing header", async () => {
    const config = { preset: "github", secret: "k" } as const;
    expect(await verdict(config, delivery("Hello, World?"))).toEqual({
      ok: false,
      reason: "the signature does not match the body",
    });
    expect((await verdict(config, delivery("Hello, World!", flipLast(signature)))).ok).toBe(false);
    expect((await verdict(config, { ...delivery("Hello, World!"), headers: {} })).ok).toBe(false);
  });
});

describe("Slack preset (X-Slack-Signature v0), Slack's documented example", () => {
  // From Slack's "Verifying requests from Slack".
  const key = "8f742231b10e8888abcd99yyyzzz85a5";
  const timestamp = 1531420618;
  const body =
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
  const signature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
  const delivery = (rawBody = body, header = signature, receivedAt = timestamp + 10): Delivery => ({
    rawBody,
    headers: { "x-slack-signature": header, "x-slack-request-timestamp": String(timestamp) },
    key,
    receivedAt,
  });
  const config = { preset: "slack", secret: "k" } as const;

  it("accepts the documented request", async () => {
    expect(await verdict(config, delivery())).toEqual({ ok: true, deliveryId: `sig:${signature.slice(3)}` });
  });

  it("refuses a changed body byte, a changed signature and an old timestamp", async () => {
    expect((await verdict(config, delivery(`${body.slice(0, -1)}d`))).ok).toBe(false);
    expect((await verdict(config, delivery(body, flipLast(signature)))).ok).toBe(false);
    expect(await verdict(config, delivery(body, signature, timestamp + 301))).toEqual({
      ok: false,
      reason: "the signed timestamp is more than 300 s away from when it was received",
    });
  });
});

describe("Standard Webhooks preset, the specification's example (via the standardwebhooks library)", () => {
  const key = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const payload = '{"test": 2432232314}';
  const headers = {
    "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
    "webhook-timestamp": "1614265330",
    "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
  };
  const config = { preset: "standard-webhooks", secret: "k" } as const;
  const delivery = (over: Partial<Delivery> = {}): Delivery => ({
    rawBody: payload,
    headers,
    key,
    receivedAt: 1614265330 + 5,
    ...over,
  });

  it("accepts the example and names the delivery by webhook-id; any of several signatures may match", async () => {
    expect(await verdict(config, delivery())).toEqual({
      ok: true,
      deliveryId: "msg_p5jXN8AQM9LWM0D4loKWxJek",
    });
    const several = { ...headers, "webhook-signature": `v1,AAAA ${headers["webhook-signature"]}` };
    expect((await verdict(config, delivery({ headers: several }))).ok).toBe(true);
  });

  it("refuses a changed body, a changed signature, an old timestamp and a malformed secret", async () => {
    expect((await verdict(config, delivery({ rawBody: '{"test": 2432232315}' }))).ok).toBe(false);
    const bad = { ...headers, "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OF=" };
    expect((await verdict(config, delivery({ headers: bad }))).ok).toBe(false);
    expect((await verdict(config, delivery({ receivedAt: 1614265330 + 600 }))).ok).toBe(false);
    expect((await verdict(config, delivery({ key: "whsec_%%%" }))).ok).toBe(false);
  });
});

describe("Stripe preset (Stripe-Signature t=, v1=), signed here as Stripe documents it", () => {
  // Stripe publishes the scheme, not a fixed vector: HMAC-SHA256(endpoint secret, "<t>.<body>") in hex,
  // computed here with WebCrypto (node:crypto is not in the runner's workerd test types).
  const key = "whsec_test_secret_for_the_stripe_preset";
  const body = '{"id":"evt_1Nxyz","object":"event","type":"payment_intent.succeeded"}';
  const sign = (t: number, payload = body) => hmac(key, `${t}.${payload}`);
  const delivery = (header: string, rawBody = body, receivedAt = now): Delivery => ({
    rawBody,
    headers: { "stripe-signature": header },
    key,
    receivedAt,
  });
  const config = { preset: "stripe", secret: "k" } as const;

  it("accepts a valid signature (also next to a rolled one) and names the delivery by the event id", async () => {
    expect(await verdict(config, delivery(`t=${now},v1=${await sign(now)}`))).toEqual({
      ok: true,
      deliveryId: "event:evt_1Nxyz",
    });
    expect(
      (await verdict(config, delivery(`t=${now},v1=${"0".repeat(64)},v1=${await sign(now)},v0=abc`))).ok,
    ).toBe(true);
  });

  it("refuses a changed body byte, a changed signature, a timestamp over 5 minutes old and a missing header", async () => {
    expect(
      (await verdict(config, delivery(`t=${now},v1=${await sign(now)}`, body.replace("1N", "1M")))).ok,
    ).toBe(false);
    expect((await verdict(config, delivery(`t=${now},v1=${flipLast(await sign(now))}`))).ok).toBe(false);
    const old = now - 301;
    expect((await verdict(config, delivery(`t=${old},v1=${await sign(old)}`))).ok).toBe(false);
    expect((await verdict(config, { ...delivery(""), headers: {} })).ok).toBe(false);
  });
});

describe("generic HMAC-SHA256 preset", () => {
  const key = "generic-signing-key";
  const body = '{"order":42}';
  const hex = () => hmac(key, body);

  it("accepts hex with a prefix and base64, in the header the workflow names", async () => {
    const hexConfig = {
      preset: "hmac-sha256",
      secret: "k",
      header: "x-signature",
      encoding: "hex",
      prefix: "sha256=",
    } as const;
    const signature = await hex();
    const ok = await verdict(hexConfig, {
      rawBody: body,
      headers: { "x-signature": `sha256=${signature}` },
      key,
      receivedAt: now,
    });
    expect(ok).toEqual({ ok: true, deliveryId: `sig:${signature}` });
    const base64 = await hmac(key, body, "base64");
    const b64Config = { preset: "hmac-sha256", secret: "k", header: "x-sig", encoding: "base64" } as const;
    expect(
      (await verdict(b64Config, { rawBody: body, headers: { "x-sig": base64 }, key, receivedAt: now })).ok,
    ).toBe(true);
  });

  it("refuses a changed body, a changed signature, a wrong prefix and a wrong key", async () => {
    const config = {
      preset: "hmac-sha256",
      secret: "k",
      header: "x-signature",
      encoding: "hex",
      prefix: "sha256=",
    } as const;
    const signature = await hex();
    const headers = { "x-signature": `sha256=${signature}` };
    expect((await verdict(config, { rawBody: `${body} `, headers, key, receivedAt: now })).ok).toBe(false);
    expect(
      (
        await verdict(config, {
          rawBody: body,
          headers: { "x-signature": `sha256=${flipLast(signature)}` },
          key,
          receivedAt: now,
        })
      ).ok,
    ).toBe(false);
    expect(
      (await verdict(config, { rawBody: body, headers: { "x-signature": signature }, key, receivedAt: now }))
        .ok,
    ).toBe(false);
    expect((await verdict(config, { rawBody: body, headers, key: `${key}x`, receivedAt: now })).ok).toBe(
      false,
    );
  });
});
