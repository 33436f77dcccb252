// Parses each iCalendar file named on the command line with ical.js and prints, as
// one JSON object keyed by file name, what the tests check: the events' UIDs,
// DTSTAMP and LAST-MODIFIED, the calendar's X-PUBLISHED-TTL, or the parse error.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const results = {};
for (const file of process.argv.slice(2)) {
  try {
    const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
    const ttl = calendar.getFirstProperty("x-published-ttl");
    results[file] = {
      ttl: ttl ? String(ttl.getFirstValue()) : null,
      events: calendar.getAllSubcomponents("vevent").map((vevent) => {
        const event = new ICAL.Event(vevent);
        return {
          uid: event.uid,
          summary: event.summary,
          start: event.startDate.toJSDate().toISOString(),
          dtstamp: String(vevent.getFirstPropertyValue("dtstamp")),
          lastModified: String(vevent.getFirstPropertyValue("last-modified")),
        };
      }),
    };
  } catch (error) {
    results[file] = { error: String(error) };
  }
}
process.stdout.write(JSON.stringify(results));
