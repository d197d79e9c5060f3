import { describe, expect, it } from "vitest";
import { asText, csvField, csvLine, joinLines } from "./csv";

describe("csv", () => {
  it("quotes only fields with a comma, a quote or a line break, doubling quotes", () => {
    expect(csvField("plain 中文")).toBe("plain 中文");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\ronly")).toBe('"cr\ronly"');
    expect(csvLine(["1", "a,b", ""])).toBe('1,"a,b",');
  });

  it("ends ID-like fields with a tab, even when empty", () => {
    expect(asText("2088")).toBe("2088\t");
    expect(asText(undefined)).toBe("\t");
  });

  it("ends every line with CRLF", () => {
    expect(joinLines(["#a", "b"])).toBe("#a\r\nb\r\n");
  });
});
