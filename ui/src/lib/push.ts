// How a push target was reached, in the user's language: "Onflow 40 − giữ lại 2 − 3 đơn chưa giao = 35".
import type { TFunction } from "i18next";
import type { SkipReason, Step, Trip } from "../ipc";
import { formatNumber } from "./format";

/** The value the steps end on (the target), or `null` for no steps. */
export function stepsResult(steps: Step[]): number | null {
  let value: number | null = null;
  for (const s of steps) {
    switch (s.kind) {
      case "physical":
        value = s.value;
        break;
      case "keepBack":
      case "unshipped":
        value = (value ?? 0) - s.value;
        break;
      case "floorZero":
        value = 0;
        break;
      case "percent":
        value = s.after;
        break;
      case "cap":
        value = s.value;
        break;
    }
  }
  return value;
}

/** One line per row: every step of the rule, then "= target". */
export function explainSteps(steps: Step[], t: TFunction): string {
  const parts = steps.map((s) => {
    switch (s.kind) {
      case "physical":
        return t("push.step.physical", { value: formatNumber(s.value) });
      case "keepBack":
        return t("push.step.keepBack", { value: formatNumber(s.value) });
      case "unshipped":
        return t("push.step.unshipped", { value: formatNumber(s.value) });
      case "floorZero":
        return t("push.step.floorZero");
      case "percent":
        return t("push.step.percent", { percent: s.percent, after: formatNumber(s.after) });
      case "cap":
        return t("push.step.cap", { value: formatNumber(s.value) });
    }
  });
  const result = stepsResult(steps);
  return result === null ? "" : `${parts.join(" ")} = ${formatNumber(result)}`;
}

export function skipText(reason: SkipReason, t: TFunction): string {
  switch (reason.kind) {
    case "excluded":
      return t("push.skip.excluded");
    case "noPhysical":
      return t("push.skip.noPhysical");
    case "notMapped":
      return t("push.skip.notMapped");
    case "stale":
      return reason.ageMinutes == null
        ? t("push.skip.staleUnknown")
        : t("push.skip.stale", { minutes: formatNumber(reason.ageMinutes) });
  }
}

/** Why the circuit breaker stopped an automatic push. */
export function tripText(trip: Trip, t: TFunction): string {
  return trip.kind === "tooManySkus"
    ? t("push.tripShare", {
        changing: formatNumber(trip.changing),
        total: formatNumber(trip.total),
        percent: trip.maxSharePercent,
      })
    : t("push.tripMove", { sku: trip.sku ?? "", max: formatNumber(trip.maxMove) });
}
