import { describe, expect, it } from "vitest";
import { encodeTime, newId } from "./ids";

const zeros = new Uint8Array(10);
const ones = new Uint8Array(10).fill(255);

describe("ids", () => {
  it("has the prefix, then the encoded time, then 16 base32 characters of randomness", () => {
    const id = newId("evt", 1_764_134_400_000, zeros);
    expect(id).toMatch(/^evt_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(id.startsWith(`evt_${encodeTime(1_764_134_400_000)}`)).toBe(true);
  });

  it("sorts by time as plain strings (byte order)", () => {
    const times = [0, 1, 31, 32, 1_000, 1_764_134_400_000, 1_764_134_400_001, 2 ** 48 - 1];
    const ids = times.map((t, i) => newId("att", t, i % 2 ? ones : zeros));
    expect([...ids].sort()).toEqual(ids);
  });

  it("keeps every id of a millisecond inside the partition bounds [prefix_time(ms), prefix_time(ms+1))", () => {
    const ms = 1_764_134_400_000;
    for (const random of [zeros, ones]) {
      const id = newId("evt", ms, random);
      expect(id >= `evt_${encodeTime(ms)}`).toBe(true);
      expect(id < `evt_${encodeTime(ms + 1)}`).toBe(true);
    }
  });

  it("differs between two ids of the same millisecond", () => {
    expect(newId("evt", 5)).not.toBe(newId("evt", 5));
  });

  it("rejects times it cannot encode", () => {
    expect(() => encodeTime(-1)).toThrow(RangeError);
    expect(() => encodeTime(2 ** 48)).toThrow(RangeError);
  });
});
