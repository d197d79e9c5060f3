import { describe, expect, it } from "vitest";
import { hashPassword, passwordProblem, verifyPassword } from "./password";

describe("passwords", () => {
  it("verifies the password it hashed, and no other", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(hash).not.toContain("correct horse");
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery stapl", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("salts each hash: the same password twice gives two hashes", async () => {
    expect(await hashPassword("same password here")).not.toBe(await hashPassword("same password here"));
  });

  it("treats a string that is not one of its hashes as not matching, without throwing", async () => {
    for (const stored of ["", "plain", "bcrypt$2b$10$abc", "scrypt$32768$8$1$$"]) expect(await verifyPassword("x", stored)).toBe(false);
  });

  it("refuses passwords that are too short or too long", () => {
    expect(passwordProblem("short")).toBe("too_short");
    expect(passwordProblem("a".repeat(12))).toBeNull();
    expect(passwordProblem("a".repeat(257))).toBe("too_long");
  });
});
