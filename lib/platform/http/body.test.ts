import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import { MAX_BODY_BYTES, MAX_JSON_DEPTH, readJsonObject } from "./body";

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://x/", { method: "POST", body, headers, duplex: "half" } as RequestInit);

async function refusal(req: Request) {
  const e = await readJsonObject(req).then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(DomainError);
  const { code, details } = e as DomainError;
  return { code, field: details[0]?.field };
}

describe("JSON bodies", () => {
  it("read an object whatever the content type; an empty body is {}", async () => {
    expect(await readJsonObject(post('{"a":1}', { "content-type": "application/x-www-form-urlencoded" }))).toEqual({
      a: 1,
    });
    expect(await readJsonObject(post("  "))).toEqual({});
    expect(await readJsonObject(new Request("http://x/"))).toEqual({});
  });

  it("refuse what is not one JSON object, naming the problem", async () => {
    for (const body of ["{", "[1]", "7", '"x"', "null"])
      expect((await refusal(post(body))).code, body).toBe("bad_request");
    expect(await refusal(post(new Uint8Array([0x7b, 0xff, 0x7d])))).toEqual({ code: "bad_request", field: "body" });
  });

  it("refuse values PostgreSQL cannot store, with the path to them", async () => {
    expect(await refusal(post('{"a":{"b":"x\\u0000y"}}'))).toEqual({ code: "invalid_input", field: "a.b" });
    expect(await refusal(post('{"name":"\\ud800"}'))).toEqual({ code: "invalid_input", field: "name" });
    expect(await refusal(post('{"\\u0000":1}'))).toEqual({ code: "invalid_input", field: "\u0000" });
    // A surrogate pair is text, not a lone surrogate.
    expect(await readJsonObject(post('{"e":"\\ud83d\\ude00"}'))).toEqual({ e: "😀" });
  });

  it("refuse nesting deeper than the limit before parsing, brackets inside strings aside", async () => {
    const deep = `${"[".repeat(MAX_JSON_DEPTH + 1)}${"]".repeat(MAX_JSON_DEPTH + 1)}`;
    expect(await refusal(post(`{"a":${deep}}`))).toEqual({ code: "bad_request", field: "body" });
    const text = `{"a":"${"[".repeat(200)}\\"${"{".repeat(200)}"}`;
    expect(await readJsonObject(post(text))).toEqual({ a: `${"[".repeat(200)}"${"{".repeat(200)}` });
  });

  it("refuse a body over the limit, declared or streamed", async () => {
    const big = `{"a":"${"x".repeat(MAX_BODY_BYTES)}"}`;
    expect(await refusal(post(big))).toEqual({ code: "payload_too_large", field: "body" });
    expect(await refusal(post("{}", { "content-length": String(MAX_BODY_BYTES + 1) }))).toEqual({
      code: "payload_too_large",
      field: "body",
    });
  });
});
