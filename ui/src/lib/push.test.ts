import { describe, expect, it } from "vitest";
import { initI18n } from "../i18n";
import { explainSteps, stepsResult } from "./push";

const i18n = initI18n("vi");

describe("a push row's explanation", () => {
  it("reads like the owner's own sum and ends on the target", () => {
    const steps = [
      { kind: "physical", value: 40 },
      { kind: "keepBack", value: 2 },
      { kind: "unshipped", value: 3 },
    ] as const;
    expect(stepsResult([...steps])).toBe(35);
    expect(explainSteps([...steps], i18n.t)).toBe("Onflow 40 − giữ lại 2 − 3 đơn chưa giao = 35");
  });

  it("shows the percentage, the cap and the floor at zero", () => {
    expect(
      explainSteps(
        [
          { kind: "physical", value: 10 },
          { kind: "percent", percent: 50, after: 5 },
          { kind: "cap", value: 4 },
        ],
        i18n.t,
      ),
    ).toBe("Onflow 10 × 50% = 5 → tối đa 4 = 4");
    expect(stepsResult([{ kind: "physical", value: 1 }, { kind: "keepBack", value: 3 }, { kind: "floorZero" }])).toBe(0);
  });
});
