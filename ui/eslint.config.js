import js from "@eslint/js";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist", "src/ipc/bindings.ts"] },
  {
    extends: [js.configs.recommended, ...tseslint.configs.strict],
    files: ["**/*.{ts,tsx}"],
    languageOptions: { ecmaVersion: 2022, globals: globals.browser },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The UI reaches Tauri only through src/ipc (one seam, so tests can swap the backend).
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@tauri-apps/*"], message: "Import Tauri only inside src/ipc/." }] },
      ],
    },
  },
  {
    // the fake backend of the UI tests drives Tauri's own IPC mocks
    files: ["src/ipc/**/*.ts", "src/test/fakeBackend.ts"],
    rules: { "no-restricted-imports": "off" },
  },
);
