// Reads iCalendar files with Mozilla's ical.js (the parser of Thunderbird and Nextcloud Calendar) and prints,
// as JSON, each event's UID with its start and end in UTC, as ical.js understands the file's VTIMEZONE.
// Usage: node ical-times.mjs FILE.ics [...]
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const out = [];
for (const file of process.argv.slice(2)) {
  ICAL.TimezoneService.reset(); // each file brings its own VTIMEZONE, valid for its own years
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  }
  for (const vevent of calendar.getAllSubcomponents("vevent")) {
    const event = new ICAL.Event(vevent);
    const when = (t) => (t === null ? null : t.isDate ? t.toString() : t.toJSDate().toISOString());
    out.push({ file, uid: event.uid, start: when(event.startDate), end: when(event.endDate) });
  }
}
process.stdout.write(JSON.stringify(out));
