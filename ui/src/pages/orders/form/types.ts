/** A field's localized inline error from the last submit (`undefined`: none). */
export type FieldErrorOf = (field: string) => string | undefined;
