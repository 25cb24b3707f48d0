import { describe, expect, it } from "vitest";
import { CREDENTIAL_SHAPES } from "../credential-shapes";
import { normaliseDestination } from "./destination-rule";
import { smtpTarget, targetOrigin, urlTarget } from "./destination-target";
import { compilePolicy, isUnrestricted, normalisePolicy } from "./policy";
import { destinationRefusalMessage, scriptRefusalMessage } from "./refusal";
import { suggestDestinations, urlValueDestination } from "./suggest";

const text = (input: string) => {
  const checked = normaliseDestination(input);
  return checked.ok ? checked.text : `problem: ${checked.problem}`;
};

describe("normaliseDestination", () => {
  it("writes each accepted form in one normal form", () => {
    expect(text("HTTPS://API.Stripe.COM:443/")).toBe("https://api.stripe.com");
    expect(text("https://api.example.com:8443/v1/")).toBe("https://api.example.com:8443/v1");
    expect(text("  https://hooks.slack.com/services  ")).toBe("https://hooks.slack.com/services");
    expect(text("http://127.0.0.1:8080/hook")).toBe("http://127.0.0.1:8080/hook");
    expect(text("http://LOCALHOST:80")).toBe("http://localhost");
    expect(text("smtp://SMTP.Example.com:587")).toBe("smtp://smtp.example.com:587");
    expect(text("*.Example.com")).toBe("*.example.com");
    expect(text("*")).toBe("*");
    expect(text("https://bücher.example")).toBe("https://xn--bcher-kva.example");
    expect(text("https://api.example.com/a/./b/../c")).toBe("https://api.example.com/a/c");
  });

  it("refuses what is not a destination, saying how to write one, without quoting it", () => {
    const cases = [
      "api.stripe.com",
      "ftp://files.example.com",
      "http://api.example.com",
      "http://10.0.0.1",
      "https://api.example.com/?q=1",
      "https://api.example.com/#x",
      "https://user:pass@api.example.com",
      "https://*.example.com",
      "*.com",
      "*.10.0.0.1",
      "smtp://mail.example.com",
      "smtp://mail.example.com:0",
      "smtp://mail.example.com:587/x",
      "",
      "x".repeat(600),
    ];
    for (const input of cases) {
      const checked = normaliseDestination(input);
      expect(checked.ok, input).toBe(false);
      if (!checked.ok && input.length > 3) expect(checked.problem).not.toContain(input);
    }
  });
});

describe("policy matching", () => {
  const allows = (destinations: string[], url: string) => {
    const target = urlTarget(url);
    return target ? compilePolicy({ destinations, scripts: false }).allows(target) : false;
  };

  it("matches scheme, host and port exactly", () => {
    expect(allows(["https://api.stripe.com"], "https://api.stripe.com/v1/charges?x=1")).toBe(true);
    expect(allows(["https://api.stripe.com"], "https://API.STRIPE.COM:443/v1")).toBe(true);
    expect(allows(["https://api.stripe.com"], "http://api.stripe.com/v1")).toBe(false);
    expect(allows(["https://api.stripe.com"], "https://api.stripe.com:8443/v1")).toBe(false);
    expect(allows(["https://api.stripe.com"], "https://api.stripe.com.evil.example/v1")).toBe(false);
    expect(allows(["https://api.stripe.com"], "https://evil.example/api.stripe.com")).toBe(false);
    expect(allows(["https://api.stripe.com"], "https://api.stripe.com@evil.example/")).toBe(false);
    expect(allows(["https://api.stripe.com"], "https://api.stripe.com./v1")).toBe(false);
    expect(allows(["http://127.0.0.1:9000"], "http://127.0.0.1:9001/")).toBe(false);
    expect(allows(["http://127.0.0.1:9000"], "http://127.0.0.1:9000/x")).toBe(true);
  });

  it("matches a path prefix on segment boundaries, after dot segments are resolved", () => {
    const rule = ["https://hooks.slack.com/services/T1"];
    expect(allows(rule, "https://hooks.slack.com/services/T1")).toBe(true);
    expect(allows(rule, "https://hooks.slack.com/services/T1/B2/x")).toBe(true);
    expect(allows(rule, "https://hooks.slack.com/services/T12/B2/x")).toBe(false);
    expect(allows(rule, "https://hooks.slack.com/services/T1/../T9/x")).toBe(false);
    expect(allows(rule, "https://hooks.slack.com/services/T1/%2e%2e/T9")).toBe(false);
    expect(allows(rule, "https://hooks.slack.com/other")).toBe(false);
  });

  it("matches *.domain on subdomains over HTTPS 443 and SMTP, never the domain itself", () => {
    const rule = ["*.example.com"];
    expect(allows(rule, "https://api.example.com/x")).toBe(true);
    expect(allows(rule, "https://a.b.example.com/")).toBe(true);
    expect(allows(rule, "https://example.com/")).toBe(false);
    expect(allows(rule, "https://evilexample.com/")).toBe(false);
    expect(allows(rule, "https://api.example.com:8443/")).toBe(false);
    expect(allows(rule, "http://api.example.com/")).toBe(false);
    const policy = compilePolicy({ destinations: rule, scripts: false });
    expect(policy.allows(smtpTarget("smtp.example.com", 587) as never)).toBe(true);
  });

  it("matches SMTP host and port", () => {
    const policy = compilePolicy({ destinations: ["smtp://smtp.example.com:587"], scripts: false });
    expect(policy.allows(smtpTarget("SMTP.example.com", 587) as never)).toBe(true);
    expect(policy.allows(smtpTarget("smtp.example.com", 25) as never)).toBe(false);
    expect(policy.allows(urlTarget("https://smtp.example.com:587/") as never)).toBe(false);
    expect(smtpTarget("a b", 25)).toBeUndefined();
  });

  it("treats * and legacy (no policy) as unrestricted, and a damaged entry as matching nothing", () => {
    expect(allows(["*"], "https://anything.example/")).toBe(true);
    expect(compilePolicy(null).allows(urlTarget("http://10.1.1.1/") as never)).toBe(true);
    expect(isUnrestricted(null)).toBe(true);
    expect(isUnrestricted({ destinations: ["*"], scripts: false })).toBe(true);
    expect(isUnrestricted({ destinations: ["https://a.example"], scripts: false })).toBe(false);
    expect(allows(["HTTPS://api.stripe.com/"], "https://api.stripe.com/")).toBe(false);
  });

  it("shows a target as its origin only", () => {
    expect(targetOrigin(urlTarget("https://evil.example/collect?k=v") as never)).toBe("https://evil.example");
    expect(targetOrigin(urlTarget("http://127.0.0.1:9/x") as never)).toBe("http://127.0.0.1:9");
    expect(targetOrigin(smtpTarget("mail.example", 25) as never)).toBe("smtp://mail.example:25");
  });
});

describe("normalisePolicy", () => {
  it("normalises, deduplicates and sorts; * absorbs the rest", () => {
    expect(
      normalisePolicy({
        destinations: ["https://b.example/", "HTTPS://b.example", "https://a.example"],
        scripts: true,
      }),
    ).toEqual({
      ok: true,
      policy: { destinations: ["https://a.example", "https://b.example"], scripts: true },
    });
    expect(normalisePolicy({ destinations: ["https://a.example", "*"], scripts: false })).toEqual({
      ok: true,
      policy: { destinations: ["*"], scripts: false },
    });
  });

  it("reports every problem by position, and refuses an overlong list; an empty list sends nowhere", () => {
    const checked = normalisePolicy({
      destinations: ["https://ok.example", "nope", "http://evil.example"],
      scripts: false,
    });
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      expect(checked.problems).toHaveLength(2);
      expect(checked.problems[0]).toMatch(/^destinations\[1\]: /);
      expect(checked.problems[1]).toMatch(/^destinations\[2\]: plain http/);
    }
    expect(normalisePolicy({ destinations: [], scripts: false })).toEqual({
      ok: true,
      policy: { destinations: [], scripts: false },
    });
    const many = Array.from({ length: 21 }, (_, i) => `https://h${i}.example`);
    expect(normalisePolicy({ destinations: many, scripts: false }).ok).toBe(false);
  });
});

describe("suggestDestinations", () => {
  it("suggests from the token's shape", () => {
    const value = (prefix: string) => `${prefix}${"a1B2c3D4e5F6g7H8".repeat(2)}`;
    expect(suggestDestinations(value("sk_live_"))?.destinations).toEqual(["https://api.stripe.com"]);
    expect(suggestDestinations(value("sk_test_"))?.destinations).toEqual(["https://api.stripe.com"]);
    expect(suggestDestinations(value("rk_live_"))?.destinations).toEqual(["https://api.stripe.com"]);
    expect(suggestDestinations(value("xoxb-"))?.destinations).toEqual(["https://slack.com"]);
    expect(suggestDestinations(value("xoxp-"))?.destinations).toEqual(["https://slack.com"]);
    expect(suggestDestinations(`ghp_${"a".repeat(36)}`)?.destinations).toEqual(["https://api.github.com"]);
    expect(suggestDestinations(`github_pat_${"a".repeat(22)}_${"b".repeat(59)}`)?.destinations).toEqual([
      "https://api.github.com",
    ]);
  });

  it("every suggested destination of a shape is already in normal form", () => {
    for (const shape of CREDENTIAL_SHAPES) {
      for (const destination of shape.destinations ?? []) expect(text(destination)).toBe(destination);
    }
  });

  it("defaults a URL-valued secret to its origin and leading word path, never the token part", () => {
    const hook = "https://hooks.slack.com/services/T0AAA1111/B0BBB2222/abcdefghijklmnopqrstuvwx";
    expect(suggestDestinations(hook)?.destinations).toEqual(["https://hooks.slack.com/services"]);
    expect(urlValueDestination("https://example.com/bot12345:AAtoken/sendMessage")).toBe(
      "https://example.com",
    );
    expect(urlValueDestination("https://example.com/hooks/incoming/s3cr3tT0ken")).toBe(
      "https://example.com/hooks/incoming",
    );
    expect(urlValueDestination("http://127.0.0.1:4000/hook/x")).toBe("http://127.0.0.1:4000/hook");
    expect(urlValueDestination("http://example.com/hook/x")).toBeUndefined();
    const hookDefault = urlValueDestination(hook) as string;
    expect(text(hookDefault)).toBe(hookDefault);
  });

  it("suggests the capture site's domain, else nothing", () => {
    expect(suggestDestinations("opaque-value-123456", "app.mailgun.com")?.destinations).toEqual([
      "*.mailgun.com",
    ]);
    expect(suggestDestinations("opaque-value-123456", "127.0.0.1")).toBeUndefined();
    expect(suggestDestinations("opaque-value-123456")).toBeUndefined();
  });
});

describe("refusal messages", () => {
  it("name the secret, step, field, refused destination and allowed ones, and say what to do", () => {
    const message = destinationRefusalMessage({
      secret: "stripe_secret",
      step: "charge",
      field: "headers.Authorization",
      destination: "https://evil.example",
      allowed: ["https://api.stripe.com"],
    });
    expect(message).toBe(
      'step "charge" (headers.Authorization): secret "stripe_secret" may not be sent to https://evil.example; it may go only to https://api.stripe.com. Send it to one of those, or enter the secret\'s value again with this destination added',
    );
    expect(
      scriptRefusalMessage({ secret: "k", step: "s", field: "code", via: 'the output of step "a"' }),
    ).toContain('secret "k" (carried by the output of step "a") may not be read by script steps');
  });
});
