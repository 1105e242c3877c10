import { describe, expect, it } from "vitest";
import { encodeTime, idLowerBound, newId, timeOfId } from "./ids";

const zeros = new Uint8Array(10);
const ones = new Uint8Array(10).fill(255);

describe("ids", () => {
  it("has the prefix, 26 base32 characters and round-trips its time", () => {
    const id = newId("evt", 1_764_134_400_000, zeros);
    expect(id).toMatch(/^evt_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(timeOfId(id)).toBe(1_764_134_400_000);
  });

  it("sorts by time as plain strings (byte order)", () => {
    const times = [0, 1, 31, 32, 1_000, 1_764_134_400_000, 1_764_134_400_001, 2 ** 48 - 1];
    const ids = times.map((t, i) => newId("att", t, i % 2 ? ones : zeros));
    expect([...ids].sort()).toEqual(ids);
  });

  it("keeps every id of a millisecond inside [bound(ms), bound(ms+1))", () => {
    const ms = 1_764_134_400_000;
    for (const random of [zeros, ones]) {
      const id = newId("evt", ms, random);
      expect(id >= idLowerBound("evt", ms)).toBe(true);
      expect(id < idLowerBound("evt", ms + 1)).toBe(true);
    }
  });

  it("differs between two ids of the same millisecond", () => {
    expect(newId("evt", 5)).not.toBe(newId("evt", 5));
  });

  it("rejects times it cannot encode", () => {
    expect(() => encodeTime(-1)).toThrow(RangeError);
    expect(() => encodeTime(2 ** 48)).toThrow(RangeError);
  });

  it("returns null for foreign ids", () => {
    expect(timeOfId("evt_short")).toBeNull();
    expect(timeOfId("evt_" + "!".repeat(26))).toBeNull();
  });
});
