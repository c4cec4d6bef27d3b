import { Badge, Paper, Radio, Select, Stack, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AddressOption, LegacyForm, NewForm } from "../ipc";
import { useAddressSuggest } from "../queries/address";

/** What the picker hands to its form: the street line and the chosen unit in both models. */
export interface PickedAddress {
  street: string;
  /** The chosen option; `new`/`legacy` are filled once the user settled any split. */
  option: AddressOption | null;
}

export function legacyText(l: LegacyForm): string {
  return `${l.wardName}, ${l.districtName}, ${l.provinceName}`;
}

export function newText(n: NewForm): string {
  return `${n.wardName}, ${n.provinceName}`;
}

function optionLabel(o: AddressOption): string {
  if (o.typed === "legacy" && o.legacy) return legacyText(o.legacy);
  if (o.new) return newText(o.new);
  return o.legacy ? legacyText(o.legacy) : o.key;
}

/** Whether the address is settled in both models (no split left to choose). */
export function addressComplete(p: PickedAddress): boolean {
  return !!p.option && !!p.option.new && !!p.option.legacy;
}

/**
 * Type-ahead over the embedded official units (2025 and legacy, diacritics- and abbreviation-aware).
 * Shows the new and the old form together and asks only when a split ward needs a choice.
 */
export function AddressPicker({
  value,
  onChange,
  error,
  required,
}: {
  value: PickedAddress;
  onChange: (v: PickedAddress) => void;
  error?: string;
  required?: boolean;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 150);
  const suggestions = useAddressSuggest(debounced);
  // the chosen option stays in the list so the Select can show its label
  const [chosen, setChosen] = useState<AddressOption | null>(value.option);
  // an option set from outside (a known customer's address) becomes the chosen one too
  const [given, setGiven] = useState(value.option);
  if (value.option !== given) {
    setGiven(value.option);
    if (value.option && value.option.key !== chosen?.key) setChosen(value.option);
  }
  const options = suggestions.data ?? [];
  const all = chosen && !options.some((o) => o.key === chosen.key) ? [chosen, ...options] : options;
  const byKey = new Map(all.map((o) => [o.key, o]));
  const o = value.option;

  const pick = (key: string | null) => {
    const picked = key ? (byKey.get(key) ?? null) : null;
    setChosen(picked);
    // a street typed as part of the search line fills the street field when it is empty
    const street = value.street || picked?.street || "";
    onChange({ street, option: picked });
  };
  const chooseNew = (code: string) => {
    if (!o || !chosen) return;
    const n = chosen.newChoices.find((c) => c.wardCode === code) ?? null;
    onChange({ ...value, option: { ...o, new: n } });
  };
  const chooseLegacy = (code: string) => {
    if (!o || !chosen) return;
    const l = chosen.legacyChoices.find((c) => c.wardCode === code) ?? null;
    onChange({ ...value, option: { ...o, legacy: l } });
  };

  return (
    <Stack gap="xs" data-testid="address-picker">
      <TextInput
        label={t("address.street")}
        placeholder={t("address.streetPlaceholder")}
        value={value.street}
        onChange={(e) => onChange({ ...value, street: e.currentTarget.value })}
        data-testid="address-street"
        required={required}
      />
      <Select
        label={t("address.unit")}
        placeholder={t("address.unitPlaceholder")}
        description={t("address.unitHint")}
        searchable
        clearable
        required={required}
        data={all.map((x) => ({ value: x.key, label: optionLabel(x) }))}
        value={o?.key ?? null}
        onChange={pick}
        searchValue={search}
        onSearchChange={setSearch}
        filter={({ options: opts }) => opts}
        nothingFoundMessage={debounced.trim().length >= 2 ? t("address.nothingFound") : t("address.typeMore")}
        error={error}
        data-testid="address-search"
        comboboxProps={{ withinPortal: false }}
        renderOption={({ option }) => {
          const x = byKey.get(option.value);
          return (
            <Stack gap={0} data-testid="address-option" data-key={option.value}>
              <Text size="sm">{option.label}</Text>
              {x && x.typed === "legacy" && (
                <Text size="xs" c="dimmed">
                  {x.new ? t("address.nowIs", { name: newText(x.new) }) : t("address.splitShort")}
                </Text>
              )}
              {x && x.typed === "new2025" && (
                <Text size="xs" c="dimmed">
                  {x.legacy ? t("address.wasIs", { name: legacyText(x.legacy) }) : t("address.mergedShort")}
                </Text>
              )}
            </Stack>
          );
        }}
      />
      {o && chosen && (
        <Paper withBorder p="sm" data-testid="address-forms">
          <Stack gap={6}>
            <Text size="sm" data-testid="address-new">
              <Badge size="xs" mr={6}>
                {t("address.new")}
              </Badge>
              {o.new ? newText(o.new) : t("address.chooseBelow")}
            </Text>
            <Text size="sm" data-testid="address-legacy">
              <Badge size="xs" color="gray" mr={6}>
                {t("address.legacy")}
              </Badge>
              {o.legacy ? legacyText(o.legacy) : t("address.chooseBelow")}
            </Text>
            {chosen.newChoices.length > 0 && (
              <Radio.Group
                label={t("address.splitQuestion")}
                value={o.new?.wardCode ?? null}
                onChange={chooseNew}
                data-testid="address-split"
              >
                <Stack gap={4} mt={4}>
                  {chosen.newChoices.map((c) => (
                    <Radio
                      key={c.wardCode}
                      value={c.wardCode}
                      label={c.isDefault ? `${newText(c)} — ${t("address.officialDefault")}` : newText(c)}
                    />
                  ))}
                </Stack>
              </Radio.Group>
            )}
            {chosen.legacyChoices.length > 0 && (
              <Radio.Group
                label={t("address.mergedQuestion")}
                value={o.legacy?.wardCode ?? null}
                onChange={chooseLegacy}
                data-testid="address-merged"
              >
                <Stack gap={4} mt={4}>
                  {chosen.legacyChoices.map((c) => (
                    <Radio key={c.wardCode} value={c.wardCode} label={legacyText(c)} />
                  ))}
                </Stack>
              </Radio.Group>
            )}
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
