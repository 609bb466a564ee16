// Zones by name. Browsers list IANA's old names for some renamed zones (Chrome still says
// Asia/Calcutta): the app shows the current ones, which every browser and the server
// accept too.

/** Old IANA names that browsers still list, and what the zones are called now. */
export const RENAMED_ZONES: Record<string, string> = {
  "Africa/Asmera": "Africa/Asmara",
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "America/Catamarca": "America/Argentina/Catamarca",
  "America/Cordoba": "America/Argentina/Cordoba",
  "America/Godthab": "America/Nuuk",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "America/Jujuy": "America/Argentina/Jujuy",
  "America/Louisville": "America/Kentucky/Louisville",
  "America/Mendoza": "America/Argentina/Mendoza",
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "Europe/Kiev": "Europe/Kyiv",
  "Pacific/Enderbury": "Pacific/Kanton",
  "Pacific/Ponape": "Pacific/Pohnpei",
  "Pacific/Truk": "Pacific/Chuuk",
};

/** The name the picker uses for a zone: the current one for a renamed zone. */
export function canonicalZone(tz: string): string {
  return RENAMED_ZONES[tz] ?? tz;
}

/** "America/New York": the id as people read it. */
export function zoneName(tz: string): string {
  return tz.replaceAll("_", " ");
}
