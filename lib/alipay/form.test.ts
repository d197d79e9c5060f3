import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodeForm, encodeForm, FormDecodeError } from "./form";

describe("decodeForm (§4.1)", () => {
  it("decodes exactly once: %2B is a plus, + is a space, %25 stays a percent sign", () => {
    const { params } = decodeForm("subject=a%2Bb+c&passback_params=x%253Dy");
    expect(params).toEqual({ subject: "a+b c", passback_params: "x%3Dy" });
  });

  it("decodes by the body's own charset, in either encoding", () => {
    const gbk = `charset=gbk&subject=${[...iconv.encode("中文", "gbk")].map((b) => `%${b.toString(16)}`).join("")}`;
    expect(decodeForm(gbk)).toMatchObject({ charset: "gbk", declaredCharset: "gbk", params: { subject: "中文" } });
    expect(decodeForm("charset=GB2312&a=1").charset).toBe("gbk");
  });

  it.each([
    ["a=%zz", /bad percent-escape/],
    ["a=1&a=2", /appears more than once/],
    ["__proto__=1&__proto__=2", /appears more than once/],
    ["charset=latin1&a=1", /unsupported charset/],
    ["charset=gb18030&a=1", /unsupported charset/],
    ["a=%FF%FE", /not valid utf-8/],
  ])("refuses %s", (body, message) => {
    expect(() => decodeForm(body)).toThrow(FormDecodeError);
    expect(() => decodeForm(body)).toThrow(message);
  });

  it("keeps __proto__ an ordinary key", () => {
    const { params } = decodeForm("__proto__=x&a=1");
    expect(Object.keys(params)).toEqual(["__proto__", "a"]);
    expect(params.__proto__).toBe("x");
  });

  it("round-trips through encodeForm in both charsets", () => {
    const params = { subject: "yansongda+测试 - 1", passback_params: "a=1&b=2", empty: "" };
    expect(decodeForm(encodeForm(params)).params).toEqual(params);
    expect(decodeForm(encodeForm({ charset: "gbk", ...params }, "gbk")).params).toEqual({ charset: "gbk", ...params });
  });
});

describe("encodeForm", () => {
  it("writes application/x-www-form-urlencoded exactly: space as +, only A-Z a-z 0-9 * - . _ left bare", () => {
    expect(encodeForm({ a: "x y+z!'()~*-._/=&%中" })).toBe("a=x+y%2Bz%21%27%28%29%7E*-._%2F%3D%26%25%E4%B8%AD");
    expect(new URLSearchParams({ a: "x y+z!'()~*-._/=&%中" }).toString()).toBe(encodeForm({ a: "x y+z!'()~*-._/=&%中" }));
  });

  it("encodes a lone surrogate as the replacement character instead of throwing", () => {
    expect(encodeForm({ a: "\ud800" })).toBe("a=%EF%BF%BD");
  });
});
