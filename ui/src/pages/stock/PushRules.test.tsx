import { fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import viText from "../../i18n/vi.json";
import { backend, fail } from "../../test/fakeBackend";
import { renderApp } from "../../test/render";
import { PushRules } from "./PushRules";

vi.mock("../../ipc/bindings", async (orig) => (await import("../../test/fakeBackend")).fakeBindings(await orig()));

const defaults = {
  default: { keepBack: 0, percent: 100, cap: null, excluded: false, subtractUnshipped: true },
  overrides: {},
  maxAgeMinutes: 60,
  automatic: false,
  breaker: { maxSharePercent: 20, maxMove: 50 },
};

beforeEach(() => {
  backend.reset({ pushRules: () => defaults, pushSetRules: () => null });
});

describe("push rules", () => {
  it("saves the account's keep-back and a SKU that is never pushed, keyed upper-case", async () => {
    const saved = vi.fn();
    renderApp(<PushRules accountId="pancake-1" onSaved={saved} />);
    const keep = await screen.findByLabelText(viText.push.rules.keepBack);
    fireEvent.change(keep, { target: { value: "2" } });
    fireEvent.change(screen.getByLabelText(viText.push.rules.addSku), { target: { value: " at0001-den-m " } });
    fireEvent.click(screen.getByText(viText.push.rules.add));
    fireEvent.click(await screen.findByLabelText(viText.push.rules.excluded));
    fireEvent.click(screen.getByTestId("push-rules-save"));
    await waitFor(() => expect(saved).toHaveBeenCalled());
    const call = backend.callsOf("pushSetRules")[0];
    if (!call) throw new Error("the rules were not saved");
    const [accountId, rules] = call;
    expect(accountId).toBe("pancake-1");
    expect(rules.default.keepBack).toBe(2);
    expect(rules.overrides["AT0001-DEN-M"]?.excluded).toBe(true);
  });

  it("shows the backend's refusal under the field it names", async () => {
    backend.use({
      pushSetRules: () => fail("validation", "default.percent: pushRules.percent", { fields: { "default.percent": ["pushRules.percent"] } }),
    });
    renderApp(<PushRules accountId="pancake-1" onSaved={() => undefined} />);
    fireEvent.click(await screen.findByTestId("push-rules-save"));
    expect(await screen.findByText(viText.validation.pushRules.percent)).toBeInTheDocument();
  });

  it("turns the automatic mode on with its circuit breaker", async () => {
    const saved = vi.fn();
    renderApp(<PushRules accountId="nhanh-1" onSaved={saved} />);
    expect(screen.queryByTestId("push-rule-max-move")).toBeNull();
    fireEvent.click(await screen.findByTestId("push-rule-automatic"));
    fireEvent.change(await screen.findByLabelText(viText.push.rules.maxMove), { target: { value: "10" } });
    fireEvent.click(screen.getByTestId("push-rules-save"));
    await waitFor(() => expect(saved).toHaveBeenCalled());
    const [, rules] = backend.callsOf("pushSetRules")[0] ?? [];
    expect(rules?.automatic).toBe(true);
    expect(rules?.breaker).toEqual({ maxSharePercent: 20, maxMove: 10 });
  });
});
