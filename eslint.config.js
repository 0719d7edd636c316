// One lint setup for the whole repository (ESLint + typescript-eslint); formatting is Prettier's job.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "**/.test-build/**",
      "data/**",
      "firmware/build/**",
      "firmware/.pio/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Domain errors carry Spanish messages; nothing else here throws strings.
      "no-throw-literal": "error",
      // `x != null` (null or undefined) is the one loose comparison allowed.
      eqeqeq: ["error", "always", { null: "ignore" }],
    },
  },
  {
    files: ["desktop/ui/**/*.{ts,tsx}", "cloud/ui/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "warn" },
  },
);
