// Types next-intl's APIs with our locales and message keys: a missing or misspelt key fails `tsc`.
import type { formats, Locale } from "./config";
import type messages from "./messages/zh-CN.json";

declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: typeof messages;
    Formats: typeof formats;
  }
}
