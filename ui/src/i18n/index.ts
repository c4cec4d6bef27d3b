import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./en.json";
import vi from "./vi.json";

export const LANGUAGES = ["vi", "en"] as const;
export type UiLanguage = (typeof LANGUAGES)[number];

/** Vietnamese first; English is the second language. Every visible string comes from these files. */
export function initI18n(language: UiLanguage = "vi") {
  if (!i18n.isInitialized) {
    void i18n.use(initReactI18next).init({
      resources: { vi: { translation: vi }, en: { translation: en } },
      lng: language,
      fallbackLng: "vi",
      interpolation: { escapeValue: false },
      returnNull: false,
      showSupportNotice: false,
    });
  } else if (i18n.language !== language) {
    void i18n.changeLanguage(language);
  }
  document.documentElement.lang = language;
  return i18n;
}

export default i18n;
