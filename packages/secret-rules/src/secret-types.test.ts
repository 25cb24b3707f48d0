import { describe, expect, it } from "vitest";
import {
  basicAuthHeader,
  checkSecretFields,
  decodeSecretFields,
  encodeSecretFields,
  fieldReferenceProblem,
  previewSource,
  publicSecretFields,
  referencableFields,
  SECRET_TYPE_FIELDS,
  SECRET_TYPES,
  secretFieldNames,
} from "./secret-types";

describe("the secret types table", () => {
  it("lists the DESIGN's referencable fields per type", () => {
    expect(referencableFields("text")).toEqual([]);
    expect(referencableFields("basic")).toEqual(["username", "password", "header"]);
    expect(referencableFields("smtp")).toEqual(["username", "password"]);
    // oauth2: the access token and its non-secret fields; never the refresh token or client secret.
    expect(referencableFields("oauth2")).toEqual([
      "tokenUrl",
      "clientId",
      "scope",
      "grant",
      "accessToken",
      "expiresAt",
    ]);
    expect(referencableFields("nope")).toEqual([]);
  });

  it("marks passwords, tokens and the client secret secret, and every derived field secret", () => {
    expect(secretFieldNames("basic")).toEqual(["password", "header"]);
    expect(secretFieldNames("smtp")).toEqual(["password"]);
    expect(secretFieldNames("oauth2")).toEqual(["clientSecret", "refreshToken", "accessToken"]);
    for (const type of SECRET_TYPES) {
      for (const spec of SECRET_TYPE_FIELDS[type]) if (spec.derived) expect(spec.secret).toBe(true);
    }
  });
});

describe("fieldReferenceProblem", () => {
  it("accepts a text secret without a field and a typed secret with one of its fields", () => {
    expect(fieldReferenceProblem("k", "text", undefined)).toBeUndefined();
    expect(fieldReferenceProblem("login", "basic", "header")).toBeUndefined();
    expect(fieldReferenceProblem("gh", "oauth2", "accessToken")).toBeUndefined();
  });

  it("refuses a field the type lacks, naming the type's fields", () => {
    expect(fieldReferenceProblem("mail", "smtp", "header")).toBe(
      'secret "mail" is a smtp secret without a field "header": its fields are username, password',
    );
    expect(fieldReferenceProblem("gh", "oauth2", "refreshToken")).toContain("accessToken");
    expect(fieldReferenceProblem("k", "text", "password")).toBe(
      'secret "k" is a text secret and has no fields: write {{secrets.k}}',
    );
  });

  it("refuses a typed secret referenced as a whole, listing what to write", () => {
    expect(fieldReferenceProblem("login", "basic", undefined)).toBe(
      'secret "login" is a basic secret: reference one of its fields: {{secrets.login.username}}, {{secrets.login.password}}, {{secrets.login.header}}',
    );
  });
});

describe("checkSecretFields", () => {
  it("accepts complete fields", () => {
    expect(checkSecretFields("basic", { username: "ann", password: "pw" })).toEqual([]);
    expect(
      checkSecretFields("oauth2", {
        tokenUrl: "https://auth.example.com/token",
        clientId: "c",
        clientSecret: "s",
        grant: "client_credentials",
      }),
    ).toEqual([]);
  });

  it("names missing, unknown and derived fields, never a value", () => {
    const problems = checkSecretFields("basic", { password: "hunter2-value", header: "x", extra: "y" });
    expect(problems.map((p) => p.field).sort()).toEqual(["extra", "header", "username"]);
    expect(JSON.stringify(problems)).not.toContain("hunter2-value");
  });

  it("checks the oauth2 grant, token URL and expiry", () => {
    const problems = checkSecretFields("oauth2", {
      tokenUrl: "http://auth.example.com/token",
      clientId: "c",
      grant: "password",
      expiresAt: "tomorrow",
    });
    expect(problems.map((p) => p.field).sort()).toEqual(["expiresAt", "grant", "tokenUrl"]);
    expect(
      checkSecretFields("oauth2", {
        tokenUrl: "http://127.0.0.1:9/t",
        clientId: "c",
        grant: "client_credentials",
      }).map((p) => p.field),
    ).toEqual(["clientSecret"]);
  });
});

describe("sealed fields", () => {
  it("encodes entered fields in table order without derived ones, and decodes with them", () => {
    const plaintext = encodeSecretFields("basic", { password: "p:w", username: "ann" });
    expect(plaintext).toBe('{"username":"ann","password":"p:w"}');
    const fields = decodeSecretFields("basic", plaintext);
    expect(fields.header).toBe(`Basic ${Buffer.from("ann:p:w").toString("base64")}`);
  });

  it("encodes the header from UTF-8 bytes", () => {
    expect(basicAuthHeader("jürgen", "pässword")).toBe(
      `Basic ${Buffer.from("jürgen:pässword").toString("base64")}`,
    );
  });

  it("refuses a plaintext that is not an object without quoting it", () => {
    expect(() => decodeSecretFields("smtp", "not-json-canary")).toThrow(/not JSON/);
    expect(() => decodeSecretFields("smtp", "not-json-canary")).not.toThrow(/canary/);
    expect(() => decodeSecretFields("smtp", "[1]")).toThrow(/not an object/);
  });

  it("shows only non-secret fields and previews a secret one", () => {
    const fields = {
      tokenUrl: "https://a.example/t",
      clientId: "cid",
      clientSecret: "cs",
      refreshToken: "rt",
      grant: "refresh_token",
    };
    expect(publicSecretFields("oauth2", fields)).toEqual({
      tokenUrl: "https://a.example/t",
      clientId: "cid",
      grant: "refresh_token",
    });
    expect(previewSource("oauth2", fields)).toBe("rt");
    expect(previewSource("basic", { username: "u", password: "pw" })).toBe("pw");
  });
});
